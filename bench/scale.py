"""Scale: near-duplicate clustering (`duplicate_clusters`: exact copies by hash equality, near copies by `near_pairs`,
clusters by scipy's `connected_components`) and the test split's scoring (`_fill_test`) on synthetic hash tables of
growing size, with planted near-duplicate pairs (2-12 bits apart) and exact copies, every one of which must be found.

Each size runs in a fresh process, so its peak RSS is its own. Targets (issue 17): 200,000 hashes in under 60 s and
1 GB; 1,000,000 in bounded memory (under 2 GB).

    python bench/scale.py [--sizes 10000,100000,200000]
"""
import argparse, json, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *
import numpy as np, pandas as pd

def table(n, seed=0):
    "n random 64-bit hashes with n/100 planted near pairs and n/100 exact copies; returns the frame and the planted pairs"
    rng = np.random.default_rng(seed)
    h = rng.integers(0, 2**63, n, dtype=np.int64).astype(np.uint64) | (rng.integers(0, 2, n, dtype=np.int64).astype(np.uint64) << np.uint64(63))
    sha = np.array([f"{i:016x}" for i in range(n)], dtype=object)
    k = max(1, n//100); src = rng.choice(n, 2*k, replace=False); a, b = src[:k], src[k:2*k]
    for i, j in zip(a, b):                                         # j becomes a near copy of i
        bits = rng.choice(64, rng.integers(2, 13), replace=False)
        h[j] = h[i] ^ np.uint64(sum(1 << int(x) for x in bits))
    c = rng.choice(np.setdiff1d(np.arange(n), src), k, replace=False); d = rng.choice(np.setdiff1d(np.arange(n), np.concatenate([src, c])), k, replace=False)
    sha[d] = sha[c]; h[d] = h[c]                                    # exact copies
    df = pd.DataFrame(dict(phash=[f"{int(x):016x}" for x in h], pixel_sha=sha, label=rng.integers(0, 100, n).astype(str)))
    return df, list(zip(a, b)) + list(zip(c, d))

def side(n):
    from animal_classifier.clean import duplicate_clusters
    df, planted = table(n)
    t = time.time(); cl = duplicate_clusters(df); secs = time.time() - t
    found = sum(cl.iloc[i] == cl.iloc[j] for i, j in planted)
    return dict(n=n, seconds=secs, planted=len(planted), found=int(found), clusters=int(cl.nunique()), peak_rss_mb=peak_rss_mb())

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--sizes", default="10000,100000,200000"); p.add_argument("--side", type=int, default=0)
    a = p.parse_args()
    if a.side: print(json.dumps(side(a.side))); sys.exit()
    rows = [run_side("scale.py", "--side", n) for n in map(int, a.sizes.split(","))]
    for r in rows: assert r["found"] == r["planted"], r
    report("Scale: near-duplicate clustering of synthetic hash tables", rows, ["n", "seconds", "planted", "found", "clusters", "peak_rss_mb"],
           "duplicate_clusters on random 64-bit perceptual hashes with 1% planted near copies (2-12 bits apart) and 1% exact "
           "copies; every planted pair must land in one cluster. One fresh process per size.")
