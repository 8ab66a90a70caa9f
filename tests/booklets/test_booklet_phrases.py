"""The booklet's phrases: complete in every language, the same placeholders, the right script, plain German."""

import re
import string

import pytest

from booklets.phrases import LANGUAGES, PHRASES, RTL, direction, text

SECTIONS = ("contacts", "goals", "steps", "courses", "appointments", "entitlement")
STEP_KEYS = (
    "step_done", "goal_reached", "course_registered", "course_started", "course_completed", "dtz_result",
    "lid_passed", "slip_issued",
)  # fmt: skip
COURSE_KINDS = ("general", "youth", "parents", "women", "literacy", "remedial", "intensive", "basic", "demand")
ENROLMENT_STATUSES = ("registered", "attending", "interrupted", "dropped", "completed")
OTHER_KEYS = (
    "title", "subtitle", "language_name", "owner", "born_on", "issued_by", "issued_on", "edition", "intro",
    "your_choice", "keep_safe", "staff_text", "address", "phone", "email", "hours", "date", "target_date",
    "reached_on", "not_reached", "next_steps", "who_helps", "provider", "course_time", "status", "certificate",
    "valid_until", "slip_issuer", "teaching_units", "nothing_yet", "obliged", "entitled", "level_below_a2",
)  # fmt: skip
REQUIRED_KEYS = {
    *OTHER_KEYS,
    *STEP_KEYS,
    *(f"section_{code}" for code in SECTIONS),
    *(f"intro_{code}" for code in SECTIONS),
    *(f"kind_{code}" for code in COURSE_KINDS),
    *(f"enrolment_{code}" for code in ENROLMENT_STATUSES),
}

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
CEFR_LEVEL = re.compile(r"\b[ABC][12]\b")  # printed as they are in every language
ETHIOPIC = re.compile(r"[\u1200-\u137F]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
ARABIC_ONLY_YEH_KAF = re.compile(r"[\u064A\u0643]")  # ي ك: Farsi writes ی ک
PERSIAN_ONLY = re.compile(r"[\u06CC\u06A9\u06AF\u067E\u0686\u0698]")  # ی ک گ پ چ ژ: not in Arabic
GERMAN_ABBREVIATIONS = re.compile(r"z\.\s?B\.|bzw\.|ggf\.|usw\.|d\.\s?h\.|u\.\s?a\.|evtl\.|ca\.", re.IGNORECASE)
GERMAN_SUBJUNCTIVE = re.compile(r"\b(würden?|würdest|könnten?|möchten?|hätten?|wären?|sollten?|müssten?)\b")
GERMAN_DU = re.compile(r"\b(du|dich|dir|dein\w*)\b", re.IGNORECASE)
MAX_WORDS = 15


def texts(language):
    return [(key, phrase[language]) for key, phrase in sorted(PHRASES.items())]


def placeholders(phrase):
    return {field for _, field, _, _ in string.Formatter().parse(phrase) if field is not None}


def literal(phrase):
    """The phrase without its placeholders (which hold untranslated names and titles)."""
    return "".join(part for part, _, _, _ in string.Formatter().parse(phrase))


def sentences(phrase):
    return [part for part in re.split(r"(?<=[.!?:])\s+", literal(phrase)) if part.strip()]


def too_long(phrase):
    return [sentence for sentence in sentences(phrase) if len(sentence.split()) > MAX_WORDS]


def test_the_languages_are_the_seven_of_the_booklet_and_arabic_and_farsi_read_right_to_left():
    assert LANGUAGES == ("de", "en", "ar", "fa", "uk", "tr", "ti")
    assert {"ar", "fa"} == RTL


def test_every_key_the_booklet_prints_is_there():
    assert REQUIRED_KEYS - PHRASES.keys() == set()


def test_every_key_has_every_language_in_order_non_empty_and_stripped():
    for key, phrase in PHRASES.items():
        assert tuple(phrase) == LANGUAGES, key
        for language, value in phrase.items():
            assert value, (key, language)
            assert value == value.strip(), (key, language)
            assert "  " not in value, (key, language)


def test_each_language_names_itself():
    assert {language: PHRASES["language_name"][language] for language in LANGUAGES} == {
        "de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی", "uk": "Українська", "tr": "Türkçe",
        "ti": "ትግርኛ",
    }  # fmt: skip


def test_placeholders_are_the_same_in_every_language_of_a_key():
    for key, phrase in PHRASES.items():
        expected = placeholders(phrase["de"])
        for language, value in phrase.items():
            assert placeholders(value) == expected, (key, language)


def test_the_step_sentences_and_the_edition_take_the_placeholders_the_content_fills():
    expected = {"edition": {"number"}, "step_done": {"title"}, "goal_reached": {"title"}, "dtz_result": {"level"}}
    expected |= {key: {"course"} for key in ("course_registered", "course_started", "course_completed")}
    expected |= {key: set() for key in ("lid_passed", "slip_issued")}
    assert {key: placeholders(PHRASES[key]["de"]) for key in expected} == expected


def test_text_fills_in_the_placeholders():
    assert text("course_started", "de", course="IK 2026/14") == "Sie haben mit einem Kurs angefangen: IK 2026/14"
    assert text("edition", "tr", number=3) == "3. baskı"
    assert text("title", "en") == "My companion booklet"


def test_text_refuses_an_unknown_key_or_language():
    with pytest.raises(KeyError):
        text("no_such_key", "de")
    with pytest.raises(KeyError):
        text("title", "ru")


@pytest.mark.parametrize("language", LANGUAGES)
def test_direction_is_rtl_for_arabic_and_farsi_and_ltr_otherwise(language):
    assert direction(language) == ("rtl" if language in {"ar", "fa"} else "ltr")


def test_direction_refuses_an_unknown_language():
    with pytest.raises(KeyError):
        direction("he")


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_arabic_and_farsi_are_in_arabic_script_without_latin_letters(language):
    for key, value in texts(language):
        assert ARABIC_SCRIPT.search(value), key
        assert not LATIN.search(CEFR_LEVEL.sub("", literal(value))), key


def test_farsi_uses_persian_yeh_and_kaf():
    for key, value in texts("fa"):
        assert not ARABIC_ONLY_YEH_KAF.search(value), key


def test_arabic_uses_no_persian_letters():
    for key, value in texts("ar"):
        assert not PERSIAN_ONLY.search(value), key


def test_tigrinya_is_in_ethiopic_script():
    for key, value in texts("ti"):
        assert ETHIOPIC.search(value), key
        assert not LATIN.search(CEFR_LEVEL.sub("", literal(value))), key


def test_ukrainian_is_in_cyrillic_without_russian_letters():
    for key, value in texts("uk"):
        assert CYRILLIC.search(value), key
        assert not RUSSIAN_ONLY.search(value), key


def test_the_checks_catch_what_they_are_meant_to_catch():
    assert too_long(
        "Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn."
    )
    assert not too_long("Sie haben einen Schritt geschafft: {title}")
    assert GERMAN_ABBREVIATIONS.search("Ämter, z. B. das Jobcenter")
    assert GERMAN_SUBJUNCTIVE.search("Das möchten Sie erreichen.")
    assert GERMAN_DU.search("Das hast du geschafft.")
    assert LATIN.search(CEFR_LEVEL.sub("", literal("نتيجتك: B1 ok {level}")))
    assert ARABIC_ONLY_YEH_KAF.search("كتاب")


def test_german_sentences_are_short():
    for key, value in texts("de"):
        assert too_long(value) == [], key


def test_german_has_no_abbreviations_no_subjunctive_and_says_sie():
    for key, value in texts("de"):
        assert not GERMAN_ABBREVIATIONS.search(value), key
        assert not GERMAN_SUBJUNCTIVE.search(value), key
        assert not GERMAN_DU.search(value), key
