"""Demo persons and cases of the model project in Rheine: about sixty migrants, their cases at four agencies, the ten
Case-Management "Modellfälle" of the Fachbereich, shares by consent and by statute.

Everything goes through the services, acting as the demo caseworkers. Fixed data, dates counted back from ANCHOR.
Idempotent: if the first demo person exists, the seeder does nothing.
"""

from datetime import date, timedelta

from django.db import transaction

from agencies.models import Agency, Membership, Role, User
from cases.models import Consent, Obstacle, Person
from cases.models.choices import CaseKind, CasePhase, DataCategory, Gender, Statute
from cases.services.cases import case_close, case_note_add, case_open, case_set_phase, personal_goal_add, plan_step_add
from cases.services.coworkers import case_coworker_add
from cases.services.persons import benefit_period_record, person_register, residence_status_record
from cases.services.referrals import referral_accept, referral_close, referral_decline, referral_send, referral_withdraw
from cases.services.sharing import case_share_grant, consent_record, consent_revoke

ANCHOR = date(2026, 10, 1)
FORM = "Einwilligungserklärung Datenaustausch EWG Rheine, Fassung 2018"
AE, DULDUNG = "aufenthaltserlaubnis", "duldung"
ASYLUM = (0, "gestattung", "asylg_55")
RECOGNISED = (300, AE, "25_2")
TOLERATED = (540, DULDUNG, "60a_2_1")
UKRAINE = (0, AE, "24")
SGB2_2022 = (date(2022, 6, 1), "sgb2")  # Rechtskreiswechsel of refugees from Ukraine

# Residence steps (days after arrival or a date, kind, paragraph) and benefit steps (days or date, system).
PROFILES = {
    "asylum": ([ASYLUM], [(0, "asylblg")]),
    "recognised": ([ASYLUM, RECOGNISED], [(0, "asylblg"), (330, "sgb2")]),
    "settled": (
        [ASYLUM, RECOGNISED, (2400, "niederlassungserlaubnis", "26_3")],
        [(0, "asylblg"), (330, "sgb2"), (1800, "none")],
    ),
    "subsidiary": ([ASYLUM, (420, AE, "25_2")], [(0, "asylblg"), (450, "sgb2")]),
    "elderly": ([ASYLUM, RECOGNISED], [(0, "asylblg"), (330, "sgb12")]),
    "tolerated": ([ASYLUM, TOLERATED], [(0, "asylblg")]),
    "training": ([ASYLUM, TOLERATED, (900, DULDUNG, "60c")], [(0, "asylblg")]),
    "chance": (
        [ASYLUM, TOLERATED, (date(2023, 3, 1), AE, "104c")],
        [(0, "asylblg"), (date(2023, 4, 1), "sgb2")],
    ),
    "local_staff": ([(0, AE, "22")], [(0, "sgb2")]),
    "family": ([(0, AE, "30"), (1900, "niederlassungserlaubnis", "9")], [(0, "none")]),
    "reunited": ([(0, AE, "36a")], [(0, "sgb2")]),
    "skilled": ([(0, AE, "16"), (700, AE, "18a")], [(0, "none")]),
    "ukraine22": ([UKRAINE], [(0, "asylblg"), SGB2_2022]),
    "ukraine22_old": ([UKRAINE], [(0, "asylblg"), (date(2022, 6, 1), "sgb12")]),
    "ukraine": ([UKRAINE], [(14, "sgb2")]),
    "eu": ([(0, "eu", "freizuegg")], [(0, "none")]),
    "eu_topup": ([(0, "eu", "freizuegg")], [(0, "none"), (400, "sgb2")]),
    "eu_sgb3": ([(0, "eu", "freizuegg")], [(0, "none"), (3480, "sgb3")]),  # Arbeitslosengeld
}

NATIONS = {
    "SY": "Syrien", "AF": "Afghanistan", "IQ": "Irak", "ER": "Eritrea", "TR": "Türkei", "UA": "Ukraine",
    "RO": "Rumänien", "BG": "Bulgarien", "PL": "Polen",
}  # fmt: skip

# A case: (agency by caseworker account, kind, opened days before ANCHOR[, closed days before ANCHOR]).
# cm = Case Management, arr = Ankommensberatung, c = counselling.
# given names, family name, aliases, born, sex, nation, languages, district, arrival, profile, cases
PERSONS = [
    ("Mohammad", "Al-Hassan", ["Mohammed Alhasan", "محمد الحسن"], "1984-03-02", "m", "SY", "Arabisch, Englisch",
     "Dorenkamp", "2015-09-28", "recognised", [("beratung", "cm", 560), ("jobcenter", "c", 640)]),
    ("Amal", "Haddad", ["أمل حداد"], "1988-07-14", "f", "SY", "Arabisch",
     "Schotthock", "2015-11-03", "recognised", [("beratung", "cm", 300)]),
    ("Rania", "Khalil", [], "1992-01-20", "f", "SY", "Arabisch, Deutsch",
     "Eschendorf", "2016-02-17", "recognised", [("beratung", "c", 330)]),
    ("Ahmad", "Darwish", ["Ahmed Darwisch"], "1979-11-05", "m", "SY", "Arabisch, Deutsch",
     "Innenstadt", "2015-12-08", "settled", [("abh", "c", 150)]),
    ("Yousef", "Al-Khatib", ["Youssef Alkhatib", "يوسف الخطيب"], "2001-06-30", "m", "SY", "Arabisch, Deutsch",
     "Mesum", "2016-01-25", "subsidiary", [("beratung", "cm", 720)]),
    ("Hevin", "Ibrahim", ["Hevîn Ibrahim"], "1995-04-11", "f", "SY", "Kurmandschi, Arabisch",
     "Gellendorf", "2019-08-20", "reunited", [("beratung", "c", 400)]),
    ("Nour", "Al-Ali", ["Nur Alali"], "1999-09-09", "f", "SY", "Arabisch, Englisch",
     "Dorenkamp", "2016-03-14", "recognised", [("jobcenter", "c", 250)]),
    ("Khaled", "Mansour", ["Khalid Mansur"], "1958-02-19", "m", "SY", "Arabisch",
     "Hauenhorst", "2015-10-01", "elderly", [("beratung", "c", 900, 120)]),
    ("Abdulrahman", "Othman", ["Abdul Rahman Osman", "عبد الرحمن عثمان"], "1990-12-01", "m", "SY", "Arabisch",
     "Schotthock", "2015-08-30", "recognised", [("asyl", "c", 4000, 3690), ("jobcenter", "c", 420, 60)]),
    ("Bassam", "Al-Masri", [], "1975-05-23", "m", "SY", "Arabisch",
     "Dutum", "2016-06-06", "recognised", [("beratung", "cm", 820, 100)]),
    ("Lama", "Al-Sheikh", ["Lama Alscheich"], "2003-04-04", "f", "SY", "Arabisch",
     "Dorenkamp", "2024-09-09", "asylum", [("asyl", "c", 300)]),
    ("Mariam", "Rahimi", ["Maryam Rahimy"], "1993-03-21", "f", "AF", "Dari, Deutsch",
     "Dorenkamp", "2016-04-18", "subsidiary", [("beratung", "cm", 240)]),
    ("Ahmad Shah", "Noori", ["Ahmadshah Nuri"], "1997-08-15", "m", "AF", "Dari, Paschtu",
     "Eschendorf", "2015-12-20", "training", [("asyl", "c", 700), ("abh", "c", 500)]),
    ("Zahra", "Hosseini", ["Sahra Hosseyni"], "1985-01-01", "f", "AF", "Dari, Englisch",
     "Innenstadt", "2021-09-02", "local_staff", [("beratung", "c", 350)]),
    ("Farid", "Ahmadzai", [], "1989-01-01", "m", "AF", "Paschtu, Dari",
     "Mesum", "2022-11-14", "asylum", [("asyl", "c", 600)]),
    ("Sediqa", "Karimi", ["Sadiqa Karimy"], "2004-05-10", "f", "AF", "Dari",
     "Schotthock", "2023-03-07", "asylum", [("asyl", "c", 400), ("beratung", "c", 380)]),
    ("Hamid", "Sultani", [], "1981-01-01", "m", "AF", "Dari",
     "Elte", "2016-01-11", "chance", [("abh", "c", 280), ("jobcenter", "c", 200)]),
    ("Nasrin", "Azizi", ["Nasreen Azizy"], "1990-07-07", "f", "AF", "Dari, Paschtu",
     "Hauenhorst", "2022-02-09", "subsidiary", [("beratung", "cm", 200)]),
    ("Jawad", "Haidari", ["Dschawad Haidari"], "2000-02-14", "m", "AF", "Dari",
     "Gellendorf", "2024-01-16", "asylum", [("asyl", "c", 250)]),
    ("Rahmatullah", "Wardak", ["Rahmatulla Wardag"], "1999-01-01", "m", "AF", "Paschtu",
     "Gellendorf", "2023-10-02", "asylum", [("asyl", "c", 330)]),
    ("Layla", "Jasim", ["Laila Jassim", "ليلى جاسم"], "1987-10-03", "f", "IQ", "Arabisch, Deutsch",
     "Dorenkamp", "2016-05-02", "subsidiary", [("beratung", "cm", 400)]),
    ("Sara", "Khalaf", [], "1998-12-12", "f", "IQ", "Kurmandschi, Arabisch",
     "Bentlage", "2017-04-20", "recognised", [("beratung", "c", 500)]),
    ("Haider", "Al-Saadi", ["Haidar Alsaadi"], "1983-06-25", "m", "IQ", "Arabisch",
     "Innenstadt", "2016-09-12", "tolerated", [("abh", "c", 220)]),
    ("Shilan", "Mahmood", ["Schilan Mahmud"], "1994-02-28", "f", "IQ", "Sorani, Arabisch",
     "Eschendorf", "2019-10-10", "subsidiary", [("jobcenter", "c", 180)]),
    ("Omar", "Abdullah", ["Umar Abdalla"], "1972-09-17", "m", "IQ", "Arabisch",
     "Dutum", "2015-11-23", "recognised", [("jobcenter", "c", 700)]),
    ("Zainab", "Hussein", ["Zaynab Husain"], "2002-11-30", "f", "IQ", "Arabisch, Deutsch",
     "Mesum", "2018-03-05", "subsidiary", [("abh", "c", 200)]),
    ("Ali", "Jaber", ["Ali Dschaber", "علي جابر"], "1996-07-12", "m", "IQ", "Arabisch",
     "Schotthock", "2024-05-13", "asylum", [("asyl", "c", 200)]),
    ("Jihan", "Qasim", ["Cihan Qasim", "Jihan Kasim"], "1997-05-05", "f", "IQ", "Kurmandschi",
     "Dutum", "2024-07-22", "asylum", [("asyl", "c", 150)]),
    ("Senait", "Tesfaye", ["Senayt Tesfay"], "1991-05-05", "f", "ER", "Tigrinya, Deutsch",
     "Schotthock", "2015-10-20", "settled", [("beratung", "c", 600, 90)]),
    ("Yonas", "Tekle", ["Johannes Tekle"], "1994-08-08", "m", "ER", "Tigrinya, Englisch",
     "Dorenkamp", "2016-07-04", "recognised", [("jobcenter", "c", 350)]),
    ("Filmon", "Haile", [], "1998-01-01", "m", "ER", "Tigrinya",
     "Eschendorf", "2017-09-18", "subsidiary", [("beratung", "cm", 210)]),
    ("Helen", "Ghebremariam", ["Hellen Gebremariam"], "1996-03-15", "f", "ER", "Tigrinya",
     "Innenstadt", "2018-06-11", "reunited", [("beratung", "c", 150)]),
    ("Dawit", "Berhane", ["Dawit Berhani"], "1990-10-10", "m", "ER", "Tigrinya, Arabisch",
     "Hauenhorst", "2023-05-22", "asylum", [("asyl", "c", 380)]),
    ("Mebrat", "Kidane", [], "1985-12-20", "f", "ER", "Tigrinya",
     "Elte", "2016-11-07", "recognised", [("jobcenter", "c", 500)]),
    ("Tesfalem", "Gebreyesus", ["Tesfalem Gebreiesus"], "1993-02-02", "m", "ER", "Tigrinya, Englisch",
     "Dorenkamp", "2017-03-13", "subsidiary", [("abh", "c", 160)]),
    ("Semhar", "Weldu", ["Semhar Woldu"], "2001-08-01", "f", "ER", "Tigrinya",
     "Innenstadt", "2025-01-27", "asylum", [("asyl", "c", 240)]),
    ("Mehmet", "Yıldız", ["Mehmet Yildiz"], "1980-04-14", "m", "TR", "Türkisch, Kurmandschi",
     "Dorenkamp", "2023-02-13", "asylum", [("asyl", "c", 480)]),
    ("Ayşe", "Demir", ["Ayse Demir"], "1978-07-01", "f", "TR", "Türkisch",
     "Innenstadt", "2017-05-30", "family", [("abh", "c", 320)]),
    ("Emre", "Kaya", [], "1996-11-11", "m", "TR", "Türkisch, Englisch",
     "Eschendorf", "2024-03-04", "asylum", [("asyl", "c", 200)]),
    ("Zeynep", "Arslan", ["Zeynep Aslan"], "1993-09-19", "f", "TR", "Türkisch, Englisch, Deutsch",
     "Schotthock", "2019-01-14", "skilled", [("abh", "c", 240)]),
    ("Hüseyin", "Çelik", ["Hueseyin Celik", "Hüseyin Celik"], "1985-02-02", "m", "TR", "Türkisch, Kurmandschi",
     "Gellendorf", "2022-10-24", "tolerated", [("abh", "c", 400)]),
    ("Berfin", "Aydın", ["Berfin Aydin"], "2000-06-06", "f", "TR", "Kurmandschi, Türkisch",
     "Mesum", "2023-08-28", "asylum", [("beratung", "cm", 120)]),
    ("Rojda", "Kılıç", ["Rojda Kilic"], "1992-03-30", "f", "TR", "Kurmandschi, Türkisch",
     "Eschendorf", "2023-11-20", "asylum", [("beratung", "c", 160)]),
    ("Olena", "Kovalenko", ["Олена Коваленко", "Elena Kowalenko"], "1982-05-16", "f", "UA", "Ukrainisch, Russisch",
     "Eschendorf", "2022-03-11", "ukraine22", [("beratung", "cm", 420)]),
    ("Iryna", "Shevchenko", ["Ірина Шевченко", "Irina Schewtschenko"], "1975-12-03", "f", "UA", "Ukrainisch, Russisch",
     "Innenstadt", "2022-03-21", "ukraine22", [("jobcenter", "c", 600)]),
    ("Oleksandr", "Bondarenko", ["Олександр Бондаренко", "Alexander Bondarenko"], "1956-08-24", "m", "UA",
     "Ukrainisch, Russisch", "Dorenkamp", "2022-04-02", "ukraine22_old", [("beratung", "c", 500)]),
    ("Tetiana", "Melnyk", ["Тетяна Мельник", "Tatjana Melnik"], "1990-02-27", "f", "UA", "Ukrainisch, Englisch",
     "Gellendorf", "2022-03-15", "ukraine22", [("jobcenter", "c", 380, 30)]),
    ("Andrii", "Tkachenko", ["Андрій Ткаченко", "Andrij Tkatschenko"], "2005-03-09", "m", "UA", "Ukrainisch",
     "Mesum", "2023-01-30", "ukraine", [("beratung", "c", 240)]),
    ("Nataliia", "Boiko", ["Наталія Бойко", "Natalia Boyko"], "1987-07-22", "f", "UA", "Ukrainisch, Russisch",
     "Hauenhorst", "2022-05-09", "ukraine22", [("beratung", "c", 280)]),
    ("Svitlana", "Kravets", ["Світлана Кравець", "Swetlana Krawez"], "1969-10-30", "f", "UA", "Ukrainisch, Russisch",
     "Elte", "2024-02-19", "ukraine", [("jobcenter", "c", 220)]),
    ("Ionuț", "Popescu", ["Ionut Popescu"], "1991-02-11", "m", "RO", "Rumänisch, Italienisch",
     "Dorenkamp", "2025-03-03", "eu", [("beratung", "arr", 180)]),
    ("Maria", "Ionescu", [], "1994-09-01", "f", "RO", "Rumänisch",
     "Schotthock", "2024-11-18", "eu", [("beratung", "arr", 260)]),
    ("Florin", "Stoica", [], "1986-06-18", "m", "RO", "Rumänisch",
     "Eschendorf", "2019-04-08", "eu_topup", [("jobcenter", "c", 300)]),
    ("Emine", "Hasanova", ["Емине Хасанова", "Emine Hasan"], "1989-03-12", "f", "BG", "Türkisch, Bulgarisch",
     "Schotthock", "2020-06-15", "eu_topup", [("jobcenter", "c", 130)]),
    ("Desislava", "Ivanova", ["Десислава Иванова", "Desislawa Iwanowa"], "1997-12-25", "f", "BG",
     "Bulgarisch, Türkisch", "Mesum", "2025-05-26", "eu", [("beratung", "arr", 90)]),
    ("Agnieszka", "Nowak", [], "1979-04-04", "f", "PL", "Polnisch, Deutsch",
     "Hauenhorst", "2016-08-15", "eu_sgb3", [("beratung", "c", 110, 20)]),
    ("Krzysztof", "Wiśniewski", ["Krzysztof Wisniewski"], "1988-08-28", "m", "PL", "Polnisch",
     "Elte", "2018-02-05", "eu_topup", [("jobcenter", "c", 410)]),
]  # fmt: skip

# The ten Modellfälle and their phases, walked in order (one history row each); closure comes with closing the case.
CM_PHASES = {
    "Aydın": "intake", "Rahimi": "assessment", "Azizi": "assessment", "Haddad": "planning", "Haile": "planning",
    "Al-Hassan": "monitoring", "Jasim": "monitoring", "Kovalenko": "monitoring", "Al-Khatib": "evaluation",
    "Al-Masri": "closure",
}  # fmt: skip

# Shares of team-beratung cases: (family name, receiving agency, categories, consent given days ago, revoked days ago)
M, R, B = DataCategory.MASTER_DATA, DataCategory.RESIDENCE, DataCategory.BENEFITS
C, N = DataCategory.COURSES, DataCategory.NOTES
CONSENT_SHARES = [
    ("Al-Hassan", "jobcenter", [M, R, B, C, N], 540, None),
    ("Haddad", "jobcenter", [M, R, B, C], 280, None),  # without the case notes
    ("Kovalenko", "jobcenter", [M, B, C, N], 400, None),
    ("Haile", "jobcenter", [M, C, N], 190, None),
    ("Khalil", "jobcenter", [M, C, N], 320, 45),
    ("Rahimi", "fluechtlingshilfe", [M, C, N], 230, None),
    ("Bondarenko", "fluechtlingshilfe", [M], 480, None),
    ("Karimi", "fluechtlingshilfe", [M, N], 370, 75),
    ("Jasim", "vhs", [M, C], 390, None),
    ("Tkachenko", "vhs", [M, C], 230, None),
]
PURPOSES = {
    "jobcenter": "Abstimmung von Sprachförderung und Eingliederung in Arbeit (Kooperationsplan nach § 15 SGB II)",
    "fluechtlingshilfe": "Begleitung durch eine ehrenamtliche Patin bei Behördengängen und Kursanmeldung",
    "vhs": "Anmeldung und Begleitung im Integrationskurs",
}
# § 71 Abs. 2 SGB X: the foreigners' authority, without benefit or health data.
STATUTE_SHARES = [("Al-Khatib", "abh", [M, R], Statute.SGB_X_71)]

# Referrals of team-beratung cases, one in every state: (family name, receiver, categories, statute or "" for the
# consent in force, purpose, what became of it). Amal Haddad is left for the reader to refer to the jobcenter.
REFERRALS = [
    ("Haile", "jobcenter", [M, C], "", "Übergang ins SGB II: Vermittlung in Arbeit und Berufssprachkurs", None),
    ("Kovalenko", "jobcenter", [M, B, C], "", "Begleitung der Arbeitsaufnahme", ("accept",)),
    (
        "Al-Hassan", "jobcenter", [M, C], "", "Vermittlung in eine Maßnahme zur Arbeitsmarktintegration",
        ("accept", "successful", "Maßnahme hat am 2. November begonnen"),
    ),
    (
        "Rahimi", "team-asyl", [M, B], Statute.SGB_X_69, "Prüfung von Leistungen nach dem AsylbLG",
        ("decline", "Kein Anspruch nach dem AsylbLG: Rechtskreiswechsel ins SGB II ist erfolgt"),
    ),
    (
        "Bondarenko", "abh", [M, R], Statute.SGB_X_71, "Verlängerung des Aufenthaltstitels",
        ("withdraw", "Die Person hat den Termin bei der Ausländerbehörde selbst vereinbart"),
    ),
]  # fmt: skip

# Fields of action by note pool (below), taken in turn.
ACTION_FIELDS = {
    "beratung": [["language", "family"], ["work", "language", "housing"], ["education", "family"], ["housing"]],
    "cm": [["work", "language", "family"], ["language", "education"], ["work", "housing", "participation"]],
    "arr": [["participation", "language", "education"]],
    "asyl": [["residence", "housing"], ["residence", "language"]],
    "jobcenter": [["work", "language"], ["work"]],
    "abh": [["residence"], ["residence", "language"]],
}

# Notes by pool: beratung (counselling), cm, arr (team-beratung), asyl, jobcenter, abh. The first opens every case;
# Case Management takes them in the order of its phases. {district} is the person's district.
NOTES = {
    "beratung": [
        ("conversation", "Erstgespräch mit Sprachmittlung. Anliegen: Integrationskurs, Wohnung, Kita-Platz. "
                         "Unterlagen gesichtet, Kopien zur Akte."),
        ("phone", "Telefonat mit der VHS: Termin zum Einstufungstest vereinbart und weitergegeben."),
        ("letter", "Schreiben der Familienkasse gemeinsam gelesen; fehlende Schulbescheinigungen werden nachgereicht."),
        ("home_visit", "Hausbesuch in {district}: Wohnung zu klein für die Familie, Feuchtigkeit im Kinderzimmer. "
                       "Vermieter angeschrieben."),
        ("conversation", "Anerkennung des Berufsabschlusses vorbereitet, Übersetzung der Zeugnisse beantragt."),
        ("other", "Begleitung zur Anmeldung in der Grundschule; Sprachförderung in der Schule besprochen."),
    ],
    "cm": [
        ("conversation", "Fallklärung: jobcenter, VHS und Schule sind beteiligt, Absprachen fehlen. "
                         "Case Management angeboten und angenommen."),
        ("conversation", "Assessment: Ressourcen (Berufserfahrung, Familie) und Hemmnisse (Sprache, Kinderbetreuung) "
                         "gemeinsam erhoben."),
        ("case_conference", "Hilfeplangespräch mit jobcenter und VHS: Ziele, Schritte und Zuständigkeiten vereinbart."),
        ("phone", "Monitoring: Rückmeldung der VHS – regelmäßige Teilnahme am Kurs, Modultest bestanden."),
    ],
    "arr": [
        ("home_visit", "Aufsuchende Beratung in {district}: seit kurzem in Rheine. Informationen zu Anmeldung, "
                       "Krankenversicherung und Schule gegeben."),
        ("conversation", "Zulassung zum Integrationskurs beim BAMF (für EU-Bürger auf Antrag) gemeinsam beantragt."),
        ("phone", "Kontakt zur Migrationsberatung der Caritas vermittelt; Termin zur Arbeitsplatzsuche vereinbart."),
    ],
    "asyl": [
        ("conversation", "Vorsprache zur Leistungsgewährung nach dem AsylbLG; Bescheid erläutert, Konto aufgenommen."),
        ("letter", "Aufforderung zur Vorlage der aktuellen Aufenthaltsgestattung versandt."),
        ("conversation", "Verpflichtung zum Integrationskurs nach § 5b AsylbLG schriftlich erteilt und erläutert."),
        ("phone", "Rückruf der Unterkunftsverwaltung: Umzug in eine städtische Wohnung in {district} zum Monatsende."),
    ],
    "jobcenter": [
        ("conversation", "Potenzialanalyse: mehrjährige Berufserfahrung im Herkunftsland, Deutsch auf A2-Niveau."),
        ("conversation", "Kooperationsplan (§ 15 SGB II): Integrationskurs abschließen, dann Berufssprachkurs B2."),
        ("phone", "Arbeitgeber im Gewerbegebiet Rheine-Nord angefragt: Probearbeit im Lager möglich."),
        ("case_conference", "Abstimmung mit dem Team Beratung: Kinderbetreuung ist Voraussetzung für die Maßnahme."),
    ],
    "abh": [
        ("conversation", "Vorsprache zur Verlängerung des Aufenthaltstitels; Pass und Kursnachweis vorgelegt."),
        ("letter", "Verpflichtung zum Integrationskurs nach § 44a Abs. 1 Nr. 1 AufenthG schriftlich erteilt."),
        ("other", "Fiktionsbescheinigung ausgestellt, Abholtermin für den elektronischen Aufenthaltstitel vereinbart."),
    ],
}  # fmt: skip
CLOSING_NOTES = {
    "beratung": "Abschlussgespräch: Anliegen geklärt, weitere Begleitung nicht erforderlich. Fall abgeschlossen.",
    "cm": "Evaluation und Abschluss: Ziele des Hilfeplans überwiegend erreicht, Übergabe an den Regeldienst.",
    "asyl": "Rechtskreiswechsel ins SGB II: Leistungen nach dem AsylbLG eingestellt, Akte abgeschlossen.",
    "jobcenter": "Arbeitsaufnahme in Vollzeit, Hilfebedürftigkeit entfällt. Fall abgeschlossen.",
}

# Personal goals of the Modellfälle from the planning phase on: (goal, [(step, responsible), ...]).
GOALS = [
    ("Integrationskurs mit B1 abschließen",
     [("Anmeldung bei der VHS", "Case Managerin"), ("Kinderbetreuung klären", "Klient/in mit Familienzentrum")]),
    ("Anerkennung des Berufsabschlusses",
     [("Zeugnisse übersetzen lassen", "Klient/in"), ("Antrag bei der Anerkennungsstelle", "Case Managerin")]),
    ("Ausbildungsplatz im Handwerk finden",
     [("Praktikum über die Kreishandwerkerschaft", "jobcenter"), ("Bewerbungsmappe", "Flüchtlingshilfe Rheine")]),
    ("Eigene Wohnung beziehen",
     [("Wohnberechtigungsschein beantragen", "Klient/in"), ("Kontakt zu Wohnungsgesellschaften", "Case Managerin")]),
]  # fmt: skip

PHASES = list(CasePhase.values)
KINDS = {"c": CaseKind.COUNSELLING, "cm": CaseKind.CASE_MANAGEMENT, "arr": CaseKind.ARRIVAL}


def _ago(days: int) -> date:
    return ANCHOR - timedelta(days=days)


def _start(step, arrival: date) -> date:
    return step if isinstance(step, date) else arrival + timedelta(days=step)


def _caseworkers() -> dict[str, tuple[User, Membership]]:
    memberships = Membership.objects.select_related("user", "agency").filter(
        user__username__in=["beratung", "asyl", "abh", "jobcenter"], role=Role.CASEWORKER, is_active=True
    )
    return {membership.user.username: (membership.user, membership) for membership in memberships}


def _register(user: User, membership: Membership, row) -> Person:
    given, family, aliases, born, sex, nation, languages, district, arrival, *_ = row
    return person_register(
        actor=user, membership=membership, given_names=given, family_name=family, aliases=aliases,
        birth_date=date.fromisoformat(born), gender=Gender.FEMALE if sex == "f" else Gender.MALE,
        nationality=NATIONS[nation], languages=languages.split(", "), district=district,
        arrival_date=date.fromisoformat(arrival),
    )  # fmt: skip


def _statuses(user: User, membership: Membership, person: Person, row) -> None:
    """Residence and benefit histories, recorded by the caseworker of the first case (its agency leads it)."""
    arrival, profile = date.fromisoformat(row[8]), row[9]
    residence, benefits = PROFILES[profile]
    starts = [_start(step, arrival) for step, *_ in residence if _start(step, arrival) <= ANCHOR]
    acting = {"actor": user, "membership": membership, "person": person}
    for index, start in enumerate(starts):
        _, kind, basis = residence[index]
        until = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else None
        residence_status_record(**acting, kind=kind, title=basis, valid_from=start, valid_until=until)
    for step, system in benefits:
        if _start(step, arrival) <= ANCHOR:
            benefit_period_record(**acting, system=system, valid_from=_start(step, arrival))


def _notes(number: int, pool: str, phase: str) -> list[tuple[str, str]]:
    """2 to 4 notes: Case Management up to its phase, otherwise the opening note and others in turn."""
    notes = NOTES[pool]
    if pool == "cm":
        return notes[: min(max(PHASES.index(phase) + 1, 2), len(notes))]
    count = min(2 + number % 3, len(notes))
    return [notes[0], *(notes[1 + (number + step) % (len(notes) - 1)] for step in range(count - 1))]


def _open_case(number: int, person: Person, spec, caseworkers, obstacles: list[Obstacle]):
    who, kind, opened_days, *closed_days = spec
    user, membership = caseworkers[who]
    pool = kind if who == "beratung" and kind != "c" else who
    phase = CM_PHASES[person.family_name] if kind == "cm" else ""
    closed_on = _ago(closed_days[0]) if closed_days else None
    opened = max(_ago(opened_days), person.arrival_date)
    fields = ACTION_FIELDS[pool][number % len(ACTION_FIELDS[pool])]
    case = case_open(
        actor=user, membership=membership, person=person, kind=KINDS[kind], opened_on=opened, action_fields=fields
    )
    texts = [(note_kind, text.format(district=person.district)) for note_kind, text in _notes(number, pool, phase)]
    if closed_on:
        texts = [*texts[:3], ("other", CLOSING_NOTES[pool])]
    end = closed_on or ANCHOR - timedelta(days=3)
    for index, (note_kind, text) in enumerate(texts):
        occurred = opened + (end - opened) * index / (len(texts) - 1)
        case_note_add(actor=user, membership=membership, case=case, kind=note_kind, occurred_on=occurred, text=text)
    if obstacles and (kind == "cm" or who == "jobcenter"):
        take = 3 if kind == "cm" else 1 + number % 2
        case.obstacles.add(*(obstacles[(number * 5 + step * 7) % len(obstacles)] for step in range(take)))
    if kind == "cm":
        for later in PHASES[1 : PHASES.index(phase) + 1]:
            if later != CasePhase.CLOSURE:  # case_close sets it
                case_set_phase(actor=user, membership=membership, case=case, phase=later)
        if PHASES.index(phase) >= PHASES.index(CasePhase.PLANNING):
            _plan(user, membership, case, number, opened)
    if closed_on:
        case = case_close(actor=user, membership=membership, case=case, closed_on=closed_on)
    return case


def _plan(user: User, membership: Membership, case, number: int, opened: date) -> None:
    for offset in range(2):
        title, steps = GOALS[(number + offset) % len(GOALS)]
        target = min(opened + timedelta(days=365), ANCHOR)
        goal = personal_goal_add(
            actor=user, membership=membership, plan=case.support_plan, title=title, target_date=target
        )
        for index, (step, responsible) in enumerate(steps):
            due = min(opened + timedelta(days=45 * (index + 1 + offset)), ANCHOR)
            plan_step_add(actor=user, membership=membership, goal=goal, title=step, responsible=responsible, due_on=due)


def _share(beratung_cases, caseworkers) -> None:
    user, membership = caseworkers["beratung"]
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    for family, receiver, categories, given_days, revoked_days in CONSENT_SHARES:
        case = beratung_cases[family]
        consent = consent_record(
            actor=user, membership=membership, person=case.person, receiving_agency=agencies[receiver],
            purpose=PURPOSES[receiver], categories=categories, given_on=max(_ago(given_days), case.opened_on),
            form_version=FORM,
        )  # fmt: skip
        case_share_grant(
            actor=user, membership=membership, case=case, agency=agencies[receiver], categories=categories,
            consent=consent,
        )  # fmt: skip
        if revoked_days is not None:
            consent_revoke(actor=user, membership=membership, consent=consent, revoked_on=_ago(revoked_days))
    # Case Management beside the asylum-benefits team: Jonas Schulte works on Amal Haddad's case as co-worker.
    asyl_user = caseworkers["asyl"][0]
    case_coworker_add(
        actor=user, membership=membership, case=beratung_cases["Haddad"], colleague=asyl_user,
        reason="Gemeinsame Fallarbeit: Leistungen nach dem AsylbLG und Wohnungssuche",
    )  # fmt: skip
    for family, receiver, categories, statute in STATUTE_SHARES:
        case_share_grant(
            actor=user, membership=membership, case=beratung_cases[family], agency=agencies[receiver],
            categories=categories, statute=statute,
        )  # fmt: skip


def _refer(beratung_cases, caseworkers) -> None:
    user, membership = caseworkers["beratung"]
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    receivers = {"jobcenter": caseworkers["jobcenter"], "team-asyl": caseworkers["asyl"], "abh": caseworkers["abh"]}
    for family, receiver, categories, statute, purpose, then in REFERRALS:
        case = beratung_cases[family]
        consent = None
        if not statute:
            consent = Consent.objects.get(person=case.person, receiving_agency=agencies[receiver], revoked_on=None)
        referral = referral_send(
            actor=user, membership=membership, case=case, to_agency=agencies[receiver], purpose=purpose,
            categories=categories, consent=consent, statute=statute,
        )  # fmt: skip
        answerer, answering = receivers[receiver]
        if then is None:
            continue
        if then[0] == "accept":
            referral_accept(actor=answerer, membership=answering, referral=referral, kind=CaseKind.COUNSELLING)
            if len(then) > 1:
                referral_close(actor=answerer, membership=answering, referral=referral, outcome=then[1], note=then[2])
        elif then[0] == "decline":
            referral_decline(actor=answerer, membership=answering, referral=referral, reason=then[1])
        else:
            referral_withdraw(actor=user, membership=membership, referral=referral, note=then[1])


@transaction.atomic
def seed_cases() -> None:
    """Persons, cases, notes, plans and shares, once: a second run finds the first demo person and stops."""
    given, family, _, born, *_ = PERSONS[0]
    if Person.objects.filter(given_names=given, family_name=family, birth_date=date.fromisoformat(born)).exists():
        return
    caseworkers = _caseworkers()
    obstacles = list(Obstacle.objects.order_by("category", "name"))
    beratung_cases = {}
    number = 0
    for row in PERSONS:
        specs = row[-1]
        person = _register(*caseworkers[specs[0][0]], row)
        for spec in specs:
            case = _open_case(number, person, spec, caseworkers, obstacles)
            number += 1
            if spec[0] == "beratung":
                beratung_cases[person.family_name] = case
        _statuses(*caseworkers[specs[0][0]], person, row)
    _share(beratung_cases, caseworkers)
    _refer(beratung_cases, caseworkers)
