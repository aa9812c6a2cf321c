"""A moderator at work, for the bench's crawler mode: every ``--every`` seconds a reader
comments on a public piece and a moderator approves it, through the comment services
the site's form and admin use. Prints one ``approved <unix time>`` line per approval.
Runs until stopped (or ``--count`` approvals). Installed only by the bench and test
settings."""

import random
import time
import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from articles.models import Article
from comments import services
from core.roles import MODERATORS, sync_roles


class Command(BaseCommand):
    help = "Approve a new reader comment every few seconds, as a moderator would."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=10.0)
        parser.add_argument("--count", type=int, default=0, help="0: until stopped")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *, every, count, seed, **options):
        pick = random.Random(seed)
        moderator = self._moderator()
        pieces = list(Article.objects.public().values_list("pk", flat=True)[:5000])
        if not pieces:
            self.stderr.write("No public piece to comment on.")
            return
        done = 0
        while not count or done < count:
            time.sleep(every)
            article = Article.objects.get(pk=pick.choice(pieces))
            submitted = services.comment_submit(
                article=article,
                name="Bench Reader",
                email=f"bench-{uuid.uuid4().hex[:12]}@example.com",
                body=f"Looking forward to it ({uuid.uuid4().hex[:8]}).",
                ip_address="192.0.2.10",
            )
            services.comment_approve(comment=submitted.comment, by=moderator)
            done += 1
            self.stdout.write(f"approved {time.time():.3f}")
            self.stdout.flush()

    @staticmethod
    def _moderator():
        group = sync_roles()[MODERATORS]
        user, created = get_user_model().objects.get_or_create(
            username="bench-moderator", defaults={"is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        return user
