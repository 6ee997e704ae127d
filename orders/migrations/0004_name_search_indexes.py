"""Indexes for searching enterprises by part of their name, on PostgreSQL.

They live on the insurers' enterprise table but serve the order and policy
lists' search (orders/search.py), so this app creates them. On SQLite every
operation is a no-op and the search is a plain scan.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

BIGRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION text_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}')
    FROM generate_series(1, char_length(value) - 1) AS i
$$
"""


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does nothing on a database other than PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("insurers", "0003_enterprise_contact_mobile"),
        ("orders", "0003_list_sort_indexes"),
    ]

    operations = [
        # pg_trgm serves LIKE '%term%' of three characters or more.
        TrigramExtension(),
        PostgresOnlySQL(
            "CREATE INDEX enterprise_name_trgm ON insurers_enterprise "
            "USING gin (name gin_trgm_ops)",
            "DROP INDEX enterprise_name_trgm",
        ),
        # Two-character terms, which trigrams cannot serve.
        PostgresOnlySQL(BIGRAMS_FUNCTION, "DROP FUNCTION text_bigrams(text)"),
        PostgresOnlySQL(
            "CREATE INDEX enterprise_name_bigrams ON insurers_enterprise "
            "USING gin (text_bigrams(name))",
            "DROP INDEX enterprise_name_bigrams",
        ),
    ]
