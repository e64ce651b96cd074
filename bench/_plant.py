import random, shutil
import numpy as np, pandas as pd
from pathlib import Path
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from animal_classifier.core import *
from animal_classifier.dataroot import *

OFF_TOPIC_KINDS = ("texture", "drawing", "shuffled", "blurred", "recoloured")

def off_topic_image(kind, rng, photo=None, size=320):
    "A generated image that shows none of the classes: `kind` in OFF_TOPIC_KINDS (the last three transform `photo`)"
    if kind == "texture":
        small = rng.integers(0, 256, (rng.integers(3, 12),)*2 + (3,), dtype=np.uint8)
        return Image.fromarray(small).resize((size, size), Image.BICUBIC)
    if kind == "drawing":
        im = Image.new("RGB", (size, size), tuple(int(v) for v in rng.integers(150, 256, 3))); d = ImageDraw.Draw(im)
        for _ in range(int(rng.integers(4, 12))):
            x0, y0, x1, y1 = sorted(rng.integers(0, size, 2)) + sorted(rng.integers(0, size, 2))
            box, col = [int(x0), int(y0), int(max(x1, x0 + 5)), int(max(y1, y0 + 5))], tuple(int(v) for v in rng.integers(0, 256, 3))
            [d.rectangle, d.ellipse, d.line][int(rng.integers(3))](box, fill=col, **({"width": 6} if False else {}))
        d.text((10, size//2), "SALE 50%", fill=(0, 0, 0))
        return im
    im = load_rgb(photo).resize((size, size))
    if kind == "blurred": return im.filter(ImageFilter.GaussianBlur(size/12))
    if kind == "recoloured": return ImageOps.posterize(ImageOps.invert(im).convert("RGB"), 1).rotate(180)
    n = 8; a = np.asarray(im)[: size//n*n, : size//n*n]; p = size//n
    tiles = [a[i*p:(i+1)*p, j*p:(j+1)*p] for i in range(n) for j in range(n)]
    order = rng.permutation(len(tiles))
    return Image.fromarray(np.vstack([np.hstack([tiles[order[i*n + j]] for j in range(n)]) for i in range(n)]))

def plant_noise(root, others=None, off_share=0.10, wrong_share=0.05, seed=0)->pd.DataFrame:
    "Plant off-topic and wrong-class images on the training side of the split `root`: one row per planted image (path, kind, truth)"
    root, rng = Path(root), np.random.default_rng(seed)
    s = read_splits(root); tr = s[s.split == "train"]; classes = sorted(s["class"].unique())
    rows = []
    n_wrong = max(1, round(wrong_share*len(s)))
    # photos of one class moved into another's folder (train side)
    moved = tr.sample(n_wrong//3 or 1, random_state=seed)
    for r in moved.itertuples():
        to = rng.choice([c for c in classes if c != r[2]])
        new = f"{to}/moved_{r[2]}_{Path(r.path).name}"; shutil.move(root/r.path, root/new)   # a new name: every class has a 001.jpg, and a moved photo must not replace one (it could be a test photo)
        s.loc[s.path == r.path, ["path", "class"]] = [new, to]
        rows.append(dict(path=new, kind="moved", truth=r[2]))
    write_csv(s, root/"splits.csv")
    others = [] if others is None else others
    rest = n_wrong - len(rows)
    for i, (p, truth) in enumerate(others[:rest]):
        to = rng.choice([c for c in classes if c != truth])
        dest = f"{to}/planted_{truth}_{i:03d}{Path(p).suffix}"; shutil.copyfile(p, root/dest)
        rows.append(dict(path=dest, kind=f"other_{truth}", truth=truth))
    train_photos = [p for p in tr.path if p not in set(moved.path)]
    for c in classes:
        for j in range(round(off_share*(s["class"] == c).sum())):
            kind = OFF_TOPIC_KINDS[(j + classes.index(c)) % len(OFF_TOPIC_KINDS)]
            im = off_topic_image(kind, rng, root/train_photos[int(rng.integers(len(train_photos)))] if kind in ("shuffled", "blurred", "recoloured") else None)
            dest = f"{c}/offtopic_{kind}_{j:03d}.jpg"; atomic_write(root/dest, encode_image(im, quality=90))
            rows.append(dict(path=dest, kind=kind, truth="off_topic"))
    return pd.DataFrame(rows)
