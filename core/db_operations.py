"""Migration operations for features only PostgreSQL has (full-text and trigram search).

The embedded default database is SQLite, so a migration that creates a GIN index or a
trigger must still run there: it does nothing. The search code falls back to plain
matching on SQLite (see ``showsite.search``).
"""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """``RunSQL`` that runs on PostgreSQL and is a no-op on every other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL (PostgreSQL only)"
