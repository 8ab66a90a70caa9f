"""Teachers assigned to a course: a django-guardian object permission in a direct foreign-key table, with history."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from courses.models.courses import Course

TEACH_COURSE = "teach_course"  # the codename; Course.Meta.permissions declares it


class CourseUserObjectPermission(UserObjectPermissionBase):
    """A teacher of the provider assigned to one of its courses: they see its participants and record attendance."""

    content_object = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="teacher_grants")
    granted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("teacher of a course")
        verbose_name_plural = _("teachers of courses")
