"""Forms of the entitlement-slip pages. They only parse input; the rules live in courses.services.entitlements."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.forms import DATE
from courses.models.choices import INTEGRATION_COURSE_KINDS, CourseKind, EntitlementKind
from courses.services.entitlements import MAX_REASON_LENGTH, default_legal_basis
from ewg.forms import BoundedDateField

# Above any course type and its repeat; the service checks the course law of the day (courses.law).
TEACHING_UNITS_FIELD_MAX = 2000


class EntitlementIssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of slip"), choices=EntitlementKind.choices)
    course_kind = forms.ChoiceField(
        label=_("Course type"), choices=[(v, label) for v, label in CourseKind.choices if v in INTEGRATION_COURSE_KINDS]
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=120, required=False)
    issued_on = BoundedDateField(label=_("Issued on"), widget=DATE, initial=timezone.localdate)
    teaching_units = forms.IntegerField(
        label=_("Teaching units"),
        required=False,
        min_value=1,
        max_value=TEACHING_UNITS_FIELD_MAX,
        help_text=_("Left empty: the units of the course type (e.g. 700 for the general course)."),
    )
    valid_until = BoundedDateField(
        label=_("Valid until"),
        required=False,
        widget=DATE,
        help_text=_("Left empty: one year; three months for the admission of an asylum seeker."),
    )
    fee_exemption_requested = forms.BooleanField(label=_("Exemption from the course fee requested"), required=False)

    def __init__(self, *args, issuing_agency_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Without script the form cannot follow the chosen kind, so an empty field takes the kind's basis.
        self.fields["legal_basis"].help_text = _(
            "Left empty: %(entitlement)s for an entitlement, %(admission)s for an admission, "
            "%(obligation)s for an obligation."
        ) % {kind: default_legal_basis(kind, issuing_agency_kind) for kind in EntitlementKind.values}


class EntitlementWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=MAX_REASON_LENGTH)


class IssuingRuleForm(forms.Form):
    # A plain choice over a list fetched once: the page shows one of these forms per benefit system.
    agency = forms.ChoiceField(label=_("Issuing agency"))

    def __init__(self, *args, agencies: list[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        self._agencies = {str(agency.pk): agency for agency in agencies}
        self.fields["agency"].choices = [("", "–"), *((str(a.pk), a.name) for a in agencies)]

    def clean_agency(self) -> Agency:
        return self._agencies[self.cleaned_data["agency"]]
