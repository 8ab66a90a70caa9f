"""Who may call which URL of the agencies app. Every URL of the app must appear in MATRIX."""

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from agencies.models import Membership
from tests.factories import MembershipFactory, OutboundEmailFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "beratung", "asyl", "abh", "jobcenter", "vhs", "vhs-lehrkraft", "ehrenamt", "koordination", "lenkung",
    "jobcenter-admin", "datenschutz", "admin", None,
]  # fmt: skip
ADMIN = "jobcenter-admin"

# (url name, method, target) -> expected status for the agency admin; everyone else gets OTHERS[method].
# Targets: "own" = an account (or an abandoned e-mail) of the admin's agency, "foreign" = one of another agency,
# "self" = the admin's own account (escalation: no administrator changes their own role or second factor).
MATRIX = {
    ("account_list", "get", None): 200,
    ("account_create", "get", None): 200,
    ("account_detail", "get", "own"): 200,
    ("account_detail", "get", "foreign"): 404,
    ("account_detail", "post", "foreign"): 404,
    ("account_detail", "post", "self"): 400,
    ("account_deactivate", "post", "own"): 302,
    ("account_deactivate", "post", "foreign"): 404,
    ("account_reactivate", "post", "foreign"): 404,
    ("account_second_factor_reset", "post", "own"): 302,
    ("account_second_factor_reset", "post", "foreign"): 404,
    ("account_second_factor_reset", "post", "self"): 400,
    ("account_second_factor_due", "post", "own"): 302,
    ("account_second_factor_due", "post", "foreign"): 404,
    ("account_second_factor_due", "post", "self"): 400,
    ("undelivered_emails", "get", None): 200,
    ("undelivered_email_resend", "post", "own"): 302,
    ("undelivered_email_resend", "post", "foreign"): 404,
    ("membership_switch", "post", "foreign"): 404,
}
# Any signed-in user who is not the admin; anonymous visitors are always sent to the login page (302).
OTHERS = {"account_list": 404, "account_create": 404, "account_detail": 404, "account_deactivate": 404,
          "account_reactivate": 404, "undelivered_emails": 404, "undelivered_email_resend": 404,
          "membership_switch": 404, "account_second_factor_reset": 404, "account_second_factor_due": 404}  # fmt: skip


def test_matrix_covers_every_url_of_the_app():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "agencies")
    urls = {pattern.name for pattern in resolver.url_patterns}
    assert urls == {name for name, _, _ in MATRIX} == set(OTHERS)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "target"), list(MATRIX))
def test_access(personas, login, persona, name, method, target):
    own = Membership.objects.get(user=personas.jobcenter)
    foreign = MembershipFactory(agency=personas.agency("caritas"))  # nobody's among the personas
    kwargs = {}
    if name == "membership_switch":
        data = {"membership": foreign.pk}
    elif name == "undelivered_email_resend":
        data = {}
        agency = own.agency if target == "own" else foreign.agency
        kwargs = {"pk": OutboundEmailFactory(agency=agency, abandoned=True).pk}
    else:
        data = {"role": "steering", "reason": "Prüfung der Rechte", "due_on": timezone.localdate().isoformat()}
        if target:
            admin_own = Membership.objects.get(user=personas.jobcenter_admin)
            kwargs = {"pk": {"own": own, "foreign": foreign, "self": admin_own}[target].pk}
    user = getattr(personas, persona) if persona else None
    response = getattr(login(user), method)(reverse(f"agencies:{name}", kwargs=kwargs), data)

    if user is None:
        expected = 302
    elif persona == ADMIN:
        expected = MATRIX[(name, method, target)]
    else:
        expected = OTHERS[name]
    assert response.status_code == expected
    if user is None:
        assert response["Location"].startswith(reverse("login"))
