"""Demo data of the goal system, from the source document (Vorlage 322/18): the action fields Sprache and Arbeit, the
steering group, the two working groups and their project groups, meetings and decisions of 2017-2018 and one recent
meeting, a typical case per working group, and the three goal matrices of annexes 2-4 with indicators, activities
and measurements.

Everything goes through the services, acting as the demo accounts `koordination` (coordinator) and `lenkung`
(steering group); activities are proposed by members of the groups. The project's history has fixed dates; the
goals of the current period count from the day of seeding, so that their status (on track, at risk) stays what it
shows here. Idempotent: if the first seeded object (the action field "language") exists, the seeder does nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, Membership, User
from cases.models import Obstacle
from goals.indicators import indicators_record
from goals.models import ActionField, Goal, Meeting, WorkingGroup
from goals.models.choices import ActivityStatus, GoalLevel, GroupKind, GroupRole, IndicatorKind
from goals.services.goals import (
    activity_propose,
    activity_update,
    goal_adopt,
    goal_amend,
    goal_create,
    indicator_create,
    measurement_record,
)
from goals.services.groups import (
    action_field_create,
    decision_record,
    group_create,
    group_member_add,
    meeting_create,
    vignette_create,
)

# A day is a date of the project's history or, as an int, days from the day of seeding (the current period).
Day = date | int
RECENT = -120  # the steering group's recent meeting: the goals of the current period are adopted there
PERIOD_END = 245  # their deadline: a year after that meeting

FIELDS = [("language", "Sprache", 1), ("work", "Arbeit", 2)]  # keys as cases.models.choices.ActionField


@dataclass(frozen=True)
class DemoGroup:
    name: str
    kind: str
    fields: tuple[str, ...]
    meets: str
    founded: date
    members: tuple[tuple[str, str, str], ...]  # demo account, agency, role
    parent: str | None = None


GROUPS = [
    DemoGroup("Lenkungsgruppe", GroupKind.STEERING, ("language", "work"), "vierteljährlich", date(2017, 5, 16), (
        ("lenkung", "stadt-rheine", GroupRole.CHAIR),
        ("koordination", "fb-soziales", GroupRole.COORDINATOR),
        ("jobcenter", "jobcenter", GroupRole.MEMBER),
        ("abh", "abh", GroupRole.MEMBER),
        ("asyl", "team-asyl", GroupRole.MEMBER),
        ("vhs", "vhs", GroupRole.MEMBER),
        ("ehrenamt", "fluechtlingshilfe", GroupRole.VOLUNTEER_REPRESENTATIVE),
    )),
    DemoGroup("AG Sprache", GroupKind.WORKING, ("language",), "etwa alle sechs Wochen", date(2017, 6, 20), (
        ("koordination", "fb-soziales", GroupRole.COORDINATOR),
        ("beratung", "team-beratung", GroupRole.MEMBER),
        ("asyl", "team-asyl", GroupRole.MEMBER),
        ("abh", "abh", GroupRole.MEMBER),
        ("jobcenter", "jobcenter", GroupRole.MEMBER),
        ("vhs", "vhs", GroupRole.MEMBER),
        ("sprachinstitut", "sprachinstitut", GroupRole.MEMBER),
    )),
    DemoGroup("AG Arbeit", GroupKind.WORKING, ("work",), "etwa alle sechs Wochen", date(2018, 1, 23), (
        ("koordination", "fb-soziales", GroupRole.COORDINATOR),
        ("jobcenter", "jobcenter", GroupRole.MEMBER),
        ("beratung", "team-beratung", GroupRole.MEMBER),
        ("asyl", "team-asyl", GroupRole.MEMBER),
        ("abh", "abh", GroupRole.MEMBER),
        ("vhs", "vhs", GroupRole.MEMBER),
        ("ehrenamt", "fluechtlingshilfe", GroupRole.VOLUNTEER_REPRESENTATIVE),
    )),
    DemoGroup("PG Berechtigungsschein", GroupKind.PROJECT, (), "nach Bedarf", date(2017, 9, 12), (
        ("koordination", "fb-soziales", GroupRole.COORDINATOR),
        ("asyl", "team-asyl", GroupRole.MEMBER),
        ("jobcenter", "jobcenter", GroupRole.MEMBER),
        ("abh", "abh", GroupRole.MEMBER),
        ("vhs", "vhs", GroupRole.MEMBER),
    ), parent="AG Sprache"),
    DemoGroup("PG Ausbildung", GroupKind.PROJECT, (), "nach Bedarf", date(2018, 7, 3), (
        ("koordination", "fb-soziales", GroupRole.COORDINATOR),
        ("jobcenter", "jobcenter", GroupRole.MEMBER),
        ("beratung", "team-beratung", GroupRole.MEMBER),
        ("vhs", "vhs", GroupRole.MEMBER),
    ), parent="AG Arbeit"),
]  # fmt: skip


@dataclass(frozen=True)
class DemoMeeting:
    key: str
    group: str
    held_on: Day
    agenda: str
    minutes: str
    attendees: tuple[str, ...]
    decisions: tuple[str, ...] = ()  # decisions of kind "other"; goal adoptions are the goals' own


LG = ("lenkung", "koordination", "jobcenter", "abh", "asyl", "vhs", "ehrenamt")
AG_SPRACHE = ("koordination", "beratung", "asyl", "abh", "jobcenter", "vhs", "sprachinstitut")
AG_ARBEIT = ("koordination", "jobcenter", "beratung", "asyl", "abh", "vhs", "ehrenamt")

MEETINGS = [
    DemoMeeting("lg-2017-05", "Lenkungsgruppe", date(2017, 5, 16),
        "1. Modellprojekt Einwanderung gestalten – NRW: Ziele und Arbeitsweise\n2. Projektstruktur\n"
        "3. Schwerpunktthemen",
        "Die Koordinatorinnen stellen das Modellprojekt und die Arbeitsweise am typischen Fall vor. Die "
        "Lenkungsgruppe wählt die Handlungsfelder Spracherwerb und Arbeitsmarktzugang als Schwerpunktthemen.",
        LG, ("Schwerpunktthemen des Modellprojekts sind die Handlungsfelder Sprache und Arbeit; begonnen wird mit "
             "Sprache. Die Lenkungsgruppe tagt vierteljährlich.",
             "Die AG Sprache wird mit Mitarbeiterinnen und Mitarbeitern der operativen Ebene gebildet.")),
    DemoMeeting("ag-sprache-2017-07", "AG Sprache", date(2017, 7, 4),
        "1. Fallrekonstruktion: typischer Fall Sprache\n2. Defizitäre Themen",
        "Am typischen Fall werden die Wege zum Integrationskurs nachgezeichnet. Große Themenblöcke: der "
        "Berechtigungsschein für die Teilnahme am Integrationskurs und die Informationswege zwischen "
        "verpflichtender Behörde und Sprachkursträgern.",
        AG_SPRACHE, ("Die PG Berechtigungsschein erarbeitet eine verbindliche Zuständigkeitsregelung.",)),
    DemoMeeting("lg-2017-11", "Lenkungsgruppe", date(2017, 11, 21),
        "1. Bericht der AG Sprache\n2. Grundsatzziele Sprache",
        "Die AG Sprache berichtet über die defizitären Themen. Die Lenkungsgruppe verabschiedet die "
        "Grundsatzziele 1 und 2 im Handlungsfeld Sprache.",
        LG),
    DemoMeeting("pg-bs-2018-01", "PG Berechtigungsschein", date(2018, 1, 16),
        "1. Zuständigkeit für den Berechtigungsschein\n2. Ablaufdiagramm Informationsaustausch",
        "Die Asylbewerberleistungsabteilung und die Arbeitsvermittlung des jobcenters stellen den "
        "Berechtigungsschein für ihre Leistungsempfänger künftig selbst aus. Entwurf des Ablaufdiagramms zum "
        "Informationsaustausch zwischen Kursträgern und verpflichtenden Behörden.",
        ("koordination", "asyl", "jobcenter", "abh", "vhs")),
    DemoMeeting("lg-2018-03", "Lenkungsgruppe", date(2018, 3, 13),
        "1. Zielmatrizen Sprache\n2. Einstieg in das Themenfeld Arbeit\n3. Grundsatzziel Arbeit",
        "Die Lenkungsgruppe verabschiedet die Rahmen- und Ergebnisziele der Zielmatrizen Sprache und das "
        "Grundsatzziel 1 Arbeit. Die AG Arbeit hat im Januar an typischen Fällen die defizitären Themen erarbeitet.",
        LG, ("Die Koordinatorinnen evaluieren die Ziele Sprache im zweiten Halbjahr 2018.",)),
    DemoMeeting("ag-arbeit-2018-04", "AG Arbeit", date(2018, 4, 17),
        "1. Rahmenziele zum Grundsatzziel Arbeit\n2. Ergebnisziele, erster Teil",
        "Aus den defizitären Themen (Kompetenzfeststellung, rechtskreisübergreifender Informationsaustausch, "
        "in Arbeit und Ausbildung bringen und halten) werden drei Rahmenziele abgeleitet.",
        AG_ARBEIT),
    DemoMeeting("ag-arbeit-2018-05", "AG Arbeit", date(2018, 5, 29),
        "1. Ergebnisziele, zweiter Teil\n2. Projektgruppe Ausbildung",
        "Die Ergebnisziele zur Zielmatrix Arbeit werden fertiggestellt und der Lenkungsgruppe vorgelegt.",
        AG_ARBEIT, ("Die PG Ausbildung erarbeitet Aktivitäten zu den Ergebniszielen Ausbildung.",)),
    DemoMeeting("lg-2018-06", "Lenkungsgruppe", date(2018, 6, 19),
        "1. Zielmatrix Arbeit\n2. Case Management: Schulung und Modellfälle",
        "Die Lenkungsgruppe verabschiedet die Rahmenziele der Zielmatrix Arbeit und das Ergebnisziel zu den "
        "Modellfällen im Case Management.",
        LG, ("Zwei Mitarbeiterinnen (Fachbereich, jobcenter) werden im Case Management geschult.",)),
    DemoMeeting("lg-recent", "Lenkungsgruppe", RECENT,
        "1. Verstetigung der Netzwerke Sprache und Arbeit\n2. Fortschreibung der Zielmatrizen\n"
        "3. Bericht an den Sozialausschuss",
        "Die Netzwerke Sprache und Arbeit werden verstetigt. Die Lenkungsgruppe schreibt die Zielmatrizen fort: "
        "neue Ergebnisziele für das kommende Jahr, die Frist des Ergebnisziels zu den acht Wochen wird neu gesetzt.",
        LG, ("Die Koordination berichtet dem Sozialausschuss jährlich über den Stand der Zielmatrizen.",)),
]  # fmt: skip


@dataclass(frozen=True)
class DemoVignette:
    group: str
    title: str
    narrative: str
    obstacles: tuple[str, ...]


VIGNETTES = [
    DemoVignette("AG Sprache", "Herr A. wartet auf den Integrationskurs",
        "Herr A., Mitte dreißig, lebt seit 2015 in Rheine, ist als Flüchtling anerkannt und bezieht Leistungen nach "
        "dem SGB II. Die Ausländerbehörde stellt den Berechtigungsschein aus; auf die Kostenzusage des BAMF wartet "
        "er sechs Wochen. Der Kursträger weiß nicht, dass er zur Teilnahme verpflichtet ist, das jobcenter erfährt "
        "von seinen Fehlzeiten erst nach Wochen. Drei Monate nach dem Schein hat er noch keinen Kurs begonnen.",
        ("Rechtskreisübergreifender Informationsaustausch", "Sprachvermögen", "Gleichbleibende Motivation")),
    DemoVignette("AG Arbeit", "Herr M. bricht die Ausbildung ab",
        "Herr M., Anfang zwanzig, geduldet, beginnt eine Ausbildung zum Anlagenmechaniker. In der Berufsschule ist "
        "er sprachlich überfordert; Betrieb, Berufsschule, Ausländerbehörde und Ehrenamt wissen nichts voneinander. "
        "Nach fünf Monaten bricht er ab, um als Helfer sofort Geld zu verdienen: eine Ausbildung ohne Lohn zu "
        "Beginn kennt er aus seinem Herkunftsland nicht.",
        ("Sprachvermögen", "In Arbeit und Ausbildung bringen und halten", "Akzeptanz des dualen Systems",
         "Anspruch: Arbeit ohne Sprache", "Lernverhalten")),
]  # fmt: skip


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    function: str = ""  # a registered computed indicator, else entered by hand
    higher_is_better: bool = True


INDICATORS = {
    "8weeks": DemoIndicator("Anteil der Berechtigten, die binnen 8 Wochen einen Integrationskurs beginnen", "%",
                            "course_start_within_8_weeks"),
    "issuing": DemoIndicator("Anteil der Berechtigungsscheine für Leistungsempfänger, die die Leistungsstelle "
                             "ausstellt", "%"),
    "flowchart": DemoIndicator("Anteil der Integrationskursträger, die das Ablaufdiagramm mittragen", "%"),
    "absence": DemoIndicator("Anteil der Fehlzeitenmeldungen, die binnen einer Woche eingehen", "%"),
    "trainees": DemoIndicator("Auszubildende in Bedarfskursen", "Personen"),
    "demand": DemoIndicator("Bedarfskurse im laufenden Jahr", "Kurse"),
    "overview": DemoIndicator("Beratungsstellen mit der Übersicht der Sprachangebote", "Stellen"),
    "profile": DemoIndicator("Anteil der erwerbsfähigen Zuwanderer mit Kompetenzprofil nach sechs Monaten", "%"),
    "booklet": DemoIndicator("Ausgegebene Begleithefte in der Pilotphase", "Hefte"),
    "cm": DemoIndicator("Modellfälle im Case Management", "Fälle"),
    "dropout": DemoIndicator("Abbruchquote der Ausbildungen von Zuwanderern", "%", higher_is_better=False),
    "recognition": DemoIndicator("Anteil der Anerkennungsanträge binnen drei Monaten nach Ankunft", "%"),
}  # fmt: skip


@dataclass(frozen=True)
class DemoActivity:
    title: str
    agency: str
    due: Day
    status: str
    result: str = ""
    proposer: str = "koordination"


@dataclass(frozen=True)
class DemoGoal:
    field: str
    number: str  # "1", "1.1", "1.1.1": the level and the parent follow from it
    statement: str
    adopted: str | None  # the steering group's meeting, or None: a draft
    group: str | None = None
    agency: str | None = None
    indicator: str | None = None
    baseline: str | None = None
    target: str | None = None
    deadline: Day | None = None
    obstacles: tuple[str, ...] = ()
    measurements: tuple[tuple[Day, str, str], ...] = ()  # day, value, comment
    activities: tuple[DemoActivity, ...] = ()


DONE, IN_PROGRESS, PLANNED, PROPOSED = (
    ActivityStatus.DONE, ActivityStatus.IN_PROGRESS, ActivityStatus.PLANNED, ActivityStatus.PROPOSED
)  # fmt: skip

# Anlage 2: Zielmatrix Sprache, Grundsatzziel 1
SPRACHE_1 = [
    DemoGoal("language", "1", "Jeder berechtigte Zuwanderer belegt innerhalb von 8 Wochen einen Integrationskurs.",
             "lg-2017-11", group="AG Sprache"),
    DemoGoal("language", "1.1", "Für Asylbewerberleistungs- und SGB II-Empfänger gilt eine verbindliche "
             "Zuständigkeitsregelung für die Ausstellung des Berechtigungsscheins zum Integrationskurs.",
             "lg-2018-03", group="PG Berechtigungsschein", agency="fb-soziales",
             obstacles=("Rechtskreisübergreifender Informationsaustausch",)),
    DemoGoal("language", "1.1.1", "Den Berechtigungsschein stellen für Asylbewerberleistungsempfänger die "
             "Asylbewerberleistungsabteilung und für SGB II-Empfänger die Arbeitsvermittlung des jobcenters aus, "
             "nicht mehr die ABH: die 6-wöchige Wartezeit auf die Kostenzusage des BAMF entfällt.",
             "lg-2018-03", group="PG Berechtigungsschein", agency="team-asyl", indicator="issuing", baseline="0",
             target="100", deadline=date(2018, 6, 30),
             measurements=((date(2018, 4, 30), "60", "Umstellung beim jobcenter läuft"),
                           (date(2018, 6, 29), "100", "Regelung vollständig umgesetzt")),
             activities=(
                 DemoActivity("Zuständigkeitsregelung abstimmen und schriftlich festhalten", "fb-soziales",
                              date(2018, 3, 31), DONE, "Regelung seit 01.04.2018 in Kraft"),
                 DemoActivity("Arbeitsvermittlung zur Ausstellung des Berechtigungsscheins schulen", "jobcenter",
                              date(2018, 5, 31), DONE, "Alle Arbeitsvermittler im Regionalbereich geschult",
                              proposer="jobcenter"),
             )),
    DemoGoal("language", "1.1.2", "Jeder berechtigte Zuwanderer beginnt innerhalb von 8 Wochen nach Ausstellung "
             "des Berechtigungsscheins einen Integrationskurs.",
             "lg-2018-03", group="AG Sprache", agency="fb-soziales", indicator="8weeks", baseline="40", target="90",
             deadline=date(2018, 12, 31),
             activities=(
                 DemoActivity("Berechtigungsschein bei Leistungsbeginn aushändigen und Kursträger benennen",
                              "team-asyl", date(2018, 4, 30), DONE, "Merkblatt mit allen Kursträgern in Rheine",
                              proposer="asyl"),
                 DemoActivity("Zeit vom Schein bis zum Kursbeginn monatlich auswerten", "fb-soziales", 60,
                              IN_PROGRESS),
             )),
    DemoGoal("language", "1.2", "Zwischen den Integrationskursträgern und den zum Integrationskurs verpflichtenden "
             "Behörden besteht ein verbindlicher Informationsfluss.",
             "lg-2018-03", group="AG Sprache", agency="fb-soziales",
             obstacles=("Rechtskreisübergreifender Informationsaustausch", "Gleichbleibende Motivation")),
    DemoGoal("language", "1.2.1", "Alle Integrationskursträger in Rheine tragen das verbindliche Ablaufdiagramm "
             "zum Informationsaustausch mit.",
             "lg-2018-03", group="PG Berechtigungsschein", agency="vhs", indicator="flowchart", baseline="0",
             target="100", deadline=date(2018, 9, 30),
             measurements=((date(2018, 5, 15), "33.33", "Vereinbarung mit der VHS geschlossen"),
                           (date(2018, 9, 14), "100", "Alle Kursträger haben zugestimmt")),
             activities=(
                 DemoActivity("Ablaufdiagramm mit VHS, Asylbewerberleistung und SGB II vereinbaren", "fb-soziales",
                              date(2018, 4, 30), DONE, "Vereinbarung unterzeichnet"),
                 DemoActivity("Übrige Integrationskursträger informieren und Zustimmung einholen", "vhs",
                              date(2018, 9, 30), DONE, "Gilt für alle Kursträger in Rheine", proposer="vhs"),
             )),
    DemoGoal("language", "1.2.2", "Bei Nichteinhaltung der vereinbarten Teilnahme informiert der Kursträger die "
             "verpflichtende Behörde innerhalb einer Woche.",
             "lg-recent", group="AG Sprache", agency="vhs", indicator="absence", baseline="70", target="95",
             deadline=PERIOD_END, measurements=((-90, "74", ""), (-30, "82", "")),
             activities=(
                 DemoActivity("Fehlzeitenmeldung über die Plattform statt per Fax", "vhs", 30, IN_PROGRESS,
                              proposer="vhs"),
                 DemoActivity("Zweiten Kursträger an die Plattform anschließen", "sprachinstitut", 120, PLANNED,
                              proposer="sprachinstitut"),
             )),
]  # fmt: skip

# Anlage 3: Zielmatrix Sprache, Grundsatzziel 2
SPRACHE_2 = [
    DemoGoal("language", "2", "Alle Zuwanderer können sich ab März 2018 über freiwillige Sprachangebote informieren "
             "und haben Zugriff auf ein flexibles Sprachangebot.", "lg-2017-11", group="AG Sprache"),
    DemoGoal("language", "2.1", "Die Sprachoffensive ist neu konzipiert: neben den Basiskursen kommen je nach "
             "Zielgruppe individuelle Bedarfskurse zustande.", "lg-2018-03", group="AG Sprache", agency="vhs",
             obstacles=("Sprachvermögen",)),
    DemoGoal("language", "2.1.1", "Für Auszubildende finden Bedarfskurse als Abend- oder Wochenendkurse statt, "
             "auch in den Sommerferien; 15 Auszubildende nehmen teil.",
             "lg-2018-03", group="AG Sprache", agency="vhs", indicator="trainees", baseline="0", target="15",
             deadline=date(2018, 9, 30),
             measurements=((date(2018, 6, 29), "9", "Erste zwei Bedarfskurse im Juni"),
                           (date(2018, 8, 31), "15", "Auch in den Sommerferien")),
             activities=(
                 DemoActivity("Neukonzeption der Sprachoffensive in den Sozialausschuss einbringen", "fb-soziales",
                              date(2018, 5, 31), DONE, "Im Mai 2018 vom Sozialausschuss verabschiedet"),
                 DemoActivity("Zwei Bedarfskurse für Auszubildende (abends, am Wochenende) einrichten", "vhs",
                              date(2018, 6, 30), DONE, "Seit Juni 2018, 15 Auszubildende", proposer="vhs"),
             )),
    DemoGoal("language", "2.1.2", "Jedes Jahr kommen mindestens sechs Bedarfskurse für unterschiedliche "
             "Zielgruppen zustande.", "lg-recent", group="AG Sprache", agency="vhs", indicator="demand",
             baseline="2", target="6", deadline=PERIOD_END,
             measurements=((-60, "2", ""), (-10, "2", "Kurs für Pflegehelferinnen mangels Anmeldungen verschoben")),
             activities=(
                 DemoActivity("Bedarf bei Betrieben und Berufskolleg abfragen", "sprachinstitut", 45, PLANNED,
                              proposer="sprachinstitut"),
             )),
    DemoGoal("language", "2.2", "Alle Zuwanderer erhalten Informationen über die freiwilligen Sprachangebote in "
             "Rheine.", "lg-2018-03", group="AG Sprache", agency="fb-soziales"),
    DemoGoal("language", "2.2.1", "Eine mehrsprachige Übersicht aller freiwilligen Sprachangebote liegt ab März "
             "2018 in allen acht Beratungsstellen aus und steht online.",
             "lg-2018-03", group="AG Sprache", agency="team-beratung", indicator="overview", baseline="0",
             target="8", deadline=date(2018, 3, 31),
             measurements=((date(2018, 3, 28), "8", "Übersicht in sechs Sprachen"),),
             activities=(
                 DemoActivity("Übersicht der Sprachangebote erstellen und übersetzen lassen", "team-beratung",
                              date(2018, 3, 15), DONE, "Sechs Sprachen, auch auf rheine.de", proposer="beratung"),
             )),
]  # fmt: skip

# Anlage 4: Zielmatrix Arbeit, Grundsatzziel 1
ARBEIT_1 = [
    DemoGoal("work", "1", "Rheine bietet allen Zuwanderern nach ihren Möglichkeiten gute Ausbildungschancen und "
             "einen Zugang zum Arbeitsmarkt (möglichst 1. Arbeitsmarkt).", "lg-2018-03", group="AG Arbeit"),
    DemoGoal("work", "1.1", "Die Kompetenzen jedes Zuwanderers werden früh und rechtskreisübergreifend einheitlich "
             "festgestellt.", "lg-2018-06", group="AG Arbeit", agency="jobcenter",
             obstacles=("Kompetenzfeststellung/Profiling", "Berufsbezogene Kompetenzen",
                        "Einschätzung der eigenen Kompetenzen")),
    DemoGoal("work", "1.1.1", "Für jeden erwerbsfähigen Zuwanderer liegt sechs Monate nach Leistungsbeginn ein "
             "Kompetenzprofil vor, das jobcenter, Agentur für Arbeit und Fachbereich gemeinsam nutzen.",
             "lg-recent", group="AG Arbeit", agency="jobcenter", indicator="profile", baseline="40", target="80",
             deadline=PERIOD_END, measurements=((-100, "45", ""), (-20, "58", "")),
             activities=(
                 DemoActivity("Gemeinsamen Profilingbogen der Rechtskreise abstimmen", "jobcenter", -60, DONE,
                              "Bogen in Gebrauch", proposer="jobcenter"),
                 DemoActivity("Kompetenzfeststellung in der Ankommensberatung anbieten", "team-beratung", 90,
                              IN_PROGRESS, proposer="beratung"),
                 DemoActivity("Sprachstand nach DTZ in das Kompetenzprofil aufnehmen", "vhs", 150, PROPOSED,
                              proposer="vhs"),
             )),
    DemoGoal("work", "1.2", "Informationen über Sprachstand, Qualifikation und Maßnahmen werden zwischen den "
             "Rechtskreisen verbindlich ausgetauscht.", "lg-2018-06", group="AG Arbeit", agency="fb-soziales",
             obstacles=("Rechtskreisübergreifender Informationsaustausch", "Sprachvermögen")),
    DemoGoal("work", "1.2.1", "Im 2. Halbjahr 2018 wird das Case Management exemplarisch für 10 Modellfälle "
             "implementiert.", "lg-2018-06", group="AG Arbeit", agency="fb-soziales", indicator="cm", baseline="0",
             target="10", deadline=date(2018, 12, 31),
             measurements=((date(2018, 10, 1), "6", ""), (date(2018, 12, 14), "10", "Alle Modellfälle im CM")),
             activities=(
                 DemoActivity("Zwei Mitarbeiterinnen (Fachbereich, jobcenter) im Case Management schulen",
                              "fb-soziales", date(2018, 6, 30), DONE, "Schulung abgeschlossen"),
             )),
    DemoGoal("work", "1.2.2", "Ein Begleitheft dokumentiert für den Nutzer Ziele, Kontakte und erreichte Schritte; "
             "es wird in einer Pilotphase erprobt.", "lg-recent", group="PG Ausbildung", agency="fb-soziales",
             indicator="booklet", baseline="0", target="50", deadline=PERIOD_END,
             measurements=((-15, "8", "Pilotgruppe kleiner als geplant"),),
             activities=(
                 DemoActivity("Begleitheft gestalten und übersetzen lassen", "fb-soziales", -30, DONE,
                              "Heft in vier Sprachen gedruckt"),
                 DemoActivity("Für das Begleitheft in Beratung und Ehrenamt werben", "fluechtlingshilfe", 60,
                              IN_PROGRESS),
             )),
    DemoGoal("work", "1.3", "Zuwanderer werden in Ausbildung und Arbeit gebracht und dort gehalten.", "lg-2018-06",
             group="PG Ausbildung", agency="jobcenter",
             obstacles=("In Arbeit und Ausbildung bringen und halten", "Akzeptanz des dualen Systems",
                        "Gleichbleibende Motivation", "Anerkennung der Berufsabschlüsse")),
    DemoGoal("work", "1.3.1", "Weniger Zuwanderer brechen eine Ausbildung ab: ausbildungsbegleitende Sprachkurse "
             "und feste Ansprechpartner in Betrieb und Berufsschule.", "lg-recent", group="PG Ausbildung",
             agency="jobcenter", indicator="dropout", baseline="30", target="15", deadline=PERIOD_END,
             measurements=((-60, "27", ""), (-5, "24", "")),
             activities=(
                 DemoActivity("Sprachkurs für Auszubildende am Berufskolleg fortführen", "sprachinstitut", 90,
                              IN_PROGRESS, proposer="vhs"),
                 DemoActivity("Ansprechpartner für Betriebe mit Auszubildenden benennen", "jobcenter", 30, PLANNED,
                              proposer="jobcenter"),
             )),
    DemoGoal("work", "1.3.2", "Jeder Zuwanderer mit ausländischem Berufsabschluss stellt innerhalb von drei Monaten "
             "nach Ankunft einen Antrag auf Anerkennung.", None, group="PG Ausbildung", agency="jobcenter",
             indicator="recognition", target="70", deadline=PERIOD_END + 120,
             obstacles=("Anerkennung der Berufsabschlüsse", "Akzeptanz für den Neuerwerb von Qualifikationen")),
]  # fmt: skip

GOALS = SPRACHE_1 + SPRACHE_2 + ARBEIT_1
AMENDMENTS = [  # (field, number, meeting, new deadline, reason)
    ("language", "1.1.2", "lg-recent", PERIOD_END,
     "Evaluation 2018: Ziel noch nicht erreicht; Frist für die verstetigten Netzwerke neu gesetzt"),
]  # fmt: skip
# The demo accounts acting here (each has one membership, see agencies.demo).
ACCOUNTS = {"koordination", "lenkung"} | {username for group in GROUPS for username, _, _ in group.members}
LEVELS = {1: GoalLevel.PRINCIPLE, 2: GoalLevel.FRAMEWORK, 3: GoalLevel.RESULT}


class _Seeder:
    """Holds the actors and what was created, so that later specs can name earlier objects."""

    def __init__(self) -> None:
        self.today = timezone.localdate()
        memberships = Membership.objects.select_related("user").filter(user__username__in=ACCOUNTS, is_active=True)
        self.acting: dict[str, tuple[User, Membership]] = {m.user.username: (m.user, m) for m in memberships}
        self.agencies = {agency.short_name: agency for agency in Agency.objects.all()}
        self.obstacles = {obstacle.name: obstacle for obstacle in Obstacle.objects.all()}
        self.fields: dict[str, ActionField] = {}
        self.groups: dict[str, WorkingGroup] = {}
        self.meetings: dict[str, Meeting] = {}
        self.goals: dict[tuple[str, str], Goal] = {}

    def day(self, value: Day) -> date:
        return value if isinstance(value, date) else self.today + timedelta(days=value)

    def as_coordinator(self) -> dict:
        user, membership = self.acting["koordination"]
        return {"actor": user, "membership": membership}

    def as_steering(self) -> dict:
        user, membership = self.acting["lenkung"]
        return {"actor": user, "membership": membership}

    def seed(self) -> None:
        for key, name, position in FIELDS:
            self.fields[key] = action_field_create(**self.as_coordinator(), key=key, name=name, position=position)
        for spec in GROUPS:
            self._group(spec)
        for spec in MEETINGS:
            self._meeting(spec)
        for spec in VIGNETTES:
            vignette_create(
                **self.as_coordinator(), group=self.groups[spec.group], title=spec.title, narrative=spec.narrative,
                obstacles=[self.obstacles[name] for name in spec.obstacles],
            )  # fmt: skip
        indicators = {key: self._indicator(spec) for key, spec in INDICATORS.items()}
        for spec in GOALS:
            self._goal(spec, indicators)
        for spec in GOALS:
            self._activities(spec)
        for field_key, number, meeting, deadline, reason in AMENDMENTS:
            meeting = self.meetings[meeting]
            goal_amend(
                **self.as_steering(), goal=self.goals[field_key, number], decided_on=meeting.held_on, reason=reason,
                deadline=self.day(deadline), meeting=meeting,
            )  # fmt: skip
        # As the nightly task would: the computed goal shows today's value.
        indicators_record(today=self.today)

    def _group(self, spec: DemoGroup) -> None:
        group = group_create(
            **self.as_coordinator(), name=spec.name, kind=spec.kind, parent=self.groups.get(spec.parent),
            action_fields=[self.fields[key] for key in spec.fields], meets=spec.meets,
        )  # fmt: skip
        self.groups[spec.name] = group
        for username, agency, role in spec.members:
            group_member_add(
                **self.as_coordinator(), group=group, user=self.acting[username][0], agency=self.agencies[agency],
                joined_on=spec.founded, role=role,
            )  # fmt: skip

    def _meeting(self, spec: DemoMeeting) -> None:
        group, held_on = self.groups[spec.group], self.day(spec.held_on)
        meeting = meeting_create(
            **self.as_coordinator(), group=group, held_on=held_on, agenda=spec.agenda, minutes=spec.minutes,
            attendees=[self.acting[username][0] for username in spec.attendees],
        )  # fmt: skip
        self.meetings[spec.key] = meeting
        for text in spec.decisions:
            decision_record(**self.as_coordinator(), group=group, decided_on=held_on, text=text, meeting=meeting)

    def _indicator(self, spec: DemoIndicator):
        kind = IndicatorKind.COMPUTED if spec.function else IndicatorKind.MANUAL
        return indicator_create(
            **self.as_coordinator(), name=spec.name, unit=spec.unit, kind=kind, function=spec.function,
            higher_is_better=spec.higher_is_better,
        )  # fmt: skip

    def _goal(self, spec: DemoGoal, indicators: dict) -> None:
        parent = self.goals.get((spec.field, spec.number.rpartition(".")[0]))
        goal = goal_create(
            **self.as_coordinator(), level=LEVELS[spec.number.count(".") + 1], action_field=self.fields[spec.field],
            statement=spec.statement, parent=parent, number=spec.number,
            indicator=indicators[spec.indicator] if spec.indicator else None,
            baseline=Decimal(spec.baseline) if spec.baseline else None,
            target_value=Decimal(spec.target) if spec.target else None,
            deadline=self.day(spec.deadline) if spec.deadline is not None else None,
            responsible_agency=self.agencies.get(spec.agency), responsible_group=self.groups.get(spec.group),
            obstacles=[self.obstacles[name] for name in spec.obstacles],
        )  # fmt: skip
        self.goals[spec.field, spec.number] = goal
        if spec.adopted:
            meeting = self.meetings[spec.adopted]
            goal_adopt(**self.as_steering(), goal=goal, decided_on=meeting.held_on, meeting=meeting)
        for day, value, comment in spec.measurements:
            measurement_record(
                **self.as_coordinator(), goal=goal, measured_on=self.day(day), value=Decimal(value), comment=comment
            )

    def _activities(self, spec: DemoGoal) -> None:
        goal = self.goals[spec.field, spec.number]
        for activity_spec in spec.activities:
            user, membership = self.acting[activity_spec.proposer]
            agency, due_on = self.agencies[activity_spec.agency], self.day(activity_spec.due)
            activity = activity_propose(
                actor=user, membership=membership, goal=goal, title=activity_spec.title, responsible_agency=agency,
                due_on=due_on,
            )  # fmt: skip
            if activity_spec.status == PROPOSED:
                continue  # the coordinators have not taken it up yet
            activity_update(
                **self.as_coordinator(), activity=activity, status=activity_spec.status, result=activity_spec.result,
                due_on=due_on, responsible_agency=agency,
            )  # fmt: skip


@transaction.atomic
def seed_goals() -> None:
    """The goal system of the model project, once: a second run finds the action field "language" and stops."""
    if ActionField.objects.filter(key=FIELDS[0][0]).exists():
        return
    _Seeder().seed()
