from cases.models.audit import AccessLog
from cases.models.cases import Case, CaseNote, PersonalGoal, PlanStep, SupportPlan
from cases.models.catalogue import Obstacle
from cases.models.grants import CaseUserObjectPermission, EmergencyAccess, EmergencyReason
from cases.models.persons import BenefitPeriod, Person, ResidenceStatus
from cases.models.referrals import Referral, ReferralOutcome, ReferralStatus
from cases.models.sharing import CaseShare, Consent

__all__ = [
    "AccessLog",
    "BenefitPeriod",
    "Case",
    "CaseNote",
    "CaseShare",
    "CaseUserObjectPermission",
    "Consent",
    "EmergencyAccess",
    "EmergencyReason",
    "Obstacle",
    "Person",
    "PersonalGoal",
    "PlanStep",
    "Referral",
    "ReferralOutcome",
    "ReferralStatus",
    "ResidenceStatus",
    "SupportPlan",
]
