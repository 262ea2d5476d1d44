"""The codebook: show it, export it as CSV or REFI-QDA (``.qdc``), import a ``.qdc``.

REFI-QDA codebook exchange (urn:QDA-XML:codebook:1.0) lets the codebook open in QDA
tools (ATLAS.ti, MAXQDA, NVivo, QDA Miner ...).  The hierarchy is category (not
codable) > dimension > one code per anchored scale level, named ``"<value> – <label>"``
so the numeric value survives the round trip.  GUIDs are derived from the case and
keys (UUID5), so re-exporting gives the same file.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from sqlalchemy.orm import Session

from redline.cases.loader import load_case
from redline.errors import InputError

NS = "urn:QDA-XML:codebook:1.0"
_NAMESPACE = uuid.UUID("6f1f7c3e-5b0a-4c55-9d7e-2b9a1f0e8c11")
_LEVEL_NAME = re.compile(r"^(-?\d+(?:\.\d+)?) – (.*)$", re.S)
# Okabe-Ito palette: colour-blind safe
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]


def codebook_dict(session: Session, case_id: str) -> dict[str, Any]:
    """The codebook of a case as JSON-ready data (categories, dimensions, levels, saliences)."""
    case = load_case(session, case_id)
    return {
        "case": case.id,
        "version": case.codebook_version,
        "scale": case.scale,
        "categories": [{"id": c.key, "name": c.name} for c in case.categories],
        "dimensions": [
            {
                "id": d.key,
                "name": d.name,
                "kind": d.kind,
                "category": d.category_key,
                "description": d.description,
                "levels": [
                    {
                        "value": lv.value,
                        "label": lv.label,
                        "description": lv.description,
                        "example": lv.example,
                    }
                    for lv in d.levels
                ],
                "salience": {s.actor_key: {"value": s.value, "note": s.note} for s in d.saliences},
            }
            for d in case.dimensions
        ],
    }


def codebook_rows(book: dict[str, Any]) -> list[dict[str, Any]]:
    """One CSV row per anchored level (dimension columns repeated)."""
    rows = []
    for d in book["dimensions"]:
        for lv in d["levels"]:
            rows.append(
                {
                    "dimension": d["id"],
                    "name": d["name"],
                    "kind": d["kind"],
                    "category": d["category"] or "",
                    "value": f"{lv['value']:g}",
                    "label": lv["label"],
                    "description": lv["description"],
                    "example": lv["example"],
                }
            )
    return rows


def codebook_csv(book: dict[str, Any]) -> str:
    buf = io.StringIO()
    rows = codebook_rows(book)
    w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["dimension"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _code(
    parent: ET.Element, guid: str, name: str, codable: bool, description: str = "", color: str | None = None
) -> ET.Element:
    attrs = {"guid": guid, "name": name, "isCodable": "true" if codable else "false"}
    if color:
        attrs["color"] = color
    el = ET.SubElement(parent, f"{{{NS}}}Code", attrs)
    if description:
        ET.SubElement(el, f"{{{NS}}}Description").text = description
    return el


def to_qdc(book: dict[str, Any]) -> bytes:
    """Serialise a codebook as a REFI-QDA codebook (``.qdc``) XML document."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}CodeBook", {"origin": f"redline case {book['case']} v{book['version']}"})
    codes = ET.SubElement(root, f"{{{NS}}}Codes")
    parents: dict[str | None, ET.Element] = {None: codes}
    for c in book["categories"]:
        parents[c["id"]] = _code(
            codes, _guid(book["case"], "category", c["id"]), c["name"], False, f"redline-category:{c['id']}"
        )
    for i, d in enumerate(book["dimensions"]):
        parent = parents.get(d["category"], codes)
        desc = f"redline-dimension:{d['id']}:{d['kind']}\n{d['description']}".rstrip()
        el = _code(
            parent,
            _guid(book["case"], "dimension", d["id"]),
            d["name"],
            True,
            desc,
            PALETTE[i % len(PALETTE)],
        )
        for lv in d["levels"]:
            text = "\n".join(
                x for x in (lv["description"], f"Example: {lv['example']}" if lv["example"] else "") if x
            )
            _code(
                el,
                _guid(book["case"], "level", d["id"], f"{lv['value']:g}"),
                f"{lv['value']:g} – {lv['label']}",
                True,
                text,
            )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def from_qdc(data: bytes, source: str = "codebook.qdc") -> dict[str, Any]:
    """Read a REFI-QDA codebook back into categories, dimensions and levels.

    Codes written by redline keep their ids and values; codes from other tools become
    dimensions (codable codes with children) whose children's names must start with a
    number (``"25 – label"``) to be scale levels.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"not a REFI-QDA codebook: {exc}", path=source) from None
    if root.tag != f"{{{NS}}}CodeBook":
        raise InputError("not a REFI-QDA codebook (root element is not CodeBook)", path=source)
    codes = root.find(f"{{{NS}}}Codes")
    categories: list[dict] = []
    dimensions: list[dict] = []

    def desc(el: ET.Element) -> str:
        d = el.find(f"{{{NS}}}Description")
        return (d.text or "") if d is not None else ""

    def slug(name: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "code"

    def dimension(el: ET.Element, category: str | None) -> None:
        d = desc(el)
        m = re.match(r"redline-dimension:([a-z0-9-]+):(\w+)\n?(.*)", d, re.S)
        key, kind, text = (
            (m.group(1), m.group(2), m.group(3)) if m else (slug(el.get("name", "")), "position", d)
        )
        levels = []
        for child in el.findall(f"{{{NS}}}Code"):
            lm = _LEVEL_NAME.match(child.get("name", ""))
            if not lm:
                raise InputError(
                    f"code {child.get('name')!r} under {el.get('name')!r} has no numeric level", path=source
                )
            ldesc = desc(child)
            example = ""
            if "Example: " in ldesc:
                ldesc, example = ldesc.split("Example: ", 1)
            levels.append(
                {
                    "value": float(lm.group(1)),
                    "label": lm.group(2),
                    "description": ldesc.strip(),
                    "example": example.strip(),
                }
            )
        dimensions.append(
            {
                "id": key,
                "name": el.get("name", key),
                "kind": kind,
                "category": category,
                "description": text,
                "levels": levels,
            }
        )

    for el in codes.findall(f"{{{NS}}}Code") if codes is not None else []:
        if el.get("isCodable") == "false":
            d = desc(el)
            key = d.split(":", 1)[1] if d.startswith("redline-category:") else slug(el.get("name", ""))
            categories.append({"id": key, "name": el.get("name", key)})
            for child in el.findall(f"{{{NS}}}Code"):
                dimension(child, key)
        else:
            dimension(el, None)
    return {"categories": categories, "dimensions": dimensions}
