"""The German catalogue covers every interface message and the compiled .mo matches the .po."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from redline.web import i18n

WEB = Path(i18n.__file__).parent


def _extract() -> set[str]:
    """The messages of the Python code and templates (what ``pybabel extract -F babel.cfg`` finds)."""
    from babel.messages.extract import extract_from_dir

    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options_map = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "N_": None, "gettext": (2,)}
    found = extract_from_dir(str(WEB), method_map, options_map, keywords=keywords)
    return {msg if isinstance(msg, str) else msg[0] for _, _, msg, _, _ in found}


def test_every_message_is_translated() -> None:
    wanted = _extract()
    assert len(wanted) > 200
    po = read_po((WEB / "locale/de/LC_MESSAGES/redline.po").open("rb"))
    translated = {m.id for m in po if m.id and m.string}
    missing = sorted(wanted - translated)
    assert not missing, f"untranslated (update the .po and run pybabel compile): {missing[:10]}"


def test_compiled_catalogue_is_up_to_date() -> None:
    po = read_po((WEB / "locale/de/LC_MESSAGES/redline.po").open("rb"))
    mo = read_mo(io.BytesIO((WEB / "locale/de/LC_MESSAGES/redline.mo").read_bytes()))
    assert {m.id: m.string for m in po if m.id} == {m.id: m.string for m in mo if m.id}


def test_language_choice() -> None:
    assert i18n.pick_language(None, "de-DE,de;q=0.9,en;q=0.8") == "de"
    assert i18n.pick_language(None, "fr-FR, en;q=0.5, de;q=0.4") == "en"
    assert i18n.pick_language("en", "de") == "en"
    assert i18n.pick_language("xx", None) == "en"
    assert i18n.translations("de").gettext("Overview") == "Überblick"
