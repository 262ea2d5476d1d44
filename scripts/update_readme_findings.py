"""Regenerate the README's findings table from the built-in case (run after changing codings or claims).

Usage: .venv/bin/python scripts/update_readme_findings.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redline.analysis.claims import check_claims, claims_markdown  # noqa: E402
from redline.analysis.data import load_case_data  # noqa: E402
from redline.cases.bundle import builtin_case_dir  # noqa: E402
from redline.cases.loader import import_bundle  # noqa: E402
from redline.store.db import session_scope  # noqa: E402

START, END = "<!-- findings:start -->", "<!-- findings:end -->"


def main() -> int:
    url = f"sqlite:///{tempfile.mkdtemp()}/readme.sqlite"
    with session_scope(url) as s:
        import_bundle(s, builtin_case_dir("ukraine-2025"))
    with session_scope(url) as s:
        table = claims_markdown(check_claims(load_case_data(s, "ukraine-2025"))).strip()
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
    print("README findings table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
