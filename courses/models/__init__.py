from courses.models.alerts import Alert, AlertAction, ScanRun
from courses.models.attendance import AttendanceCorrection, AttendanceRecord
from courses.models.courses import AttendanceAgreement, Course, Enrolment, Entitlement, IssuingRule
from courses.models.grants import CourseUserObjectPermission
from courses.models.rules import CourseTypeRule

__all__ = [
    "Alert",
    "AlertAction",
    "AttendanceAgreement",
    "AttendanceCorrection",
    "AttendanceRecord",
    "Course",
    "CourseTypeRule",
    "CourseUserObjectPermission",
    "Enrolment",
    "Entitlement",
    "IssuingRule",
    "ScanRun",
]
