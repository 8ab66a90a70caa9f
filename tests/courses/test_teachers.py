"""Teachers of a course (a django-guardian object permission): the provider's course staff assign a teacher of the
provider to a course; the teacher then sees that course's participants and records their attendance, and no other
course's."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import CourseUserObjectPermission
from courses.services.attendance import attendance_set
from courses.services.teachers import course_teacher_assign, course_teacher_withdraw
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
TEACHER = "vhs-lehrkraft"
# session, user, memberships, the course with seats taken, guardian's grant of the teacher on the course, the
# participants, session save (3)
TEACHER_DETAIL_QUERIES = 9


@pytest.fixture
def classes(personas, make_case, make_course, make_enrolment):
    person = make_case("beratung", family_name="Zilpzalp").person
    taught = make_course(provider="vhs", title="Integrationskurs Lehrkraft")
    other = make_course(provider="vhs", title="Integrationskurs Kollegin")
    return {"taught": taught, "other": other, "enrolment": make_enrolment(person, taught)}


def assign(personas, course, *, by="vhs", teacher=TEACHER):
    return course_teacher_assign(
        actor=personas.users[by], membership=personas.membership(by), course=course, teacher=personas.users[teacher]
    )


def test_the_teacher_sees_only_the_courses_assigned_to_them(personas, login, classes):
    client = login(personas.users[TEACHER])
    assert classes["taught"].title not in client.get(reverse("courses:course_list")).content.decode()
    grant = assign(personas, classes["taught"])
    listing = client.get(reverse("courses:course_list")).content.decode()
    assert classes["taught"].title in listing
    assert classes["other"].title not in listing  # a course of the same provider, not assigned
    detail = client.get(reverse("courses:course_detail", args=[classes["taught"].pk])).content.decode()
    assert "Zilpzalp" in detail
    assert reverse("courses:course_update", args=[classes["taught"].pk]) not in detail  # no editing
    assert reverse("courses:enrolment_status", args=[classes["taught"].pk, classes["enrolment"].pk]) not in detail
    for name in ("course_detail", "attendance_grid", "attendance_export"):
        assert client.get(reverse(f"courses:{name}", args=[classes["other"].pk])).status_code == 404, name

    history = grant.history.get()
    assert (history.history_type, history.history_user) == ("+", personas.vhs)
    course_teacher_withdraw(
        actor=personas.vhs, membership=personas.membership("vhs"), course=classes["taught"], grant_pk=grant.pk
    )
    assert client.get(reverse("courses:course_detail", args=[classes["taught"].pk])).status_code == 404
    removal = CourseUserObjectPermission.history.filter(id=grant.pk).latest("history_id")
    assert (removal.history_type, removal.history_user) == ("-", personas.vhs)


def test_the_teacher_records_attendance_of_their_course_only(personas, classes, make_case, make_enrolment):
    teacher, membership = personas.users[TEACHER], personas.membership(TEACHER)
    with pytest.raises(ValidationError):
        attendance_set(actor=teacher, membership=membership, enrolment=classes["enrolment"], day=date(2026, 9, 8),
                       status="present")  # fmt: skip
    assign(personas, classes["taught"])
    record = attendance_set(
        actor=teacher, membership=membership, enrolment=classes["enrolment"], day=date(2026, 9, 8), status="present"
    )
    assert record.recorded_by == teacher
    elsewhere = make_enrolment(make_case("beratung", family_name="Fitis").person, classes["other"])
    with pytest.raises(ValidationError):
        attendance_set(actor=teacher, membership=membership, enrolment=elsewhere, day=date(2026, 9, 8),
                       status="present")  # fmt: skip


def test_only_the_providers_staff_assign_and_only_its_teachers(personas, login, classes):
    with pytest.raises(ValidationError):
        assign(personas, classes["taught"], by="sprachinstitut")  # another provider's staff
    with pytest.raises(ValidationError) as refusal:
        assign(personas, classes["taught"], teacher="sprachinstitut")  # course staff, not a teacher of the VHS
    assert "Lehrkraft des Kursträgers" in str(refusal.value)
    url = reverse("courses:teacher_assign", args=[classes["taught"].pk])
    assert login(personas.sprachinstitut).post(url, {"teacher-teacher": personas.users[TEACHER].pk}).status_code == 404
    staff = login(personas.vhs)
    page = staff.get(reverse("courses:course_detail", args=[classes["taught"].pk])).content.decode()
    assert "Tobias Brüning" in page
    assert staff.post(url, {"teacher-teacher": personas.users[TEACHER].pk}).status_code == 302
    assert staff.post(url, {"teacher-teacher": personas.users[TEACHER].pk}).status_code == 302  # a second submission
    assert CourseUserObjectPermission.objects.filter(content_object=classes["taught"]).count() == 1


def test_the_teachers_course_page_costs_a_constant_number_of_queries(personas, login, classes, make_case,
                                                                     make_enrolment):  # fmt: skip
    assign(personas, classes["taught"])
    client = login(personas.users[TEACHER])

    def page():
        assert client.get(reverse("courses:course_detail", args=[classes["taught"].pk])).status_code == 200

    def grow():
        for i in range(10):
            make_enrolment(make_case("beratung", family_name=f"Teilnehmend{i}").person, classes["taught"])

    assert assert_constant_queries(page, grow) == TEACHER_DETAIL_QUERIES
