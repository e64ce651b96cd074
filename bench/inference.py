"""Inference: batch prediction from image files through load_model against a bare PyTorch forward pass.

The baseline runs the same network (as loaded, default memory format) on tensors that were decoded and resized
beforehand, so it measures the forward pass alone; ours starts from the JPEG files. Model: the shared-photo model
(`sample_model`, efficientnet_lite0), images: its test split.

    python bench/inference.py [--bs 64] [--reps 3]
"""
import argparse, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *
import torch

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--bs", type=int, default=64); p.add_argument("--reps", type=int, default=3)
    a = p.parse_args()
    from animal_classifier.testing import sample_model
    from animal_classifier.train import load_model, make_model
    from animal_classifier.core import split_items
    root, mdir = sample_model()
    if root is None: sys.exit("../shared/data/animals not found: this benchmark needs the shared photos")
    items = split_items(root, "test")
    pred = load_model(mdir, device="cpu")
    bare = make_model(pred.config["arch"], len(pred.labels)).eval()
    bare.load_state_dict(pred.model.state_dict())
    x = torch.cat([pred.batch(items[i:i+a.bs]).contiguous() for i in range(0, len(items), a.bs)])   # decoded beforehand
    def timed(f):
        f(); best = 1e9
        for _ in range(a.reps): t = time.time(); f(); best = min(best, time.time() - t)
        return best
    def bare_fwd():
        with torch.inference_mode():
            for i in range(0, len(x), a.bs): bare(x[i:i+a.bs])
    t_bare = timed(bare_fwd)
    bare_cl = make_model(pred.config["arch"], len(pred.labels)).eval().to(memory_format=torch.channels_last)
    bare_cl.load_state_dict(pred.model.state_dict())
    xcl = x.contiguous(memory_format=torch.channels_last)
    def bare_cl_fwd():
        with torch.inference_mode():
            for i in range(0, len(xcl), a.bs): bare_cl(xcl[i:i+a.bs])
    t_bare_cl = timed(bare_cl_fwd)
    t_ours = timed(lambda: pred.predict_many(items, bs=a.bs))
    rows = [dict(side="bare PyTorch forward on decoded tensors (baseline)", seconds=t_bare, images_per_s=len(items)/t_bare),
            dict(side="bare PyTorch forward, channels-last, on decoded tensors", seconds=t_bare_cl, images_per_s=len(items)/t_bare_cl),
            dict(side="Predictor.predict_many from JPEG files (ours)", seconds=t_ours, images_per_s=len(items)/t_ours)]
    report(f"Inference, {pred.config['arch']} at {pred.config['size']}px, {len(items)} images, batch {a.bs}", rows,
           ["side", "seconds", "images_per_s"], f"ours/baseline images/s: {t_bare/t_ours:.2f} (target >= 0.8); ours/channels-last bare: {t_bare_cl/t_ours:.2f}; "
           "ours includes JPEG decoding, EXIF, resizing and normalisation, and runs channels-last")
