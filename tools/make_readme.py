"""Render `nbs/index.ipynb` to `README.md` without quarto (run: `python tools/make_readme.py`).

`nbdev-readme` needs quarto; this keeps README.md in step with the index notebook on machines without it, and CI
checks that running it changes nothing. Hidden cells (`#| hide`, `#| include: false`) are left out, the install cell
(`!pip install`) too; cells with `#| eval: false` are shown as code, as the docs show them;
directive lines are dropped, code cells become ```python blocks, and their text outputs follow as plain blocks."""
import json, re
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def _src(c): return "".join(c["source"]) if isinstance(c["source"], list) else c["source"]

def _figure(b64:str, name:str)->str:
    "Save a figure output as nbs/images/<name>.png (only when its bytes changed) and return the Markdown that shows it"
    import base64
    f = root/"nbs"/"images"/f"{name}.png"; data = base64.b64decode(b64)
    if not f.exists() or f.read_bytes() != data: f.write_bytes(data); print(f"{f.relative_to(root)} updated")
    return f"![figure](nbs/images/{name}.png)"

def _outputs(c):
    out = []
    for o in c.get("outputs", []):
        if o.get("output_type") == "stream":   # show what a terminal shows: progress bars rewrite their line with \r
            out.append("\n".join(l.split("\r")[-1] for l in "".join(o["text"]).split("\n")))
        elif "data" in o and "text/markdown" in o["data"]: out.append(("md", "".join(o["data"]["text/markdown"])))
        elif "data" in o and "image/png" in o["data"]: out.append(("png", "".join(o["data"]["image/png"])))
        elif "data" in o and "text/plain" in o["data"]: out.append("".join(o["data"]["text/plain"]))
    return out

def render(nb_path=root/"nbs/index.ipynb")->str:
    "README text for the notebook at `nb_path`"
    nb, parts = json.loads(Path(nb_path).read_text(encoding="utf-8")), []
    for c in nb["cells"]:
        src = _src(c)
        directives = re.findall(r"^#\|\s*(.*)$", src, flags=re.M)
        if any(d.strip() in ("hide", "include: false") for d in directives) or "!pip install" in src: continue
        body = re.sub(r"^#\|.*\n?", "", src, flags=re.M).strip()
        if c["cell_type"] == "markdown": parts.append(re.sub(r"\]\(images/", "](nbs/images/", body))
        elif c["cell_type"] == "code":
            if body: parts.append(f"```python\n{body}\n```")
            for k, o in enumerate(_outputs(c)):
                if isinstance(o, tuple) and o[0] == "png": parts.append(_figure(o[1], f"readme-{c.get('id', 'cell')}-{k}"))
                elif isinstance(o, tuple): parts.append(o[1].strip())
                elif o.strip(): parts.append(f"```\n{o.rstrip()}\n```")
    return "<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file -->\n\n" + "\n\n".join(parts) + "\n"

SHOTS = {"demo": ("nbs/05a_serve.ipynb", "a5e00026")} # images the README shows, taken from a notebook cell's saved output

def save_shots():
    "Save each of `SHOTS` as nbs/images/<name>.png from its cell's first PNG output"
    for name, (nb, cid) in SHOTS.items():
        cell = next(c for c in json.loads((root/nb).read_text(encoding="utf-8"))["cells"] if c.get("id") == cid)
        png = next((o[1] for o in _outputs(cell) if isinstance(o, tuple) and o[0] == "png"), None)
        if png is None: raise SystemExit(f"{nb}: cell {cid} has no saved PNG output (run nbdev-test --save on it)")
        _figure(png, name)

if __name__ == "__main__":
    save_shots()
    text, f = render(), root/"README.md"
    if not f.exists() or f.read_bytes() != text.encode("utf-8"): f.write_bytes(text.encode("utf-8")); print("README.md updated")
