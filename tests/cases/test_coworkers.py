"""Co-workers of a Case-Management case (a django-guardian object permission): the lead names a caseworker of
another team of the department, who then reads the whole case and writes notes, until the lead ends it."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from cases.models import CaseUserObjectPermission
from cases.models.choices import CaseKind
from cases.services.cases import case_close
from cases.services.coworkers import case_coworker_add, case_coworker_remove
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
REASON = "Gemeinsame Fallarbeit: Leistungen nach dem AsylbLG"


@pytest.fixture
def cm_case(make_case):
    return make_case("beratung", family_name="Kleiber", kind=CaseKind.CASE_MANAGEMENT)


def add(personas, case, colleague="asyl", by="beratung", reason=REASON):
    return case_coworker_add(
        actor=personas.users[by], membership=personas.membership(by), case=case,
        colleague=personas.users[colleague], reason=reason,
    )  # fmt: skip


def test_the_colleague_works_on_the_case_until_the_lead_ends_it(personas, login, cm_case):
    asyl = login(personas.asyl)
    detail = reverse("cases:case_detail", args=[cm_case.pk])
    assert asyl.get(detail).status_code == 404
    grant = add(personas, cm_case)
    assert asyl.get(detail).status_code == 200
    assert "Kleiber" in asyl.get(reverse("cases:case_list")).content.decode()
    assert asyl.get(reverse("courses:case_courses", args=[cm_case.pk])).status_code == 200
    # A co-worker writes case notes, but sharing, the protocol and the booklet stay with the lead.
    note = {"kind": "conversation", "occurred_on": "02.03.2026", "text": "Termin im Sozialamt vereinbart."}
    assert asyl.post(reverse("cases:case_notes", args=[cm_case.pk]), note).status_code == 302
    assert cm_case.notes.filter(author=personas.asyl).exists()
    for name in ("cases:case_sharing", "cases:case_protocol", "booklets:case_booklet"):
        assert asyl.get(reverse(name, args=[cm_case.pk])).status_code == 404, name
    assert asyl.post(reverse("cases:case_close", args=[cm_case.pk]), {"closed_on": "02.03.2026"}).status_code == 404

    history = grant.history.get()
    assert (history.history_type, history.history_user, history.reason) == ("+", personas.beratung, REASON)
    lead = login(personas.beratung)
    response = lead.post(reverse("cases:coworker_remove", args=[cm_case.pk, grant.pk]))
    assert response.status_code == 302
    assert asyl.get(detail).status_code == 404
    removal = CaseUserObjectPermission.history.filter(id=grant.pk).latest("history_id")
    assert (removal.history_type, removal.history_user) == ("-", personas.beratung)


def test_the_lead_adds_a_colleague_on_the_sharing_page(personas, login, cm_case):
    lead = login(personas.beratung)
    page = lead.get(reverse("cases:case_sharing", args=[cm_case.pk])).content.decode()
    assert "Jonas Schulte" in page  # a caseworker of the asylum-benefits team, a sibling team
    assert "Petra Hölscher" not in page  # the foreigners' authority receives data by a share under § 71 SGB X only
    assert "Murat Yılmaz" not in page  # the jobcenter is not a team of the department
    url = reverse("cases:coworker_add", args=[cm_case.pk])
    refused = lead.post(url, {"coworker-colleague": personas.asyl.pk, "coworker-reason": "  "})
    assert refused.status_code == 400
    assert "Warum" in refused.content.decode()  # the field is named with its error
    assert lead.post(url, {"coworker-colleague": personas.asyl.pk, "coworker-reason": REASON}).status_code == 302
    assert lead.post(url, {"coworker-colleague": personas.asyl.pk, "coworker-reason": REASON}).status_code == 302
    assert CaseUserObjectPermission.objects.filter(content_object=cm_case).count() == 1  # a second submission


@pytest.mark.parametrize("colleague", ["abh", "jobcenter", "beratung"])
def test_only_caseworkers_of_other_teams_of_the_department(personas, cm_case, colleague):
    with pytest.raises(ValidationError) as refusal:
        add(personas, cm_case, colleague=colleague)
    assert "anderen Team Ihres Fachbereichs" in str(refusal.value)


def test_only_the_lead_names_co_workers_and_only_on_open_case_management_cases(personas, make_case, cm_case):
    with pytest.raises(ValidationError, match="federführenden Stelle"):
        add(personas, cm_case, colleague="asyl", by="asyl")
    counselling = make_case("beratung", family_name="Ammer", kind=CaseKind.COUNSELLING)
    with pytest.raises(ValidationError, match="Case Managements"):
        add(personas, counselling)
    case_close(actor=personas.beratung, membership=personas.membership("beratung"), case=cm_case,
               closed_on=date(2026, 3, 3))  # fmt: skip
    with pytest.raises(ValidationError, match="abgeschlossen"):
        add(personas, cm_case)


def test_the_co_workers_case_page_costs_a_constant_number_of_queries(personas, login, cm_case, make_case):
    add(personas, cm_case)
    client = login(personas.asyl)

    def page():
        assert client.get(reverse("cases:case_detail", args=[cm_case.pk])).status_code == 200

    def grow():
        for i in range(5):
            add(personas, make_case("beratung", family_name=f"Weitere{i}", kind=CaseKind.CASE_MANAGEMENT))

    assert_constant_queries(page, grow)


@pytest.mark.django_db(transaction=True)
def test_two_grants_at_once_give_one_and_a_removal_waits_for_them(personas, cm_case):
    """Real threads on their own connections: the case row lock serialises grants and their removal."""
    barrier = threading.Barrier(3)
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    def remove():
        grant = CaseUserObjectPermission.objects.filter(content_object=cm_case).first()
        if grant is not None:
            case_coworker_remove(actor=personas.beratung, membership=personas.membership("beratung"),
                                 case=cm_case, grant_pk=grant.pk)  # fmt: skip

    threads = [threading.Thread(target=run, args=(lambda: add(personas, cm_case),)) for _ in range(2)]
    threads.append(threading.Thread(target=run, args=(remove,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    grants = CaseUserObjectPermission.objects.filter(content_object=cm_case).count()
    added = CaseUserObjectPermission.history.filter(history_type="+").count()
    removed = CaseUserObjectPermission.history.filter(history_type="-").count()
    # Without the lock, the second grant would fail on guardian's unique constraint (an error above).
    assert grants <= 1
    assert grants == added - removed
