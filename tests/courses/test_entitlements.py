"""Entitlement slips: who issues them (the issuing rule), defaults, withdrawal, the PDF, who reaches the pages."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agencies.models import BenefitSystem
from cases.models import AccessLog
from cases.models.choices import AccessAction, DataCategory, ResidenceKind, ResidenceTitle
from cases.services.persons import benefit_period_record, residence_status_record
from courses.eligibility import entitlement_on
from courses.models import CourseTypeRule, Entitlement, IssuingRule
from courses.models.choices import CourseKind, EntitlementKind, EntitlementStatus
from courses.services.entitlements import (
    RHEINE_ISSUING_RULE,
    entitlement_issue,
    entitlement_withdraw,
    issuing_rule_set,
    issuing_rules_seed,
)
from tests.queries import assert_constant_queries, assert_num_queries

pytestmark = pytest.mark.django_db

COURSES_SHARE = [DataCategory.MASTER_DATA, DataCategory.COURSES]
# The issuing caseworker of each benefit system under the Rheine rule.
ISSUER_OF = {"asylblg": "asyl", "sgb2": "jobcenter", "sgb12": "abh", "sgb3": "abh", "none": "abh"}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def rules(personas):
    return issuing_rules_seed(actor=personas.koordination)


@pytest.fixture
def receiving(personas, today):
    """receiving(case, "sgb2") records, as the case's lead, a refugee's residence permit granted two months ago and the
    benefit system the person receives since last month."""

    def record(case, system: str):
        lead = next(
            personas.membership(username)
            for username in ("beratung", "asyl", "abh", "jobcenter")
            if personas.membership(username).agency_id == case.lead_agency_id
        )
        # Recognised as a refugee two months ago: entitled under § 44 Abs. 1 S. 1 Nr. 1 Buchst. c AufenthG.
        residence_status_record(
            actor=lead.user, membership=lead, person=case.person, kind=ResidenceKind.RESIDENCE_PERMIT,
            title=ResidenceTitle.REFUGEE, valid_from=today - timedelta(days=60),
            valid_until=today + timedelta(days=1000),
        )  # fmt: skip
        if system != BenefitSystem.NONE:
            benefit_period_record(
                actor=lead.user,
                membership=lead,
                person=case.person,
                system=system,
                valid_from=today - timedelta(days=30),
            )
        return case

    return record


@pytest.fixture
def issue(personas, today):
    """issue(username, person, **overrides) -> the service call as that caseworker, with plain defaults."""

    def call(username: str, person, **overrides):
        values = {
            "kind": EntitlementKind.ENTITLEMENT, "course_kind": CourseKind.GENERAL, "legal_basis": "",
            "issued_on": today, **overrides,
        }  # fmt: skip
        return entitlement_issue(
            actor=personas.users[username], membership=personas.membership(username), person=person, **values
        )

    return call


# The issuing rule


def test_the_seed_creates_the_rheine_rule_once(personas, rules):
    assert {rule.benefit_system: rule.agency.short_name for rule in IssuingRule.objects.all()} == RHEINE_ISSUING_RULE
    assert len(rules) == len(BenefitSystem.values)
    assert issuing_rules_seed(actor=personas.koordination) == []
    assert IssuingRule.objects.get(benefit_system="sgb2").history.get().history_user == personas.koordination


@pytest.mark.parametrize("system", list(ISSUER_OF))
def test_the_agency_of_the_benefit_system_issues(personas, rules, make_case, receiving, issue, system):
    case = receiving(make_case("beratung"), system)
    slip = issue(ISSUER_OF[system], case.person)
    assert slip.issuing_agency == personas.membership(ISSUER_OF[system]).agency
    assert slip.benefit_system == system
    assert slip.status == EntitlementStatus.ISSUED
    assert slip.issued_by == personas.users[ISSUER_OF[system]]


@pytest.mark.parametrize(("system", "wrong"), [("asylblg", "jobcenter"), ("sgb2", "abh"), ("none", "asyl")])
def test_another_agency_is_told_who_issues(personas, rules, make_case, receiving, issue, system, wrong):
    case = receiving(make_case("beratung"), system)
    with pytest.raises(ValidationError) as refusal:
        issue(wrong, case.person)
    assert personas.membership(ISSUER_OF[system]).agency.name in " ".join(refusal.value.messages)
    assert not Entitlement.objects.exists()


def test_a_counselling_caseworker_is_told_who_issues(personas, rules, make_case, receiving, issue):
    case = receiving(make_case("beratung"), "sgb2")
    with pytest.raises(ValidationError) as refusal:
        issue("beratung", case.person)
    assert personas.agency("jobcenter").name in " ".join(refusal.value.messages)


def test_without_a_rule_nobody_issues(personas, make_case, receiving, issue):
    case = receiving(make_case("jobcenter"), "sgb2")
    with pytest.raises(ValidationError):
        issue("jobcenter", case.person)
    assert not Entitlement.objects.exists()


def test_only_caseworkers_issue(personas, rules, make_case, issue):
    case = make_case("beratung")
    for username in ("koordination", "vhs"):
        with pytest.raises(ValidationError):
            issue(username, case.person)
    assert not Entitlement.objects.exists()


def test_the_benefit_system_of_today_counts(personas, rules, make_case, issue, today):
    case = make_case("beratung")
    person = case.person
    benefit_period_record(
        actor=personas.beratung,
        membership=personas.membership("beratung"),
        person=person,
        system="asylblg",
        valid_from=today - timedelta(400),
    )
    benefit_period_record(
        actor=personas.beratung,
        membership=personas.membership("beratung"),
        person=person,
        system="sgb2",
        valid_from=today - timedelta(10),
    )
    assert issue("jobcenter", person, kind=EntitlementKind.OBLIGATION).benefit_system == "sgb2"


def test_the_coordination_sets_the_rule(personas, rules):
    coordinator = personas.koordination
    rule = issuing_rule_set(
        actor=coordinator, membership=personas.membership("koordination"), benefit_system="sgb12",
        agency=personas.agency("jobcenter"),
    )  # fmt: skip
    rule.refresh_from_db()
    assert rule.agency == personas.agency("jobcenter")
    assert rule.history.first().history_user == coordinator
    assert rule.history.count() == 2  # seeded, changed


@pytest.mark.parametrize("username", ["jobcenter", "abh", "lenkung"])
def test_only_the_coordination_sets_the_rule(personas, rules, username):
    with pytest.raises(ValidationError):
        issuing_rule_set(
            actor=personas.users[username], membership=personas.membership(username), benefit_system="sgb12",
            agency=personas.agency("jobcenter"),
        )  # fmt: skip
    assert IssuingRule.objects.get(benefit_system="sgb12").agency == personas.agency("abh")


def test_the_rule_names_an_issuing_agency(personas, rules):
    with pytest.raises(ValidationError):
        issuing_rule_set(
            actor=personas.koordination, membership=personas.membership("koordination"), benefit_system="sgb12",
            agency=personas.agency("vhs"),
        )  # fmt: skip


# Defaults


def test_44_abs_2_an_entitlements_slip_lasts_until_the_entitlement_lapses(rules, make_case, receiving, issue, today):
    """The refugee's permit was granted 60 days ago: the entitlement, and so the slip, ends a year after the grant."""
    case = receiving(make_case("jobcenter"), "sgb2")
    slip = issue("jobcenter", case.person)
    assert slip.valid_until == today - timedelta(days=60) + timedelta(days=365)
    assert slip.teaching_units == 700
    assert slip.legal_basis == "§ 44 Abs. 1 S. 1 Nr. 1 Buchst. c AufenthG (§ 25 Abs. 2 AufenthG)"
    assert slip.obliging_agency is None
    with pytest.raises(ValidationError):
        issue("jobcenter", case.person, teaching_units=1, valid_until=slip.valid_until + timedelta(days=1))


def _title(personas, case, title, granted_on, kind=ResidenceKind.RESIDENCE_PERMIT, until=None):
    lead = personas.membership("jobcenter")
    residence_status_record(
        actor=lead.user, membership=lead, person=case.person, kind=kind, title=title, valid_from=granted_on,
        valid_until=until,
    )  # fmt: skip


def test_44_abs_1_a_holder_of_a_permission_to_stay_has_no_entitlement(personas, rules, make_case, issue, today):
    case = make_case("jobcenter")
    _title(personas, case, "asylg_55", today - timedelta(days=30), kind=ResidenceKind.PERMISSION_TO_STAY)
    with pytest.raises(ValidationError) as refused:
        issue("abh", case.person)
    assert "§ 44 Abs. 1 AufenthG" in " ".join(refused.value.messages)
    assert not Entitlement.objects.exists()


def test_44_abs_2_counts_from_the_titles_grant_not_from_the_slip(personas, rules, make_case, issue, today):
    case = make_case("jobcenter")
    _title(personas, case, "30", today - timedelta(days=400))
    with pytest.raises(ValidationError) as refused:
        issue("abh", case.person)
    assert "§ 44 Abs. 2 S. 1 AufenthG" in " ".join(refused.value.messages)
    # On a day within the year after the grant the slip is issued.
    slip = issue("abh", case.person, issued_on=today - timedelta(days=100))
    assert slip.legal_basis == "§ 44 Abs. 1 S. 1 Nr. 1 Buchst. b AufenthG (§ 30 AufenthG)"


def test_44_abs_1_the_paragraph_must_be_recorded(personas, rules, make_case, issue, today):
    case = make_case("jobcenter")
    _title(personas, case, "", today - timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        issue("abh", case.person)
    assert "§ 44 Abs. 1 AufenthG" in refused.value.message_dict["kind"][0]
    # Not the refusal of a person without any title: it asks for the missing paragraph.
    assert entitlement_on([], today).refusal not in refused.value.message_dict["kind"][0]


def test_44_abs_2_s_2_a_justified_exception_is_issued_logged_and_shown_to_the_dpo(
    personas, rules, make_case, issue, login, today, caplog
):
    case = make_case("jobcenter", family_name="Ausnahmefall")
    _title(personas, case, "25_2", today - timedelta(days=500))
    reason = "Kein Kursplatz erreichbar bis zum Erlöschen; Nachweis der VHS liegt vor."
    with caplog.at_level("WARNING", logger="ewg.audit"):
        slip = issue("abh", case.person, exception_reason=f"  {reason} ")
    assert (slip.exception_reason, slip.legal_basis) == (reason, "§ 44 Abs. 1 AufenthG (begründete Ausnahme)")
    assert f"slip {slip.pk} issued as a justified exception" in caplog.text
    row = slip.history.get()
    assert (row.history_user, row.exception_reason) == (personas.abh, reason)
    page = login(personas.datenschutz).get(reverse("courses:slip_exceptions"))
    assert page.status_code == 200
    assert "Ausnahmefall" in page.content.decode()
    assert reason in page.content.decode()


def test_an_exception_is_refused_where_the_titles_show_the_entitlement(rules, make_case, receiving, issue):
    case = receiving(make_case("jobcenter"), "sgb2")
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, exception_reason="Nur zur Sicherheit")
    assert "exception_reason" in refused.value.message_dict


def test_5a_intv_the_jobcenter_admits_with_a_dated_kooperationsplan(
    personas, rules, make_case, receiving, issue, today
):
    case = receiving(make_case("jobcenter"), "sgb2")
    plan = {
        "cooperation_plan_on": today - timedelta(days=10),
        "cooperation_plan_review_on": today + timedelta(days=170),
    }
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, kind=EntitlementKind.COOPERATION_PLAN)
    assert "§ 5a IntV" in " ".join(refused.value.messages)
    too_late = {**plan, "cooperation_plan_review_on": today + timedelta(days=200)}
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, kind=EntitlementKind.COOPERATION_PLAN, **too_late)
    assert "§ 15 Abs. 3 SGB II" in " ".join(refused.value.messages)
    slip = issue("jobcenter", case.person, kind=EntitlementKind.COOPERATION_PLAN, **plan)
    assert (slip.legal_basis, slip.informed_agency_id) == (
        "§ 5a IntV i. V. m. § 15 SGB II",
        personas.agency("jobcenter").pk,
    )


def test_5a_intv_only_the_jobcenter_admits_and_only_a_recipient_of_sgb2(
    personas, rules, make_case, receiving, issue, today
):
    plan = {
        "cooperation_plan_on": today - timedelta(days=10),
        "cooperation_plan_review_on": today + timedelta(days=170),
    }
    asylum = receiving(make_case("asyl"), "asylblg")
    with pytest.raises(ValidationError) as refused:
        issue("asyl", asylum.person, kind=EntitlementKind.COOPERATION_PLAN, **plan)
    assert "§ 5a IntV" in " ".join(refused.value.messages)
    assert not Entitlement.objects.exists()


@pytest.mark.parametrize(
    ("course_kind", "units"), [("general", 700), ("literacy", 1000), ("second_script", 1000), ("intensive", 500)]
)
def test_teaching_units_by_course_kind_13_intv(rules, make_case, receiving, issue, course_kind, units):
    """§§ 10, 13 IntV as amended on 3 December 2024."""
    case = receiving(make_case("jobcenter"), "sgb2")
    assert issue("jobcenter", case.person, course_kind=course_kind).teaching_units == units


def test_a_youth_course_slip_is_refused_under_13_1_intv_of_2024(rules, make_case, receiving, issue):
    case = receiving(make_case("jobcenter"), "sgb2")
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, course_kind="youth")
    assert "§ 13 Abs. 1 IntV" in " ".join(refused.value.messages)
    assert not Entitlement.objects.exists()


def test_funded_units_are_capped_across_a_persons_slips(rules, make_case, receiving, issue):
    """Since 7 December 2024 a general course is funded once (700 units; no general repeat, § 5 Abs. 5 IntV old
    repealed); a literacy course with one repeat of at most 300 units (§ 13 Abs. 1 S. 4 IntV)."""
    case = receiving(make_case("jobcenter"), "sgb2")
    issue("jobcenter", case.person, teaching_units=400)
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, teaching_units=400)
    said = " ".join(refused.value.messages)
    assert "400" in said
    assert "700" in said
    assert issue("jobcenter", case.person, teaching_units=300).teaching_units == 300
    assert issue("jobcenter", case.person, course_kind="literacy", teaching_units=300).teaching_units == 300
    with pytest.raises(ValidationError):
        issue("jobcenter", case.person, course_kind="literacy", teaching_units=301)


def test_given_units_and_expiry_are_kept(rules, make_case, receiving, issue, today):
    case = receiving(make_case("jobcenter"), "sgb2")
    slip = issue("jobcenter", case.person, teaching_units=300, valid_until=today + timedelta(days=60))
    assert (slip.teaching_units, slip.valid_until) == (300, today + timedelta(days=60))


def test_44_abs_4_a_bamf_admission_letter_is_recorded_with_its_reference_and_date(
    personas, rules, make_case, receiving, issue, today
):
    """Only the BAMF admits: any caseworker records the letter, whatever agency the issuing rule names, and its
    validity as the letter states it (no local three-month limit)."""
    case = receiving(make_case("beratung"), "asylblg")
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, kind=EntitlementKind.ADMISSION)
    assert "§ 44 Abs. 4 AufenthG" in " ".join(refused.value.messages)
    letter = issue(
        "jobcenter", case.person, kind=EntitlementKind.ADMISSION, admission_reference=" 5123456-439 ",
        issued_on=today - timedelta(days=20), valid_until=today + timedelta(days=500),
    )  # fmt: skip
    assert (letter.admission_reference, letter.legal_basis) == ("5123456-439", "§ 44 Abs. 4 AufenthG")
    assert letter.issuing_agency == personas.agency("jobcenter")  # recorded by, not the rule's issuer (team-asyl)
    assert letter.valid_until == today + timedelta(days=500)


def test_44_abs_4_a_bamf_letter_is_not_printed_as_a_local_slip(personas, login, rules, make_case, receiving, issue):
    case = receiving(make_case("jobcenter"), "sgb2")
    letter = issue("jobcenter", case.person, kind=EntitlementKind.ADMISSION, admission_reference="5123456-439")
    client = login(personas.jobcenter)
    assert client.get(reverse("courses:entitlement_slip", args=[case.pk, letter.pk])).status_code == 404
    page = client.get(reverse("courses:case_courses", args=[case.pk])).content.decode()
    assert "5123456-439" in page
    assert reverse("courses:entitlement_slip", args=[case.pk, letter.pk]) not in page


@pytest.mark.parametrize(
    ("system", "basis"),
    [
        ("sgb2", "§ 44a Abs. 1 Nr. 2 AufenthG"),
        ("none", "§ 44a Abs. 1 Nr. 1 AufenthG"),
        ("asylblg", "§ 44a Abs. 1 Nr. 4 AufenthG / § 5b AsylbLG"),
    ],
)
def test_an_obligation_names_the_issuer_as_obliging_agency(rules, make_case, receiving, issue, system, basis):
    case = receiving(make_case("beratung"), system)
    slip = issue(ISSUER_OF[system], case.person, kind=EntitlementKind.OBLIGATION)
    assert slip.obliging_agency == slip.issuing_agency
    assert slip.legal_basis == basis


def test_an_obligation_by_another_obliging_agency(personas, rules, make_case, receiving, issue):
    """The asylum office issues the slip of its AsylbLG recipient; the foreigners' authority obliges (§ 44a Abs. 1
    Nr. 1 AufenthG binds it to no benefit system)."""
    case = receiving(make_case("beratung"), "asylblg")
    slip = issue("asyl", case.person, kind=EntitlementKind.OBLIGATION, obliging_agency=personas.agency("abh"))
    assert slip.obliging_agency == personas.agency("abh")
    assert slip.legal_basis == "§ 44a Abs. 1 Nr. 1 AufenthG"


def test_only_the_authorities_oblige(personas, rules, make_case, receiving, issue):
    case = receiving(make_case("beratung"), "none")
    with pytest.raises(ValidationError):
        issue("abh", case.person, kind=EntitlementKind.OBLIGATION, obliging_agency=personas.agency("team-beratung"))
    assert not Entitlement.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"course_kind": CourseKind.BASIC},
        {"course_kind": CourseKind.DEMAND},
        {"issued_on": date.today() + timedelta(days=2)},
        {"valid_until": date(2000, 1, 1)},
        {"teaching_units": 5000},
        {"teaching_units": 0},
        {"legal_basis": "§ " * 100},
    ],
)
def test_invalid_slips_are_refused(rules, make_case, receiving, issue, overrides):
    case = receiving(make_case("jobcenter"), "sgb2")
    with pytest.raises(ValidationError):
        issue("jobcenter", case.person, **overrides)
    assert not Entitlement.objects.exists()


def test_issuing_leaves_a_history_row_with_the_actor(personas, rules, make_case, receiving, issue):
    case = receiving(make_case("jobcenter"), "sgb2")
    slip = issue("jobcenter", case.person)
    row = slip.history.get()
    assert row.history_type == "+"
    assert row.history_user == personas.jobcenter


# Withdrawal


def test_the_issuing_agency_withdraws_with_a_reason(personas, rules, make_case, receiving, issue):
    case = receiving(make_case("jobcenter"), "sgb2")
    slip = issue("jobcenter", case.person)
    entitlement_withdraw(
        actor=personas.jobcenter, membership=personas.membership("jobcenter"), entitlement=slip, reason="Irrtum"
    )
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.WITHDRAWN
    latest = slip.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.status) == (
        personas.jobcenter,
        "Irrtum",
        EntitlementStatus.WITHDRAWN,
    )


def test_withdrawal_is_refused_to_others_twice_and_when_used(
    personas, rules, make_case, receiving, issue, make_course, make_enrolment
):
    case = receiving(make_case("jobcenter"), "sgb2")
    slip = issue("jobcenter", case.person)

    def withdraw(username, entitlement):
        return entitlement_withdraw(
            actor=personas.users[username], membership=personas.membership(username), entitlement=entitlement,
            reason="Grund",
        )  # fmt: skip

    for username in ("abh", "beratung", "koordination"):
        with pytest.raises(ValidationError):
            withdraw(username, slip)
    with pytest.raises(ValidationError):
        entitlement_withdraw(
            actor=personas.jobcenter, membership=personas.membership("jobcenter"), entitlement=slip, reason=" "
        )
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.ISSUED
    withdraw("jobcenter", slip)
    with pytest.raises(ValidationError):
        withdraw("jobcenter", slip)
    used = issue("jobcenter", case.person)
    make_enrolment(case.person, make_course(), entitlement=used)
    with pytest.raises(ValidationError):
        withdraw("jobcenter", used)


# Views


@pytest.fixture
def shared_asylum_case(personas, rules, make_case, receiving, share_by_consent):
    """A case led by the counselling team, of a person on AsylbLG, shared with the asylum office incl. courses."""
    case = receiving(make_case("beratung", family_name="Stieglitz", nationality="syrisch"), "asylblg")
    share_by_consent(case, "team-asyl", categories=COURSES_SHARE)
    return case


@pytest.fixture
def jobcenter_case(personas, rules, make_case, receiving):
    return receiving(make_case("jobcenter", family_name="Zaunkoenig"), "sgb2")


def _form(today, **overrides):
    return {"kind": "entitlement", "course_kind": "general", "legal_basis": "", "issued_on": today.isoformat(),
            **overrides}  # fmt: skip


# session, user, memberships, case with person and agencies, [the share's categories], access log (3, in a
# savepoint), open alerts of the navigation, session save (3)
ISSUE_FORM_QUERIES = {"jobcenter": 11, "asyl": 12}


@pytest.mark.parametrize("username", ["jobcenter", "asyl"])
def test_the_issue_form(personas, login, jobcenter_case, shared_asylum_case, username):
    case = jobcenter_case if username == "jobcenter" else shared_asylum_case
    client = login(personas.users[username])
    url = reverse("courses:entitlement_issue", args=[case.pk])
    client.get(url)  # the first request of a session costs more (session creation)
    with assert_num_queries(ISSUE_FORM_QUERIES[username]):
        response = client.get(url)
    assert response.status_code == 200
    assert set(response.context["form"].fields["course_kind"].choices) == {
        (kind.value, kind.label) for kind in CourseKind if kind not in (CourseKind.BASIC, CourseKind.DEMAND)
    }
    log = AccessLog.objects.filter(case=case, user=personas.users[username]).last()
    assert log.action == AccessAction.DETAIL


@pytest.mark.parametrize("username", ["jobcenter", "asyl"])
def test_issuing_through_the_page(personas, login, jobcenter_case, shared_asylum_case, username, today):
    case = jobcenter_case if username == "jobcenter" else shared_asylum_case
    response = login(personas.users[username]).post(
        reverse("courses:entitlement_issue", args=[case.pk]), _form(today, kind="obligation", teaching_units="600")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:case_courses", args=[case.pk])
    slip = Entitlement.objects.get(person=case.person)
    assert (slip.kind, slip.teaching_units, slip.issued_by) == ("obligation", 600, personas.users[username])
    assert slip.obliging_agency == personas.membership(username).agency


def test_a_bamf_letter_and_a_5a_admission_through_the_page(personas, login, jobcenter_case, today):
    client = login(personas.jobcenter)
    url = reverse("courses:entitlement_issue", args=[jobcenter_case.pk])
    refused = client.post(url, _form(today, kind="admission"))
    assert "Geschäftszeichen" in refused.content.decode()  # the field's error names it
    letter = _form(today, kind="admission", admission_reference="5123456-439", teaching_units="300")
    assert client.post(url, letter).status_code == 302
    plan = {"cooperation_plan_on": (today - timedelta(days=7)).isoformat(),
            "cooperation_plan_review_on": (today + timedelta(days=150)).isoformat()}  # fmt: skip
    assert client.post(url, _form(today, kind="cooperation_plan", teaching_units="300", **plan)).status_code == 302
    kinds = dict(Entitlement.objects.filter(person=jobcenter_case.person).values_list("kind", "admission_reference"))
    assert kinds == {"admission": "5123456-439", "cooperation_plan": ""}


def test_a_5a_slip_carries_the_kooperationsplan_note(personas, login, jobcenter_case, issue, today):
    slip = issue(
        "jobcenter", jobcenter_case.person, kind=EntitlementKind.COOPERATION_PLAN,
        cooperation_plan_on=today - timedelta(days=7), cooperation_plan_review_on=today + timedelta(days=150),
    )  # fmt: skip
    response = login(personas.jobcenter).get(reverse("courses:entitlement_slip", args=[jobcenter_case.pk, slip.pk]))
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Kooperationsplans nach § 15 SGB II" in text
    assert f"{today - timedelta(days=7):%d.%m.%Y}" in text


# session, user, memberships, the exceptions page (count and rows), open alerts of the navigation, session save
def test_the_dpo_list_of_exceptions_costs_the_same_for_1_and_20(personas, login, make_case, make_entitlement):
    client = login(personas.datenschutz)
    person = make_case("beratung").person
    make_entitlement(person, kind=EntitlementKind.ENTITLEMENT, exception_reason="Grund 0")

    def page():
        response = client.get(reverse("courses:slip_exceptions"))
        assert response.status_code == 200

    def grow():
        for number in range(1, 20):
            other = make_case("beratung", family_name=f"Person {number}").person
            make_entitlement(other, kind=EntitlementKind.ENTITLEMENT, exception_reason=f"Grund {number}")
        make_entitlement(person, kind=EntitlementKind.ENTITLEMENT)  # no exception: not listed

    assert_constant_queries(page, grow)
    assert len(client.get(reverse("courses:slip_exceptions")).context["rows"]) == 20


def test_a_refusal_is_shown_on_the_page(personas, login, shared_asylum_case, today):
    response = login(personas.beratung).post(
        reverse("courses:entitlement_issue", args=[shared_asylum_case.pk]), _form(today)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert personas.agency("team-asyl").name in response.content.decode()
    assert not Entitlement.objects.exists()


def test_the_case_page_links_the_slips(personas, login, shared_asylum_case, make_entitlement, issue):
    case = shared_asylum_case
    own = issue("asyl", case.person)
    other = make_entitlement(case.person, kind="entitlement", issuer="jobcenter")
    body = login(personas.asyl).get(reverse("courses:case_courses", args=[case.pk])).content.decode()
    assert reverse("courses:entitlement_issue", args=[case.pk]) in body
    assert reverse("courses:entitlement_slip", args=[case.pk, own.pk]) in body
    assert reverse("courses:entitlement_slip", args=[case.pk, other.pk]) in body
    assert reverse("courses:entitlement_withdraw", args=[case.pk, own.pk]) in body
    assert reverse("courses:entitlement_withdraw", args=[case.pk, other.pk]) not in body  # not the asylum office's


def test_withdrawing_through_the_page(personas, login, jobcenter_case, issue):
    slip = issue("jobcenter", jobcenter_case.person)
    url = reverse("courses:entitlement_withdraw", args=[jobcenter_case.pk, slip.pk])
    client = login(personas.jobcenter)
    assert client.post(url, {"reason": ""}).status_code == 302
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.ISSUED
    assert client.post(url, {"reason": "Person zieht weg"}).status_code == 302
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.WITHDRAWN
    assert slip.history.first().history_change_reason == "Person zieht weg"


def test_the_lead_of_a_case_does_not_withdraw_another_agencys_slip(personas, login, shared_asylum_case, issue):
    slip = issue("asyl", shared_asylum_case.person)
    url = reverse("courses:entitlement_withdraw", args=[shared_asylum_case.pk, slip.pk])
    assert login(personas.beratung).post(url, {"reason": "Grund"}).status_code == 302
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.ISSUED


def test_the_slip_pdf(personas, login, shared_asylum_case, issue):
    person = shared_asylum_case.person
    slip = issue("asyl", person, kind=EntitlementKind.OBLIGATION, fee_exemption_requested=True)
    before = AccessLog.objects.count()
    response = login(personas.asyl).get(reverse("courses:entitlement_slip", args=[shared_asylum_case.pk, slip.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="berechtigungsschein-{slip.pk}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert person.family_name in text
    assert slip.valid_until.strftime("%d.%m.%Y") in text
    assert personas.agency("team-asyl").name in text
    assert AccessLog.objects.count() == before + 1
    log = AccessLog.objects.latest("id")
    assert (log.action, log.person, log.case, log.user) == (
        AccessAction.PDF,
        person,
        shared_asylum_case,
        personas.asyl,
    )


def test_the_pdf_escapes_values(personas, login, rules, make_case, receiving, issue):
    case = receiving(make_case("jobcenter", family_name='<img src="file:///etc/passwd">Kurz'), "sgb2")
    slip = issue("jobcenter", case.person)
    response = login(personas.jobcenter).get(reverse("courses:entitlement_slip", args=[case.pk, slip.pk]))
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert '<img src="file:///etc/passwd">Kurz' in text  # printed as text, not taken as markup


def test_a_slip_of_another_person_is_not_reached_through_this_case(personas, login, jobcenter_case, make_case, issue):
    stranger = make_case("jobcenter", family_name="Fremd")
    benefit_period_record(
        actor=personas.jobcenter,
        membership=personas.membership("jobcenter"),
        person=stranger.person,
        system="sgb2",
        valid_from=date.today() - timedelta(9),
    )
    slip = issue("jobcenter", stranger.person, kind=EntitlementKind.OBLIGATION)
    client = login(personas.jobcenter)
    assert client.get(reverse("courses:entitlement_slip", args=[jobcenter_case.pk, slip.pk])).status_code == 404
    withdraw = reverse("courses:entitlement_withdraw", args=[jobcenter_case.pk, slip.pk])
    assert client.post(withdraw, {"reason": "x"}).status_code == 404
    slip.refresh_from_db()
    assert slip.status == EntitlementStatus.ISSUED


OUTSIDERS = ["ehrenamt", "lenkung", "vhs", "abh", "koordination", "jobcenter-admin", "datenschutz", "admin"]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404(personas, login, shared_asylum_case, issue, username, today):
    case = shared_asylum_case
    slip = issue("asyl", case.person)
    client = login(personas.users[username])
    issue_url = reverse("courses:entitlement_issue", args=[case.pk])
    assert client.get(issue_url).status_code == 404
    assert client.post(issue_url, _form(today)).status_code == 404
    assert client.get(reverse("courses:entitlement_slip", args=[case.pk, slip.pk])).status_code == 404
    withdraw = reverse("courses:entitlement_withdraw", args=[case.pk, slip.pk])
    assert client.post(withdraw, {"reason": "x"}).status_code == 404
    assert Entitlement.objects.get().status == EntitlementStatus.ISSUED


def test_a_share_without_courses_reaches_no_slip(
    personas, login, rules, make_case, receiving, share_by_consent, make_entitlement
):
    case = receiving(make_case("beratung"), "sgb2")
    share_by_consent(case, "jobcenter", categories=[DataCategory.MASTER_DATA, DataCategory.NOTES])
    slip = make_entitlement(case.person, kind="entitlement", issuer="jobcenter")
    client = login(personas.jobcenter)
    assert client.get(reverse("courses:entitlement_issue", args=[case.pk])).status_code == 404
    assert client.get(reverse("courses:entitlement_slip", args=[case.pk, slip.pk])).status_code == 404


def test_course_staff_with_a_courses_share_neither_print_nor_issue(
    personas, login, shared_asylum_case, issue, share_by_consent
):
    """The slip carries the person's address, which no course page shows: only caseworkers print it."""
    case = shared_asylum_case
    share_by_consent(case, "vhs", categories=COURSES_SHARE)
    slip = issue("asyl", case.person)
    client = login(personas.vhs)
    assert client.get(reverse("courses:entitlement_issue", args=[case.pk])).status_code == 404
    assert client.get(reverse("courses:entitlement_slip", args=[case.pk, slip.pk])).status_code == 404
    assert login(personas.beratung).get(reverse("courses:entitlement_slip", args=[case.pk, slip.pk])).status_code == 200


def test_a_withdrawn_slip_is_not_printed(personas, login, shared_asylum_case, issue):
    from courses.services.entitlements import entitlement_withdraw

    slip = issue("asyl", shared_asylum_case.person)
    entitlement_withdraw(actor=personas.asyl, membership=personas.membership("asyl"), entitlement=slip, reason="Irrtum")
    url = reverse("courses:entitlement_slip", args=[shared_asylum_case.pk, slip.pk])
    assert login(personas.beratung).get(url).status_code == 404


def test_a_slip_is_valid_one_year_at_the_longest(personas, shared_asylum_case):
    from courses.services.entitlements import entitlement_issue

    with pytest.raises(ValidationError) as refused:
        entitlement_issue(
            actor=personas.asyl, membership=personas.membership("asyl"), person=shared_asylum_case.person,
            kind="obligation", course_kind="general", legal_basis="", issued_on=date(2026, 11, 2),
            valid_until=date(2036, 11, 2),
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["valid_until"]


PERSONAS = ["beratung", "asyl", "abh", "jobcenter", "vhs", "ehrenamt", "koordination", "lenkung", "jobcenter-admin",
            "datenschutz", "admin"]  # fmt: skip


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_coordination_reaches_the_issuing_rules(personas, login, rules, username):
    client = login(personas.users[username])
    url = reverse("courses:issuing_rules")
    expected = 200 if username == "koordination" else 404
    assert client.get(url).status_code == expected
    response = client.post(url, {"benefit_system": "sgb12", "sgb12-agency": personas.agency("jobcenter").pk})
    assert response.status_code == (302 if username == "koordination" else 404)
    changed = IssuingRule.objects.get(benefit_system="sgb12").agency.short_name
    assert changed == ("jobcenter" if username == "koordination" else "abh")


def test_the_issuing_rules_page(personas, login):
    client = login(personas.koordination)
    url = reverse("courses:issuing_rules")
    response = client.get(url)
    assert [row["rule"] for row in response.context["rows"]] == [None] * len(BenefitSystem.values)
    set_asyl = client.post(url, {"benefit_system": "asylblg", "asylblg-agency": personas.agency("team-asyl").pk})
    assert set_asyl.status_code == 302
    rule = IssuingRule.objects.get()
    assert (rule.benefit_system, rule.agency.short_name) == ("asylblg", "team-asyl")
    assert rule.history.get().history_user == personas.koordination
    refused = client.post(url, {"benefit_system": "sgb2", "sgb2-agency": personas.agency("vhs").pk})
    assert refused.status_code == 400  # not among the issuing agencies offered
    assert client.post(url, {"benefit_system": "nonsense"}).status_code == 404
    assert IssuingRule.objects.count() == 1


def test_coordinators_read_the_course_law_of_both_versions(personas, login):
    """§§ 10–13 IntV before and after the amendment of 3 December 2024, each with its reference and dates."""
    page = login(personas.koordination).get(reverse("courses:issuing_rules")).content.decode()
    table = page.split('data-testid="course-rules"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr") == 1 + CourseTypeRule.objects.count() == 13
    assert "§ 13 Abs. 1 S. 3 Nr. 2 IntV in der Fassung vom 3.12.2024" in table  # second-script learners
    assert "§ 13 Abs. 2 IntV in der Fassung vom 3.12.2024" in table
    assert "07.12.2024 – heute" in table
    assert "01.01.2017 – 06.12.2024" in table


def test_no_slip_is_dated_before_the_integration_courses_began_section_43_aufenthg(personas, rules, make_case, issue):
    """§ 43 AufenthG (Zuwanderungsgesetz) brought the integration course on 1 January 2005; the service re-checks
    what the form already refuses."""
    case = make_case("beratung")
    with pytest.raises(ValidationError) as refused:
        issue("abh", case.person, issued_on=date(1, 1, 1))
    assert "§ 43 AufenthG" in refused.value.message_dict["issued_on"][0]
    assert not Entitlement.objects.filter(person=case.person).exists()


# § 44a Abs. 1 AufenthG: each authority's obligation bound to the person's status and benefits on its day


def test_44a_1_nr_2_the_jobcenter_does_not_oblige_a_recipient_of_asylblg(personas, rules, make_case, receiving, issue):
    case = receiving(make_case("beratung"), "asylblg")
    with pytest.raises(ValidationError) as refused:
        issue("asyl", case.person, kind=EntitlementKind.OBLIGATION, obliging_agency=personas.agency("jobcenter"))
    assert "§ 44a Abs. 1 S. 1 Nr. 2 AufenthG" in " ".join(refused.value.messages)
    assert not Entitlement.objects.exists()
    assert issue("asyl", case.person, kind=EntitlementKind.OBLIGATION).obliging_agency == personas.agency("team-asyl")


def test_44a_1_nr_4_the_asylum_office_obliges_only_a_recipient_of_asylblg(personas, rules, make_case, receiving, issue):
    case = receiving(make_case("jobcenter"), "sgb2")
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, kind=EntitlementKind.OBLIGATION, obliging_agency=personas.agency("team-asyl"))
    assert "§ 5b AsylbLG" in " ".join(refused.value.messages)


@pytest.mark.parametrize("status", ["eu", "german"])
def test_44a_1_nobody_with_free_movement_or_german_citizenship_is_obliged(
    personas, rules, make_case, receiving, issue, today, status
):
    case = receiving(make_case("jobcenter"), "sgb2")
    residence_status_record(
        actor=personas.jobcenter, membership=personas.membership("jobcenter"), person=case.person, kind=status,
        valid_from=today - timedelta(days=10),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        issue("jobcenter", case.person, kind=EntitlementKind.OBLIGATION)
    assert "§ 44a Abs. 1 AufenthG" in " ".join(refused.value.messages)
    assert not Entitlement.objects.exists()


def test_every_obligation_is_decided_as_44a_says(personas, rules, make_case, issue, today):
    """Each residence status × benefit system × obliging authority, against § 44a Abs. 1 AufenthG (and § 5b AsylbLG)
    written out plainly: no obligation of EU citizens or Germans; the jobcenter obliges SGB II recipients, the
    asylum office AsylbLG recipients, the foreigners' authority any other foreigner."""
    issuer_of = {"sgb2": "jobcenter", "asylblg": "asyl"}
    authorities = {"abh": "foreigners_authority", "jobcenter": "jobcenter", "team-asyl": "asylum_benefits_office"}
    decided = 0
    for status in ResidenceKind.values:
        for system in BenefitSystem.values:
            case = make_case("beratung")
            lead = {"actor": personas.beratung, "membership": personas.membership("beratung"), "person": case.person}
            residence_status_record(**lead, kind=status, valid_from=today - timedelta(days=400))
            if system != BenefitSystem.NONE:
                benefit_period_record(**lead, system=system, valid_from=today - timedelta(days=30))
            for short_name, kind in authorities.items():
                lawful = status not in ("eu", "german") and (
                    kind == "foreigners_authority"
                    or (kind == "jobcenter" and system == "sgb2")
                    or (kind == "asylum_benefits_office" and system == "asylblg")
                )
                try:
                    issue(issuer_of.get(system, "abh"), case.person, kind=EntitlementKind.OBLIGATION,
                          obliging_agency=personas.agency(short_name), teaching_units=1)  # fmt: skip
                except ValidationError:
                    issued = False
                else:
                    issued = True
                assert issued == lawful, (status, system, short_name)
                decided += 1
    assert decided == len(ResidenceKind.values) * len(BenefitSystem.values) * len(authorities)
