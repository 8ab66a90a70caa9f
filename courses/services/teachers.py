"""Teachers of a course: the provider's course staff assign a teacher of the provider to one of its courses (a
django-guardian object permission with history), and withdraw the assignment. Both lock the course, so an
assignment and its withdrawal never interleave."""

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import COURSE_MANAGE, require
from courses.models import Course, CourseUserObjectPermission
from courses.models.grants import TEACH_COURSE
from courses.selectors import teacher_candidates
from ewg.history import save_with_history


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
    permission = Permission.objects.get(content_type__app_label="courses", codename=TEACH_COURSE)
    grant = CourseUserObjectPermission.objects.filter(content_object=course, user=teacher, permission=permission)
    grant = grant.first()
    if grant is None:
        grant = CourseUserObjectPermission(content_object=course, user=teacher, permission=permission)
        save_with_history(grant, actor=actor)
    return grant


@transaction.atomic
def course_teacher_withdraw(*, actor: User, membership: Membership, course: Course, grant_pk: int) -> None:
    """Idempotent: an assignment already withdrawn (a second click) is left as it is."""
    course = _managed_course(actor, membership, course)
    grant = CourseUserObjectPermission.objects.filter(pk=grant_pk, content_object=course).first()
    if grant is not None:
        grant._history_user = actor  # names who withdrew it on the history row of the deletion
        grant.delete()
