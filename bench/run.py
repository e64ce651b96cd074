"""End to end: `animal-classifier run` on the shared photos against the physical floor of its network work.

The floor is a bare channels-last PyTorch forward pass of the backbone over every photo and its mirror image once, JPEG
decoding and resizing included (as `Predictor.batch` prepares them), in batches of `FEATURE_BS` images. On a CPU
the library computes features on onnxruntime (`onnx_body`), so the same pass on onnxruntime is shown too. Ours is `run --data shared/data/animals` with
the default recipe on a fresh `--out`, timed per step, with the number of images run through the backbone
(`FORWARD_PASSES`) and the peak RSS; then a rerun with another recipe (`--seed 1`: a new validation split, a new head,
the whole report again) on the same `--out`, whose features all come from the cache. Each side runs in a
fresh process.

    python bench/run.py [--reps 3]
"""
import argparse, json, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *

def side_floor(arch, engine="torch"):
    import torch
    from animal_classifier.dataroot import sample_data
    from animal_classifier.core import image_files, load_rgb
    from animal_classifier.backbones import make_model, PACKAGED, norm_stats
    from animal_classifier.modeldir import Predictor
    from animal_classifier.features import FEATURE_BS, onnx_body
    from PIL import ImageOps
    src = sample_data()
    items = image_files(src)
    size = PACKAGED.get(arch, 224); mean, std = norm_stats(arch)
    pred = Predictor(make_model(arch, 11), [str(i) for i in range(11)], dict(size=size, mean=mean, std=std, arch=arch), torch.device("cpu"), channels_last=True)
    body = onnx_body(pred) if engine == "onnxruntime" else None
    t = time.time()
    with torch.inference_mode():
        for i in range(0, len(items), FEATURE_BS//2):                  # the batch size the library uses: photos and mirrors
            ims = [load_rgb(p) for p in items[i:i+FEATURE_BS//2]]
            x = pred.batch(ims + [ImageOps.mirror(im) for im in ims])
            if body is None: pred.model(x)
            else: body.run(None, {"image": x.contiguous().numpy()})
    return dict(seconds=time.time() - t, images=len(items), forward=2*len(items), peak_rss_mb=peak_rss_mb())

def side_run(out, *extra):
    import contextlib, io
    from animal_classifier import cli
    from animal_classifier.testing import FORWARD_PASSES
    from animal_classifier.dataroot import sample_data
    steps = {}
    def timed(name, f):
        def g(*a, **k):
            t = time.time(); r = f(*a, **k); steps[name] = round(time.time() - t, 2); return r
        return g
    cli.STEPS[:] = [(n, timed(n, f), keys, done) for n, f, keys, done in cli.STEPS]
    t = time.time()
    with contextlib.redirect_stdout(io.StringIO()): code = cli.main(["run", "--data", str(sample_data()), "--out", str(out), *extra])
    if code: raise SystemExit(f"run failed with {code}")
    m = json.loads((Path(out)/"report/metrics.json").read_text())
    return dict(seconds=time.time() - t, forward=FORWARD_PASSES["images"], peak_rss_mb=peak_rss_mb(), steps=steps,
                accuracy=m["accuracy"], counts=f"{m['n_correct']}/{m['n']}", arch=m.get("arch", ""))

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--reps", type=int, default=3); p.add_argument("--side", default="")
    p.add_argument("--out", default=""); p.add_argument("--arch", default="efficientnet_lite0")
    a, extra = p.parse_known_args()
    if a.side in ("floor", "floor-ort"): print(json.dumps(side_floor(a.arch, "onnxruntime" if a.side == "floor-ort" else "torch"))); sys.exit()
    if a.side == "run": print(json.dumps(side_run(a.out, "--arch", a.arch, *extra))); sys.exit()
    from animal_classifier.dataroot import sample_data
    if sample_data() is None: sys.exit("../shared/data/animals not found: this benchmark needs the shared photos")
    floors, ort_floors, firsts, reruns = [], [], [], []
    for _ in range(a.reps):
        floors.append(run_side("run.py", "--side", "floor", "--arch", a.arch))
        ort_floors.append(run_side("run.py", "--side", "floor-ort", "--arch", a.arch))
        out = Path(tempfile.mkdtemp())/"out"
        firsts.append(run_side("run.py", "--side", "run", "--out", out, "--arch", a.arch))
        reruns.append(run_side("run.py", "--side", "run", "--out", out, "--arch", a.arch, "--seed", "1"))
    stats = lambda rs, k="seconds": [min(r[k] for r in rs), statistics.median(r[k] for r in rs), max(r[k] for r in rs)]
    fl = statistics.median(r["seconds"] for r in floors)
    rows = []
    for name, rs in [("bare channels-last forward, every photo and its mirror once, decode included (floor)", floors),
                     ("the same on onnxruntime, the engine ours uses on a CPU", ort_floors),
                     ("run, fresh --out (ours)", firsts), ("rerun with another recipe (--seed 1) on the same --out (ours)", reruns)]:
        lo, med, hi = stats(rs)
        rows.append(dict(side=name, min=lo, median=med, max=hi, vs_floor=med/fl, forward_passes=rs[0]["forward"],
                         peak_rss_mb=max(r["peak_rss_mb"] for r in rs), accuracy=rs[0].get("accuracy", ""), counts=rs[0].get("counts", "")))
    step_med = {k: statistics.median(r["steps"].get(k, 0) for r in firsts) for k in firsts[0]["steps"]}
    report(f"End to end: run --data shared/data/animals ({a.arch}), {floors[0]['images']} photos", rows,
           ["side", "min", "median", "max", "vs_floor", "forward_passes", "peak_rss_mb", "accuracy", "counts"],
           f"Seconds over {a.reps} runs, each side in a fresh process. Median seconds per step of the first run: "
           + ", ".join(f"{k} {v:.1f}" for k, v in step_med.items())
           + ". Targets: run <= 1.3x the floor, <= 1.5 GB peak, rerun with another recipe <= 8 s. On main at c501f02 "
           "(the issue's figures): floor 23.4 s, run 52.4 s (2.24x), about 2,200 forward passes, 2.2 GB peak.")
