"""Who may read what of which case, across the tabs the apps contribute. Every URL of the cases app must be covered
by a table below; the courses and booklets apps keep their own tables of the rest."""

import pytest
from django.urls import get_resolver, reverse

from cases.models.choices import CaseKind, DataCategory
from cases.services.coworkers import case_coworker_add
from cases.services.sharing import consent_revoke

pytestmark = pytest.mark.django_db

# The five situations of the access rules, all about distinctive family names (see `world`).
CASES = ("own", "other", "shared", "revoked", "volunteer", "coworked")
VIEWS = ("detail", "notes", "protocol", "export", "sharing", "booklet", "courses")
URL_OF_VIEW = {
    "detail": "cases:case_detail", "notes": "cases:case_notes", "protocol": "cases:case_protocol",
    "export": "cases:case_export", "sharing": "cases:case_sharing", "booklet": "booklets:case_booklet",
    "courses": "courses:case_courses",
}  # fmt: skip
OK, NO = 200, 404
LEAD = dict.fromkeys(VIEWS, OK)
NONE = dict.fromkeys(VIEWS, NO)

# persona -> (case list status, {case: {view: status}}); a case missing from the dict answers 404 everywhere.
MATRIX = {
    "beratung": (OK, {"own": LEAD, "shared": LEAD, "revoked": LEAD, "volunteer": LEAD, "coworked": LEAD}),
    "jobcenter": (OK, {"other": LEAD, "shared": {**NONE, "detail": OK, "export": OK, "courses": OK}}),
    # The lead named Jonas Schulte of the asylum-benefits team as co-worker (a guardian grant).
    "asyl": (OK, {"coworked": {**NONE, "detail": OK, "notes": OK, "export": OK, "courses": OK}}),
    "abh": (OK, {}),
    "ehrenamt": (OK, {"volunteer": {**NONE, "detail": OK, "notes": OK, "export": OK}}),
    "vhs": (OK, {}),
    "vhs-lehrkraft": (NO, {}),  # a teacher sees the participants of their own courses only, no case
    "koordination": (OK, {}),
    "lenkung": (NO, {}),
    "jobcenter-admin": (NO, {}),
    "datenschutz": (
        NO,
        {case: {**NONE, "protocol": OK} for case in ("own", "shared", "revoked", "volunteer", "coworked")},
    ),
    "admin": (NO, {}),
}
NAMES = {
    "own": "Kanarienvogel",
    "other": "Zaunkoenig",
    "shared": "Stieglitz",
    "revoked": "Pirol",
    "volunteer": "Wiedehopf",
    "coworked": "Kleiber",
}
WRITES = (
    "intake",
    "emergency_open",  # tests/privacy/test_emergency.py
    "consent_create",
    "consent_revoke",
    "share_create",
    "share_revoke",
    "case_phase",
    "case_close",
    "case_reopen",
    "case_topics",
    "goal_add",
    "step_add",
    "step_done",
    "residence_add",
    "benefit_add",
    "coworker_add",
    "coworker_remove",
    "person_correct",
    "case_manager_change",
    "referral_create",
)
# The referral pages: tests/cases/test_referrals.py holds their persona matrix.
REFERRAL_PAGES = (
    "referral_inbox",
    "referral_detail",
    "referral_accept",
    "referral_decline",
    "referral_withdraw",
    "referral_close",
)
# Pages of one role each: (method, the persona who may, the status it gets); everyone else gets 404.
ROLE_PAGES = {
    "access_log": ("get", "datenschutz", 200),
    "obstacle_catalogue": ("get", "koordination", 200),
    "obstacle_toggle": ("post", "koordination", 302),
}


@pytest.fixture
def world(personas, make_case, share_by_consent):
    cases = {
        "own": make_case("beratung", family_name=NAMES["own"]),
        "other": make_case("jobcenter", family_name=NAMES["other"]),
        "shared": make_case("beratung", family_name=NAMES["shared"]),
        "revoked": make_case("beratung", family_name=NAMES["revoked"]),
        "volunteer": make_case("beratung", family_name=NAMES["volunteer"]),
        "coworked": make_case("beratung", family_name=NAMES["coworked"], kind=CaseKind.CASE_MANAGEMENT),
    }
    share_by_consent(cases["shared"], "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.COURSES])
    consent, _ = share_by_consent(cases["revoked"], "jobcenter")
    consent_revoke(actor=personas.beratung, membership=personas.membership("beratung"), consent=consent)
    share_by_consent(cases["volunteer"], "fluechtlingshilfe", categories=[DataCategory.MASTER_DATA, DataCategory.NOTES])
    case_coworker_add(
        actor=personas.beratung, membership=personas.membership("beratung"), case=cases["coworked"],
        colleague=personas.asyl, reason="Gemeinsame Fallarbeit",
    )  # fmt: skip
    return cases


def test_every_url_of_the_app_is_in_a_table():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "cases")
    names = {f"cases:{pattern.name}" for pattern in resolver.url_patterns}
    tables = {"case_list", *WRITES, *ROLE_PAGES, *REFERRAL_PAGES}
    assert names == {name for name in URL_OF_VIEW.values() if name.startswith("cases:")} | {
        f"cases:{n}" for n in tables
    }


@pytest.mark.parametrize("persona", list(MATRIX))
def test_reads(personas, login, world, persona):
    client = login(personas.users[persona])
    list_status, allowed = MATRIX[persona]
    listing = client.get(reverse("cases:case_list"))
    assert listing.status_code == list_status
    failures = []
    for case_key, case in world.items():
        expected = allowed.get(case_key, NONE)
        for view in VIEWS:
            got = client.get(reverse(URL_OF_VIEW[view], args=[case.pk])).status_code
            if got != expected[view]:
                failures.append(f"{persona} {view} of {case_key}: {got}, expected {expected[view]}")
        if list_status == OK:
            # Searched in capitals, so that the echoed search term does not count as a hit.
            searched = client.post(reverse("cases:case_list"), {"q": NAMES[case_key].upper()}, follow=True)
            searched = searched.content.decode()
            visible = expected["detail"] == OK
            if (NAMES[case_key] in searched) != visible:
                failures.append(f"{persona} search for {case_key}: should be visible={visible}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", ["jobcenter", "asyl", "ehrenamt", "datenschutz", "lenkung"])
def test_outsiders_cannot_write(personas, login, world, persona):
    client = login(personas.users[persona])
    case = world["shared"]
    share = case.shares.get()
    consent = share.consent
    urls = [
        reverse("cases:consent_create", args=[case.pk]),
        reverse("cases:consent_revoke", args=[case.pk, consent.pk]),
        reverse("cases:share_create", args=[case.pk]),
        reverse("cases:share_revoke", args=[case.pk, share.pk]),
        reverse("cases:case_phase", args=[case.pk]),
        reverse("cases:case_close", args=[case.pk]),
        reverse("cases:case_reopen", args=[case.pk]),
        reverse("cases:case_topics", args=[case.pk]),
        reverse("cases:residence_add", args=[case.pk]),
        reverse("cases:benefit_add", args=[case.pk]),
        reverse("cases:goal_add", args=[case.pk]),
        reverse("cases:step_add", args=[case.pk, 1]),
        reverse("cases:step_done", args=[case.pk, 1]),
        reverse("cases:coworker_add", args=[case.pk]),
        reverse("cases:coworker_remove", args=[case.pk, 1]),
        reverse("cases:person_correct", args=[case.pk]),
        reverse("cases:case_manager_change", args=[case.pk]),
        reverse("cases:referral_create", args=[case.pk]),
    ]
    for url in urls:
        assert client.post(url, {"agency": personas.agency("abh").pk}).status_code == 404, url
    for page in ("cases:person_correct", "cases:case_manager_change", "cases:referral_create"):
        assert client.get(reverse(page, args=[case.pk])).status_code == 404, page
    # The confirmation pages of the actions that cannot simply be undone (GET on the action's URL).
    for page, args in (
        ("cases:consent_revoke", [case.pk, consent.pk]), ("cases:share_revoke", [case.pk, share.pk]),
        ("cases:case_close", [case.pk]), ("cases:case_reopen", [case.pk]), ("cases:step_done", [case.pk, 1]),
    ):  # fmt: skip
        assert client.get(reverse(page, args=args)).status_code == 404, page
    share.refresh_from_db()
    assert share.revoked_at is None
    case.refresh_from_db()
    assert (case.status, case.case_manager) == ("open", personas.beratung)
    intake = client.get(reverse("cases:intake")).status_code
    assert intake == (200 if persona in {"jobcenter", "asyl"} else 404)


@pytest.mark.parametrize("persona", list(MATRIX))
@pytest.mark.parametrize("name", list(ROLE_PAGES))
def test_role_pages(personas, login, persona, name):
    from cases.models import Obstacle

    method, owner, status = ROLE_PAGES[name]
    kwargs = {"pk": Obstacle.objects.first().pk} if name == "obstacle_toggle" else {}
    response = getattr(login(personas.users[persona]), method)(reverse(f"cases:{name}", kwargs=kwargs))
    assert response.status_code == (status if persona == owner else 404)
