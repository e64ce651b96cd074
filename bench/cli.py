"""How long the command line takes to answer --help, against `python -c "import torch"` (issue 15: under 0.3x of it).

Usage: python bench/cli.py [--runs 5]. Each command runs `--runs` times in a fresh process; the table has min, median
and max wall seconds, and the ratio of the median to the median of `import torch`."""
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
    rows, base = [], None
    for name, cmd in cases.items():
        s = timed(cmd, a.runs); med = statistics.median(s); base = base or med
        rows.append(dict(command=name, min=min(s), median=med, max=max(s), ratio=med/base))
    report("CLI start-up (--help)", rows, ["command", "min", "median", "max", "ratio"],
           f"Seconds, {a.runs} fresh runs each; ratio = median / median of `import torch`. The launcher prints help stored by tools/make_help.py.")
