"""The fixed text of reports and figures in English and German, and locale-aware number and date formats.

Only the report's own words are translated (headings, captions, table headers, legends); what comes
from the case (document titles, codebook names and anchors, quotes, claims) stays as written.  The
catalogue is a plain mapping so a test can check that both languages have every key; it could later
move into the dashboard's gettext catalogue (``redline/web/locale``), which translates the same
chart words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = ("en", "de")

# key -> (English, German); placeholders use str.format names
_TEXT: dict[str, tuple[str, str]] = {
    # front matter
    "report": ("Report", "Bericht"),
    "subtitle": ("A redline report on case {case}", "Ein redline-Bericht zum Fall {case}"),
    "generated": ("Generated on {date} by redline {version}", "Erstellt am {date} mit redline {version}"),
    "codings_by": (
        "Positions from the codings of {coder} (the case's primary coder); intervals over all coders ({coders}).",
        "Positionen aus den Kodierungen von {coder} (Hauptkodierung des Falls); Intervalle über alle "
        "Kodierer ({coders}).",
    ),
    "scale_line": ("Scale: 0 = {min}; 100 = {max}.", "Skala: 0 = {min}; 100 = {max}."),
    "contents": ("Contents", "Inhalt"),
    "how_to_read": (
        "Every number links to a note that lists the provisions behind it (document, provision, quoted "
        "text) and the document's sources.",
        "Jede Zahl verweist auf eine Anmerkung mit den zugrunde liegenden Bestimmungen (Dokument, "
        "Bestimmung, zitierter Text) und den Quellen des Dokuments.",
    ),
    # sections
    "sec_findings": ("Findings checked against the codings", "Befunde, an den Kodierungen geprüft"),
    "sec_chronology": ("Chronology of the documents", "Chronologie der Dokumente"),
    "sec_issues": (
        "Issue by issue: each document and the maximal demands",
        "Punkt für Punkt: jedes Dokument und die Maximalforderungen",
    ),
    "sec_drift": ("Drift of the positions over time", "Verschiebung der Positionen im Zeitverlauf"),
    "sec_versions": ("Version comparison of consecutive drafts", "Vergleich aufeinanderfolgender Fassungen"),
    "sec_affinity": ("Strategic affinity", "Strategische Affinität"),
    "sec_criteria": ("Criteria and red lines", "Kriterien und rote Linien"),
    "sec_scenarios": ("Scenario results", "Ergebnisse der Szenarien"),
    "sec_method": ("Method", "Methode"),
    "sec_notes": ("Notes", "Anmerkungen"),
    # intros
    "intro_findings": (
        "The case's stated findings, each measured on the codings. 'Holds' compares the point estimates; "
        "'robust' means the whole 95% bootstrap interval of the difference lies on the stated side.",
        "Die Befunde des Falls, jeweils an den Kodierungen gemessen. „Trifft zu“ vergleicht die "
        "Punktschätzungen; „robust“ heißt, dass das ganze 95-%-Bootstrap-Intervall der Differenz auf der "
        "behaupteten Seite liegt.",
    ),
    "intro_chronology": (
        "{n} documents from {first} to {last}, by date. Grade: A official text by its author; B full text "
        "leaked or published by a party; C partial text or summary; D single source or contested.",
        "{n} Dokumente von {first} bis {last}, nach Datum. Güte: A offizieller Text des Urhebers; B "
        "vollständiger Text, durchgesickert oder von einer Seite veröffentlicht; C Teiltext oder "
        "Zusammenfassung; D Einzelquelle oder umstritten.",
    ),
    "intro_issues": (
        "Each negotiating document's position on every issue it addresses, next to the maximal demands of "
        "{actors}. Positions are on one scale per issue (0 = {min}; 100 = {max}); the words are the "
        "codebook's nearest anchor.",
        "Die Position jedes Verhandlungsdokuments zu jedem behandelten Punkt, neben den Maximalforderungen "
        "von {actors}. Alle Positionen stehen auf einer Skala je Punkt (0 = {min}; 100 = {max}); der Text "
        "ist der nächstgelegene Anker des Codebuchs.",
    ),
    "intro_drift": (
        "Each actor's documents in date order: their distance to the maximal demand of {target} (0 = "
        "identical, 100 = opposite ends of the scale), over the issues both address, with 95% bootstrap "
        "intervals, and the concession from the actor's previous document (positive = toward {max}).",
        "Die Dokumente jedes Akteurs nach Datum: ihr Abstand zur Maximalforderung von {target} (0 = "
        "identisch, 100 = entgegengesetzte Enden der Skala) über die von beiden behandelten Punkte, mit "
        "95-%-Bootstrap-Intervallen, und das Zugeständnis gegenüber dem vorigen Dokument des Akteurs "
        "(positiv = in Richtung {max}).",
    ),
    "intro_versions": (
        "Drafts that are versions of an earlier document, aligned provision by provision across wording and "
        "numbering: what was kept, changed, dropped and added.",
        "Entwürfe, die Fassungen eines früheren Dokuments sind, Bestimmung für Bestimmung über Wortlaut und "
        "Nummerierung hinweg abgeglichen: was beibehalten, geändert, gestrichen und hinzugefügt wurde.",
    ),
    "intro_affinity": (
        "Strategy documents compared by the frames they carry (strength 0-3 of the strongest coded "
        "passage). Affinity = 1 − mean absolute difference / 3 (1 = identical profiles).",
        "Strategiedokumente im Vergleich der Deutungsrahmen, die sie tragen (Stärke 0-3 der stärksten "
        "kodierten Passage). Affinität = 1 − mittlere absolute Differenz / 3 (1 = identische Profile).",
    ),
    "intro_criteria": (
        "A document fails a criterion if any condition it addresses is violated, passes if it addresses "
        "every condition and all hold, and otherwise does not address it fully.",
        "Ein Dokument verfehlt ein Kriterium, wenn eine behandelte Bedingung verletzt ist, erfüllt es, "
        "wenn es alle Bedingungen behandelt und alle gelten, und behandelt es sonst nicht vollständig.",
    ),
    "intro_redlines": (
        "Red lines crossed: positions beyond an actor's stated limit on an issue.",
        "Überschrittene rote Linien: Positionen jenseits der erklärten Grenze eines Akteurs zu einem Punkt.",
    ),
    "intro_scenarios": (
        "Predicted outcomes per issue from the bargaining model {model}, for each scenario and its variants "
        "(inputs: the actors' latest coded positions, saliences and capabilities).",
        "Vorhergesagte Ergebnisse je Punkt mit dem Verhandlungsmodell {model}, für jedes Szenario und "
        "seine Varianten (Eingaben: die zuletzt kodierten Positionen, Gewichte und Fähigkeiten der Akteure).",
    ),
    "no_scenarios": ("The case has no scenarios.", "Der Fall hat keine Szenarien."),
    "no_versions": (
        "No document of the case is marked as a version of another.",
        "Kein Dokument des Falls ist als Fassung eines anderen gekennzeichnet.",
    ),
    "no_affinity": (
        "The case has no coded strategy documents.",
        "Der Fall hat keine kodierten Strategiedokumente.",
    ),
    "no_claims": ("The case states no findings.", "Der Fall nennt keine Befunde."),
    "no_criteria": ("The case defines no criteria.", "Der Fall definiert keine Kriterien."),
    "maximal_demands_from": ("{actor}: {docs}", "{actor}: {docs}"),
    "maximal_demands_intro": (
        "An actor's maximal demand merges its maximal-demand documents in date order, a later one "
        "overriding an earlier one on the issues it addresses.",
        "Die Maximalforderung eines Akteurs fasst seine Dokumente mit Maximalforderungen nach Datum "
        "zusammen; ein späteres ersetzt ein früheres bei den Punkten, die es behandelt.",
    ),
    "documents_pair": ("Documents", "Dokumente"),
    "no_redlines_crossed": ("No red line is crossed.", "Keine rote Linie wird überschritten."),
    # table headers
    "date": ("Date", "Datum"),
    "document": ("Document", "Dokument"),
    "actor": ("Actor", "Akteur"),
    "kind": ("Kind", "Art"),
    "status": ("Status", "Status"),
    "grade": ("Grade", "Güte"),
    "provisions": ("Provisions", "Bestimmungen"),
    "codings": ("Codings", "Kodierungen"),
    "issue": ("Issue", "Punkt"),
    "this_document": ("This document", "Dieses Dokument"),
    "maximal_demand_of": ("Maximal demand: {actor}", "Maximalforderung: {actor}"),
    "not_addressed_list": ("Not addressed: {items}.", "Nicht behandelt: {items}."),
    "distance_to": (
        "Distance to the maximal demand of {actor}: {value} ({interval}) over {n} issues",
        "Abstand zur Maximalforderung von {actor}: {value} ({interval}) über {n} Punkte",
    ),
    "interval_short": ("95% interval {lo} to {hi}", "95-%-Intervall {lo} bis {hi}"),
    "finding": ("Finding", "Befund"),
    "measured": ("Measured", "Gemessen"),
    "value": ("Value", "Wert"),
    "compared_with": ("Compared with", "Verglichen mit"),
    "interval": ("95% interval", "95-%-Intervall"),
    "holds": ("Holds", "Trifft zu"),
    "robust": ("Robust", "Robust"),
    "yes": ("yes", "ja"),
    "no": ("no", "nein"),
    "distance": ("Distance", "Abstand"),
    "concession": ("Concession", "Zugeständnis"),
    "issues_n": ("Issues", "Punkte"),
    "relation": ("Relation", "Beziehung"),
    "changes": ("Changes", "Änderungen"),
    "kept": ("kept", "beibehalten"),
    "changed": ("changed", "geändert"),
    "dropped": ("dropped", "gestrichen"),
    "added": ("added", "hinzugefügt"),
    "split": ("split", "aufgeteilt"),
    "merged": ("merged", "zusammengeführt"),
    "version_counts": (
        "{a} → {b}: {kept} kept, {changed} changed, {dropped} dropped, {added} added (top-level provisions).",
        "{a} → {b}: {kept} beibehalten, {changed} geändert, {dropped} gestrichen, {added} hinzugefügt "
        "(Bestimmungen der obersten Ebene).",
    ),
    "version_moves": (
        "Movement on the issues both address: {value} ({interval}) over {n} issues.",
        "Verschiebung auf den von beiden behandelten Punkten: {value} ({interval}) über {n} Punkte.",
    ),
    "aligned_with": ("Aligned with {encoder}.", "Abgeglichen mit {encoder}."),
    "frame": ("Frame", "Deutungsrahmen"),
    "affinity_01": ("Affinity (0-1)", "Affinität (0-1)"),
    "frame_profiles": ("Frame profiles (strength 0-3)", "Profile der Deutungsrahmen (Stärke 0-3)"),
    "actor_affinity": ("Affinity of the actors", "Affinität der Akteure"),
    "shared_frames": (
        "Shared frames (strength ≥ 2 in both)",
        "Gemeinsame Deutungsrahmen (Stärke ≥ 2 in beiden)",
    ),
    "criterion": ("Criterion", "Kriterium"),
    "pass": ("passes", "erfüllt"),
    "fail": ("fails", "verfehlt"),
    "not addressed": ("not addressed", "nicht behandelt"),
    "respected": ("respected", "eingehalten"),
    "violated": ("violated", "verletzt"),
    "red_line": ("Red line", "Rote Linie"),
    "limit": ("Limit", "Grenze"),
    "position": ("Position", "Position"),
    "crossed": ("Red lines crossed", "Überschrittene rote Linien"),
    "scenario": ("Scenario", "Szenario"),
    "variant": ("Variant", "Variante"),
    "baseline": ("base case", "Basisfall"),
    "prediction": ("Prediction", "Vorhersage"),
    # notes
    "note_position": ("{doc}, position on {dim}: {value}", "{doc}, Position zu {dim}: {value}"),
    "note_sources": ("Sources", "Quellen"),
    "see_note": ("see notes {n}", "siehe Anm. {n}"),
    "note_provision": ("provision", "Bestimmung"),
    "note_confidence": ("confidence", "Sicherheit"),
    "note_value": ("value", "Wert"),
    "note_document": (
        "{doc}: {kind}, {status}, grade {grade}, {date}.",
        "{doc}: {kind}, {status}, Güte {grade}, {date}.",
    ),
    "note_distance": (
        "Distance of {doc} to the maximal demand of {actor} over the issues both address:",
        "Abstand von {doc} zur Maximalforderung von {actor} über die von beiden behandelten Punkte:",
    ),
    "note_maximal_from": ("maximal demand from {doc}", "Maximalforderung aus {doc}"),
    "note_concession": ("Movement from {a} to {b} per issue:", "Verschiebung von {a} zu {b} je Punkt:"),
    "note_alignment": (
        "Alignment of the top-level provisions of {a} and {b} ({encoder}); stored in the case's database "
        "(`redline export --what alignments`).",
        "Abgleich der Bestimmungen der obersten Ebene von {a} und {b} ({encoder}); in der Datenbank des "
        "Falls gespeichert (`redline export --what alignments`).",
    ),
    "note_frame": ("{doc}, frame {frame}: strength {value}", "{doc}, Deutungsrahmen {frame}: Stärke {value}"),
    "note_affinity": (
        "Affinity of {a} and {b} from their frame profiles (table above); sources:",
        "Affinität von {a} und {b} aus ihren Profilen (Tabelle oben); Quellen:",
    ),
    "note_criterion": ("{doc}, criterion {crit}: {status}", "{doc}, Kriterium {crit}: {status}"),
    "note_condition": (
        "{dim}: position {value}, condition {cond}",
        "{dim}: Position {value}, Bedingung {cond}",
    ),
    "note_run": (
        "Stored run {run} of scenario {scenario} ({variant}), model {model}, {params}; inputs as stored with "
        "the run (`redline scenario runs {case}/{scenario}`).",
        "Gespeicherter Lauf {run} des Szenarios {scenario} ({variant}), Modell {model}, {params}; Eingaben "
        "wie mit dem Lauf gespeichert (`redline scenario runs {case}/{scenario}`).",
    ),
    "note_claim": (
        "Source of the finding: {source}. Measure: {measure}.",
        "Quelle des Befunds: {source}. Maß: {measure}.",
    ),
    "note_redline": (
        "{doc}, red line of {actor} on {dim} ({limit}): {status}",
        "{doc}, rote Linie von {actor} zu {dim} ({limit}): {status}",
    ),
    "not_coded_position": ("not addressed", "nicht behandelt"),
    # method
    "method_text": (
        "Each provision of each document was coded on the issues it touches, with the quoted passage as "
        "evidence. A document's position on an issue is the confidence-weighted mean of its coded provisions "
        "(a coded parent provision stands for its sub-points); an issue without a coding is not addressed, "
        "never 0. Distances and concessions are salience-weighted means over the issues both documents "
        "address. Intervals: 95% percentile bootstrap ({replicates} replicates) over provisions and coders. "
        "Full definitions: docs/measures.md.",
        "Jede Bestimmung jedes Dokuments wurde zu den berührten Punkten kodiert, mit der zitierten Passage "
        "als Beleg. Die Position eines Dokuments zu einem Punkt ist der nach Sicherheit gewichtete "
        "Mittelwert seiner kodierten Bestimmungen (eine kodierte übergeordnete Bestimmung steht für ihre "
        "Unterpunkte); ein Punkt ohne Kodierung gilt als nicht behandelt, nie als 0. Abstände und "
        "Zugeständnisse sind nach Gewicht (Salienz) gewichtete Mittelwerte über die von beiden Dokumenten "
        "behandelten Punkte. Intervalle: 95-%-Perzentil-Bootstrap ({replicates} Wiederholungen) über "
        "Bestimmungen und Kodierer. Vollständige Definitionen: docs/measures.md.",
    ),
    "method_no_intervals": (
        "Intervals were not computed for this report.",
        "Für diesen Bericht wurden keine Intervalle berechnet.",
    ),
    "reliability_line": (
        "Agreement of the independent coders ({coders}): Krippendorff's α (interval) {alpha} over {units} "
        "units, percent agreement {agreement}.",
        "Übereinstimmung der unabhängigen Kodierer ({coders}): Krippendorffs α (intervall) {alpha} über "
        "{units} Einheiten, prozentuale Übereinstimmung {agreement}.",
    ),
    "page": ("page", "Seite"),
    "back": ("back", "zurück"),
    # figures
    "figure": ("Figure", "Abbildung"),
    "fig_timeline": ("Documents by actor and date", "Dokumente nach Akteur und Datum"),
    "fig_positions": (
        "Positions of the negotiating documents by issue",
        "Positionen der Verhandlungsdokumente je Punkt",
    ),
    "fig_drift": (
        "Distance to the maximal demand of {target} over time",
        "Abstand zur Maximalforderung von {target} im Zeitverlauf",
    ),
    "fig_territory": (
        "Proposed status of Ukraine's regions",
        "Vorgeschlagener Status der Regionen der Ukraine",
    ),
    "fig_criteria": (
        "Criteria: pass, fail or not addressed",
        "Kriterien: erfüllt, verfehlt oder nicht behandelt",
    ),
    "fig_redlines": (
        "Red lines: respected, violated or not addressed",
        "Rote Linien: eingehalten, verletzt oder nicht behandelt",
    ),
    "fig_affinity": (
        "Strategic affinity of the strategy documents",
        "Strategische Affinität der Strategiedokumente",
    ),
    "fig_simulation": ("Predicted outcomes: {scenario}", "Vorhergesagte Ergebnisse: {scenario}"),
    "fig_source": (
        "Source: redline, case {case}, codings by {coder}, {date}.",
        "Quelle: redline, Fall {case}, Kodierungen von {coder}, {date}.",
    ),
    "axis_distance": (
        "Distance to the maximal demand of {target} (0-100)",
        "Abstand zur Maximalforderung von {target} (0-100)",
    ),
    "axis_position": ("Position (0-100)", "Position (0-100)"),
    "axis_outcome": ("Predicted position (0-100)", "Vorhergesagte Position (0-100)"),
    "legend_positions": ("0 = {min} · 100 = {max}", "0 = {min} · 100 = {max}"),
    "actors_positions": ("actors' positions", "Positionen der Akteure"),
    "st_ukrainian": ("Ukrainian", "ukrainisch"),
    "st_frozen": ("frozen at the contact line", "an der Kontaktlinie eingefroren"),
    "st_dmz": ("demilitarised / buffer zone", "entmilitarisierte / Pufferzone"),
    "st_de-facto": ("Russian de facto", "de facto russisch"),
    "st_de-jure": ("Russian de jure", "de jure russisch"),
    "st_not-addressed": ("not addressed", "nicht behandelt"),
    "territory_note": (
        "Split tiles: left half the occupied part, right half the part Ukraine holds.",
        "Geteilte Felder: linke Hälfte der besetzte Teil, rechte Hälfte der von der Ukraine gehaltene Teil.",
    ),
    # document kinds and statuses
    "kind_proposal": ("proposal", "Vorschlag"),
    "kind_memorandum": ("memorandum", "Memorandum"),
    "kind_declaration": ("declaration", "Erklärung"),
    "kind_statement": ("statement", "Stellungnahme"),
    "kind_strategy": ("strategy", "Strategie"),
    "status_official": ("official", "offiziell"),
    "status_leaked": ("leaked", "durchgesickert"),
    "status_reported": ("reported", "berichtet"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The fixed text ``key`` in ``lang``, with ``values`` filled in."""
    en, de = _TEXT[key]
    template = de if lang == "de" else en
    return template.format(**values) if values else template


def keys() -> Mapping[str, tuple[str, str]]:
    """The whole catalogue (for tests)."""
    return _TEXT


def kind_name(kind: str, lang: str) -> str:
    key = f"kind_{kind}"
    return text(key, lang) if key in _TEXT else kind


def status_name(status: str, lang: str) -> str:
    key = f"status_{status}"
    return text(key, lang) if key in _TEXT else status


def number(value: float | None, lang: str, digits: int = 1) -> str:
    """A number with ``digits`` decimals in the language's notation ("90.7" / "90,7"); "–" for None."""
    if value is None:
        return "–"
    pattern = "0" if digits == 0 else "0." + "0" * digits
    text = format_decimal(value, format=pattern, locale="de_DE" if lang == "de" else "en_GB")
    return "−" + text[1:] if text.startswith("-") else text  # a real minus sign


def date(value: dt.date | str | None, lang: str, long: bool = False) -> str:
    """A date as readers of the language write it ("20 Nov 2025" / "20. Nov. 2025")."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if lang == "de":
        return format_date(value, "d. MMMM y" if long else "dd.MM.y", locale="de_DE")
    return format_date(value, "d MMMM y" if long else "d MMM y", locale="en_GB")


def interval(iv: tuple[float, float] | list[float] | None, lang: str) -> str:
    if not iv:
        return "–"
    return text("interval_short", lang, lo=number(iv[0], lang), hi=number(iv[1], lang))
