"Shared helpers of the benchmarks: machine description, result tables, results.md"
import json, os, platform, resource, subprocess, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent

def machine()->str:
    "Cores, CPU model and GPU (if any) of this machine"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"): cpu = line.split(":", 1)[1].strip(); break
    except OSError: pass
    gpu = ""
    try:
        import torch
        if torch.cuda.is_available(): gpu = f", GPU {torch.cuda.get_device_name(0)}"
    except ImportError: pass
    return f"{os.cpu_count()} cores, {cpu}{gpu}"

def peak_rss_mb()->float:
    "Peak resident memory of this process, in MB"
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024

def run_side(script:str, *args)->dict:
    "Run one side of a benchmark in a fresh Python process; it prints one JSON line last"
    out = subprocess.run([sys.executable, str(HERE/script), *map(str, args)], capture_output=True, text=True)
    if out.returncode: raise RuntimeError(f"{script} {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])

def report(title:str, rows:list, cols:list, notes:str="")->str:
    "Print a markdown table of `rows` (dicts) and put it, with the machine and date, in bench/results.md in place of the last table of the same title"
    fmt = lambda v: f"{v:.3g}" if isinstance(v, float) else str(v)
    lines = [f"## {title}", "", f"{time.strftime('%Y-%m-%d %H:%M')} · {machine()}", "",
             "| " + " | ".join(cols) + " |", "|" + "---|"*len(cols)]
    lines += ["| " + " | ".join(fmt(r.get(c, "")) for c in cols) + " |" for r in rows]
    if notes: lines += ["", notes]
    text = "\n".join(lines) + "\n"
    print(text)
    f = HERE/"results.md"
    old = "\n" + (f.read_text() if f.exists() else "")
    head, *secs = old.split("\n## ")
    secs = [s if s.endswith("\n") else s + "\n" for s in secs if s.split("\n", 1)[0].strip() != title]   # the latest table per benchmark
    f.write_text(("\n".join(["## " + s.rstrip("\n") + "\n" for s in secs] + [text]) if not head.strip() else
                  "\n## ".join([head.strip() + "\n", *secs, text[3:]])).lstrip("\n"))
    return text
