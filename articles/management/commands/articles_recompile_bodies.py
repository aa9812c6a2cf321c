"""Compile every piece's body again with the code now deployed (``articles.recompile``).

Run once per release, after ``migrate``: quick when nothing changed, since it writes
only the rows whose compiled columns differ. ``--check`` writes nothing and exits
with status 1 if any row differs, for a release pipeline to test.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.recompile import BATCH_SIZE, articles_recompile_bodies


class Command(BaseCommand):
    help = (
        "Recompile the stored HTML and search text of every article with the current "
        "Markdown compiler, sanitiser and embed syntax; write only rows that change."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit with status 1 if any article would change.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *, check, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        result = articles_recompile_bodies(check=check, batch_size=batch_size)
        done = "would be rebuilt" if check else "rebuilt"
        self.stdout.write(f"{result.changed} of {result.total} articles {done}")
        if result.held:
            self.stderr.write(
                f"{len(result.held)} article(s) left as stored: compiled again, they "
                "would lose a catalog object they show (an embed whose reference no "
                "longer resolves). An editor should check and save them: "
                + ", ".join(result.held)
            )
        if check and result.stale:
            raise SystemExit(1)
