"""A deterministic stand-in encoder for fast web tests (hashed bags of word prefixes)."""

import hashlib
import re
from collections.abc import Sequence

import numpy as np


class BagEncoder:
    name = "test-bag-web-v1"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % 256] += 1.0
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out
