"""The course law in force on a day (courses.models.rules): a course is judged by its first day, a slip by its day
of issue (§ 22 IntV)."""

from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import CourseTypeRule, Entitlement
from courses.models.choices import EntitlementStatus


def rules_on(on: date) -> QuerySet[CourseTypeRule]:
    return CourseTypeRule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


def course_rule(kind: str, on: date) -> CourseTypeRule | None:
    return rules_on(on).filter(kind=kind).first()


def kind_not_provided(kind_label, on: date) -> str:
    """The refusal of a course type the ordinance does not provide on that day, naming those it does."""
    in_force = sorted(str(rule.get_kind_display()) for rule in rules_on(on))
    if not in_force:
        return _("No course rules are kept for %(date)s.") % {"date": date_format(on, "SHORT_DATE_FORMAT")}
    return _(
        "The integration course ordinance provides no %(kind)s for a course starting on %(date)s (§ 13 Abs. 1 IntV); "
        "in force then: %(kinds)s."
    ) % {"kind": kind_label, "date": date_format(on, "SHORT_DATE_FORMAT"), "kinds": ", ".join(in_force)}


def funded_units_so_far(person_id: int) -> int:
    """The teaching units of the person's slips that were not withdrawn."""
    slips = Entitlement.objects.filter(person_id=person_id).exclude(status=EntitlementStatus.WITHDRAWN)
    return slips.aggregate(total=Sum("teaching_units"))["total"] or 0
