"""The translation catalogues: German complete and sound, every compiled `.mo` file up to date with its `.po`.

The UI speaks German by default, so a missing or fuzzy German entry would show English text to the users.
A placeholder that differs between msgid and msgstr breaks the rendering (KeyError) or loses data.
The `.mo` files are committed, so a forgotten `compilemessages` would ship an outdated translation:
the sets of translated entries of `.po` and `.mo` must be equal.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
LOCALES = ("de", "en")

# printf-style conversion after the `%` and an optional `(name)`: flags, width, precision, type.
CONVERSION = r"[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]"
# `%(name)s`, `%s`, `%05.2f`, ... (the escaped `%%` is removed before matching).
PERCENT_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?" + CONVERSION)
NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)" + CONVERSION)
TEMPLATE_VARIABLE = re.compile(r"{{\s*[\w.|:\"' ]+?\s*}}")
BRACE_PLACEHOLDER = re.compile(r"(?<!{){[\w.\[\]!:<>^=+ -]*}(?!})")


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def mo_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"


def live_entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def placeholders(text: str, flags: list[str]) -> Counter:
    """The placeholders of one message: named ones always, positional and brace ones if flagged as such."""
    text = text.replace("%%", "")
    found = Counter(match.group(0) for match in NAMED_PLACEHOLDER.finditer(text))
    found.update(match.group(0).replace(" ", "") for match in TEMPLATE_VARIABLE.finditer(text))
    if "python-format" in flags:
        found.update(m.group(0) for m in PERCENT_PLACEHOLDER.finditer(text) if m.group("name") is None)
    if "python-brace-format" in flags:
        found.update(match.group(0) for match in BRACE_PLACEHOLDER.finditer(text))
    return found


def translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs of an entry: one for a simple entry, one per form for a plural entry."""
    if entry.msgid_plural:
        return [
            (entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


def entry_key(entry: polib.POEntry | polib.MOEntry) -> tuple:
    if entry.msgid_plural:
        forms = tuple(sorted((int(index), text) for index, text in entry.msgstr_plural.items()))
        return (entry.msgctxt, entry.msgid, entry.msgid_plural, forms)
    return (entry.msgctxt, entry.msgid, None, entry.msgstr)


def describe(entry: polib.POEntry) -> str:
    return f"line {entry.linenum}: {entry.msgid!r}"


@pytest.fixture(scope="module")
def german() -> polib.POFile:
    return polib.pofile(str(po_path("de")))


def test_catalogues_exist() -> None:
    for locale in LOCALES:
        assert po_path(locale).is_file(), f"missing {po_path(locale)}: run makemessages"
        assert mo_path(locale).is_file(), f"missing {mo_path(locale)}: run compilemessages"


def test_german_catalogue_is_not_empty(german: polib.POFile) -> None:
    assert len(live_entries(german)) > 0
    assert german.metadata.get("Language") == "de"
    assert german.metadata.get("Plural-Forms"), "the German catalogue needs a Plural-Forms header"


def test_every_german_entry_is_translated(german: polib.POFile) -> None:
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", german.metadata["Plural-Forms"]).group(1))
    untranslated = []
    for entry in live_entries(german):
        texts = [text for _, text in translations(entry)]
        if not texts or not all(text.strip() for text in texts):
            untranslated.append(describe(entry))
        elif entry.msgid_plural and len(texts) != nplurals:
            untranslated.append(f"{describe(entry)} has {len(texts)} plural forms, needs {nplurals}")
    assert not untranslated, "untranslated German entries:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_entry_is_fuzzy(locale: str) -> None:
    catalogue = polib.pofile(str(po_path(locale)))
    fuzzy = [describe(entry) for entry in live_entries(catalogue) if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries in {locale}:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match(locale: str) -> None:
    catalogue = polib.pofile(str(po_path(locale)))
    mismatches = []
    for entry in live_entries(catalogue):
        for source, text in translations(entry):
            if not text:
                continue
            expected, actual = placeholders(source, entry.flags), placeholders(text, entry.flags)
            if expected != actual:
                mismatches.append(f"{describe(entry)}: expected {dict(expected)}, found {dict(actual)}")
    assert not mismatches, "placeholders differ between msgid and msgstr:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_po(locale: str) -> None:
    catalogue = polib.pofile(str(po_path(locale)))
    compiled = polib.mofile(str(mo_path(locale)))
    expected = {entry_key(entry) for entry in catalogue.translated_entries()}
    actual = {entry_key(entry) for entry in compiled if entry.msgid}
    hint = "run `manage.py compilemessages`"
    missing = "\n".join(sorted(repr(key) for key in expected - actual))
    extra = "\n".join(sorted(repr(key) for key in actual - expected))
    assert not missing, f"{locale}: missing from or outdated in the .mo file ({hint}):\n{missing}"
    assert not extra, f"{locale}: only in the .mo file ({hint}):\n{extra}"
