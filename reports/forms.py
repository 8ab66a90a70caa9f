"""Forms of the committee report pages. Field names are the services' keyword arguments; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ewg.concurrent_edits import VersionedForm
from ewg.forms import BoundedDateField
from reports import periods
from reports.models import CommitteeReport, ReportKind, SectionContent
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
    earlier_reports = forms.ModelMultipleChoiceField(
        label=_("Earlier reports referred to"),
        queryset=CommitteeReport.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The reasons begin: “Auf die bisherigen Vorlagen … Nr. … wird verwiesen.”"),
    )
    earlier_numbers = forms.CharField(
        label=_("Further earlier submission numbers"),
        max_length=200,
        required=False,
        help_text=_("Submissions made outside this application, separated by commas, e.g. 199/17, 067/18."),
    )

    def __init__(self, *args, earlier=None, **kwargs):
        """`earlier`: the reports the user may refer to (a selector's queryset)."""
        super().__init__(*args, **kwargs)
        if earlier is not None:
            self.fields["earlier_reports"].queryset = earlier
        offered = periods.choices(timezone.localdate())
        self.fields["period"].choices = [(period.key, period.label) for period in offered]
        if not self.is_bound and not self.initial.get("period"):
            self.initial["period"] = periods.quarter_of(timezone.localdate()).key


class ReportEditForm(VersionedForm, HeaderForm):
    introduction = forms.CharField(
        label=_("Introduction to the reasons"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed after the reference to the earlier submissions, before section 1."),
    )
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


class SectionAddForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.ChoiceField(
        label=_("From the data"),
        choices=SectionContent.choices,
        required=False,
        help_text=_("The text the data gives follows your text; you can write the section again from newer data."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKUP_HELP,
    )


class SectionActionForm(forms.Form):
    """Removing, moving or rewriting a section: the version of the section the user saw (a position on the page may
    by then name another section) and, for rewriting, that edits may be overwritten."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    direction = forms.ChoiceField(
        choices=[("up", _("up")), ("down", _("down"))], required=False, widget=forms.HiddenInput
    )
    overwrite_edits = forms.BooleanField(required=False, widget=forms.HiddenInput)


class TemplateSectionForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    default_text = forms.CharField(
        label=_("Default text"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "“[[Daten]]” marks where the text written from the data goes; without it, that text follows. %(markup)s"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_text"].help_text = self.fields["default_text"].help_text % {"markup": MARKUP_HELP}
