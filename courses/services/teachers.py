"""Teachers of a course: the provider's course staff assign a teacher of the provider to one of its courses (a
django-guardian object permission with history), and withdraw the assignment. Both lock the course, so an
assignment and its withdrawal never interleave."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import COURSE_MANAGE, require
from courses.models import Course, CourseUserObjectPermission
from courses.models.grants import TEACH_COURSE
from courses.selectors import teacher_candidates
from ewg.grants import grant_once, withdraw


def _managed_course(actor: User, membership: Membership, course: Course) -> Course:
    course = Course.objects.select_for_update().select_related("provider").get(pk=course.pk)
    require(membership, COURSE_MANAGE, course, user=actor)
    return course


@transaction.atomic
def course_teacher_assign(
    *, actor: User, membership: Membership, course: Course, teacher: User
) -> CourseUserObjectPermission:
    """Idempotent: assigning a teacher who already teaches the course changes nothing (a second submission)."""
    course = _managed_course(actor, membership, course)
    if not teacher_candidates(course).filter(user=teacher).exists():
        raise ValidationError({"teacher": _("Choose a teacher of the course's provider.")})
    return grant_once(CourseUserObjectPermission, obj=course, user=teacher, codename=TEACH_COURSE, actor=actor)


@transaction.atomic
def course_teacher_withdraw(*, actor: User, membership: Membership, course: Course, grant_pk: int) -> None:
    """Idempotent: an assignment already withdrawn (a second click) is left as it is."""
    course = _managed_course(actor, membership, course)
    withdraw(CourseUserObjectPermission, obj=course, pk=grant_pk, actor=actor)
