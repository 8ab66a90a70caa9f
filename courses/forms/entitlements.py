"""Forms of the entitlement-slip pages. They only parse input; the rules live in courses.services.entitlements."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.forms import DATE
from courses.models.choices import INTEGRATION_COURSE_KINDS, CourseKind, EntitlementKind
from courses.services.entitlements import (
    ADMISSION_REFERENCE_LENGTH,
    MAX_EXCEPTION_LENGTH,
    MAX_REASON_LENGTH,
    default_legal_basis,
)
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
        help_text=_("Left empty: one year, for an entitlement no longer than it lasts; a BAMF letter as it states."),
    )
    fee_exemption_requested = forms.BooleanField(label=_("Exemption from the course fee requested"), required=False)
    admission_reference = forms.CharField(
        label=_("BAMF reference"),
        max_length=ADMISSION_REFERENCE_LENGTH,
        required=False,
        help_text=_("For a BAMF admission letter only: the federal office's reference on the letter."),
    )
    cooperation_plan_on = BoundedDateField(
        label=_("Kooperationsplan of"),
        required=False,
        widget=DATE,
        help_text=_("For the jobcenter's admission (§ 5a IntV) only: the date of the plan that includes the course."),
    )
    cooperation_plan_review_on = BoundedDateField(
        label=_("Kooperationsplan reviewed by"),
        required=False,
        widget=DATE,
        help_text=_("At the latest six months after the plan (§ 15 Abs. 3 SGB II)."),
    )
    exception_reason = forms.CharField(
        label=_("Reason for an exception"),
        max_length=MAX_EXCEPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only if the residence titles do not show the entitlement but the law allows it, e.g. the person could "
            "not register in time for reasons they are not responsible for (§ 44 Abs. 2 S. 2 AufenthG). "
            "The data protection officer sees every exception."
        ),
    )

    def __init__(self, *args, issuing_agency_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Without script the form cannot follow the chosen kind, so an empty field takes the kind's basis.
        self.fields["legal_basis"].help_text = _(
            "Left empty: for an entitlement the item of § 44 Abs. 1 AufenthG the residence title falls under; "
            "%(admission)s for a BAMF admission, %(cooperation_plan)s for the jobcenter's admission, "
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
