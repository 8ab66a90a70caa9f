from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, BenefitSystem, User
from cases.models import EmergencyReason, Obstacle, ReferralOutcome
from cases.models.choices import (
    ActionField,
    CaseKind,
    CasePhase,
    CaseStatus,
    DataCategory,
    Gender,
    NoteKind,
    ObstacleCategory,
    ResidenceKind,
    ResidenceTitle,
    Statute,
)
from cases.transfers import rules_in_force
from ewg.concurrent_edits import VersionedForm
from ewg.forms import EARLIEST_LIFE_DATE, LONG_TEXT, BoundedDateField, ModelChoiceField, ModelMultipleChoiceField
from ewg.history import REASON_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntakeForm(forms.Form):
    """Register a person and open their case in one step."""

    given_names = forms.CharField(label=_("Given names"), max_length=200)
    family_name = forms.CharField(label=_("Family name"), max_length=200)
    aliases = forms.CharField(
        label=_("Other spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. the Arabic or Cyrillic spelling or the spelling on another document."),
        max_length=LONG_TEXT,
    )
    birth_date = BoundedDateField(label=_("Date of birth"), widget=DATE, earliest=EARLIEST_LIFE_DATE, future_years=0)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    nationality = forms.CharField(label=_("Nationality"), max_length=100, required=False)
    languages = forms.CharField(
        label=_("Languages spoken"), max_length=300, required=False, help_text=_("Comma-separated.")
    )
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    arrival_date = BoundedDateField(
        label=_("Arrival in Germany"), required=False, widget=DATE, earliest=EARLIEST_LIFE_DATE, future_years=0
    )
    residence = forms.ChoiceField(
        label=_("Residence status"), choices=[("", "–"), *ResidenceKind.choices], required=False
    )
    benefit_system = forms.ChoiceField(
        label=_("Benefit system"), choices=[("", "–"), *BenefitSystem.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Kind of case"), choices=CaseKind.choices)
    action_fields = forms.MultipleChoiceField(
        label=_("Fields of action"), choices=ActionField.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked the persons above: this is someone else."), required=False
    )
    # Sent by the button "open a case for this person" beside a likely duplicate; not shown as a field.
    existing_person = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def clean_languages(self) -> list[str]:
        return [item.strip() for item in self.cleaned_data["languages"].split(",") if item.strip()]


class PersonCorrectionForm(VersionedForm):
    """Correct a person's master data (Art. 16 DSGVO); the reason goes into the history row."""

    given_names = IntakeForm.base_fields["given_names"]
    family_name = IntakeForm.base_fields["family_name"]
    aliases = IntakeForm.base_fields["aliases"]
    birth_date = IntakeForm.base_fields["birth_date"]
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    nationality = IntakeForm.base_fields["nationality"]
    languages = IntakeForm.base_fields["languages"]
    arrival_date = IntakeForm.base_fields["arrival_date"]
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    district = IntakeForm.base_fields["district"]
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=REASON_LENGTH,
        help_text=_('E.g. "Spelling as in the passport". Kept in the history with your name.'),
    )

    clean_aliases = IntakeForm.clean_aliases
    clean_languages = IntakeForm.clean_languages


class CaseFilterForm(forms.Form):
    hide_optional = True  # every filter is optional; saying so on each is noise
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("all")), *CaseStatus.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("all")), *CaseKind.choices], required=False)
    agency = ModelChoiceField(
        label=_("Lead agency"), queryset=Agency.objects.none(), required=False, empty_label=_("all")
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    benefit = forms.ChoiceField(
        label=_("Benefit system"), choices=[("", _("all")), *BenefitSystem.choices], required=False
    )
    field = forms.ChoiceField(
        label=_("Field of action"), choices=[("", _("all")), *ActionField.choices], required=False
    )
    obstacle = ModelChoiceField(
        label=_("Obstacle"), queryset=Obstacle.objects.none(), required=False, empty_label=_("all")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["obstacle"].queryset = Obstacle.objects.filter(is_active=True)


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    occurred_on = BoundedDateField(label=_("Date"), widget=DATE, initial=timezone.localdate, future_years=0)
    text = forms.CharField(label=_("Entry"), widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT)


class ConsentForm(forms.Form):
    receiving_agency = ModelChoiceField(label=_("Receiving agency"), queryset=Agency.objects.none())
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    categories = forms.MultipleChoiceField(
        label=_("Data categories"), choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    given_on = BoundedDateField(label=_("Given on"), widget=DATE, initial=timezone.localdate, future_years=0)
    form_version = forms.CharField(label=_("Form and version"), max_length=100, initial="Einwilligungserklärung EWG v1")
    in_presence = forms.BooleanField(
        label=_("The person signed the consent form in my presence; the signed form is filed."), required=True
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].queryset = agencies


class LegalBasisForm(forms.Form):
    """A transfer's legal basis as one choice: one of the consents in force, or a statute in force (with whom and
    what it carries); the services refuse any combination the law does not carry."""

    basis = forms.ChoiceField(label=_("Legal basis"))

    def __init__(self, *args, consents, **kwargs):
        super().__init__(*args, **kwargs)
        self.consents = {str(consent.pk): consent for consent in consents}
        self.fields["basis"].choices = [
            ("", "–"),
            *[
                (
                    f"consent:{c.pk}",
                    _("Consent for %(agency)s of %(date)s")
                    % {"agency": c.receiving_agency.name, "date": c.given_on.strftime("%d.%m.%Y")},
                )
                for c in consents
            ],
            *[
                (f"statute:{rule.statute}", f"{Statute(rule.statute).label} – {rule.recipients_text}")
                for rule in rules_in_force(timezone.localdate())
            ],
        ]

    def legal_basis(self) -> dict:
        kind, _sep, value = self.cleaned_data["basis"].partition(":")
        if kind == "consent":
            return {"consent": self.consents[value]}
        return {"statute": value}


class ShareForm(LegalBasisForm):
    agency = ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    categories = forms.MultipleChoiceField(
        label=_("Data categories"), choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_until = BoundedDateField(label=_("Valid until"), required=False, widget=DATE)
    field_order = ["agency", "basis", "categories", "valid_until"]

    def __init__(self, *args, agencies, consents, **kwargs):
        super().__init__(*args, consents=consents, **kwargs)
        self.fields["agency"].queryset = agencies


class ReferralForm(LegalBasisForm):
    to_agency = ModelChoiceField(label=_("Refer to"), queryset=Agency.objects.none())
    to_user = ModelChoiceField(
        label=_("Case manager there (optional)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to refer to the agency as a whole."),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    categories = forms.MultipleChoiceField(
        label=_("Data categories to disclose"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[DataCategory.MASTER_DATA],
    )
    field_order = ["to_agency", "to_user", "purpose", "basis", "categories"]

    def __init__(self, *args, agencies, receivers, consents, **kwargs):
        super().__init__(*args, consents=consents, **kwargs)
        self.fields["to_agency"].queryset = agencies
        self.fields["to_user"].queryset = receivers
        self.fields["to_user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.agency_name})"
        )


class ReferralAcceptForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of your case"), choices=CaseKind.choices, initial=CaseKind.COUNSELLING)


class ReferralDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ReferralCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Result"), choices=ReferralOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note on the result"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the referral was not successful."),
    )


class ReferralWithdrawForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)


class ObstacleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ObstacleCategory.choices)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=CasePhase.choices)


class CloseForm(forms.Form):
    closed_on = BoundedDateField(label=_("Closed on"), widget=DATE, initial=timezone.localdate)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=REASON_LENGTH,
        help_text=_('E.g. "The person came back with a new request". Kept in the history with your name.'),
    )


class RevocationForm(forms.Form):
    """The day the person withdrew the consent, which may lie before the day it is recorded."""

    revoked_on = BoundedDateField(
        label=_("Revoked on"),
        widget=DATE,
        initial=timezone.localdate,
        future_years=0,
        help_text=_("The day the person withdrew the consent: today or earlier, not before the consent was given."),
    )


class StepDoneForm(forms.Form):
    # Optional, so that a form sent without it records today as before.
    done_on = BoundedDateField(
        label=_("Step done on"), widget=DATE, initial=timezone.localdate, future_years=0, required=False
    )


class TopicsForm(forms.Form):
    action_fields = forms.MultipleChoiceField(
        label=_("Fields of action"), choices=ActionField.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    obstacles = ModelMultipleChoiceField(
        label=_("Obstacles"), queryset=Obstacle.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Retired obstacles stay selectable on the cases that already name them.
        self.fields["obstacles"].queryset = Obstacle.objects.filter(
            Q(is_active=True) | Q(pk__in=case.obstacles.values("pk"))
        ).order_by("category", "name")


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    target_date = BoundedDateField(label=_("Target date"), required=False, widget=DATE)


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=300)
    responsible = forms.CharField(label=_("Responsible"), max_length=200)
    due_on = BoundedDateField(label=_("Due on"), required=False, widget=DATE)


class ResidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Residence status"), choices=ResidenceKind.choices)
    title = forms.ChoiceField(
        label=_("Paragraph"),
        choices=[("", "–"), *ResidenceTitle.choices],
        required=False,
        help_text=_("The entitlement to an integration course follows from it (§ 44 AufenthG)."),
    )
    valid_from = BoundedDateField(label=_("Granted on"), widget=DATE, earliest=EARLIEST_LIFE_DATE, future_years=0)
    valid_until = BoundedDateField(label=_("Valid until"), widget=DATE, required=False, earliest=EARLIEST_LIFE_DATE)
    residence_rule_place = forms.CharField(
        label=_("Residence rule (§ 12a AufenthG)"),
        max_length=100,
        required=False,
        help_text=_("The place the person must live in; empty if no residence rule applies."),
    )


class BenefitForm(forms.Form):
    system = forms.ChoiceField(label=_("Benefit system"), choices=BenefitSystem.choices)
    valid_from = BoundedDateField(label=_("Valid from"), widget=DATE, earliest=EARLIEST_LIFE_DATE, future_years=0)


class CaseManagerForm(forms.Form):
    case_manager = ModelChoiceField(label=_("New case manager"), queryset=User.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = User.objects.filter(pk__in=candidates.values("user_id")).order_by(
            "last_name", "first_name"
        )
        self.fields["case_manager"].label_from_instance = lambda user: user.get_full_name() or user.username


class CoworkerForm(forms.Form):
    colleague = ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Why the colleague needs the case"),
        max_length=200,
        help_text=_("Recorded with the grant; the data protection officer reads it in the case's protocol."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = User.objects.filter(pk__in=candidates.values("user_id")).order_by(
            "last_name", "first_name"
        )
        self.fields["colleague"].label_from_instance = lambda user: user.get_full_name() or user.username


class EmergencyForm(forms.Form):
    case_number = forms.IntegerField(label=_("Case number"), min_value=1, max_value=2_147_483_647)
    reason = forms.ChoiceField(label=_("Emergency"), choices=EmergencyReason.choices, widget=forms.RadioSelect)
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=300,
        help_text=_("What happened and why it cannot wait for the lead agency. The data protection officer reads it."),
    )
