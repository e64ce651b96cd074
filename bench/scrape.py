"""Scraping: our download_images (all checks on) against fastai's download_images + resize_images + verify_images.

A local HTTP server on 127.0.0.1, in its own process, serves N JPEG photos (800x600, from the shared photos when present, else generated)
with a fixed latency per request. Both sides fetch the same URLs into fresh folders and shrink to 400 px.

    python bench/scrape.py [--n 500] [--latency 0.05]
"""
import argparse, statistics, io, json, shutil, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *
from PIL import Image

def photos(n):
    from animal_classifier.dataroot import tiny_image
    from animal_classifier.dataroot import sample_data
    src = sample_data(); files = sorted(src.rglob("*.jpg")) if src else []
    out = {}
    for i in range(n):
        img = Image.open(files[i % len(files)]).convert("RGB") if files else tiny_image(i % 6, i, 64)
        img = img.resize((800, 600)).rotate(i % 7)      # distinct bytes for every URL
        buf = io.BytesIO(); img.save(buf, "JPEG", quality=90); out[f"/img/{i}.jpg"] = buf.getvalue()
    return out

def serve(folder, latency, port_file):
    "Serve the JPEGs of `folder` as /img/<name> until killed (a separate process, as a real server would be)"
    from animal_classifier.testing import LocalImageServer
    routes = {f"/img/{p.name}": p.read_bytes() for p in Path(folder).iterdir()}
    with LocalImageServer(routes, delay=latency) as srv:
        Path(port_file).write_text(str(srv.port))
        while True: time.sleep(1)

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--n", type=int, default=500); p.add_argument("--latency", type=float, default=0.05)
    p.add_argument("--serve"); p.add_argument("--port-file"); p.add_argument("--reps", type=int, default=5)
    a = p.parse_args()
    if a.serve: serve(a.serve, a.latency, a.port_file); sys.exit()
    import subprocess
    from animal_classifier.scrape import download_images
    from fastai.vision.utils import download_images as fa_download, resize_images, verify_images
    routes = photos(a.n)
    src = Path(tempfile.mkdtemp())
    for k, v in routes.items(): (src/Path(k).name).write_bytes(v)
    port_file = src.parent/(src.name + ".port")
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(src), "--latency", str(a.latency), "--port-file", str(port_file)])
    while not port_file.exists(): time.sleep(0.1)
    fa_t, ours_t, fa_n, ours_n = [], [], 0, 0
    try:
        base = f"http://127.0.0.1:{port_file.read_text()}"
        urls = [base + k for k in routes]
        for _ in range(a.reps):                                           # alternating sides, each into a fresh folder
            d = Path(tempfile.mkdtemp())
            t = time.time(); fa_download(d/"fa_raw", urls=urls); resize_images(d/"fa_raw", max_size=400, dest=d/"fa"); bad = verify_images(list((d/"fa").iterdir()))
            fa_t.append(time.time() - t); fa_n = len(list((d/"fa").iterdir())) - len(bad)
            t = time.time(); r = download_images(urls, d/"ours"/"cls", progress=False, allow_private=True)
            ours_t.append(time.time() - t); ours_n = int((r.status == "ok").sum())
    finally: server.kill()
    med = statistics.median
    rows = [dict(side="fastai download+resize+verify (baseline)", min=min(fa_t), median=med(fa_t), max=max(fa_t), images=fa_n, speed_up=1.0),
            dict(side="animal_classifier download_images (ours)", min=min(ours_t), median=med(ours_t), max=max(ours_t), images=ours_n, speed_up=med(fa_t)/med(ours_t))]
    report(f"Scraping {a.n} images, {a.latency*1000:.0f} ms latency per request, local server", rows, ["side", "min", "median", "max", "images", "speed_up"],
           f"Seconds over {a.reps} runs of each side; speed_up = baseline median / ours median (target >= 2x); ours decodes every image fully, applies EXIF "
           "orientation, converts to RGB, checks status, type, magic bytes, byte and pixel caps, writes atomically, and records a manifest")
