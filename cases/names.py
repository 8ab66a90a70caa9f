"""Folding names so that spellings of one name compare equal.

Müller, Mueller and Muller fold to "muler"; Öztürk and Oeztuerk to "ozturk"; Мухаммед to "mukhamed". What is left
after folding (typos, Mohammed/Muhammad) is for trigram similarity to bridge.
"""

import re
import unicodedata

# ISO 9-like, as German offices write Ukrainian and Russian names on documents.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "je", "ё": "jo", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "ji", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
_SPECIAL = {"ß": "ss", "ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th"}
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ph", "f"), ("th", "t"), ("dh", "d"))
_REPEATS = re.compile(r"(.)\1+")
_NOT_LETTERS = re.compile(r"[^a-z]+")


def fold(name: str) -> str:
    """One name (or several, separated by spaces) in its folded form: lower-case ASCII words."""
    text = name.casefold()
    text = "".join(_CYRILLIC.get(char, _SPECIAL.get(char, char)) for char in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = []
    for word in _NOT_LETTERS.split(text):
        for digraph, single in _DIGRAPHS:
            word = word.replace(digraph, single)
        word = _REPEATS.sub(r"\1", word)
        if word:
            words.append(word)
    return " ".join(words)


def search_names(*, given_names: str, family_name: str, aliases: list[str]) -> str:
    """All spellings of a person, folded, one per line: the column that search and duplicate checks read."""
    spellings = [f"{given_names} {family_name}", *aliases]
    folded = dict.fromkeys(fold(spelling) for spelling in spellings)
    folded.pop("", None)  # a spelling in a script without a transliteration here (Arabic, Ge'ez) folds to nothing
    return "\n".join(folded)
