"""The retention schedule as dated data, legal holds, what the nightly job did, and merges of two records of one
person (Art. 16 DSGVO): applied at once, reversible until confirmed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Person


class RecordKind(models.TextChoices):
    CLOSED_CASE = "closed_case", _("Person whose cases are all closed")
    NOTE = "note", _("Case note")
    CONSENT = "consent", _("Consent and the shares built on it")
    SLIP = "slip", _("Entitlement slip")
    ENROLMENT = "enrolment", _("Enrolment and attendance")
    ALERT = "alert", _("Resolved alert")
    ACCESS_LOG = "access_log", _("Access-log row")
    BOOKLET_EDITION = "booklet_edition", _("Superseded companion-booklet edition")
    ACCOUNT = "account", _("Deactivated user account")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("delete")
    WITH_PERSON = "with_person", _("delete with the person's record")
    ANONYMISE = "anonymise", _("anonymise")


class RetentionRule(models.Model):
    """How long one kind of record is kept, from what moment, and what happens then; the row in force on a day
    is the newest one valid from that day or before (as the course rules are dated)."""

    kind = models.CharField(_("kind of record"), max_length=20, choices=RecordKind.choices)
    months = models.PositiveSmallIntegerField(_("kept for (months)"))
    counted_from = models.CharField(_("counted from"), max_length=200)
    action = models.CharField(_("then"), max_length=20, choices=RetentionAction.choices)
    legal_reason = models.CharField(_("legal reason"), max_length=300)
    valid_from = models.DateField(_("valid from"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention schedule")
        constraints = [models.UniqueConstraint(fields=["kind", "valid_from"], name="retention_rule_once_a_day")]
        ordering = ["kind", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.months} Monate"


class LegalHold(models.Model):
    """A person's record kept past its retention date (a lawsuit, an audit, an objection), with the reason."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="holds")
    reason = models.CharField(_("reason"), max_length=300)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(released_at__isnull=True), name="legal_hold_one_at_a_time"
            )
        ]

    def __str__(self) -> str:
        return f"Aufbewahrung {self.person_id} seit {self.placed_at:%d.%m.%Y}"


class RetentionRun(models.Model):
    """One run of the nightly job: when, and how many records of each kind it deleted or anonymised."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    today = models.DateField()
    done = models.JSONField(default=dict)  # {kind: count}

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"Löschlauf {self.today:%d.%m.%Y}"

    @property
    def labelled_counts(self) -> list[tuple[str, int]]:
        labels = dict(RecordKind.choices)
        return [(str(labels.get(kind, _("failed"))), count) for kind, count in self.done.items()]


class ErasureRecord(models.Model):
    """What was erased, without saying whom: the former record numbers, the rule, the run or the officer."""

    run = models.ForeignKey(RetentionRun, null=True, blank=True, on_delete=models.PROTECT, related_name="erasures")
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    action = models.CharField(max_length=20, choices=RetentionAction.choices)
    subject = models.CharField(max_length=300)  # "Person 812, Fälle 1204, 1388": numbers only, never a name
    pseudonym = models.CharField(max_length=40, blank=True)  # the access log's name for the person from now on
    reason = models.CharField(max_length=300)
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        indexes = [models.Index(fields=["-done_at"], name="erasure_newest")]

    def __str__(self) -> str:
        return self.subject


class MergeStatus(models.TextChoices):
    PROPOSED = "proposed", _("applied, awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNDONE = "undone", _("undone")


class PersonMerge(models.Model):
    survivor = models.ForeignKey(Person, verbose_name=_("kept record"), on_delete=models.PROTECT, related_name="+")
    # The duplicate's row is deleted on confirmation; its number stays here for the record.
    duplicate = models.ForeignKey(
        Person, verbose_name=_("duplicate"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duplicate_number = models.PositiveIntegerField()
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(max_length=10, choices=MergeStatus.choices, default=MergeStatus.PROPOSED)
    # What moved, by table, so that an undo moves exactly that back: {"cases": [ids], ...}, and the survivor's
    # spellings before the merge.
    moved = models.JSONField(default=dict)
    aliases_before = models.JSONField(default=list)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of two records")
        constraints = [
            # A record takes part in one pending merge at a time, on either side.
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(status="proposed"), name="merge_duplicate_once_pending"
            ),
            models.CheckConstraint(condition=~Q(survivor=models.F("duplicate")), name="merge_two_records"),
        ]

    def __str__(self) -> str:
        return f"{self.duplicate_number} → {self.survivor_id}"
