"""Recording attendance: the service, the week grid (htmx cell and the form without JavaScript), and who may."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import Membership, Role, User
from courses.models import AttendanceCorrection, AttendanceRecord
from courses.services.attendance import AttendanceRow, attendance_apply, attendance_set
from tests.courses.attendance_world import LAST_MONDAY, THIS_MONDAY, course, enrol
from tests.queries import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db

# session, user, memberships, the provider's teams, course, the week's records, participants, session save (3)
GRID_QUERIES = 10


_ = (course, enrol)  # fixtures of the shared world, used by name below


@pytest.fixture
def vhs(personas):
    return personas.vhs, personas.membership("vhs")


@pytest.fixture
def other_provider_staff(personas):
    """Course staff of the second provider (the demo account if the demo has one)."""
    agency = personas.agency("sprachinstitut")
    membership = Membership.objects.filter(agency=agency, role=Role.COURSE_STAFF).select_related("user").first()
    if membership is not None:
        return membership.user
    user = User.objects.create_user(username="sprachinstitut-kurs", password="x", first_name="Lena", last_name="Wolf")
    Membership.objects.create(user=user, agency=agency, role=Role.COURSE_STAFF)
    return user


def _set(vhs, enrolment, day, status, **extra):
    user, membership = vhs
    return attendance_set(actor=user, membership=membership, enrolment=enrolment, day=day, status=status, **extra)


# The service


def test_a_new_day_is_created(vhs, course, enrol):
    enrolment = enrol(course)
    record = _set(vhs, enrolment, LAST_MONDAY, "present")
    assert (record.status, record.recorded_by) == ("present", vhs[0])
    assert AttendanceRecord.objects.get().day == LAST_MONDAY
    assert not AttendanceCorrection.objects.exists()


def test_the_same_status_again_changes_nothing(vhs, course, enrol):
    enrolment = enrol(course)
    first = _set(vhs, enrolment, LAST_MONDAY, "present")
    again = _set(vhs, enrolment, LAST_MONDAY, "present")
    assert again.pk == first.pk
    assert AttendanceRecord.objects.get().recorded_at == first.recorded_at
    assert not AttendanceCorrection.objects.exists()


def test_a_changed_status_is_a_correction_and_moves_recorded_at(vhs, course, enrol):
    enrolment = enrol(course)
    first = _set(vhs, enrolment, LAST_MONDAY, "present")
    changed = _set(vhs, enrolment, LAST_MONDAY, "unexcused")
    stored = AttendanceRecord.objects.get()
    assert stored.status == "unexcused"
    assert stored.recorded_at > first.recorded_at  # the nightly scan finds the new unexcused day
    assert changed.pk == first.pk
    correction = AttendanceCorrection.objects.get()
    assert (correction.record, correction.old_status, correction.new_status) == (stored, "present", "unexcused")
    assert (correction.changed_by, correction.source) == (vhs[0], "grid")


@pytest.mark.parametrize(
    "day",
    [
        LAST_MONDAY + timedelta(days=5),  # Saturday: the course meets Monday to Friday
        THIS_MONDAY - timedelta(weeks=9),  # before the course began
        THIS_MONDAY + timedelta(days=7),  # next Monday, in the future
    ],
    ids=["weekend", "before-the-course", "future"],
)
def test_only_past_course_days_can_be_recorded(vhs, course, enrol, day):
    enrolment = enrol(course)
    with pytest.raises(ValidationError):
        _set(vhs, enrolment, day, "present")
    assert not AttendanceRecord.objects.exists()


def test_not_before_registration_nor_after_leaving(vhs, course, enrol):
    late = enrol(course, "Late", registered_on=LAST_MONDAY + timedelta(days=2))
    gone = enrol(course, "Gone", status="dropped", ended_on=LAST_MONDAY + timedelta(days=1))
    with pytest.raises(ValidationError):
        _set(vhs, late, LAST_MONDAY, "present")
    with pytest.raises(ValidationError):
        _set(vhs, gone, LAST_MONDAY + timedelta(days=2), "present")
    _set(vhs, late, LAST_MONDAY + timedelta(days=2), "present")
    _set(vhs, gone, LAST_MONDAY + timedelta(days=1), "present")
    assert AttendanceRecord.objects.count() == 2


def test_an_unknown_status_is_refused(vhs, course, enrol):
    with pytest.raises(ValidationError):
        _set(vhs, enrol(course), LAST_MONDAY, "late")


@pytest.mark.parametrize("username", ["beratung", "koordination", "sprachinstitut"])
def test_only_staff_of_the_provider_record(personas, course, enrol, other_provider_staff, username):
    user = other_provider_staff if username == "sprachinstitut" else personas.users[username]
    membership = Membership.objects.get(user=user)
    with pytest.raises(ValidationError):
        attendance_set(actor=user, membership=membership, enrolment=enrol(course), day=LAST_MONDAY, status="present")
    assert not AttendanceRecord.objects.exists()


def test_apply_writes_many_rows_and_corrects_changed_ones(vhs, course, enrol):
    amal, omar = enrol(course), enrol(course, "Karimi", "Omar")
    _set(vhs, amal, LAST_MONDAY, "present")
    _set(vhs, amal, LAST_MONDAY + timedelta(days=1), "present")
    before = AttendanceRecord.objects.get(day=LAST_MONDAY + timedelta(days=1)).recorded_at
    rows = [
        AttendanceRow(amal.pk, LAST_MONDAY, "present"),
        AttendanceRow(amal.pk, LAST_MONDAY + timedelta(days=1), "excused"),
        AttendanceRow(omar.pk, LAST_MONDAY, "unexcused"),
        AttendanceRow(omar.pk, LAST_MONDAY, "unexcused"),  # a repeated row counts once
    ]
    result = attendance_apply(actor=vhs[0], membership=vhs[1], course=course, rows=rows)
    assert (result.created, result.changed, result.unchanged) == (1, 1, 1)
    changed = AttendanceRecord.objects.get(enrolment=amal, day=LAST_MONDAY + timedelta(days=1))
    assert changed.status == "excused"
    assert changed.recorded_at > before
    correction = AttendanceCorrection.objects.get()
    assert (correction.old_status, correction.new_status, correction.source) == ("present", "excused", "import")


def test_apply_writes_nothing_when_one_row_is_bad(vhs, course, enrol, make_course):
    amal = enrol(course)
    stranger = enrol(make_course(title="Anderer Kurs", starts_on=course.starts_on, ends_on=course.ends_on), "Fremd")
    rows = [AttendanceRow(amal.pk, LAST_MONDAY, "present"), AttendanceRow(stranger.pk, LAST_MONDAY, "present")]
    with pytest.raises(ValidationError):
        attendance_apply(actor=vhs[0], membership=vhs[1], course=course, rows=rows)
    assert not AttendanceRecord.objects.exists()


# The pages


def _urls(course):
    return [
        ("get", reverse("courses:attendance_grid", args=[course.pk]), {}),
        ("post", reverse("courses:attendance_grid", args=[course.pk]), {}),
        ("post", reverse("courses:attendance_cell", args=[course.pk]), {}),
        ("get", reverse("courses:attendance_import", args=[course.pk]), {}),
        ("post", reverse("courses:attendance_import", args=[course.pk]), {}),
        ("get", reverse("courses:attendance_export", args=[course.pk]), {}),
    ]


def test_the_grid_shows_the_week_to_the_providers_staff(personas, login, course, enrol):
    enrolment = enrol(course)
    response = login(personas.vhs).get(
        reverse("courses:attendance_grid", args=[course.pk]), {"week": _week(LAST_MONDAY)}
    )
    assert response.status_code == 200
    assert response.context["days"] == [LAST_MONDAY + timedelta(days=i) for i in range(5)]
    assert [row.enrolment for row in response.context["rows"]] == [enrolment]
    body = response.content.decode()
    assert f'name="cell-{enrolment.pk}-{LAST_MONDAY.isoformat()}"' in body
    assert f'aria-label="Amal Haddad, Mo {LAST_MONDAY:%d.%m.%Y}"' in body
    assert response.context["previous_week"] == _week(LAST_MONDAY - timedelta(days=7))
    assert response.context["next_week"] == _week(THIS_MONDAY)


def test_the_grid_defaults_to_this_week_within_the_course(personas, login, course, make_course):
    client = login(personas.vhs)
    assert client.get(reverse("courses:attendance_grid", args=[course.pk])).context["monday"] == THIS_MONDAY
    old = make_course(title="Alter Kurs", starts_on=date(2025, 1, 6), ends_on=date(2025, 6, 27))
    response = client.get(reverse("courses:attendance_grid", args=[old.pk]), {"week": "2030-W01"})
    assert response.context["monday"] == date(2025, 6, 23)  # the course's last week
    assert response.context["next_week"] is None


@pytest.mark.parametrize("username", ["beratung", "ehrenamt", "lenkung", "koordination", "sprachinstitut"])
def test_outsiders_get_404_on_every_attendance_url(personas, login, course, enrol, other_provider_staff, username):
    enrolment = enrol(course)
    user = other_provider_staff if username == "sprachinstitut" else personas.users[username]
    client = login(user)
    for method, url, data in _urls(course):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{username} {method} {url}: {response.status_code}"
    cell = {"enrolment": enrolment.pk, "day": LAST_MONDAY.isoformat(), "status": "present"}
    assert client.post(reverse("courses:attendance_cell", args=[course.pk]), cell).status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_the_htmx_cell_saves_and_answers_with_the_cell(personas, login, course, enrol):
    enrolment = enrol(course)
    client = login(personas.vhs)
    url = reverse("courses:attendance_cell", args=[course.pk])
    data = {"enrolment": enrolment.pk, "day": LAST_MONDAY.isoformat(), "status": "excused"}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.templates[0].name == "courses/_attendance_cell.html"
    assert response.context["cell"].saved
    body = response.content.decode()
    assert '<option value="excused" selected>' in body
    assert 'hx-swap-oob="innerHTML"' in body  # the announcement for screen readers
    assert AttendanceRecord.objects.get(enrolment=enrolment, day=LAST_MONDAY).status == "excused"
    # The select posts under its own field name (hx-params), as the browser sends it.
    day = LAST_MONDAY.isoformat()
    grid_field = {"enrolment": enrolment.pk, "day": day, f"cell-{enrolment.pk}-{day}": "present"}
    assert client.post(url, grid_field, headers={"HX-Request": "true"}).status_code == 200
    assert AttendanceRecord.objects.get(enrolment=enrolment, day=LAST_MONDAY).status == "present"
    assert AttendanceCorrection.objects.get().old_status == "excused"


def test_the_cell_shows_a_refusal_inline(personas, login, course, enrol):
    enrolment = enrol(course)
    saturday = LAST_MONDAY + timedelta(days=5)
    data = {"enrolment": enrolment.pk, "day": saturday.isoformat(), "status": "present"}
    response = login(personas.vhs).post(
        reverse("courses:attendance_cell", args=[course.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200  # htmx swaps 2xx answers only
    assert response.context["cell"].error
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_the_cell_answers_404_for_an_enrolment_of_another_course(personas, login, course, enrol, make_course):
    other = make_course(title="Anderer Kurs", starts_on=course.starts_on, ends_on=course.ends_on)
    stranger = enrol(other, "Fremd")
    data = {"enrolment": stranger.pk, "day": LAST_MONDAY.isoformat(), "status": "present"}
    response = login(personas.vhs).post(
        reverse("courses:attendance_cell", args=[course.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_without_javascript_the_form_saves_several_cells(personas, login, course, enrol):
    amal, omar = enrol(course), enrol(course, "Karimi", "Omar")
    _set((personas.vhs, personas.membership("vhs")), amal, LAST_MONDAY, "present")
    url = reverse("courses:attendance_grid", args=[course.pk]) + f"?week={_week(LAST_MONDAY)}"
    tuesday = LAST_MONDAY + timedelta(days=1)
    data = {
        f"cell-{amal.pk}-{LAST_MONDAY}": "excused",
        f"cell-{amal.pk}-{tuesday}": "present",
        f"cell-{omar.pk}-{LAST_MONDAY}": "unexcused",
        f"cell-{omar.pk}-{tuesday}": "",  # left empty: nothing recorded
    }
    response = login(personas.vhs).post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url
    assert sorted(AttendanceRecord.objects.values_list("status", flat=True)) == ["excused", "present", "unexcused"]
    assert AttendanceCorrection.objects.get().source == "grid"


def test_without_javascript_one_bad_cell_saves_nothing(personas, login, course, enrol):
    amal = enrol(course, registered_on=LAST_MONDAY + timedelta(days=1))
    url = reverse("courses:attendance_grid", args=[course.pk]) + f"?week={_week(LAST_MONDAY)}"
    tuesday, wednesday = LAST_MONDAY + timedelta(days=1), LAST_MONDAY + timedelta(days=2)
    data = {
        f"cell-{amal.pk}-{tuesday}": "present",
        f"cell-{amal.pk}-{wednesday}": "late",  # not a status: marked on its cell
        f"cell-{amal.pk}-{LAST_MONDAY}": "present",  # not on the grid (not yet registered): reported on top
    }
    response = login(personas.vhs).post(url, data)
    assert response.status_code == 400
    assert len(response.context["errors"]) == 1
    cells = {cell.day: cell for cell in response.context["rows"][0].cells}
    assert cells[wednesday].error
    assert not cells[tuesday].error
    assert cells[tuesday].value == "present"  # what was entered is kept
    assert not AttendanceRecord.objects.exists()


def test_the_grid_costs_the_same_for_1_and_25_participants(personas, login, course, enrol):
    vhs = (personas.vhs, personas.membership("vhs"))
    _set(vhs, enrol(course, "Erste"), LAST_MONDAY, "present")
    client = login(personas.vhs)
    url = reverse("courses:attendance_grid", args=[course.pk])

    def page():
        response = client.get(url, {"week": _week(LAST_MONDAY)})
        assert response.status_code == 200
        return response

    def grow():
        for i in range(24):
            enrolment = enrol(course, f"Teilnehmer{i}", birth_date=date(1980, 1, 1) + timedelta(days=i))
            rows = [AttendanceRow(enrolment.pk, LAST_MONDAY + timedelta(days=d), "present") for d in range(5)]
            attendance_apply(actor=vhs[0], membership=vhs[1], course=course, rows=rows, source="grid")

    queries = assert_constant_queries(page, grow)
    assert queries == GRID_QUERIES, count_queries(page)[1]
    assert len(page().context["rows"]) == 25


def _week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
