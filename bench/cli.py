"""How long the command line takes to answer --help, and to predict one photo cold, against `python -c "import torch"`
(issue 15: --help under 0.3x of it, predict under 3 s).

Usage: python bench/cli.py [--runs 5]. Each command runs `--runs` times in a fresh process; the table has min, median
and max wall seconds, and the ratio of the median to the median of `import torch`. The predict rows use the shared
photos' model (`sample_model`, exported to ONNX) and one shared photo, with the default backend (ONNX) and PyTorch."""
import argparse, shutil, statistics, subprocess, sys, time
from _common import *

def timed(cmd:list, runs:int)->list:
    "Wall seconds of `runs` fresh runs of `cmd`"
    out = []
    for _ in range(runs):
        t = time.perf_counter(); subprocess.run(cmd, capture_output=True, check=True); out.append(time.perf_counter() - t)
    return out

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__); p.add_argument("--runs", type=int, default=5); a = p.parse_args()
    exe = shutil.which("animal-classifier") or sys.exit("animal-classifier is not installed: pip install -e .")
    cases = {"python -c 'import torch' (baseline)": [sys.executable, "-c", "import torch"], "animal-classifier --help": [exe, "--help"],
             "animal-classifier train --help": [exe, "train", "--help"], "animal-classifier run --help": [exe, "run", "--help"]}
    sys.path.insert(0, str(HERE.parent))
    from animal_classifier.testing import sample_model
    from animal_classifier.modeldir import export_onnx
    root, mdir = sample_model()
    if root is not None:
        if not (mdir/"model.onnx").exists(): export_onnx(mdir)
        photo = str(next((root/"lion").iterdir()))
        cases["animal-classifier predict MODEL photo (ONNX, the default)"] = [exe, "predict", str(mdir), photo]
        cases["animal-classifier predict MODEL photo --backend torch"] = [exe, "predict", str(mdir), photo, "--backend", "torch"]
    rows, base = [], None
    for name, cmd in cases.items():
        s = timed(cmd, a.runs); med = statistics.median(s); base = base or med
        rows.append(dict(command=name, min=min(s), median=med, max=max(s), ratio=med/base))
    report("CLI start-up (--help) and a cold predict", rows, ["command", "min", "median", "max", "ratio"],
           f"Seconds, {a.runs} fresh runs each; ratio = median / median of `import torch`. The launcher prints help stored by tools/make_help.py, "
           "and runs predict through `infer`, which imports neither fastai nor PyTorch for an ONNX model.")
