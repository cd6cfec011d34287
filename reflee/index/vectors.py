"""Vectors as SQLite blobs, and nearest-neighbour search over them without any extension or numpy.

A vector is stored unit-length as little-endian float32 (the layout sqlite-vec reads), beside its sign bits
(one bit per dimension). Search is exact for small sets. For large ones it is the binary-quantisation method:
the Hamming distance between sign bits (one XOR and a popcount per vector, on Python ints) picks a few
hundred candidates, which are then scored exactly by cosine. That keeps 100,000 vectors well inside 30 ms on
one core; the recall of the top 10 is measured in tests/bench/bench_chat.py.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterable, Sequence
from operator import mul

EXACT_LIMIT = 3000
"""Up to this many vectors, score every one exactly."""
MIN_CANDIDATES = 400
"""Above it, rescore at least this many Hamming-nearest candidates (or 40 per result asked for)."""


def normalize(values: Sequence[float]) -> array:
    vec = array("f", values)
    norm = math.sqrt(sum(map(mul, vec, vec)))
    if norm > 0:
        vec = array("f", (v / norm for v in vec))
    return vec


def to_blob(vec: array) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover - stored little-endian everywhere
        vec = array("f", vec)
        vec.byteswap()
    return vec.tobytes()


def from_blob(blob: bytes) -> array:
    vec = array("f")
    vec.frombytes(blob)
    if sys.byteorder == "big":  # pragma: no cover
        vec.byteswap()
    return vec


def sign_bits(vec: Iterable[float]) -> int:
    bits = 0
    for i, v in enumerate(vec):
        if v > 0:
            bits |= 1 << i
    return bits


def signs_blob(vec: array) -> bytes:
    return sign_bits(vec).to_bytes((len(vec) + 7) // 8, "little")


def signs_from_blob(blob: bytes) -> int:
    return int.from_bytes(blob, "little")


def cosine(a: array, b: array) -> float:
    """Both unit length: the dot product."""
    return sum(map(mul, a, b))


def hamming_candidates(query_bits: int, signs: Sequence[int], count: int) -> list[int]:
    """Indexes of (about) the ``count`` entries of ``signs`` nearest to ``query_bits`` in Hamming distance."""
    dist = [(s ^ query_bits).bit_count() for s in signs]
    if count >= len(dist):
        return list(range(len(dist)))
    step = max(1, len(dist) // 4000)  # the threshold from a sample, then one pass to collect
    sample = sorted(dist[::step])
    cut = sample[min(len(sample) - 1, count * len(sample) // len(dist) + 1)]
    chosen = [i for i, d in enumerate(dist) if d <= cut]
    if len(chosen) < count // 2:  # an unlucky sample: take the exact order
        return sorted(range(len(dist)), key=dist.__getitem__)[:count]
    if len(chosen) > count * 3:
        chosen.sort(key=dist.__getitem__)
        chosen = chosen[: count * 3]
    return chosen


def candidate_count(total: int, k: int) -> int:
    return total if total <= EXACT_LIMIT else max(MIN_CANDIDATES, 40 * k)
