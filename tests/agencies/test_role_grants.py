"""Role grants bounded by construction: an agency administrator gives only the roles the agency's kind has, only in
their own agency and its teams, never to themselves, and never appoints or removes an administrator; the city's
account administration (an administrator of the municipality) does that."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies import services
from agencies.models import AgencyKind, Membership, Role
from agencies.permissions import ROLES_BY_AGENCY_KIND, grantable_roles
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def jobcenter_account(personas):
    return Membership.objects.get(user=personas.jobcenter, agency=personas.agency("jobcenter"))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DATA_PROTECTION_OFFICER, Role.STEERING, Role.AGENCY_ADMIN])
def test_the_jobcenter_administrator_cannot_raise_a_colleague_to_a_city_function_or_an_administrator(
    personas, login, role
):
    target = jobcenter_account(personas)
    answer = login(personas.jobcenter_admin).post(
        reverse("agencies:account_detail", args=[target.pk]), {"role": role, "reason": "Vertretung"}
    )
    assert answer.status_code == 400
    target.refresh_from_db()
    assert target.role == Role.CASEWORKER
    assert target.history.count() == 1  # created, never changed


def test_the_service_refuses_the_city_function_whatever_the_form_offered(personas):
    with pytest.raises(ValidationError) as refused:
        services.membership_change_role(
            actor=personas.jobcenter_admin, acting=personas.membership("jobcenter-admin"),
            membership=jobcenter_account(personas), role=Role.COORDINATOR, reason="Vertretung",
        )  # fmt: skip
    assert "keine Rolle „Koordination“" in refused.value.message_dict["role"][0]


def test_nobody_changes_their_own_role(personas, login):
    own = personas.membership("jobcenter-admin")
    client = login(personas.jobcenter_admin)
    assert (
        "Ihre eigenen Rollen ändert" in client.get(reverse("agencies:account_detail", args=[own.pk])).content.decode()
    )
    assert client.post(reverse("agencies:account_detail", args=[own.pk]), {"role": Role.CASEWORKER}).status_code == 400
    with pytest.raises(ValidationError):
        services.membership_change_role(
            actor=personas.jobcenter_admin, acting=own, membership=own, role=Role.CASEWORKER, reason="x"
        )
    own.refresh_from_db()
    assert own.role == Role.AGENCY_ADMIN


def test_an_administrator_is_not_removed_by_another_agency_administrator(personas):
    colleague = MembershipFactory(agency=personas.agency("jobcenter"), role=Role.AGENCY_ADMIN)
    with pytest.raises(ValidationError):
        services.membership_change_role(
            actor=personas.jobcenter_admin, acting=personas.membership("jobcenter-admin"),
            membership=colleague, role=Role.CASEWORKER, reason="x",
        )  # fmt: skip
    colleague.refresh_from_db()
    assert colleague.role == Role.AGENCY_ADMIN


def test_a_reason_is_required(personas):
    admin = MembershipFactory(agency=personas.agency("vhs"), role=Role.AGENCY_ADMIN)
    target = Membership.objects.get(user=personas.vhs_lehrkraft)
    with pytest.raises(ValidationError) as refused:
        services.membership_change_role(
            actor=admin.user, acting=admin, membership=target, role=Role.COURSE_STAFF, reason="  "
        )
    assert "reason" in refused.value.message_dict


def test_the_pages_offer_only_the_roles_the_administrator_may_give(personas, login):
    body = login(personas.jobcenter_admin).get(reverse("agencies:account_create")).content.decode()
    assert 'value="caseworker"' in body
    for role in (Role.COORDINATOR, Role.STEERING, Role.DATA_PROTECTION_OFFICER, Role.AGENCY_ADMIN, Role.COURSE_STAFF):
        assert f'value="{role}"' not in body


@pytest.mark.parametrize("kind", AgencyKind.values)
def test_every_role_for_every_agency_kind_by_an_agency_and_by_the_city_administrator(personas, kind):
    """The walk over role × agency kind × administrator: creation succeeds exactly where the table allows."""
    city = MembershipFactory(agency=personas.agency("stadt-rheine"), role=Role.AGENCY_ADMIN)
    agency_admin = MembershipFactory(agency=AgencyFactory(kind=AgencyKind.WELFARE_ORGANISATION), role=Role.AGENCY_ADMIN)
    for acting in (city, agency_admin):
        target_agency = AgencyFactory(kind=kind, parent=acting.agency)
        expected = set(ROLES_BY_AGENCY_KIND[kind]) - ({Role.AGENCY_ADMIN} if acting is agency_admin else set())
        assert set(grantable_roles(acting, target_agency, user=acting.user)) == expected
        for number, role in enumerate(Role.values):
            username = f"{kind[:20]}-{acting.pk}-{number}".replace("_", "-")
            create = {
                "actor": acting.user, "acting": acting, "agency": target_agency, "username": username,
                "first_name": "Neu", "last_name": "Konto", "email": f"{username}@example.org", "role": role,
            }  # fmt: skip
            if role in expected:
                assert services.account_create(**create).role == role
            else:
                with pytest.raises(ValidationError):
                    services.account_create(**create)
                assert not Membership.objects.filter(user__username=username).exists()


def test_no_administrator_reaches_an_agency_outside_their_own(personas):
    acting = personas.membership("jobcenter-admin")
    assert grantable_roles(acting, personas.agency("caritas"), user=personas.jobcenter_admin) == []


def test_every_demo_membership_holds_a_role_its_agency_kind_has(personas):
    wrong = [
        f"{m.user.username}: {m.role} at {m.agency.short_name} ({m.agency.kind})"
        for m in Membership.objects.select_related("user", "agency")
        if m.role not in ROLES_BY_AGENCY_KIND[m.agency.kind]
    ]
    assert not wrong, wrong
