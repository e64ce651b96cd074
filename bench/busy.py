"""On a busy machine: PyTorch's OpenMP threads spinning while they wait (its default, the baseline) or asleep
(`OMP_WAIT_POLICY=PASSIVE`, as `.ci/run` sets for the tests), with the machine to itself and with a second copy of the
same work running beside it (two notebooks at once, a test run on two workers, another user).

Usage: python bench/busy.py [--reps 3] [--cams 20]. The work, in a fresh process per side: Grad-CAM of `--cams` test
photos with the shared photos' model (`sample_model`, PyTorch: many small operations on one image). Each side runs
`--reps` times alone and `--reps` times as two processes at once, started at the same moment; min/median/max are the
seconds of the work, over every process of the repetitions. speed_up = baseline median / this median, same load."""
import argparse, os, statistics, subprocess, sys, tempfile, time
from _common import *

WORK = r"""
import os, sys, time
side, cams = sys.argv[1], int(sys.argv[2])
if side == "asleep": os.environ["OMP_WAIT_POLICY"] = "PASSIVE"          # before PyTorch loads its OpenMP runtime
else: os.environ.pop("OMP_WAIT_POLICY", None)                          # PyTorch's default
import torch
from animal_classifier.testing import sample_model
from animal_classifier.modeldir import load_model
from animal_classifier.interpret import gradcam
from animal_classifier.core import split_items
root, mdir = sample_model()
items = split_items(root, "test")
pred = load_model(mdir, device="cpu"); gradcam(pred, items[0])                            # warm: the first pass builds the kernels
print("ready", flush=True); sys.stdin.readline()                         # every process starts its work together
t = time.perf_counter()
for p in (items*cams)[:cams]: gradcam(pred, p)
print(time.perf_counter() - t)
"""

def run_together(side:str, n:int, cams:int)->list:
    "Start `n` processes of `side`, let them load, then start their timed work at once; each one's result"
    errs = [tempfile.TemporaryFile("w+") for _ in range(n)]              # (a pipe nobody reads could fill and stop a process)
    ps = [subprocess.Popen([sys.executable, "-c", WORK, side, str(cams)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=e, text=True) for e in errs]
    def why(i): errs[i].seek(0); return errs[i].read()[-3000:]
    for i, p in enumerate(ps):                                           # wait until all are ready, then start them at once
        while (line := p.stdout.readline()) and line.strip() != "ready": pass   # (what the library prints on the way)
        if not line:
            for q in ps: q.kill()
            raise RuntimeError(f"{side} failed before its work:\n{why(i)}")
    for p in ps: p.stdin.write("\n"); p.stdin.flush()
    out = []
    for i, p in enumerate(ps):
        o, _ = p.communicate()
        if p.returncode: raise RuntimeError(f"{side} failed:\n{why(i)}")
        out.append(float(o.strip().splitlines()[-1]))
    return out

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=3); ap.add_argument("--cams", type=int, default=20)
    a = ap.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from animal_classifier.testing import sample_model
    if sample_model()[0] is None: sys.exit("bench/busy.py needs the shared photos (shared/data/animals beside the project)")
    res = {}
    for load, n in (("alone", 1), ("beside a second copy", 2)):
        for side in ("spinning", "asleep"):
            res[load, side] = [r for _ in range(a.reps) for r in run_together(side, n, a.cams)]
    rows, what = [], f"Grad-CAM of {a.cams} photos (PyTorch)"
    for load in ("alone", "beside a second copy"):
        base = statistics.median(res[load, "spinning"])
        for side, name in (("spinning", "threads spinning, PyTorch's default (baseline)"), ("asleep", "threads asleep, OMP_WAIT_POLICY=PASSIVE (.ci/run)")):
            s = res[load, side]
            rows.append(dict(load=load, work=what, side=name, min=min(s), median=statistics.median(s), max=max(s), speed_up=base/statistics.median(s)))
    report("On a busy machine: threads asleep or spinning while they wait", rows, ["load", "work", "side", "min", "median", "max", "speed_up"],
           f"Seconds over {a.reps} repetitions (every process of them), each side in fresh processes on the shared photos' model "
           "(`sample_model`); 'beside a second copy': two processes of the same side doing the same work at once. The command "
           "and the notebooks keep PyTorch's default, the faster one alone (the launcher page); `.ci/run` sets the other for "
           "the tests, which run two notebooks at once.")
