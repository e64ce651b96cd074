"""Model selection: each offline backbone and head recipe on the shared photos' test split, on the same test photos
under shifts of style, and on the two tutorial stand-ins.

Each class of the shared photos comes from one source, so the style shifts are the closest stand-in for photos
from elsewhere: grayscale, a quarter of the resolution, JPEG quality 20, a tight crop (the centre 50%) and a wide pad
(the photo in the middle of a grey canvas twice its size). Heads are trained on frozen features (`method="features"`,
the default) with the "flip" or "multi" training views (`HEAD_VIEWS`); test accuracy is given plain, with flip
TTA and with multi-crop TTA (`TTA_VIEWS`), with counts and a 95% (Wilson) interval. Features are cached per data
root, so each backbone runs over each image and view once.

Recipes are method:views pairs: `features` trains the head alone on pooled features, `partial` also the body's last
stage on cached activations (`train_partial`), `ensemble` (the default) both in one network (`twin_model`).

`fine_tune` (fastai's, every layer trained on the images) is a recipe too (`fine_tune:-`). With several `--seeds`, each recipe is
trained once per seed and every column is the mean over the seeds (the test column also gives the range of correct
counts): the test split holds about 20 photos per class, so one seed's count moves by a photo or two.

    python bench/quality.py [--archs efficientnet_lite0,efficientnet_lite1,efficientnet_lite2] [--recipes ensemble:flip,features:flip,features:multi,partial:flip]
                            [--seeds 42] [--root DIR] [--no-standins]
"""
import argparse, contextlib, io, shutil, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *
import numpy as np, pandas as pd
from PIL import Image, ImageOps

SHIFTS = {"grayscale": lambda im: ImageOps.grayscale(im).convert("RGB"),
          "quarter_res": lambda im: im.resize((max(1, im.width//4), max(1, im.height//4)), Image.BILINEAR),
          "jpeg_q20": lambda im: im,                                               # saved at quality 20 below
          "tight_crop": lambda im: im.crop((im.width//4, im.height//4, im.width - im.width//4, im.height - im.height//4)),
          "wide_pad": lambda im: (lambda c: (c.paste(im, (im.width//2, im.height//2)), c)[1])(Image.new("RGB", (im.width*2, im.height*2), (128, 128, 128)))}

def shifted_root(root, name, dest):
    "A data root holding the test photos of `root` under shift `name`, all on the test side"
    from animal_classifier.core import read_splits, load_rgb, write_csv
    s = read_splits(root).query("split == 'test'")
    rows = []
    for p, c in zip(s.path, s["class"]):
        out = dest/name/p
        out.parent.mkdir(parents=True, exist_ok=True)
        SHIFTS[name](load_rgb(root/p)).save(out.with_suffix(".jpg"), quality=20 if name == "jpeg_q20" else 90)
        rows.append(dict(path=Path(p).with_suffix(".jpg").as_posix(), **{"class": c}, split="test", cluster=p, phash="0"*16))
    write_csv(pd.DataFrame(rows), dest/name/"splits.csv")
    return dest/name

def standin_root(kind, dest):
    "A cleaned and split copy of a tutorial stand-in (pets: labels from file names; dogs vs cats: its own split)"
    from animal_classifier.testing import pets_standin, dogscats_standin
    from animal_classifier.clean import clean, split_test
    if kind == "pets":
        r = pets_standin(dest/"pets")
        clean(r, label_re=r"^(.+)_\d+\.jpg$", progress=False); split_test(r, n_test=8, label_re=r"^(.+)_\d+\.jpg$", progress=False)
    else:
        r = dogscats_standin(dest/"dogscats"); clean(r, progress=False); split_test(r, progress=False)
    return r

def fmt(res): return f"{res.accuracy:.3f} ({res.n_correct}/{res.n}, {res.ci[0]:.2f}-{res.ci[1]:.2f})"

def fmt_seeds(rs):
    "Mean accuracy over the results of several seeds, with the range of correct counts"
    if len(rs) == 1: return fmt(rs[0])
    lo, hi = min(r.n_correct for r in rs), max(r.n_correct for r in rs)
    return f"{np.mean([r.accuracy for r in rs]):.3f} ({lo}-{hi}/{rs[0].n} over {len(rs)} seeds)"

def one_seed(root, shifted, standins, arch, method, views, seed):
    "Train one recipe with one seed; its results on the test split, the shifts and the stand-ins"
    from animal_classifier.train import train
    from animal_classifier.modeldir import as_predictor
    from animal_classifier.evaluate import evaluate
    t = time.time()
    with contextlib.redirect_stdout(io.StringIO()): learn = train(root, arch=arch, method=method, head_views=views, seed=seed)
    out = dict(train_s=time.time() - t, pred=as_predictor(learn))
    out["test"] = {k: evaluate(out["pred"], root, tta=k) for k in ("flip", "multi")}
    out["shifts"] = {n: evaluate(out["pred"], sr, tta=False).accuracy for n, sr in shifted.items()}
    out["standins"] = {}
    for k, sr in standins.items():
        with contextlib.redirect_stdout(io.StringIO()): sl = train(sr, arch=arch, method=method, head_views=views, seed=seed)
        out["standins"][k] = evaluate(as_predictor(sl), sr, tta=False)
    return out

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--archs", default="efficientnet_lite0,efficientnet_lite1,efficientnet_lite2"); p.add_argument("--recipes", default="ensemble:flip,features:flip,features:multi,partial:flip")
    p.add_argument("--seeds", default="42"); p.add_argument("--root", help="a cleaned and split data root (default: the shared photos')")
    p.add_argument("--standins", action=argparse.BooleanOptionalAction, default=True)
    a = p.parse_args()
    import torch
    from animal_classifier.core import split_items
    if a.root: root = Path(a.root)
    else:
        from animal_classifier.testing import sample_model
        root, _ = sample_model()
        if root is None: sys.exit("../shared/data/animals not found: this benchmark needs the shared photos")
    tmp = Path(tempfile.mkdtemp())
    shifted = {n: shifted_root(root, n, tmp/"shifted") for n in SHIFTS}
    standins = {}
    if a.standins:
        with contextlib.redirect_stdout(io.StringIO()): standins = {k: standin_root(k, tmp/"standins") for k in ("pets", "dogscats")}
    seeds, rows = [int(x) for x in a.seeds.split(",")], []
    for arch in a.archs.split(","):
        for method, views in (r.split(":") for r in a.recipes.split(",")):
            views = "flip" if views == "-" else views
            rs = [one_seed(root, shifted, standins, arch, method, views, s) for s in seeds]
            mean = lambda f: f"{np.mean([f(r) for r in rs]):.3f}"
            row = dict(arch=arch, method=method, views=views if method != "fine_tune" else "-", train_s=round(float(np.mean([r["train_s"] for r in rs])), 1),
                       test=fmt_seeds([r["test"]["flip"] for r in rs]), test_tta_flip=mean(lambda r: r["test"]["flip"].tta_accuracy),
                       test_tta_multi=mean(lambda r: r["test"]["multi"].tta_accuracy))
            for n in shifted: row[n] = mean(lambda r: r["shifts"][n])
            row["shift_mean"] = mean(lambda r: np.mean(list(r["shifts"].values())))
            for k in standins: row[k] = fmt_seeds([r["standins"][k] for r in rs])
            pred, items = rs[-1]["pred"], split_items(root, "test")[:64]
            pred.probs(items); t = time.time(); pred.probs(items); row["infer_img_s"] = round(len(items)/(time.time() - t), 1)   # a second batch: cuDNN tunes per shape
            rows.append(row); print(row, flush=True)
    gpu = torch.cuda.is_available()
    cols = ["arch", "method", "views", "train_s", "test", "test_tta_flip", "test_tta_multi", *SHIFTS, "shift_mean", *standins, "infer_img_s"]
    report("Model selection: offline backbones and head recipes (shared photos, style shifts, tutorial stand-ins)" + (" on a GPU" if gpu else ""), rows, cols,
           "features: heads on frozen features (the default); partial: the head, then the last stage with it, on cached activations; "
           "fine_tune: fastai's; trained on the shared photos' training side; test = accuracy (correct/n, 95% CI) "
           "without TTA; shift columns are plain accuracy on the same test photos under each shift; pets and dogscats are the "
           "tutorial stand-ins (each trained and tested on its own); train_s includes computing uncached features; infer_img_s "
           f"is {'the GPU' if gpu else 'PyTorch'} from JPEG files, a second batch of the same 64" + (f"; every column is the mean over seeds {a.seeds}." if len(seeds) > 1 else "."))
