"""How long the command line takes to answer --help, and to predict one photo cold, against `python -c "import torch"`
(issue 15: --help under 0.3x of it, predict under 3 s), and how fast `run` gives up with no network (issue 29: within 10 s,
in at most 3 lines).

Usage: python bench/cli.py [--runs 5]. Each command runs `--runs` times in a fresh process; the table has min, median
and max wall seconds, and the ratio of the median to the median of `import torch`. The predict rows use the shared
photos' model (`sample_model`, exported to ONNX) and one shared photo, with the default backend (ONNX) and PyTorch.
The offline rows run `animal-classifier run` with every source's host a name that does not resolve (`Offline`), and
with every source answering 403 (a local server); their `exit` and `lines` columns are the exit code and the lines it
printed on stderr."""
import argparse, os, shutil, statistics, subprocess, sys, time
from _common import *

class _Every(dict):
    "Routes that answer every path with one `Route`"
    def __init__(self, route): super().__init__(); self.route = route
    def get(self, k, default=None): return self.route

def timed(cmd:list, runs:int, fails:bool=False, env:dict=None)->tuple:
    "(wall seconds of `runs` fresh runs of `cmd`, the last run's exit code and stderr); `fails`: it must exit non-zero"
    out = []
    for _ in range(runs):
        t = time.perf_counter(); r = subprocess.run(cmd, capture_output=True, text=True, env=env); out.append(time.perf_counter() - t)
        if bool(r.returncode) != fails: raise SystemExit(f"{cmd} exited {r.returncode}:\n{r.stderr[-2000:]}")
    return out, r.returncode, r.stderr

OFFLINE = """import sys, tempfile
from animal_classifier.testing import Offline
from animal_classifier.cli import main
with Offline(): sys.exit(main(["run", "--out", tempfile.mkdtemp() + "/run"]))"""
BLOCKED = """import os, sys, tempfile
from animal_classifier import providers
from animal_classifier.cli import main
providers.API_URLS.update({k: os.environ["BLOCKED_URL"] for k in providers.API_URLS})
sys.exit(main(["run", "--source", "openverse,wikimedia,inaturalist", "--out", tempfile.mkdtemp() + "/run"]))"""

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
        missing = {"animal-classifier predict MODEL no/such.jpg --backend torch (named before PyTorch loads)": ([exe, "predict", str(mdir), "no/such.jpg", "--backend", "torch"], None)}
    from animal_classifier.testing import LocalImageServer, Route
    srv = LocalImageServer(_Every(Route(b"<html>Access denied</html>", 403, "text/html")))
    env = dict(os.environ, ANIMAL_CLASSIFIER_ALLOW_PRIVATE="1", BLOCKED_URL=srv.url("/api"))
    failing = {**(missing if root is not None else {}),
               "animal-classifier run, no network (every host a name that does not resolve)": ([sys.executable, "-c", OFFLINE], None),
               "animal-classifier run, every source answers 403 (a local server)": ([sys.executable, "-c", BLOCKED], env)}
    rows, base = [], None
    with srv:
        for name, cmd in list(cases.items()) + list(failing.items()):
            fails = name in failing; cmd, e = cmd if fails else (cmd, None)
            s, code, err = timed(cmd, a.runs, fails, e); med = statistics.median(s); base = base or med
            rows.append(dict(command=name, min=min(s), median=med, max=max(s), ratio=med/base,
                             **(dict(exit=code, lines=len(err.strip().splitlines())) if fails else {})))
            if fails: print(f"{name}:\n{err.strip()}\n")
    report("CLI start-up (--help) and a cold predict", rows, ["command", "min", "median", "max", "ratio", "exit", "lines"],
           f"Seconds, {a.runs} fresh runs each; ratio = median / median of `import torch`. The launcher prints help stored by tools/make_help.py, "
           "and runs predict through `infer`, which imports neither fastai nor PyTorch for an ONNX model. Offline rows: the whole command, process start "
           "and imports included (targets: under 10 s, at most 3 lines, a non-zero exit); a missing photo is refused before any model loads.")
