"""gunicorn settings for Showsite, read from the working directory by default
(``gunicorn showsite.wsgi`` in the project folder; ``--config`` names another file).
Command-line flags win over these.

The site is loaded once, in the master, and each worker is forked from it, sharing
the loaded code and data copy-on-write (``showsite/preload.py``): on PostgreSQL with
Redis a worker's PSS is about 18 MiB lower and its RSS about 5 MiB (docs/benchmarks.md).
The price: a HUP reload does not load new code; restart gunicorn (or send USR2) after
a deploy.
"""

preload_app = True


def when_ready(server):
    """After the app is loaded, before the first worker is forked. Without
    preloading the master has not loaded Django and must not start now."""
    if server.cfg.preload_app:
        from showsite import preload

        preload.warm_up()


def pre_fork(server, worker):
    """Before each fork (a worker started or replaced)."""
    if server.cfg.preload_app:
        from showsite import preload

        preload.freeze()
