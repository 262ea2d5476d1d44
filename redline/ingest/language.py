"""Language detection (lingua) and validation of ``--language`` codes.

lingua's low-accuracy mode (trigram models only, ~80 MB, loaded lazily and offline from
the installed wheel) is used throughout: it is right for documents and even for short
posts of a few sentences, and loads in well under a second, where the high-accuracy
models take several seconds and gigabytes for all 75 languages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from redline.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from lingua import LanguageDetector

UNDETERMINED = "und"
SAMPLE_CHARS = 8000
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=1)
def known_codes() -> frozenset[str]:
    """ISO 639-1 codes of every language lingua knows."""
    from lingua import Language

    return frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of ``text``, or ``"und"`` when it cannot be told.

    Looks at a sample from the start and the middle of the text (titles and boilerplate
    are often in another language than the body).
    """
    if len(text) > SAMPLE_CHARS:
        half = SAMPLE_CHARS // 2
        mid = len(text) // 2
        sample = text[:half] + "\n" + text[mid : mid + half]
    else:
        sample = text
    if len(_LETTER.findall(sample)) < 3:
        return UNDETERMINED
    language = _detector().detect_language_of(sample)
    if language is None:
        return UNDETERMINED
    return language.iso_code_639_1.name.lower()


def check_language(code: str) -> str:
    """Validate a user-supplied ``--language`` code and return it in lower case."""
    norm = code.strip().lower()
    if norm not in known_codes():
        raise InputError(f"unknown language code {code!r}: use an ISO 639-1 code such as en, de, ru, uk")
    return norm
