"""Erasure of a person that reaches everything (Art. 17 DSGVO, § 84 Abs. 2 SGB X): the records, the history tables
(every row that ever named them, also of records deleted before), the booklet editions, mails in the outbox and
searches kept in sessions; the access log keeps its rows under a pseudonym, so that reads stay countable.

Rows are deleted by plain DELETE statements (`_raw_delete`): deleting through the ORM would first load every row
and have django-simple-history write a deletion row with the very data being erased.
"""

import hmac
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import OutboundEmail, User
from agencies.sessions import sessions_expire
from booklets.models import BookletEdition, CompanionBooklet
from cases import searches
from cases.models import (
    AccessLog,
    BenefitPeriod,
    Case,
    CaseNote,
    CaseShare,
    CaseUserObjectPermission,
    Consent,
    EmergencyAccess,
    Person,
    PersonalGoal,
    PlanStep,
    Referral,
    ResidenceStatus,
    SupportPlan,
)
from cases.models.choices import CaseStatus
from cases.names import fold
from courses.models import (
    Alert,
    AlertAction,
    AttendanceAgreement,
    AttendanceCorrection,
    AttendanceRecord,
    Enrolment,
    Entitlement,
)
from followups.models import FollowUp
from privacy.models import ErasureRecord, LegalHold, PersonMerge, RecordKind, RetentionAction, RetentionRun

ERASED_MAIL = "[Inhalt gelöscht: die Person, die diese Nachricht betraf, wurde gelöscht.]"


def pseudonym_of(person_id: int) -> str:
    """The access log's name for an erased person: the same for all their rows, not traceable without the key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"erased-person:{person_id}".encode(), "sha256").hexdigest()
    return f"P-{digest[:16]}"


def _ids(queryset) -> set[int]:
    return set(queryset.order_by().values_list("id", flat=True).distinct())


@dataclass
class _Footprint:
    """The ids of every record that ever belonged to the person, read from the live and the history tables."""

    person: int
    cases: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    goals: set[int] = field(default_factory=set)
    entitlements: set[int] = field(default_factory=set)
    enrolments: set[int] = field(default_factory=set)
    booklets: set[int] = field(default_factory=set)
    spellings: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, person_id: int) -> "_Footprint":
        found = cls(person=person_id)
        found.cases = _ids(Case.objects.filter(person_id=person_id)) | _ids(Case.history.filter(person_id=person_id))
        # Live and history rows: a record may predate its history (bulk loads), or survive only in the history.
        found.plans = _ids(SupportPlan.objects.filter(case_id__in=found.cases)) | _ids(
            SupportPlan.history.filter(case_id__in=found.cases)
        )
        found.goals = _ids(PersonalGoal.objects.filter(plan_id__in=found.plans)) | _ids(
            PersonalGoal.history.filter(plan_id__in=found.plans)
        )
        found.entitlements = _ids(Entitlement.objects.filter(person_id=person_id)) | _ids(
            Entitlement.history.filter(person_id=person_id)
        )
        found.enrolments = _ids(Enrolment.objects.filter(person_id=person_id)) | _ids(
            Enrolment.history.filter(person_id=person_id)
        )
        found.booklets = _ids(CompanionBooklet.objects.filter(person_id=person_id)) | _ids(
            CompanionBooklet.history.filter(person_id=person_id)
        )
        names = ("given_names", "family_name", "aliases")
        for row in [
            *Person.objects.filter(id=person_id).values(*names),
            *Person.history.filter(id=person_id).values(*names),
        ]:
            found.spellings.update({row["given_names"], row["family_name"], *(row["aliases"] or [])})
        found.spellings.discard("")
        return found


def _delete(queryset) -> int:
    return queryset._raw_delete(queryset.db)


def _live_rows(found: _Footprint) -> list:
    """The live tables, children before parents (the foreign keys are PROTECT)."""
    person, cases, enrolments = found.person, found.cases, found.enrolments
    return [
        AttendanceCorrection.objects.filter(record__enrolment_id__in=enrolments),
        AttendanceRecord.objects.filter(enrolment_id__in=enrolments),
        AlertAction.objects.filter(
            Q(alert__enrolment_id__in=enrolments) | Q(alert__entitlement_id__in=found.entitlements)
        ),
        Alert.objects.filter(Q(enrolment_id__in=enrolments) | Q(entitlement_id__in=found.entitlements)),
        AttendanceAgreement.objects.filter(enrolment_id__in=enrolments),
        Enrolment.objects.filter(id__in=enrolments),
        Entitlement.objects.filter(id__in=found.entitlements),
        BookletEdition.objects.filter(booklet_id__in=found.booklets),
        CompanionBooklet.objects.filter(id__in=found.booklets),
        Referral.objects.filter(Q(case_id__in=cases) | Q(received_case_id__in=cases)),
        CaseShare.objects.filter(case_id__in=cases),
        Consent.objects.filter(person_id=person),
        CaseUserObjectPermission.objects.filter(content_object_id__in=cases),
        EmergencyAccess.objects.filter(case_id__in=cases),
        FollowUp.objects.filter(case_id__in=cases),  # before the plan steps it may name
        PlanStep.objects.filter(goal_id__in=found.goals),
        PersonalGoal.objects.filter(id__in=found.goals),
        SupportPlan.objects.filter(id__in=found.plans),
        CaseNote.objects.filter(case_id__in=cases),
        Case.obstacles.through.objects.filter(case_id__in=cases),
        Case.objects.filter(id__in=cases),
        ResidenceStatus.objects.filter(person_id=person),
        BenefitPeriod.objects.filter(person_id=person),
        LegalHold.objects.filter(person_id=person),
        PersonMerge.objects.filter(Q(survivor_id=person) | Q(duplicate_id=person)),
        Person.objects.filter(id=person),
    ]


def _history_rows(found: _Footprint) -> list:
    """Every history row that named the person, also of records deleted before."""
    person, cases, enrolments = found.person, found.cases, found.enrolments
    case_history = Case.history.filter(person_id=person)
    about_the_person = Q(enrolment_id__in=enrolments) | Q(entitlement_id__in=found.entitlements)
    alerts = _ids(Alert.objects.filter(about_the_person)) | _ids(Alert.history.filter(about_the_person))
    return [
        AlertAction.history.filter(alert_id__in=alerts),
        Alert.history.filter(Q(enrolment_id__in=enrolments) | Q(entitlement_id__in=found.entitlements)),
        AttendanceAgreement.history.filter(enrolment_id__in=enrolments),
        Enrolment.history.filter(person_id=person),
        Entitlement.history.filter(person_id=person),
        BookletEdition.history.filter(booklet_id__in=found.booklets),
        CompanionBooklet.history.filter(person_id=person),
        Referral.history.filter(Q(case_id__in=cases) | Q(received_case_id__in=cases)),
        CaseShare.history.filter(case_id__in=cases),
        Consent.history.filter(person_id=person),
        CaseUserObjectPermission.history.filter(content_object_id__in=cases),
        EmergencyAccess.history.filter(case_id__in=cases),
        FollowUp.history.filter(case_id__in=cases),
        PlanStep.history.filter(goal_id__in=found.goals),
        PersonalGoal.history.filter(plan_id__in=found.plans),
        SupportPlan.history.filter(case_id__in=cases),
        CaseNote.history.filter(case_id__in=cases),
        apps.get_model("cases", "HistoricalCase_obstacles").objects.filter(
            history__in=case_history.values("history_id")
        ),
        case_history,
        ResidenceStatus.history.filter(person_id=person),
        BenefitPeriod.history.filter(person_id=person),
        LegalHold.history.filter(person_id=person),
        PersonMerge.history.filter(Q(survivor_id=person) | Q(duplicate_number=person)),
        Person.history.filter(id=person),
    ]


def _pseudonymise_reads(found: _Footprint, pseudonym: str) -> None:
    AccessLog.objects.filter(Q(person_id=found.person) | Q(case_id__in=found.cases)).update(
        person=None, case=None, pseudonym=pseudonym
    )
    AccessLog.objects.filter(persons__contains=[found.person]).update(
        persons=Func(F("persons"), Value(found.person), function="array_remove")
    )


def _mentions(text: str, folded_spellings: set[str]) -> bool:
    folded = fold(text)
    return any(spelling in folded for spelling in folded_spellings)


def _erase_mails(found: _Footprint) -> None:
    """Mails that name the person lose their text (pending ones are not sent any more)."""
    subjects, bodies = Q(), Q()
    for spelling in found.spellings:
        subjects |= Q(subject__icontains=spelling)
        bodies |= Q(body__icontains=spelling)
    if not subjects:
        return
    # The history keeps subjects, not bodies (agencies.models.OutboundEmail).
    mails = _ids(OutboundEmail.objects.filter(subjects | bodies)) | _ids(OutboundEmail.history.filter(subjects))
    if mails:
        OutboundEmail.objects.filter(id__in=mails).update(
            subject=ERASED_MAIL[:250], body=ERASED_MAIL, abandoned_at=timezone.now()
        )
        OutboundEmail.history.filter(id__in=mails).update(subject=ERASED_MAIL[:250])


def _forget_searches(found: _Footprint) -> None:
    """Searches for the person's names kept in sessions (cases.searches) are forgotten: the sessions that ran out
    go (as they do every night), those still running lose the searches that name the person."""
    sessions_expire()
    folded = {fold(spelling) for spelling in found.spellings} - {""}
    for session in Session.objects.filter(expire_date__gt=timezone.now()).select_for_update():
        data = session.get_decoded()
        kept = data.get(searches.SESSION_KEY, {})
        left = {
            token: criteria for token, criteria in kept.items() if not _mentions(" ".join(criteria.values()), folded)
        }
        if left != kept:
            data[searches.SESSION_KEY] = left
            Session.objects.filter(pk=session.pk).update(session_data=Session.objects.encode(data))


def erase_person(
    person_id: int, *, reason: str, actor: User | None = None, run: RetentionRun | None = None
) -> ErasureRecord:
    """Erase the person and everything that hangs on them, in one transaction; refused under a legal hold."""
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person_id).first()
        if person is None:
            raise ValidationError(_("The person no longer exists (already erased?)."), code="gone")
        if Case.objects.filter(person_id=person_id, status=CaseStatus.OPEN).exists() and run is not None:
            raise ValidationError(_("The person has an open case again."), code="open")
        if LegalHold.objects.filter(person_id=person_id, released_at__isnull=True).exists():
            raise ValidationError(
                _("The person's record is under a legal hold and is not erased until the hold is released."),
                code="held",
            )
        found = _Footprint.of(person_id)
        pseudonym = pseudonym_of(person_id)
        _pseudonymise_reads(found, pseudonym)
        _erase_mails(found)
        _forget_searches(found)
        for rows in (*_live_rows(found), *_history_rows(found)):
            _delete(rows)
        numbers = ", ".join(str(number) for number in sorted(found.cases))
        return ErasureRecord.objects.create(
            run=run,
            erased_by=actor,
            kind=RecordKind.CLOSED_CASE,
            action=RetentionAction.DELETE,
            subject=f"Person {person_id}" + (f", Fälle {numbers}" if numbers else ""),
            pseudonym=pseudonym,
            reason=reason[:300],
        )
