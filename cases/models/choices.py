from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")
    UNKNOWN = "unknown", _("not stated")


class ResidenceKind(models.TextChoices):
    PERMISSION_TO_STAY = "gestattung", _("Permission to stay (Aufenthaltsgestattung)")
    TOLERATION = "duldung", _("Toleration (Duldung)")
    RESIDENCE_PERMIT = "aufenthaltserlaubnis", _("Residence permit")
    SETTLEMENT_PERMIT = "niederlassungserlaubnis", _("Settlement permit")
    EU_FREE_MOVEMENT = "eu", _("EU free movement")
    GERMAN = "german", _("German citizen")


class ResidenceTitle(models.TextChoices):
    """The paragraph a title is granted under: what the entitlement to a course follows from (§ 44 AufenthG)."""

    WORK_18A = "18a", _("§ 18a AufenthG (skilled worker with vocational training)")
    WORK_18B = "18b", _("§ 18b AufenthG (skilled worker with a degree)")
    WORK_18D = "18d", _("§ 18d AufenthG (research)")
    WORK_18G = "18g", _("§ 18g AufenthG (EU Blue Card)")
    WORK_19C = "19c", _("§ 19c AufenthG (other employment)")
    WORK_21 = "21", _("§ 21 AufenthG (self-employment)")
    STUDY = "16", _("§§ 16a–17 AufenthG (training, studies, language course)")
    ADMISSION_FROM_ABROAD = "22", _("§ 22 AufenthG (admission from abroad)")
    HUMANITARIAN_23_1 = "23_1", _("§ 23 Abs. 1 AufenthG (state admission programme)")
    HUMANITARIAN_23_2 = "23_2", _("§ 23 Abs. 2 AufenthG (federal admission)")
    HUMANITARIAN_23_4 = "23_4", _("§ 23 Abs. 4 AufenthG (resettlement)")
    TEMPORARY_PROTECTION = "24", _("§ 24 AufenthG (temporary protection)")
    ASYLUM = "25_1", _("§ 25 Abs. 1 AufenthG (entitled to asylum)")
    REFUGEE = "25_2", _("§ 25 Abs. 2 AufenthG (refugee or subsidiary protection)")
    BAN_ON_DEPORTATION = "25_3", _("§ 25 Abs. 3 AufenthG (ban on deportation)")
    HUMANITARIAN_25_4 = "25_4", _("§ 25 Abs. 4 AufenthG (temporary stay)")
    TRAFFICKING = "25_4a", _("§ 25 Abs. 4a S. 3 AufenthG (victim of trafficking, extended)")
    DEPARTURE_IMPOSSIBLE = "25_5", _("§ 25 Abs. 5 AufenthG (departure impossible)")
    YOUNG_INTEGRATED = "25a", _("§ 25a AufenthG (well-integrated young person)")
    SUSTAINABLE_INTEGRATION = "25b", _("§ 25b AufenthG (sustainable integration)")
    FAMILY_GERMAN = "28", _("§ 28 AufenthG (family of a German)")
    FAMILY_SPOUSE = "30", _("§ 30 AufenthG (spouse)")
    FAMILY_CHILD = "32", _("§ 32 AufenthG (child)")
    FAMILY_PARENTS = "36", _("§ 36 AufenthG (parents, other relatives)")
    FAMILY_PROTECTED = "36a", _("§ 36a AufenthG (family of a subsidiary protection holder)")
    LONG_TERM_OTHER_EU = "38a", _("§ 38a AufenthG (long-term resident of another EU state)")
    OPPORTUNITY = "104c", _("§ 104c AufenthG (opportunity residence)")
    SETTLEMENT = "9", _("§ 9 AufenthG (settlement permit)")
    SETTLEMENT_EU = "9a", _("§ 9a AufenthG (EU long-term residence)")
    SETTLEMENT_PROTECTED = "26_3", _("§ 26 Abs. 3 AufenthG (settlement after protection)")
    TOLERATION_60A_2_1 = "60a_2_1", _("§ 60a Abs. 2 S. 1 AufenthG (deportation suspended)")
    TOLERATION_60A_2_3 = "60a_2_3", _("§ 60a Abs. 2 S. 3 AufenthG (urgent personal reasons)")
    TOLERATION_TRAINING = "60c", _("§ 60c AufenthG (toleration for training)")
    TOLERATION_WORK = "60d", _("§ 60d AufenthG (toleration for employment)")
    ASYLUM_PROCEDURE = "asylg_55", _("§ 55 AsylG (permission to stay during the asylum procedure)")
    FREE_MOVEMENT = "freizuegg", _("§ 2 FreizügG/EU (free movement)")
    OTHER = "other", _("another paragraph")


_PERMIT_TITLES = frozenset(
    {"18a", "18b", "18d", "18g", "19c", "21", "16", "22", "23_1", "23_2", "23_4", "24", "25_1", "25_2", "25_3", "25_4",
     "25_4a", "25_5", "25a", "25b", "28", "30", "32", "36", "36a", "38a", "104c", "other"}
)  # fmt: skip


def paragraph_of(title: str) -> str:
    """The paragraph alone, as a slip or the case page names it ("§ 25 Abs. 2 AufenthG"); "" for none or another."""
    return str(ResidenceTitle(title).label).split(" (")[0] if title and title != ResidenceTitle.OTHER else ""


# Which paragraphs a status of each kind can be granted under; a German has none.
TITLES_OF_KIND = {
    ResidenceKind.PERMISSION_TO_STAY: frozenset({"asylg_55"}),
    ResidenceKind.TOLERATION: frozenset({"60a_2_1", "60a_2_3", "60c", "60d", "other"}),
    ResidenceKind.RESIDENCE_PERMIT: _PERMIT_TITLES,
    ResidenceKind.SETTLEMENT_PERMIT: frozenset({"9", "9a", "26_3", "23_2", "other"}),
    ResidenceKind.EU_FREE_MOVEMENT: frozenset({"freizuegg"}),
    ResidenceKind.GERMAN: frozenset(),
}


class CaseKind(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    CASE_MANAGEMENT = "case_management", _("Case management")
    ARRIVAL = "arrival", _("Arrival counselling (Ankommensberatung)")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class CasePhase(models.TextChoices):
    INTAKE = "intake", _("Case clarification")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Support planning")
    MONITORING = "monitoring", _("Service steering")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSURE = "closure", _("Closure")


class ActionField(models.TextChoices):
    """The fields of action of the municipal migration and integration concept."""

    LANGUAGE = "language", _("Language")
    WORK = "work", _("Work, training, qualification")
    EDUCATION = "education", _("Education and school")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family and children")
    PARTICIPATION = "participation", _("Social participation")
    RESIDENCE = "residence", _("Residence and benefits")


class DataCategory(models.TextChoices):
    MASTER_DATA = "master_data", _("Master data")
    RESIDENCE = "residence", _("Residence status")
    BENEFITS = "benefits", _("Benefits")
    COURSES = "courses", _("Courses")
    # The counselling content: the notes, and what they lead to (fields of action, obstacles, the support plan).
    NOTES = "notes", _("Case notes, fields of action, obstacles and plan")
    HEALTH = "health", _("Health-related data")


class ConsentUse(models.TextChoices):
    """What a consent allows: a transfer to another agency (§ 67b SGB X), or that the issuing agency writes the
    person's data into the companion booklet the person keeps and shows to whom they choose."""

    TRANSFER = "transfer", _("Transfer to another agency")
    BOOKLET = "booklet", _("Companion booklet")


class NoteKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter or e-mail")
    CASE_CONFERENCE = "case_conference", _("Case conference")
    HOME_VISIT = "home_visit", _("Home visit")
    OTHER = "other", _("Other")


class Statute(models.TextChoices):
    """Legal bases for a transfer without consent (§§ 67d, 68–77 SGB X)."""

    SGB_X_69 = "sgb10_69_1_1", _("§ 69 Abs. 1 Nr. 1 SGB X (own statutory tasks)")
    SGB_X_71 = "sgb10_71_2", _("§ 71 Abs. 2 SGB X (foreigners' authority)")
    INTV_8_3 = "intv_8_3", _("§ 8 Abs. 3 IntV (course attendance)")


class AccessAction(models.TextChoices):
    DETAIL = "detail", _("Case opened")
    NOTES = "notes", _("Case notes read")
    HISTORY = "history", _("History read")
    EXPORT = "export", _("Export")
    PDF = "pdf", _("PDF")
    ALERT = "alert", _("Alert read (statutory report)")
    BOOKLET = "booklet", _("Companion booklet printed or read")
    LIST = "list", _("List or search results read")
    SUBJECT_ACCESS = "subject_access", _("Subject access report produced (Art. 15 GDPR)")
    AUDIT = "audit", _("Protocol read by the data protection officer")
    EMERGENCY = "emergency", _("Emergency access opened")


class ObstacleCategory(models.TextChoices):
    STRUCTURAL = "structural", _("Structural (steerable by the agencies)")
    PERSONAL = "personal", _("Personal (rooted in the person)")
