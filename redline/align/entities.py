"""Named places and organisations, recognised across en/de/fr/ru/uk by a small gazetteer of stems.

No offline multilingual NER model ships in a wheel, so redline recognises the places and organisations that
recur in the negotiation drafts it is built for, under one canonical name per entity whatever the language
("Zaporizhzhia" = "Saporischschja" = "Запорожская" = "Запорізьку").  Stems also catch adjectives ("Ukrainian
territory" counts as Ukraine).  For same-language pairs :func:`proper_nouns` adds capitalised words that are
not in the gazetteer (not for German, which capitalises every noun).
"""

from __future__ import annotations

import re

from redline.align.numbers import MONTH_PATTERN

# canonical name -> regex alternatives (case-insensitive, matched at a word start)
GAZETTEER: dict[str, str] = {
    "Ukraine": r"ukrain|украин|україн|ukrai",
    "Russia": r"russ|росси|россий|росі|росій|russi",
    "United States": r"united states|u\.s\.|usa\b|(?-i:US)\b|vereinigten staaten|vereinigte staaten|états-unis"
    r"|соединённ\w* штат|соединенн\w* штат|сша\b|сполучен\w* штат|америк|amerik|americ",
    "European Union": r"european union|europäische\w* union|union européenne|\beu\b|европейск\w* союз"
    r"|європейськ\w* союз|\bес\b|\bєс\b",
    "NATO": r"nato|нато|otan",
    "Europe": r"europ|европ|європ",
    "United Nations": r"united nations|vereinte\w* nationen|nations unies|\bun\b|\bоон\b",
    "OSCE": r"osce|osze|обсе|обсє",
    "IAEA": r"iaea|iaeo|aiea|магатэ|магате",
    "Red Cross": r"red cross|roten kreuz|rotes kreuz|croix-rouge|красн\w* крест|червон\w* хрест",
    "G7": r"g7\b",
    "G8": r"g8\b",
    "Crimea": r"crime|krim|крым|крим",
    "Donetsk": r"donets|donez|донецк|донецьк",
    "Luhansk": r"luhans|lugans|луганск|луганськ",
    "Donbas": r"donbas|донбас",
    "Zaporizhzhia": r"zaporiz|saporisch|zaporoj|запорож|запоріж|запоріз",
    "Kherson": r"kherson|cherson|херсон",
    "Kharkiv": r"kharkiv|charkiw|харьков|харків",
    "Dnipro": r"dnipro|dnepr|dnieper|днепр|дніпр",
    "Black Sea": r"black sea|schwarzmeer|schwarzen meer|mer noire|черноморск|чёрн\w* мор|черн\w* мор|чорн\w* мор"
    r"|чорноморськ",
    "Sea of Azov": r"azov|asow|азовск|азовськ",
    "Poland": r"poland|polish|polen|polnisch|pologne|польш|польск|польщ|польськ",
    "Belarus": r"belarus|weißrussland|беларус|білорус",
    "Kyiv": r"kyiv|kiev|kiew|киев|київ",
    "Moscow": r"moscow|moskau|moscou|москв",
    "Turkey": r"turkey|türkei|turquie|турци|туреччин",
    "China": r"china|chine|chinese|китай|китаї",
}
_PATTERNS = {name: re.compile(rf"(?<!\w)(?:{alt})", re.I) for name, alt in GAZETTEER.items()}
_MONTH_NAME = re.compile(MONTH_PATTERN, re.I)
_CAP = r"[A-ZА-ЯЁІЇЄҐ][\w'-]+"
_CAPITALISED = re.compile(rf"(?<![.!?:]\s)(?<!^)\b({_CAP}(?:\s+{_CAP})*)")


def entities(text: str) -> set[str]:
    """Canonical names of the gazetteer entities mentioned in ``text``."""
    return {name for name, pattern in _PATTERNS.items() if pattern.search(text)}


def entity_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every gazetteer mention, for highlighting."""
    spans = []
    for name, pattern in _PATTERNS.items():
        for m in pattern.finditer(text):
            end = re.match(r"[\w'-]*", text[m.end() :])
            spans.append((m.start(), m.end() + (end.end() if end else 0), name))
    return sorted(spans)


def proper_nouns(text: str, language: str | None) -> set[str]:
    """Capitalised words not at a sentence start and not in the gazetteer (not for German)."""
    if (language or "")[:2] == "de":
        return set()
    masked = list(text)
    for start, end, _ in entity_spans(text):
        masked[start:end] = " " * (end - start)
    names = {m.group(1) for m in _CAPITALISED.finditer("".join(masked))}
    return {n for n in names if not _MONTH_NAME.fullmatch(n)}
