"""Forms of the course pages: a course, the course offer's filters, a registration and the status changes."""

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS as DJANGO_WEEKDAYS
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases.forms import DATE
from courses.models.choices import CourseKind, DtzLevel
from ewg.forms import EARLIEST_LIFE_DATE, BoundedDateField

# Course.weekdays holds ISO numbers (1 = Monday); Django's names (0 = Monday) come translated already.
WEEKDAYS = [(day + 1, name) for day, name in DJANGO_WEEKDAYS.items()]
WEEKDAY_ABBR = {day + 1: name for day, name in WEEKDAYS_ABBR.items()}


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Course type"), choices=CourseKind.choices)
    federal_number = forms.CharField(label=_("Federal course number"), max_length=40, required=False)
    starts_on = BoundedDateField(label=_("Starts on"), widget=DATE)
    ends_on = BoundedDateField(label=_("Ends on"), widget=DATE)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, help_text=_("An integration course has at most 25 places.")
    )
    teaching_units = forms.IntegerField(
        label=_("Teaching units"),
        min_value=1,
        required=False,
        help_text=_("Empty: the statutory units of an integration course of this type."),
    )
    target_group = forms.CharField(label=_("Target group"), max_length=200, required=False)


class CourseFilterForm(forms.Form):
    hide_optional = True  # every filter is optional; saying so on each is noise
    kind = forms.ChoiceField(label=_("Course type"), choices=[("", _("all")), *CourseKind.choices], required=False)
    free = forms.BooleanField(label=_("Only with free places"), required=False)
    past = forms.BooleanField(label=_("Include past courses"), required=False)


class EnrolmentForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    entitlement = forms.ModelChoiceField(
        label=_("Entitlement slip"),
        queryset=None,
        required=False,
        empty_label=_("none (voluntary offer)"),
        help_text=_("Required for an integration course."),
    )
    registered_on = BoundedDateField(label=_("Registered on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, courses, slips, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["course"].label_from_instance = _course_label
        self.fields["entitlement"].queryset = slips
        self.fields["entitlement"].label_from_instance = _slip_label


def _course_label(course) -> str:
    free = max(course.capacity - course.seats_taken, 0)
    return _("%(title)s, %(provider)s, from %(start)s (%(free)d of %(capacity)d places free)") % {
        "title": course.title,
        "provider": course.provider.name,
        "start": course.starts_on.strftime("%d.%m.%Y"),
        "free": free,
        "capacity": course.capacity,
    }


def _slip_label(slip) -> str:
    return _("%(kind)s, %(course_kind)s, issued by %(agency)s, valid until %(until)s") % {
        "kind": slip.get_kind_display(),
        "course_kind": slip.get_course_kind_display(),
        "agency": slip.issuing_agency.name,
        "until": slip.valid_until.strftime("%d.%m.%Y"),
    }


# The status changes course staff make; each posts `action` and the fields of its form.
class StartForm(forms.Form):
    started_on = BoundedDateField(label=_("Started on"), widget=DATE, initial=timezone.localdate)


class InterruptForm(forms.Form):
    on = BoundedDateField(label=_("Interrupted on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ResumeForm(forms.Form):
    on = BoundedDateField(label=_("Resumed on"), widget=DATE, initial=timezone.localdate)


class DropForm(forms.Form):
    on = BoundedDateField(label=_("Dropped out on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=300)


LID_CHOICES = [("", _("not taken")), ("yes", _("passed")), ("no", _("not passed"))]


class CompleteForm(forms.Form):
    on = BoundedDateField(label=_("Completed on"), widget=DATE, initial=timezone.localdate)
    dtz_level = forms.ChoiceField(
        label=_("DTZ result"), choices=[("", _("not taken")), *DtzLevel.choices], required=False
    )
    lid_passed = forms.TypedChoiceField(
        label=_("“Leben in Deutschland”"),
        choices=LID_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )


class TeacherForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("Teacher"), queryset=User.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = User.objects.filter(pk__in=candidates.values("user_id")).order_by(
            "last_name", "first_name"
        )
        self.fields["teacher"].label_from_instance = lambda user: user.get_full_name() or user.username


# The largest number a slip can carry (the table's bigint key): a longer one is refused at its field, not by the
# database.
MAX_SLIP_NUMBER = 2**63 - 1


class SlipRegistrationForm(forms.Form):
    """Course staff register the person who brings the slip: its printed number and the person's date of birth."""

    slip_number = forms.IntegerField(
        label=_("Number of the entitlement slip"),
        min_value=1,
        max_value=MAX_SLIP_NUMBER,
        help_text=_("As printed on the slip: “Berechtigungsschein Nr. …”."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = BoundedDateField(label=_("Date of birth"), widget=DATE, earliest=EARLIEST_LIFE_DATE, future_years=0)
    registered_on = BoundedDateField(label=_("Registered on"), widget=DATE, initial=timezone.localdate, future_years=0)
