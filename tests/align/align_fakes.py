"""A deterministic stand-in encoder for fast aligner tests: hashed bags of word prefixes."""

import hashlib
import re
from collections.abc import Sequence

import numpy as np


class BagEncoder:
    """Same-language similarity only: words are cut to 5 letters and hashed into 512 buckets."""

    name = "test-bag-v1"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), 512), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % 512
                out[row, bucket] += 1.0
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out
