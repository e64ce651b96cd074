"""Scale: near-duplicate clustering (`duplicate_clusters`: exact copies by hash equality, near copies by `near_pairs`
on faiss's binary range search, clusters by scipy's `connected_components`) and the test split (`assign_test`) on
synthetic hash tables of growing size, with planted near-duplicate pairs (2-12 bits apart) and exact copies, every one
of which must be found; then `clean` on a generated folder of 20,000 real-looking images; then the t-SNE report's
work on synthetic features (a stratified sample of at most `TSNE_MAX_POINTS` embedded, k-NN accuracy on all points).

The baseline is the algorithm of main before issue 17: numpy popcount over blocks of the n × n distance matrix (memory
linear, time quadratic), run side by side up to 100,000 hashes. Each size runs in a fresh process, so its peak RSS is
its own. Targets (issue 17): 200,000 hashes in under 60 s and 1 GB; 1,000,000 in bounded memory (under 2 GB).

    python bench/scale.py [--sizes 10000,100000,200000,1000000] [--reps 3] [--clean 20000] [--tsne 10000,50000]
    (an empty --sizes or --tsne, or --clean 0, skips that part)
"""
import argparse, json, os, shutil, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *
import numpy as np, pandas as pd

BASELINE_MAX = 100_000 # the quadratic baseline is not run above this

def table(n, seed=0):
    "n random 64-bit hashes with n/100 planted near pairs and n/100 exact copies; returns the frame and the planted pairs"
    rng = np.random.default_rng(seed)
    h = rng.integers(0, 2**63, n, dtype=np.int64).astype(np.uint64) | (rng.integers(0, 2, n, dtype=np.int64).astype(np.uint64) << np.uint64(63))
    sha = np.array([f"{i:016x}" for i in range(n)], dtype=object)
    k = max(1, n//100); src = rng.choice(n, 2*k, replace=False); a, b = src[:k], src[k:2*k]
    for i, j in zip(a, b):                                         # j becomes a near copy of i
        bits = rng.choice(64, rng.integers(2, 13), replace=False)
        h[j] = h[i] ^ np.uint64(sum(1 << int(x) for x in bits))
    rest = np.setdiff1d(np.arange(n), src); cd = rng.choice(rest, 2*k, replace=False); c, d = cd[:k], cd[k:]
    sha[d] = sha[c]; h[d] = h[c]                                    # exact copies
    df = pd.DataFrame(dict(phash=[f"{int(x):016x}" for x in h], pixel_sha=sha, label=rng.integers(0, 100, n).astype(str)))
    return df, list(zip(a, b)) + list(zip(c, d))

def baseline_pairs(hs, max_dist=12, chunk=2**24):
    "The near-pair search of main before issue 17: popcount of XOR over row blocks of the n × n matrix"
    h = np.array([int(x, 16) for x in hs], dtype=np.uint64); step, out = max(1, chunk//len(h)), 0
    for s in range(0, len(h), step):
        d = np.bitwise_count(h[s:s+step, None] ^ h[None, :]); i, j = np.nonzero(d <= max_dist); out += int((i + s < j).sum())
    return out

def side(n, baseline=False):
    from animal_classifier.clean import duplicate_clusters, near_pairs, assign_test
    df, planted = table(n)
    if baseline:
        t = time.time(); pairs = baseline_pairs(list(df.phash)); secs = time.time() - t
        return dict(n=n, seconds=secs, pairs=pairs, peak_rss_mb=peak_rss_mb())
    t = time.time(); cl = duplicate_clusters(df); secs = time.time() - t
    found = sum(cl.iloc[i] == cl.iloc[j] for i, j in planted)
    t = time.time(); s = assign_test(df.assign(cluster=cl, split="").rename(columns={"label": "class"}), 20, "bench").split; split_secs = time.time() - t
    whole = df.assign(cluster=cl, split=s).groupby(["label", "cluster"]).split.nunique().max() == 1   # clean rejects clusters across classes
    return dict(n=n, seconds=secs, split_seconds=split_secs, pairs=len(near_pairs(list(df.phash))[0]), planted=len(planted), found=int(found),
                clusters=int(cl.nunique()), test=int((s == "test").sum()), clusters_whole=bool(whole), peak_rss_mb=peak_rss_mb())

def make_folder(n, dest):
    "`n` augmented copies of the shared photos (random crop, flip, rotation, colour, size, JPEG quality) in class folders, written once"
    from PIL import Image, ImageEnhance, ImageOps
    from animal_classifier.core import load_rgb
    src = sorted((HERE.parent.parent/"shared"/"data"/"animals").glob("*/*.jpg"))
    if (dest/"done").exists(): return dest
    rng = np.random.default_rng(0)
    for k in range(n):
        p = src[k % len(src)]; im = load_rgb(p)
        w, h = im.size; f = rng.uniform(0.6, 1.0); cw, ch = int(w*f), int(h*f); x, y = rng.integers(0, w - cw + 1), rng.integers(0, h - ch + 1)
        im = im.crop((x, y, x + cw, y + ch)).rotate(rng.uniform(-15, 15), expand=False)
        if rng.random() < 0.5: im = ImageOps.mirror(im)
        im = ImageEnhance.Color(ImageEnhance.Brightness(im).enhance(rng.uniform(0.7, 1.3))).enhance(rng.uniform(0.6, 1.4))
        im.thumbnail((int(rng.integers(200, 420)),)*2)
        (dest/p.parent.name).mkdir(parents=True, exist_ok=True)
        im.save(dest/p.parent.name/f"{k:06d}.jpg", quality=int(rng.integers(60, 95)))
    (dest/"done").write_text(str(n))
    return dest

def clean_side(n):
    from animal_classifier.clean import clean
    from animal_classifier.dataroot import cache_dir
    src = make_folder(n, cache_dir()/"bench"/f"clean-{n}")
    work = Path(tempfile.mkdtemp()); root = work/"data"
    shutil.copytree(src, root, copy_function=os.link, ignore=shutil.ignore_patterns("done"))   # hard links: clean moves files, it never writes into them
    try:
        t = time.time(); df = clean(root, progress=False); secs = time.time() - t
        return dict(n=n, seconds=secs, kept=int((df.decision == "kept").sum()), rejected=int((df.decision != "kept").sum()), peak_rss_mb=peak_rss_mb())
    finally: shutil.rmtree(work)

def tsne_side(n):
    "t-SNE of a stratified sample and k-NN accuracy of all `n` synthetic 512-d features of 20 classes"
    from animal_classifier.projection import Features, tsne_sample, knn_accuracy
    from animal_classifier.tsne import tsne_embed
    rng = np.random.default_rng(0); labels = rng.integers(0, 20, n)
    x = (rng.normal(0, 1, (20, 512))[labels] + rng.normal(0, 2, (n, 512))).astype(np.float32)
    f = Features(x, [str(l) for l in labels], [f"{i}.jpg" for i in range(n)], ["train"]*n)
    t = time.time(); shown = tsne_sample(f); tsne_embed(shown); t_tsne = time.time() - t
    t = time.time(); knn_accuracy(f.x, f.labels); t_knn = time.time() - t
    return dict(n=n, shown=len(shown), tsne_seconds=t_tsne, knn_seconds=t_knn, peak_rss_mb=peak_rss_mb())

def stats(xs): return f"{min(xs):.3g} / {statistics.median(xs):.3g} / {max(xs):.3g}"

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--sizes", default="10000,100000,200000,1000000"); p.add_argument("--reps", type=int, default=3)
    p.add_argument("--clean", type=int, default=20000); p.add_argument("--side", type=int, default=0); p.add_argument("--baseline", action="store_true")
    p.add_argument("--clean-side", type=int, default=0); p.add_argument("--tsne", default="10000,50000"); p.add_argument("--tsne-side", type=int, default=0)
    a = p.parse_args()
    if a.side: print(json.dumps(side(a.side, a.baseline))); sys.exit()
    if a.clean_side: print(json.dumps(clean_side(a.clean_side))); sys.exit()
    if a.tsne_side: print(json.dumps(tsne_side(a.tsne_side))); sys.exit()
    rows = []
    for n in [int(x) for x in a.sizes.split(",") if x]:
        reps = a.reps if n <= 200_000 else 1
        new = [run_side("scale.py", "--side", n) for _ in range(reps)]
        for r in new: assert r["found"] == r["planted"] and r["clusters_whole"], r
        old = [run_side("scale.py", "--side", n, "--baseline") for _ in range(reps)] if n <= BASELINE_MAX else []
        for r in old: assert r["pairs"] == new[0]["pairs"], (r, new[0])   # the same pairs as the baseline
        t = [r["seconds"] for r in new]
        rows.append(dict(n=n, runs=reps, seconds=stats(t), baseline_s=stats([r["seconds"] for r in old]) if old else "not run",
                         speedup=f"{statistics.median([r['seconds'] for r in old])/statistics.median(t):.1f}×" if old else "",
                         split_s=stats([r["split_seconds"] for r in new]), pairs=new[0]["pairs"], planted=new[0]["planted"], found=new[0]["found"],
                         clusters=new[0]["clusters"], peak_rss_mb=stats([r["peak_rss_mb"] for r in new]),
                         baseline_rss_mb=stats([r["peak_rss_mb"] for r in old]) if old else ""))
        print(rows[-1], flush=True)
    if rows: report("Scale: near-duplicate clustering of synthetic hash tables", rows,
           ["n", "runs", "seconds", "baseline_s", "speedup", "split_s", "pairs", "planted", "found", "clusters", "peak_rss_mb", "baseline_rss_mb"],
           "Times and RSS as min / median / max of `runs` fresh processes. `seconds`: `duplicate_clusters` (faiss IndexBinaryFlat "
           "range search + connected_components); `baseline_s`: main's numpy block popcount before issue 17, finding the same `pairs`; "
           "`split_s`: `assign_test` over 100 classes. Random 64-bit hashes with 1% planted near copies (2-12 bits apart) and 1% exact "
           "copies; every planted pair lands in one cluster, and no cluster of a class is split between train and test.")
    if a.clean:
        rs = [run_side("scale.py", "--clean-side", a.clean) for _ in range(a.reps)]
        report("Scale: clean on a generated folder", [dict(n=a.clean, runs=len(rs), seconds=stats([r["seconds"] for r in rs]), kept=rs[0]["kept"],
                rejected=rs[0]["rejected"], peak_rss_mb=stats([r["peak_rss_mb"] for r in rs]))], ["n", "runs", "seconds", "kept", "rejected", "peak_rss_mb"],
               "`clean` (inspect with 4 threads, cluster, decide, move aside) on augmented copies of the shared photos (random crop, flip, "
               "rotation, colour, size and JPEG quality), generated once into the cache and hard-linked into a fresh folder per run.")
    if a.tsne:
        rows = []
        for n in [int(x) for x in a.tsne.split(",") if x]:
            rs = [run_side("scale.py", "--tsne-side", n) for _ in range(a.reps)]
            rows.append(dict(n=n, runs=len(rs), shown=rs[0]["shown"], tsne_seconds=stats([r["tsne_seconds"] for r in rs]),
                             knn_seconds=stats([r["knn_seconds"] for r in rs]), peak_rss_mb=stats([r["peak_rss_mb"] for r in rs])))
            print(rows[-1], flush=True)
        report("Scale: t-SNE report of synthetic features", rows, ["n", "runs", "shown", "tsne_seconds", "knn_seconds", "peak_rss_mb"],
               "512-d features of 20 classes. `tsne_seconds`: `tsne_sample` (at most `TSNE_MAX_POINTS`, every class in proportion) "
               "and `tsne_embed` (PCA to 50, scikit-learn's Barnes-Hut t-SNE); `knn_seconds`: `knn_accuracy` on all n points "
               "(exact, scikit-learn's chunked brute force: time grows as n², memory stays bounded).")
