from cases.models.alerts import Alert, ScanRun
from cases.models.attendance import AttendanceCorrection, AttendanceRecord
from cases.models.audit import AccessLog
from cases.models.booklets import BookletEdition, CompanionBooklet
from cases.models.cases import Case, CaseNote, PersonalGoal, PlanStep, SupportPlan
from cases.models.catalogue import Obstacle
from cases.models.courses import AttendanceAgreement, Course, Enrolment, Entitlement, IssuingRule
from cases.models.persons import BenefitPeriod, Person, ResidenceStatus
from cases.models.sharing import CaseShare, Consent

__all__ = [
    "AccessLog",
    "Alert",
    "AttendanceAgreement",
    "AttendanceCorrection",
    "AttendanceRecord",
    "BenefitPeriod",
    "BookletEdition",
    "Case",
    "CaseNote",
    "CaseShare",
    "CompanionBooklet",
    "Consent",
    "Course",
    "Enrolment",
    "Entitlement",
    "IssuingRule",
    "Obstacle",
    "Person",
    "PersonalGoal",
    "PlanStep",
    "ResidenceStatus",
    "ScanRun",
    "SupportPlan",
]
