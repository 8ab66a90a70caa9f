"""Trigram search over folded names (pg_trgm)."""

from django.db import migrations


def create(apps, schema_editor):
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_names_trgm ON cases_person USING gin (search_names gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS person_search_names_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
