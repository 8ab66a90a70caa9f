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


class ObstacleCategory(models.TextChoices):
    STRUCTURAL = "structural", _("Structural (steerable by the agencies)")
    PERSONAL = "personal", _("Personal (rooted in the person)")
