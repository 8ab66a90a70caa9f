from courses.models.alerts import Alert, ScanRun
from courses.models.attendance import AttendanceCorrection, AttendanceRecord
from courses.models.courses import AttendanceAgreement, Course, Enrolment, Entitlement, IssuingRule
from courses.models.grants import CourseUserObjectPermission

__all__ = [
    "Alert",
    "AttendanceAgreement",
    "AttendanceCorrection",
    "AttendanceRecord",
    "Course",
    "CourseUserObjectPermission",
    "Enrolment",
    "Entitlement",
    "IssuingRule",
    "ScanRun",
]
