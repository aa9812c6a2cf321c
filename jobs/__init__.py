"""Background jobs: ``jobs.queue.enqueue`` after commit, ``jobs.queue.once`` for
idempotent effects, RQ workers when ``JOBS_URL`` is set (docs/jobs.md)."""
