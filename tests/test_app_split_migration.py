"""An installation from before the courses and booklets apps migrates in place: their rows stay in the tables the
cases app created, and the new apps read them."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0007_companion_booklet"), ("courses", None), ("booklets", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_courses_written_before_the_move_are_read_after_it():
    old = _migrate(BEFORE).loader.project_state(BEFORE[:1]).apps
    agency = old.get_model("agencies", "Agency").objects.create(
        name="VHS Probe", short_name="vhs-probe", kind="course_provider"
    )
    old.get_model("cases", "Course").objects.create(
        provider_id=agency.pk, title="Integrationskurs Altbestand", kind="general", starts_on=date(2026, 1, 5),
        ends_on=date(2026, 9, 4), weekdays=[1, 2, 3], place="Raum 1", capacity=20,
    )  # fmt: skip
    # As an installation of that time has them: the course's content type under cases (the historical models, so the
    # deletion cascades only over the tables of that state).
    old_content_type = old.get_model("contenttypes", "ContentType")
    old_content_type.objects.get_or_create(app_label="cases", model="course")
    old_content_type.objects.filter(app_label="courses", model="course").delete()
    ContentType.objects.clear_cache()

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(latest)

    from courses.models import Course

    assert Course.objects.get().title == "Integrationskurs Altbestand"
    assert ContentType.objects.get_for_model(Course).app_label == "courses"
    assert not ContentType.objects.filter(app_label="cases", model="course").exists()
