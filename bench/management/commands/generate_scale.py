"""``manage.py generate_scale``: fill the database with a large, realistic data set."""

import io
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from bench.scale import AlreadyGenerated, ScaleGenerator, Sizes


class Command(BaseCommand):
    help = (
        "Generate catalog, articles (with embeds, subjects, snapshots) and comments "
        "through bulk inserts, for benchmarks. Refuses a database that already holds "
        "generated articles. Same --seed, same data."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for name in ("articles", "shows", "people", "comments", "authors", "seed"):
            parser.add_argument(
                f"--{name}", type=int, default=getattr(defaults, name), metavar="N"
            )
        parser.add_argument(
            "--reuse-existing",
            action="store_true",
            help="Succeed without writing when generated data is already there "
            "(make bench reuses its data set).",
        )
        parser.add_argument(
            "--now",
            type=datetime.fromisoformat,
            default=None,
            help="Anchor time (ISO 8601, aware); default: the start of today, UTC.",
        )

    def handle(self, *, now, verbosity, reuse_existing, **options):
        sizes = Sizes(**{k: options[k] for k in Sizes.__dataclass_fields__})
        if min(sizes.articles, sizes.shows, sizes.people, sizes.authors) < 1:
            raise CommandError(
                "--articles, --shows, --people and --authors must be ≥ 1."
            )
        started = time.monotonic()
        generator = ScaleGenerator(
            sizes, now=now, stream=self.stderr if verbosity else io.StringIO()
        )
        try:
            counts = generator.run()
        except AlreadyGenerated as error:
            if reuse_existing:
                self.stdout.write(f"Reusing the data set: {error}")
                return
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        summary = ", ".join(f"{value} {key}" for key, value in counts.items())
        self.stdout.write(f"Generated {summary} in {seconds:.0f} s.")
