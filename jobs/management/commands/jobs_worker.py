"""Run a worker for the job queue at ``JOBS_URL`` (``make worker``; the Procfile's
``worker``). Run as many as you like, on any machine that reaches the database, Redis
and the media storage. Each also runs RQ's scheduler when it holds its lock, which
requeues jobs whose retry delay has passed."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jobs.queue import close_connections


class Command(BaseCommand):
    help = "Run background jobs from the queue at JOBS_URL (Ctrl-C stops)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help="Stop when the queue is empty."
        )
        parser.add_argument("--name", help="The worker's name (default: RQ's).")

    def handle(self, *, burst, name, verbosity, **options):
        if not settings.JOBS_URL:
            raise CommandError(
                "JOBS_URL is not set, so jobs run in the web process after each "
                "commit and need no worker. Set JOBS_URL=redis://host:6379/<db> on "
                "the web and worker processes to use a queue."
            )
        from jobs import rqueue

        # The worker forks a child per job: no connection may be shared with it.
        close_connections()
        level = "DEBUG" if verbosity > 1 else "INFO" if verbosity else "WARNING"
        logging.getLogger("rq.worker").setLevel(level)
        rqueue.worker(name=name).work(
            burst=burst, with_scheduler=True, logging_level=level
        )
