"""The subject-access report laid out for print: German, and each heading and explanation also in the person's
language where the companion booklet is printed in it.

The rows are put together here as German text (the records' own values and the choice labels as the German UI shows
them), so that the template only places them. Headings and explanations come from the report's phrase table as
`Bilingual` pairs (booklets.rendering): a German line, and the translation on its own line with its `lang` and `dir`.
"""

import re
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from agencies.models import User
from booklets import phrases as booklet_phrases
from booklets.models import BookletSection
from booklets.rendering import FONT_FACES, Bilingual
from cases.models.choices import ActionField, DataCategory
from courses.models.choices import EntitlementStatus
from privacy import subject_access_phrases as phrases
from privacy.subject_access import SubjectAccessReport

TEMPLATE = "privacy/subject_access_pdf.html"
NONE = "–"

# How Person.languages names a language (typed by staff, in German mostly) -> the booklet's language code. Dari is
# written as Persian is, so its readers get the Persian text.
LANGUAGE_NAMES: dict[str, frozenset[str]] = {
    "en": frozenset({"en", "englisch", "english"}),
    "ar": frozenset({"ar", "arabisch", "arabic", "العربية"}),
    "fa": frozenset({"fa", "farsi", "persisch", "persian", "dari", "prs", "فارسی", "دری"}),
    "uk": frozenset({"uk", "ukrainisch", "ukrainian", "українська"}),
    "tr": frozenset({"tr", "türkisch", "turkish", "türkçe"}),
    "ti": frozenset({"ti", "tigrinya", "tigrinisch", "ትግርኛ"}),
}


def report_language(spoken: list[str]) -> str:
    """The first language the person speaks that the booklet is printed in; "de" (German only) for none."""
    for name in spoken:
        folded = name.strip().casefold()
        forms = {folded, re.split(r"[\s(_-]", folded, maxsplit=1)[0]}  # "ar-SY", "Arabisch (syrisch)"
        for code, names in LANGUAGE_NAMES.items():
            if forms & names:
                return code
    return "de"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return NONE
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d.%m.%Y")


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else NONE


def _labels(choices, values) -> str:
    return ", ".join(str(choices(value).label) for value in values if value in choices.values) or NONE


def _person(person) -> list[tuple[str, str]]:
    return [
        ("Name", f"{person.family_name}, {person.given_names}"),
        ("Andere Schreibweisen", ", ".join(person.aliases) or NONE),
        ("Geburtsdatum", _day(person.birth_date)),
        ("Geschlecht", person.get_gender_display()),
        ("Staatsangehörigkeit", person.nationality or NONE),
        ("Sprachen", ", ".join(person.languages) or NONE),
        ("Anschrift", person.address or NONE),
        ("Stadtteil", person.district or NONE),
        ("Telefon", person.phone or NONE),
        ("E-Mail", person.email or NONE),
        ("Ankunft in Deutschland", _day(person.arrival_date)),
        ("Erfasst am", _day(person.created_at)),
    ]


def _share_basis(share) -> str:
    """The legal basis of a share or a referral."""
    if share.consent_id:
        return f"Ihre Einwilligung vom {_day(share.consent.given_on)} (§ 67b SGB X)"
    return share.get_statute_display()


def _followup_kind(followup) -> str:
    done = f", erledigt am {_day(followup.done_on)}" if followup.done_on else ""
    return f"Wiedervorlage{done}"


def _share_until(share) -> str:
    if share.revoked_at:
        return f"beendet am {_day(share.revoked_at)}"
    if share.valid_until:
        return f"bis {_day(share.valid_until)}"
    return "ohne Enddatum"


def _case(record) -> dict:
    case = record.case
    return {
        "number": case.pk,
        "fields": [
            ("Fallführende Stelle", case.lead_agency.name),
            ("Fallverantwortlich", _name(case.case_manager)),
            ("Art", case.get_kind_display()),
            ("Eröffnet am", _day(case.opened_on)),
            ("Abgeschlossen am", _day(case.closed_on)),
            ("Phase", case.get_phase_display() or NONE),
            ("Handlungsfelder", _labels(ActionField, case.action_fields)),
            ("Hemmnisse", ", ".join(obstacle.name for obstacle in case.obstacles.all()) or NONE),
        ],
        "notes": [
            (_day(note.occurred_on), note.get_kind_display(), note.text, f"{_name(note.author)}, {note.agency.name}")
            for note in record.notes
        ]
        + [
            (_day(f.due_on), _followup_kind(f), f.text, f"{_name(f.created_by)}, {f.agency.name}")
            for f in record.followups
        ],
        "goals": [
            {
                "title": goal.title,
                "dates": f"Ziel bis {_day(goal.target_date)} · erreicht am {_day(goal.achieved_on)}",
                "steps": [
                    (step.title, step.responsible, _day(step.due_on), _day(step.done_on)) for step in goal.steps.all()
                ],
            }
            for goal in record.goals
        ],
    }


def _rows(report: SubjectAccessReport) -> dict:
    today = report.today
    return {
        "master_data": _person(report.person),
        "residence": [
            (s.get_kind_display(), s.paragraph or NONE, _day(s.valid_from), _day(s.valid_until), s.residence_rule_place)
            for s in report.residence
        ],
        "benefits": [(b.get_system_display(), _day(b.valid_from), _day(b.valid_until)) for b in report.benefits],
        "cases": [_case(record) for record in report.cases],
        "transfers": [
            (
                share.agency.name,
                share.case_id,
                _labels(DataCategory, share.categories),
                _share_basis(share),
                _day(share.granted_at),
                _share_until(share),
                _name(share.granted_by),
            )
            for share in report.transfers
        ]
        + [
            (
                referral.to_agency.name,
                referral.case_id,
                f"{_labels(DataCategory, [DataCategory.MASTER_DATA])} (Überleitung: {referral.purpose})",
                _share_basis(referral),
                _day(referral.sent_at),
                referral.get_status_display(),
                _name(referral.sent_by),
            )
            for referral in report.referrals
        ],
        "consents": [
            (
                c.receiving_agency.name,
                c.purpose,
                c.get_use_display(),
                _labels(DataCategory, c.categories),
                _day(c.given_on),
                _day(c.revoked_on),
                f"{_name(c.recorded_by)}, {c.recording_agency.name}",
                c.form_version,
            )
            for c in report.consents
        ],
        "slips": [
            (
                s.get_kind_display(),
                s.legal_basis,
                f"{s.issuing_agency.name} ({_name(s.issued_by)})",
                _day(s.issued_on),
                _day(s.valid_until),
                f"{s.get_course_kind_display()}, {s.teaching_units} UE",
                str(EntitlementStatus(s.current_status(today)).label),
                s.exception_reason or s.admission_reference,
            )
            for s in report.slips
        ],
        "enrolments": [
            (
                e.course.title,
                e.course.provider.name,
                f"angemeldet {_day(e.registered_on)} · begonnen {_day(e.started_on)} · beendet {_day(e.ended_on)}",
                e.get_status_display(),
                f"{e.present} anwesend, {e.excused} entschuldigt, {e.unexcused} unentschuldigt",
                _result(e),
                _name(e.registered_by),
            )
            for e in report.enrolments
        ],
        "alerts": [
            (
                a.get_kind_display(),
                f"{_day(a.window_start)} – {_day(a.window_end)}",
                a.agency.name,
                _day(a.raised_at),
                _day(a.resolved_at),
            )
            for a in report.alerts
        ],
        "editions": [
            (
                e.number,
                e.get_language_display(),
                _labels(BookletSection, e.sections),
                e.pages,
                _day(e.printed_at),
                _name(e.printed_by),
            )
            for e in report.editions
        ],
        "retention": [
            (
                line.rule.get_kind_display(),
                f"{line.rule.months} Monate ab {line.rule.counted_from}",
                line.rule.get_action_display(),
                _day(line.until),
                line.rule.legal_reason,
            )
            for line in report.retention
        ],
    }


def _result(enrolment) -> str:
    parts = [f"DTZ {enrolment.get_dtz_level_display()}"] if enrolment.dtz_level else []
    if enrolment.lid_passed is not None:
        parts.append("LiD bestanden" if enrolment.lid_passed else "LiD nicht bestanden")
    return ", ".join(parts) or NONE


class _Phrases(dict):
    """`{{ t.section_cases }}` in the template: each phrase made when first asked for."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def __missing__(self, key: str) -> Bilingual:
        self[key] = value = say(key, self.language)
        return value


def say(key: str, language: str, **params) -> Bilingual:
    german = phrases.text(key, "de", **params)
    if language == "de":
        return Bilingual(german, None, language)
    if booklet_phrases.direction(language) == "rtl":
        # A German name inside a right-to-left sentence stays one left-to-right run, also where the line wraps.
        params = {name: f"\u2068{value}\u2069" for name, value in params.items()}
    translation = phrases.text(key, language, **params)
    return Bilingual(german, None if translation == german else translation, language)


def render_html(report: SubjectAccessReport, *, producer: User, producer_agency) -> str:
    """The HTML handed to WeasyPrint; choice labels in German whatever language the producer's UI speaks."""
    language = report_language(list(report.person.languages or []))
    with translation.override("de"):
        context = {
            "language": language,
            "bilingual": language != "de",
            "direction": booklet_phrases.direction(language),
            "faces": FONT_FACES[language],
            "t": _Phrases(language),
            "complaint": say("complaint", language, authority=phrases.AUTHORITY),
            "person": report.person,
            "agencies": [agency.name for agency in report.agencies],
            "produced_by": f"{_name(producer)}, {producer_agency.name}",
            "produced_on": _day(report.today),
            "produced_on_iso": report.today.isoformat(),
            # No date at all: a case of the person is still open, so the day of erasure is not fixed yet.
            "erasure_open": not any(line.until for line in report.retention),
            **_rows(report),
        }
        for case in context["cases"]:
            case["heading"] = say("case_number", language, number=case["number"])
        return render_to_string(TEMPLATE, context)
