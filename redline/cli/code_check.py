"""`redline code check`: near-identical provisions of different documents that are coded differently."""

from __future__ import annotations

from typing import Annotated

import typer

from redline.cli.code import code_app
from redline.cli.common import CaseOption, DatabaseOption, Format, FormatOption, db_session, emit


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_cmd(
    case: CaseOption,
    min_similarity: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Twins: cosine similarity of the provision texts at least this."),
    ] = 0.9,
    max_levels: Annotated[
        int, typer.Option(min=0, help="Flag values more than this many anchored levels apart.")
    ] = 1,
    fmt: FormatOption = Format.table,
    database: DatabaseOption = None,
) -> None:
    """Review coding consistency: twins coded on a dimension in one document only, or far apart.

    A coded parent provision counts for its sub-points. The list is for review; a pair may differ for a
    good reason (a number or a condition changed): `--format json` gives both texts in full.

    Examples:
      redline code check --case ukraine-2025
      redline code check --case ukraine-2025 --min-similarity 0.85 --format json
    """
    from redline.coding.consistency import find_inconsistencies

    with db_session(database) as s:
        found = find_inconsistencies(s, case, min_similarity=min_similarity, max_levels=max_levels)
    pairs = [r.as_dict() for r in found]

    def show(side: dict) -> str:
        value = (
            "-"
            if side["value"] is None
            else f"{side['value']:g}" + (" (parent)" if side["inherited"] else "")
        )
        return f"{side['document']}/{side['provision']} = {value}"

    rows = [
        {
            "similarity": f"{p['similarity']:.3f}",
            "kind": p["kind"],
            "dimension": p["dimension"],
            "a": show(p["a"]),
            "b": show(p["b"]),
            "text a": _short(p["a"]["text"]),
        }
        for p in pairs
    ]
    emit(
        fmt,
        json_obj={"case": case, "min_similarity": min_similarity, "max_levels": max_levels, "pairs": pairs},
        rows=rows,
        columns=["similarity", "kind", "dimension", "a", "b", "text a"],
        title=f"Coding consistency of {case}: {len(pairs)} pairs to review",
    )


def register(app: typer.Typer) -> None:
    code_app.command("check")(check_cmd)
