"""CPU training: plain fastai fine_tune(3) against training the head on frozen features, same backbone and size.

Both sides start from the same cleaned, split copy of ../shared/data/animals, use efficientnet_lite0 with its
packaged ImageNet weights, and are scored on the same frozen test split. Each side runs in its own process, so its
wall time (DataLoaders, feature extraction and training included) and peak memory are its own.

    python bench/train_cpu.py [--size 192]
"""
import argparse, json, shutil, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *

def side(method, root, size):
    from animal_classifier.train import train
    from animal_classifier.evaluate import evaluate
    t = time.time()
    learn = train(root, arch="efficientnet_lite0", size=size, method=method, epochs=3, freeze_epochs=1, device="cpu")
    secs = time.time() - t
    res = evaluate(learn, root, tta=False)
    print(json.dumps(dict(method=method, seconds=secs, valid=learn.history[-1]["accuracy"], test=res.accuracy,
                          test_counts=f"{res.n_correct}/{res.n}", peak_rss_mb=peak_rss_mb())))

def prepare(dest):
    from animal_classifier.dataroot import sample_data
    from animal_classifier.clean import clean, split_test
    src = sample_data()
    if src is None: sys.exit("../shared/data/animals not found: this benchmark needs the shared photos")
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.md"))
    clean(dest, progress=False); split_test(dest, n_test=20, progress=False)
    return dest

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--size", type=int, default=192)
    p.add_argument("--side"); p.add_argument("--root")
    a = p.parse_args()
    if a.side: side(a.side, a.root, a.size); sys.exit()
    root = prepare(Path(tempfile.mkdtemp())/"animals")
    base = run_side("train_cpu.py", "--side", "fine_tune", "--root", root, "--size", a.size)
    ours = run_side("train_cpu.py", "--side", "features", "--root", root, "--size", a.size)
    rows = [dict(side="fastai fine_tune(3) (baseline)", **base), dict(side="head on frozen features (ours)", **ours)]
    ratio = ours["seconds"]/base["seconds"]
    report(f"CPU training, efficientnet_lite0 at {a.size}px, shared photos",
           rows, ["side", "seconds", "valid", "test", "test_counts", "peak_rss_mb"],
           f"time ratio ours/baseline: {ratio:.3f} (target <= 0.2); test accuracy difference: "
           f"{ours['test'] - base['test']:+.3f} (target >= 0); peak RSS of ours: {ours['peak_rss_mb']:.0f} MB (target < 4000)")
