"""Read, validate and write case bundles (the plain-file form of a case).

A bundle is ``case.yaml`` + ``documents/*.md`` + ``codings.csv`` (see
``docs/case-bundle.md``).  :func:`read_bundle` validates everything and raises one
:class:`~redline.errors.ValidationErrors` listing *every* problem with its file and
line; :func:`write_bundle` writes the canonical form, so that write → read → write
is byte-identical.

Check a bundle from the shell: ``python -m redline.cases.bundle check DIR``; a separate codings
file against a bundle: ``python -m redline.cases.bundle check-codings DIR FILE.csv``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from redline.cases.body import BodyProvision, normalize_body, parse_body
from redline.cases.schema import CODING_COLUMNS, CaseSpec, CodingRow, DocumentMeta
from redline.cases.validate import cross_check as _cross_check
from redline.cases.writer import case_yaml, codings_csv, document_md, write_bundle  # noqa: F401 (re-exported)
from redline.errors import InputError, ValidationErrors


@dataclass
class BundleDocument:
    meta: DocumentMeta
    text: str
    provisions: list[BodyProvision]
    path: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def by_ref(self) -> dict[str, BodyProvision]:
        return {p.ref: p for p in self.provisions}


@dataclass
class Bundle:
    case: CaseSpec
    documents: list[BundleDocument] = field(default_factory=list)
    codings: list[CodingRow] = field(default_factory=list)
    scenarios: dict[str, str] = field(default_factory=dict)  # scenario id -> YAML text

    def document(self, key: str) -> BundleDocument:
        for d in self.documents:
            if d.meta.id == key:
                return d
        raise KeyError(key)


# ---------------------------------------------------------------- YAML with line numbers


def _line_map(node: yaml.Node, path: tuple[Any, ...] = (), out: dict | None = None) -> dict:
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out[path + (k.value,)] = k.start_mark.line + 1
            _line_map(v, path + (k.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_map(v, path + (i,), out)
    return out


def _load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, dict]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark else None
        raise InputError(f"invalid YAML: {getattr(exc, 'problem', exc)}", path=path, line=line) from None
    lines = _line_map(node) if node is not None else {}
    return data, {k: v + line_offset for k, v in lines.items()}


def _pydantic_problems(exc: ValidationError, path: str, lines: dict) -> list[InputError]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        line = None
        for n in range(len(loc), -1, -1):
            if loc[:n] in lines:
                line = lines[loc[:n]]
                break
        where = ".".join(str(x) for x in loc)
        problems.append(InputError(f"{where}: {err['msg']}" if where else err["msg"], path=path, line=line))
    return problems


# ---------------------------------------------------------------- reading


def _read_case(root: Path, problems: list[InputError]) -> CaseSpec | None:
    p = root / "case.yaml"
    if not p.is_file():
        problems.append(InputError("case.yaml is missing", path=p))
        return None
    try:
        data, lines = _load_yaml(p.read_text(encoding="utf-8"), str(p))
        return CaseSpec.model_validate(data)
    except InputError as exc:
        problems.append(exc)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(exc, str(p), lines))
    return None


def split_front_matter(raw: str, path: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, file line number of the body's first line)."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not raw.startswith("---\n"):
        raise InputError("document must start with a '---' front-matter line", path=path, line=1)
    end = raw.find("\n---\n", 3)
    if end < 0:
        raise InputError("front matter is not closed by a '---' line", path=path, line=1)
    fm = raw[4 : end + 1]
    body = raw[end + 5 :]
    body_line = fm.count("\n") + 3
    # the normalised body drops leading blank lines: count them for line numbers
    stripped = body.lstrip("\n")
    body_line += len(body) - len(stripped)
    return fm, body, body_line


def read_document(p: Path) -> BundleDocument:
    """Read and validate one ``documents/*.md`` file (no cross-file checks)."""
    path = str(p)
    try:
        raw = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path=path) from None
    fm, body, body_line = split_front_matter(raw, path)
    data, lines = _load_yaml(fm, path, line_offset=1)
    try:
        meta = DocumentMeta.model_validate(data or {})
    except ValidationError as exc:
        raise ValidationErrors(_pydantic_problems(exc, path, lines)) from None
    text = normalize_body(body)
    if meta.provisions is not None:
        provisions = _explicit_provisions(meta, text, path)
    else:
        provisions = parse_body(text, path=path, first_line=body_line)
    if not provisions:
        raise InputError("document has no provisions", path=path, line=body_line)
    if p.stem != meta.id:
        raise InputError(
            f"file name {p.name!r} does not match id {meta.id!r}", path=path, line=lines.get(("id",))
        )
    return BundleDocument(meta=meta, text=text, provisions=provisions, path=path)


def _explicit_provisions(meta: DocumentMeta, text: str, path: str) -> list[BodyProvision]:
    out: list[BodyProvision] = []
    refs: dict[int, str] = {}
    for sp in meta.provisions or []:
        if not (0 <= sp.start < sp.end <= len(text)):
            raise InputError(f"provision {sp.index}: offsets {sp.start}-{sp.end} outside the text", path=path)
        parent_ref = refs.get(sp.parent) if sp.parent else None
        if sp.label is None:
            ref = f"#{sp.index}"
        else:
            ref = f"{parent_ref}.{sp.label}" if parent_ref and not parent_ref.startswith("#") else sp.label
        if ref in refs.values():
            ref = f"#{sp.index}"
        refs[sp.index] = ref
        out.append(BodyProvision(sp.index, sp.label, sp.level, sp.parent, ref, sp.start, sp.end, 0))
    return out


def _read_codings(p: Path, problems: list[InputError]) -> list[tuple[int, CodingRow]]:
    if not p.is_file():
        return []
    rows: list[tuple[int, CodingRow]] = []
    with p.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or tuple(reader.fieldnames) != CODING_COLUMNS:
            problems.append(InputError(f"header must be: {','.join(CODING_COLUMNS)}", path=p, line=1))
            return []
        for rec in reader:
            line = reader.line_num
            try:
                rows.append((line, CodingRow.model_validate(rec)))
            except ValidationError as exc:
                for err in exc.errors():
                    col = ".".join(str(x) for x in err["loc"])
                    problems.append(InputError(f"{col}: {err['msg']}", path=p, line=line))
    return rows


def read_bundle(root: str | Path) -> Bundle:
    """Read and validate a whole bundle; raise ValidationErrors listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("not a folder", path=root)
    problems: list[InputError] = []
    case = _read_case(root, problems)
    documents: list[BundleDocument] = []
    doc_dir = root / "documents"
    for p in sorted(doc_dir.glob("*.md")) if doc_dir.is_dir() else []:
        try:
            documents.append(read_document(p))
        except ValidationErrors as exc:
            problems.extend(exc.problems)
        except InputError as exc:
            problems.append(exc)
    coding_path = root / "codings.csv"
    codings = _read_codings(coding_path, problems)
    problems.extend(_cross_check(case, documents, codings, root))
    scenarios = _read_scenarios(root, case, problems)
    if problems:
        raise ValidationErrors(problems)
    documents.sort(key=lambda d: (d.meta.date or _FAR_FUTURE, d.meta.id))
    assert case is not None
    return Bundle(case=case, documents=documents, codings=[c for _, c in codings], scenarios=scenarios)


def _read_scenarios(root: Path, case: CaseSpec | None, problems: list[InputError]) -> dict[str, str]:
    """``scenarios/*.yaml``: bargaining scenarios of the case (validated; kept as written)."""
    from redline.simulate.scenario import parse_scenario

    out: dict[str, str] = {}
    folder = root / "scenarios"
    for p in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        text = p.read_text(encoding="utf-8")
        try:
            sc = parse_scenario(text, str(p))
        except InputError as exc:
            problems.append(exc)
            continue
        if p.stem != sc.id:
            problems.append(InputError(f"file name {p.name!r} does not match scenario id {sc.id!r}", path=p))
        if case is not None and sc.case not in (None, case.id):
            problems.append(InputError(f"scenario belongs to case {sc.case!r}, not {case.id!r}", path=p))
        if case is not None:
            unknown = set(sc.actors) - {a.id for a in case.actors}
            if unknown:
                problems.append(InputError(f"unknown actor(s) {', '.join(sorted(unknown))}", path=p))
        out[sc.id] = text
    return out


_FAR_FUTURE = _dt.date(9999, 12, 31)


def builtin_case_dir(case_id: str) -> Path:
    """Folder of a built-in case bundle shipped with the package."""
    return Path(__file__).parent / case_id


def check_codings_file(root: str | Path, csv_path: str | Path) -> list[CodingRow]:
    """Validate a separate codings CSV (same columns as codings.csv) against a bundle's documents."""
    root, csv_path = Path(root), Path(csv_path)
    problems: list[InputError] = []
    case = _read_case(root, problems)
    documents = []
    for p in sorted((root / "documents").glob("*.md")):
        try:
            documents.append(read_document(p))
        except ValidationErrors as exc:
            problems.extend(exc.problems)
        except InputError as exc:
            problems.append(exc)
    rows = _read_codings(csv_path, problems)
    problems.extend(p for p in _cross_check(case, documents, rows, root, csv_path) if p.path == str(csv_path))
    if problems:
        raise ValidationErrors(problems)
    return [r for _, r in rows]


_USAGE = "usage: python -m redline.cases.bundle check DIR | check-codings DIR FILE.csv"


def _main(argv: list[str]) -> int:
    try:
        if len(argv) == 2 and argv[0] == "check":
            b = read_bundle(argv[1])
            print(
                f"ok: {len(b.documents)} documents, {len(b.codings)} codings, {len(b.case.dimensions)} dimensions"
            )
            return 0
        if len(argv) == 3 and argv[0] == "check-codings":
            rows = check_codings_file(argv[1], argv[2])
            print(f"ok: {len(rows)} codings")
            return 0
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(_USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
