"""End to end: `animal-classifier run` on the shared photos against the floor of its network work.

The floor is a bare forward pass of the backbone over every photo and its mirror image once, JPEG decoding and
resizing included (as `Predictor.batch` prepares them), in batches of `FEATURE_BS` images: on onnxruntime (the engine
the library computes features with on a CPU: the headline) and on PyTorch channels-last. Ours is the whole command
`animal-classifier run --data shared/data/animals --out DIR` with the default recipe, in a fresh process (process
start and imports included), timed per step, with the images run through the backbone (`FORWARD_PASSES`) and the peak
RSS after each step. Then two reruns on the same `--out` that change only the seed (a new validation split, a new head,
the whole report again) or the head (`--head-epochs 30`): their ratio is to the model's own training time
(`train_seconds` in config.json: fitting the head and the last stage on cached activations). With `--baseline DIR` (a
checkout of an earlier commit, e.g. `git worktree add /tmp/base ace1318`), the same fresh run of that commit's package
runs beside ours in each repetition.

    python bench/run.py [--reps 3] [--baseline DIR]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, os.environ.get("BENCH_PACKAGE") or str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *

def cpu_seconds()->float:
    "CPU seconds of this process so far, every thread (and waited-for child) included: what the 2 cores spent"
    t = os.times(); return t.user + t.system + t.children_user + t.children_system

def side_floor(arch, engine="torch"):
    import torch
    from animal_classifier.dataroot import sample_data
    from animal_classifier.core import image_files, load_rgb
    from animal_classifier.backbones import make_model, backbone, norm_stats
    from animal_classifier.modeldir import Predictor
    from animal_classifier.features import FEATURE_BS, onnx_body
    from PIL import ImageOps
    items = image_files(sample_data())
    size = backbone(arch).size; mean, std = norm_stats(arch)
    pred = Predictor(make_model(arch, 11), [str(i) for i in range(11)], dict(size=size, mean=mean, std=std, arch=arch), torch.device("cpu"), channels_last=True)
    body = onnx_body(pred) if engine == "onnxruntime" else None
    t, c = time.time(), cpu_seconds()
    with torch.inference_mode():
        for i in range(0, len(items), FEATURE_BS//2):                  # the batch size the library uses: photos and mirrors
            ims = [load_rgb(p) for p in items[i:i+FEATURE_BS//2]]
            x = pred.batch(ims + [ImageOps.mirror(im) for im in ims])
            if body is None: pred.model(x)
            else: body.run(None, {"image": x.contiguous().numpy()})
    return dict(seconds=time.time() - t, cpu=cpu_seconds() - c, images=len(items), forward=2*len(items), peak_rss_mb=peak_rss_mb())

def side_run(out, *extra):
    "The CLI in this process as the `animal-classifier` command runs it (`launcher.console`, where the commit has it), each step timed and its peak RSS taken"
    import contextlib, gc, io, importlib
    launcher = importlib.import_module("animal_classifier.launcher")
    if hasattr(launcher, "skip_triton"): launcher.skip_triton()
    if hasattr(launcher, "tune_process"): launcher.tune_process()
    if hasattr(launcher, "import_frozen"): cli = launcher.import_frozen("animal_classifier.cli")
    else:
        from animal_classifier import cli
        if hasattr(launcher, "leave"): gc.freeze()
    from animal_classifier.testing import FORWARD_PASSES
    from animal_classifier.dataroot import sample_data
    steps, peaks, cpus = {}, {}, {}
    def timed(name, f):
        def g(*a, **k):
            t, c = time.time(), cpu_seconds(); r = f(*a, **k)
            steps[name], cpus[name], peaks[name] = round(time.time() - t, 2), round(cpu_seconds() - c, 2), round(peak_rss_mb()); return r
        return g
    cli.STEPS[:] = [(n, timed(n, f), keys, done) for n, f, keys, done in cli.STEPS]
    t = time.time()
    with contextlib.redirect_stdout(io.StringIO()): code = cli.main(["run", "--data", str(sample_data()), "--out", str(out), *extra])
    if code: raise SystemExit(f"run failed with {code}")
    m = json.loads((Path(out)/"report/metrics.json").read_text())
    return dict(seconds=time.time() - t, cpu=cpu_seconds(), forward=FORWARD_PASSES["images"], peak_rss_mb=peak_rss_mb(), steps=steps, step_cpus=cpus, step_peaks=peaks,
                train_seconds=m.get("train_seconds"), accuracy=m["accuracy"], counts=f"{m['n_correct']}/{m['n']}", arch=m.get("arch", ""))

def timed_side(*args)->dict:
    "`run_side`, with the wall time of the whole process (start and imports included)"
    t = time.time(); r = run_side(*args); r["wall"] = time.time() - t; return r

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--reps", type=int, default=3); p.add_argument("--side", default="")
    p.add_argument("--out", default=""); p.add_argument("--arch", default="efficientnet_lite2"); p.add_argument("--baseline", default="")
    a, extra = p.parse_known_args()
    if a.side in ("floor", "floor-ort"): print(json.dumps(side_floor(a.arch, "onnxruntime" if a.side == "floor-ort" else "torch"))); sys.exit()
    if a.side == "run":
        print(json.dumps(side_run(a.out, *extra)), flush=True)
        from animal_classifier import launcher
        launcher.leave(0) if hasattr(launcher, "leave") else sys.exit()   # as the command ends
    from animal_classifier.dataroot import sample_data
    if sample_data() is None: sys.exit("../shared/data/animals not found: this benchmark needs the shared photos")
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE).stdout.strip()
    floors, ort_floors, firsts, seeds, heads, bases = [], [], [], [], [], []
    base_rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=a.baseline).stdout.strip() if a.baseline else ""
    for _ in range(a.reps):
        if a.baseline:
            os.environ["BENCH_PACKAGE"] = str(Path(a.baseline).resolve())
            try: bases.append(timed_side("run.py", "--side", "run", "--out", Path(tempfile.mkdtemp())/"out", *extra))
            finally: del os.environ["BENCH_PACKAGE"]
        floors.append(timed_side("run.py", "--side", "floor", "--arch", a.arch))
        ort_floors.append(timed_side("run.py", "--side", "floor-ort", "--arch", a.arch))
        out = Path(tempfile.mkdtemp())/"out"
        firsts.append(timed_side("run.py", "--side", "run", "--out", out, *extra))
        seeds.append(timed_side("run.py", "--side", "run", "--out", out, "--seed", "1", *extra))
        heads.append(timed_side("run.py", "--side", "run", "--out", out, "--seed", "1", "--head-epochs", "30", *extra))
    med = lambda rs, k: statistics.median(r[k] for r in rs)
    ort = med(ort_floors, "seconds")
    rows = []
    for name, rs in [("bare forward on onnxruntime, every photo and its mirror once, decode included (floor, the engine ours uses on a CPU)", ort_floors),
                     ("the same on PyTorch channels-last", floors),
                     *([(f"run, fresh --out: the whole command, on {base_rev} (baseline)", bases)] if bases else []),
                     ("run, fresh --out: the whole command (ours)", firsts),
                     ("rerun, another seed (--seed 1), same --out (ours)", seeds),
                     ("rerun, another head (--head-epochs 30), same --out (ours)", heads)]:
        k = "seconds" if rs in (floors, ort_floors) else "wall"
        lo, md, hi = min(r[k] for r in rs), med(rs, k), max(r[k] for r in rs)
        ts = [r["train_seconds"] for r in rs if r.get("train_seconds")]
        rows.append(dict(side=name, min=lo, median=md, max=hi, vs_ort_floor=md/ort, in_process=med(rs, "seconds"),
                         cpu_s=med(rs, "cpu") if "cpu" in rs[0] else "", cpu_vs_ort_floor=med(rs, "cpu")/med(ort_floors, "cpu") if "cpu" in rs[0] else "",
                         vs_train=md/statistics.median(ts) if ts and rs in (seeds, heads) else "", forward_passes=rs[0]["forward"],
                         peak_rss_mb=round(max(r["peak_rss_mb"] for r in rs)), counts=rs[0].get("counts", "")))
    steps = {k: statistics.median(r["steps"].get(k, 0) for r in firsts) for k in firsts[0]["steps"]}
    peaks = {k: max(r["step_peaks"].get(k, 0) for r in firsts) for k in firsts[0]["step_peaks"]}
    cpus = {k: statistics.median(r["step_cpus"].get(k, 0) for r in firsts) for k in firsts[0]["step_cpus"]}
    report(f"End to end: run --data shared/data/animals ({firsts[0]['arch']}), {floors[0]['images']} photos", rows,
           ["side", "min", "median", "max", "vs_ort_floor", "in_process", "cpu_s", "cpu_vs_ort_floor", "vs_train", "forward_passes", "peak_rss_mb", "counts"],
           f"Seconds over {a.reps} repetitions, each side in a fresh process, on {rev}; min/median/max are the floors' loops and our "
           "commands' whole wall time (process start and imports included; `in_process`: the median without them). "
           "vs_ort_floor = median / the onnxruntime floor's median (the headline); vs_train = median / the model's own training "
           "time (train_seconds); cpu_s = the median CPU seconds of every thread (the floors' loops; our commands' whole process), and cpu_vs_ort_floor its ratio to the onnxruntime floor's: with both cores busy throughout, the wall-time ratio could fall no lower than it. Median seconds per step of the first run: " + ", ".join(f"{k} {v:.1f}" for k, v in steps.items())
           + "; and CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in cpus.items())
           + "; peak RSS after each step (MB): " + ", ".join(f"{k} {v}" for k, v in peaks.items())
           + f"; model training (train_seconds) {statistics.median(r['train_seconds'] for r in firsts):.1f} s. "
           "Targets (#29): run <= 1.3x the onnxruntime floor, <= 1.5 GB peak, no lower than 215/219; a rerun changing only "
           "the seed or the head under 5x the model's training time.")
