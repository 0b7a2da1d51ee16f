"""Near-duplicates: the same report republished with small edits, found with MinHash LSH (datasketch).

A body becomes a MinHash signature over its word 5-shingles; the signature is cut into
bands, and articles sharing a band are candidates whose estimated Jaccard similarity
then decides. The caller stores bands in an index table, so lookups stay cheap.
"""

from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash

from digest.arabic import tokenize

PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.5 Jaccard usually share a band
SHINGLE = 5
DUPLICATE_JACCARD = 0.8
SCHEME = "affine32"  # datasketch's hashing scheme, fixed so stored signatures stay comparable


def signature(normalized_text: str) -> MinHash:
    """The MinHash of a body's word 5-shingles; the text must already be `normalize`d."""
    tokens = tokenize(normalized_text)
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u8").tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype="<u8").copy())


def bands(minhash: MinHash) -> list[str]:
    """Band keys (band number and a digest of its rows) to index and look up."""
    rows = PERMUTATIONS // BANDS
    values = minhash.hashvalues
    return [
        f"{b}:{hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
        for b in range(BANDS)
    ]


def is_near_duplicate(a: MinHash, b: MinHash) -> bool:
    return a.jaccard(b) >= DUPLICATE_JACCARD
