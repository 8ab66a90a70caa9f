"""Transfers without consent are lawful by construction: a statute carries a share only to the recipients it names
and only with the data categories it allows (§§ 67d, 69, 71 SGB X, § 8 Abs. 3 IntV); everything else needs the
person's consent (§ 67b SGB X)."""

import importlib
from itertools import combinations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import AgencyKind
from cases.models import CaseShare
from cases.models.choices import DataCategory, Statute
from cases.services.sharing import case_share_grant
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

C, K = DataCategory, AgencyKind
ALL = set(C.values)
# The law written out plainly: statute -> (kinds of recipient it names, categories it carries).
LAW = {
    Statute.SGB_X_69: (
        {K.MUNICIPALITY, K.DEPARTMENT, K.COUNSELLING_TEAM, K.ASYLUM_BENEFITS_OFFICE, K.BENEFITS_OFFICE, K.JOBCENTER,
         K.EMPLOYMENT_AGENCY},
        ALL - {C.HEALTH},
    ),
    Statute.SGB_X_71: ({K.FOREIGNERS_AUTHORITY}, ALL - {C.BENEFITS, C.HEALTH}),
    Statute.INTV_8_3: ({K.FOREIGNERS_AUTHORITY, K.JOBCENTER, K.ASYLUM_BENEFITS_OFFICE}, {C.MASTER_DATA, C.COURSES}),
}  # fmt: skip


def grant(personas, case, agency, categories, statute):
    return case_share_grant(
        actor=personas.beratung, membership=personas.membership("beratung"), case=case, agency=agency,
        categories=list(categories), statute=statute,
    )  # fmt: skip


def refusal(personas, case, agency, categories, statute) -> str:
    with pytest.raises(ValidationError) as refused:
        grant(personas, case, agency, categories, statute)
    assert not CaseShare.objects.filter(case=case, agency=agency).exists()
    return " ".join(refused.value.messages)


def test_sgb_x_71_2_carries_no_benefit_or_health_data_to_the_foreigners_authority(personas, make_case):
    case = make_case("beratung")
    abh = personas.agency("abh")
    said = refusal(personas, case, abh, [C.MASTER_DATA, C.BENEFITS, C.HEALTH], Statute.SGB_X_71)
    assert "§ 71 Abs. 2 SGB X" in said
    assert "Leistungsbezug" in said
    assert "Gesundheit" in said
    share = grant(personas, case, abh, [C.MASTER_DATA, C.RESIDENCE], Statute.SGB_X_71)
    assert share.categories == [C.MASTER_DATA, C.RESIDENCE]


def test_sgb_x_71_2_is_no_basis_for_the_jobcenter(personas, make_case):
    said = refusal(personas, make_case("beratung"), personas.agency("jobcenter"), [C.MASTER_DATA], Statute.SGB_X_71)
    assert "§ 71 Abs. 2 SGB X" in said
    assert "Einwilligung" in said


def test_intv_8_3_carries_no_notes_and_nothing_to_a_course_provider(personas, make_case):
    case = make_case("beratung")
    said = refusal(personas, case, personas.agency("vhs"), [C.MASTER_DATA, C.NOTES, C.HEALTH], Statute.INTV_8_3)
    assert "§ 8 Abs. 3 IntV" in said
    said = refusal(personas, case, personas.agency("jobcenter"), [C.MASTER_DATA, C.NOTES], Statute.INTV_8_3)
    assert "§ 8 Abs. 3 IntV" in said


@pytest.mark.parametrize("short_name", ["caritas", "fluechtlingshilfe"])
def test_sgb_x_69_1_1_reaches_no_body_outside_35_sgb_i(personas, make_case, share_by_consent, short_name):
    case = make_case("beratung")
    said = refusal(personas, case, personas.agency(short_name), [C.MASTER_DATA], Statute.SGB_X_69)
    assert "§ 69 Abs. 1 Nr. 1 SGB X" in said
    assert "§ 35 SGB I" in said
    _consent, share = share_by_consent(case, short_name, categories=[C.MASTER_DATA])  # with consent it is lawful
    assert share.consent is not None


def test_sgb_x_69_1_1_carries_no_health_data(personas, make_case):
    case = make_case("beratung")
    said = refusal(personas, case, personas.agency("jobcenter"), [C.MASTER_DATA, C.HEALTH], Statute.SGB_X_69)
    assert "§ 69 Abs. 1 Nr. 1 SGB X" in said
    assert grant(personas, case, personas.agency("jobcenter"), [C.MASTER_DATA, C.BENEFITS], Statute.SGB_X_69)


def test_every_statute_kind_and_category_is_decided_as_the_law_says(personas, make_case):
    """Each statute × kind of recipient × each single category and all of them, against LAW above."""
    case = make_case("beratung")
    agencies = {kind: AgencyFactory(kind=kind) for kind in K.values}
    checked = 0
    for statute, (recipients, allowed) in LAW.items():
        for kind, agency in agencies.items():
            for categories in [*combinations(sorted(ALL), 1), tuple(sorted(ALL))]:
                lawful = kind in recipients and set(categories) <= allowed
                try:
                    share = grant(personas, case, agency, categories, statute)
                except ValidationError:
                    decided = False
                else:
                    decided = True
                    share.delete()  # one active share per case and agency
                assert decided == lawful, (statute, kind, categories)
                checked += 1
    assert checked == len(LAW) * len(agencies) * (len(ALL) + 1)


def test_the_share_form_names_whom_each_statute_reaches(personas, login, make_case):
    case = make_case("beratung")
    page = login(personas.beratung).get(reverse("cases:case_sharing", args=[case.pk])).content.decode()
    assert "nur die Ausländerbehörde" in page
    assert "Sozialleistungsträger nach § 35 SGB I" in page


def test_shares_the_law_does_not_carry_are_ended_by_the_migration(personas, make_case):
    """Rows written before the rules (by the ORM here) end, with the paragraph in their history."""
    case = make_case("beratung")
    unlawful = CaseShare.objects.create(
        case=case, agency=personas.agency("caritas"), statute=Statute.SGB_X_69, categories=[C.MASTER_DATA, C.HEALTH],
        granted_by=personas.beratung,
    )  # fmt: skip
    lawful = CaseShare.objects.create(
        case=case, agency=personas.agency("abh"), statute=Statute.SGB_X_71, categories=[C.MASTER_DATA],
        granted_by=personas.beratung,
    )  # fmt: skip
    migration = importlib.import_module("cases.migrations.0012_end_statute_shares_the_law_does_not_carry")
    migration.end_statute_shares_the_law_does_not_carry(apps, None)
    unlawful.refresh_from_db()
    lawful.refresh_from_db()
    assert unlawful.revoked_at is not None
    assert lawful.revoked_at is None
    reasons = unlawful.history.values_list("history_change_reason", flat=True)
    assert "Nicht von § 69 Abs. 1 Nr. 1 SGB X gedeckt: Freigabe beendet" in reasons
