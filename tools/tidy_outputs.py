"""Tidy the saved outputs of the notebooks: what a reader of the docs should see, nothing of the machine that ran them.

`python tools/tidy_outputs.py` rewrites, in every notebook under `nbs/`, stream outputs as a terminal shows them:
progress-bar text (fastprogress writes bars with `\\r` when it is not in Jupyter) is dropped, warnings are dropped
from stderr. Only what a bar writes is dropped: the bar itself, its `Epoch i/n :` prefix and the spaces it writes
between two `\\r` to blank itself; other text keeps its spacing (pandas tables align columns with long runs of
spaces). `--check` changes nothing and exits 1 if a notebook would change, or if an output holds a path of the
machine that ran it (a virtual environment, /tmp, /root, /home, the checkout). CI runs `--check`, and
`tools/test_tidy.py`, which checks `tidy_text` on a pandas table and on fastprogress's bars."""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
BAR = re.compile(r"█?\s*\|[█-]*\|\s*[\d.]+%\s*\[[^\]]*\]\s*")  # one bar: ` |███---| 50.00% [1/2 00:01<00:01]`
EPOCH = re.compile(r"Epoch \d+/\d+ :")                        # the master bar's prefix to its child bars
PROGRESS = re.compile(r"█|Epoch \d+/\d+ :|\r {20,}\r")      # a line fastprogress wrote on: its fill test `█\r`, the master
                                                            # bar's prefix, a bar blanking itself (`\r`, spaces, `\r`)
WARN = re.compile(r"^\S.*(Warning|warn\()|^\s+warnings\.warn\(")
PATHS = re.compile(r"(/tmp/|/root/|/home/|/work/|\.venv|site-packages|/usr/lib/python)")

def tidy_text(text:str, stderr:bool=False)->str:
    "Each line as a terminal shows it (last `\\r` segment), without progress bars (and without warnings on stderr)"
    out = []
    for line in text.split("\n"):
        bars = bool(BAR.search(line) or PROGRESS.search(line))
        if bars:
            # the text printed between bars (fastai's table rows) sits in `\r` segments of its own: keep those, as printed
            # (an interrupted bar is followed by text without a `\r`: the bar and its prefix go, the text stays)
            segs = [EPOCH.sub("", BAR.sub("", s)).replace("█", "") for s in line.split("\r")]
            shown = "".join(s for s in segs if s.strip())   # a blank segment is a bar blanking itself
            if not shown.strip(): continue
        else: shown = line.split("\r")[-1]
        if stderr and WARN.search(shown): continue
        out.append(shown)
    return "\n".join(out)

def tidy_nb(nb:dict)->dict:
    for c in nb["cells"]:
        if c["cell_type"] != "code": continue
        outs = []
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream":
                t = tidy_text("".join(o["text"]), o.get("name") == "stderr")
                if not t.strip(): continue
                o["text"] = t.splitlines(keepends=True)
            outs.append(o)
        c["outputs"] = outs
    return nb

def machine_paths(nb:dict)->list:
    "Output texts that show a path of the machine that ran the notebook"
    found = []
    for i, c in enumerate(nb["cells"]):
        for o in c.get("outputs", []):
            texts = [o.get("text", "")] + [v for k, v in o.get("data", {}).items() if k.startswith("text/")]
            for t in texts:
                for m in PATHS.finditer("".join(t)): found.append(f"cell {i}: ...{''.join(t)[max(0, m.start()-40):m.end()+40]!r}...")
    return found

def main(check:bool=False)->int:
    bad = 0
    for f in sorted((root/"nbs").rglob("*.ipynb")):
        if any(p.startswith((".", "_")) for p in f.relative_to(root/"nbs").parts): continue
        raw = f.read_text(encoding="utf-8"); nb = json.loads(raw)
        new = json.dumps(tidy_nb(json.loads(raw)), indent=1, ensure_ascii=False) + "\n"
        paths = machine_paths(nb)
        if paths: bad += 1; print(f"{f.relative_to(root)}: machine paths in outputs:\n  " + "\n  ".join(paths[:5]))
        if new != raw:
            if check: bad += 1; print(f"{f.relative_to(root)}: outputs hold progress-bar text or warnings (run python tools/tidy_outputs.py)")
            else: f.write_text(new, encoding="utf-8"); print(f"tidied {f.relative_to(root)}")
    return 1 if bad else 0

if __name__ == "__main__": sys.exit(main("--check" in sys.argv[1:]))
