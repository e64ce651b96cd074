"Web noise found before it trains (#28): plant off-topic and wrong-class photos into a copy of the shared photos, run find_noise, train on both folders"
import random, shutil, statistics, sys, tempfile, time
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import report
from _plant import plant_noise
from animal_classifier.core import read_splits, write_csv
from animal_classifier.dataroot import sample_data
from animal_classifier.clean import clean, split_test
from animal_classifier.noise import find_noise
from animal_classifier.train import train
from animal_classifier.evaluate import evaluate

SEEDS = (42, 1, 2) # training seeds: test accuracy moves by a photo or two from one to the next

def planted_copy(base):
    "A clean, split copy of the shared photos and a copy of it with noise planted on the training side (the same test split)"
    clean_root, noisy = base/"clean", base/"noisy"
    shutil.copytree(sample_data(), clean_root); clean(clean_root, progress=False); split_test(clean_root, progress=False)
    shutil.copytree(clean_root, noisy)
    dc, rnd = sample_data("dogscats"), random.Random(0)
    cats, dogs = sorted((dc/"train"/"cats").glob("*.jpg")), sorted((dc/"train"/"dogs").glob("*.jpg"))
    others = [(p, "cat") for p in rnd.sample(cats, 12)] + [(p, "dog") for p in rnd.sample(dogs, 11)]
    pl = plant_noise(noisy, [others[i] for i in rnd.sample(range(len(others)), len(others))])
    test = set(read_splits(clean_root).path[read_splits(clean_root).split == "test"])
    s = split_test(noisy, progress=False); s["split"] = ["test" if p in test else "train" for p in s.path]   # the clean copy's test split
    write_csv(s, noisy/"splits.csv")
    return clean_root, noisy, pl

def main():
    base = Path(tempfile.mkdtemp(prefix="noise-bench-"))
    clean_root, noisy, pl = planted_copy(base)
    t0 = time.time(); t = find_noise(noisy); secs = time.time() - t0
    off, wrong = pl[pl.truth == "off_topic"], pl[pl.truth != "off_topic"]
    moved, planted = set(t.path), set(pl.path)
    rows = [dict(kind=f"off-topic ({k})", planted=int((off.kind == k).sum()), moved_aside=int(off[off.kind == k].path.isin(moved).sum())) for k in off.kind.unique()]
    rows += [dict(kind=f"wrong class ({k})", planted=int((wrong.kind == k).sum()), moved_aside=int(wrong[wrong.kind == k].path.isin(moved).sum())) for k in wrong.kind.unique()]
    rows += [dict(kind="off-topic, all", planted=len(off), moved_aside=int(off.path.isin(moved).sum())),
             dict(kind="wrong class, all", planted=len(wrong), moved_aside=int(wrong.path.isin(moved).sum())),
             dict(kind="real photos (not planted)", planted=0, moved_aside=len(moved - planted))]
    for r in rows: r["share"] = round(r["moved_aside"]/r["planted"], 3) if r["planted"] else ""
    acc = {}
    for name, root in (("clean", clean_root), ("noisy, after find_noise", noisy)):   # seeds: the validation split and the head change
        accs = [float(evaluate(train(root, device="cpu", seed=s), root, tta=False).accuracy) for s in SEEDS]
        acc[name] = f"{statistics.median(accs):.3f} (min {min(accs):.3f}, max {max(accs):.3f})"
    notes = (f"find_noise on the noisy copy: {len(t)} photos moved aside ({(t.reason == 'off_topic').sum()} off_topic, {(t.reason == 'label_issue').sum()} label_issue) "
             f"in {secs:.0f} s; precision {len(moved & planted)/max(1, len(moved)):.3f}. Test accuracy (default recipe, the same {int((read_splits(noisy).split == 'test').sum())} test photos): "
             + ", ".join(f"{k} {v}" for k, v in acc.items()) + f", median over seeds {SEEDS}. Targets: off-topic >= 0.9, wrong class >= 0.7, precision >= 0.8, accuracy within 0.01.")
    report("Web noise found before it trains (#28): planted into a copy of the shared photos", rows, ["kind", "planted", "moved_aside", "share"], notes)
    shutil.rmtree(base, ignore_errors=True)

if __name__ == "__main__": main()
