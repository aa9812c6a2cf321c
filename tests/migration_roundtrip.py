"""Run as a script against a throwaway database (``DATABASE_URL``): migrate every app
up, back to zero one app at a time, and up again; exit non-zero on any failure.

A separate process, because unapplying contenttypes and auth under the test run's own
connection would pull the tables from under every other test.
"""

import django
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

# The apps the failures were found with first, then every other app.
FIRST = ("articles", "images", "catalog")
# Tables a fully reversed database keeps: the migration log itself.
KEPT = {"django_migrations", "sqlite_sequence", "sqlite_stat1"}


def applied_apps() -> set[str]:
    return {app for app, _ in MigrationLoader(connection).applied_migrations}


def main() -> None:
    call_command("migrate", verbosity=0)
    for app in FIRST:
        call_command("migrate", app, "zero", verbosity=0)
    while remaining := sorted(applied_apps()):
        call_command("migrate", remaining[0], "zero", verbosity=0)
    left = set(connection.introspection.table_names()) - KEPT
    assert not left, f"tables left after migrating every app to zero: {sorted(left)}"
    call_command("migrate", verbosity=0)
    loader = MigrationLoader(connection)
    missing = set(loader.graph.leaf_nodes()) - set(loader.applied_migrations)
    assert not missing, f"not applied after migrating back: {sorted(missing)}"
    print("round trip ok")  # noqa: T201


if __name__ == "__main__":
    django.setup()
    main()
