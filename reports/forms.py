"""Forms of the committee report pages. Field names are the services' keyword arguments; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ewg.concurrent_edits import VersionedForm
from ewg.forms import BoundedDateField
from reports import periods
from reports.models import ReportKind
from reports.text import MAX_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MARKUP_HELP = _(
    "Blank line: new paragraph. **bold**, *italic*, lines starting with “- ” make a list, “### ” a heading. "
    "Other markup, images and scripts are removed when saving."
)


class HeaderForm(forms.Form):
    subject = forms.CharField(label=_("Subject (Betreff)"), max_length=300)
    number = forms.CharField(label=_("Submission no. (Vorlage-Nr.)"), max_length=30, help_text=_("For example 322/18."))
    file_number = forms.CharField(label=_("File reference (Aktenzeichen)"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    committee = forms.CharField(label=_("Committee"), max_length=200, initial="Sozialausschuss")
    meeting_date = BoundedDateField(label=_("Meeting date"), required=False, widget=DATE)
    period = forms.ChoiceField(label=_("Reporting period"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = periods.choices(timezone.localdate())
        self.fields["period"].choices = [(period.key, period.label) for period in offered]
        if not self.is_bound and not self.initial.get("period"):
            self.initial["period"] = periods.quarter_of(timezone.localdate()).key


class ReportEditForm(VersionedForm, HeaderForm):
    proposal = forms.CharField(
        label=_("Proposed resolution / recommendation"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKUP_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("period")
        if current and current not in dict(self.fields["period"].choices):  # a period no longer offered stays valid
            self.fields["period"].choices = [(current, periods.parse(current).label), *self.fields["period"].choices]


class SectionForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 22}),
        help_text=MARKUP_HELP,
    )
