"""Inference: batch prediction from image files through load_model (PyTorch and ONNX) against a bare PyTorch forward pass.

The baseline runs the same network (as loaded, default memory format) on tensors that were decoded and resized
beforehand, so it measures the forward pass alone; ours starts from the JPEG files. The ONNX sides run `model.onnx`
(written by `export_onnx`) on onnxruntime: bare on the same decoded tensors, and through `load_model(..., backend="onnx")`
from the files. Model: the shared-photo model (`sample_model`, efficientnet_lite0), images: its test split. Also
prints the ONNX/PyTorch parity on those images: the largest difference of logits and of probabilities, and whether
every predicted label agrees.

    python bench/inference.py [--bs 64] [--reps 5]
"""
import argparse, statistics, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *
import torch

def timed(f, reps):
    "min, median, max seconds of `reps` calls of `f` after one warm-up call"
    f(); ts = []
    for _ in range(reps): t = time.time(); f(); ts.append(time.time() - t)
    return min(ts), statistics.median(ts), max(ts)

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--bs", type=int, default=64); p.add_argument("--reps", type=int, default=5)
    a = p.parse_args()
    from animal_classifier.testing import sample_model
    from animal_classifier.modeldir import load_model, export_onnx, OnnxModule
    from animal_classifier.backbones import make_model
    from animal_classifier.core import split_items
    root, mdir = sample_model()
    if root is None: sys.exit("../shared/data/animals not found: this benchmark needs the shared photos")
    items = split_items(root, "test")
    pred = load_model(mdir, device="cpu")
    if not (mdir/"model.onnx").exists(): export_onnx(mdir)
    opred = load_model(mdir, backend="onnx")
    from animal_classifier.infer import OnnxPredictor
    npred = OnnxPredictor(mdir)
    bare = make_model(pred.config["arch"], len(pred.labels)).eval()
    bare.load_state_dict(pred.model.state_dict())
    x = torch.cat([pred.batch(items[i:i+a.bs]).contiguous() for i in range(0, len(items), a.bs)])   # decoded beforehand
    def over_batches(f):
        def go():
            with torch.inference_mode():
                for i in range(0, len(x), a.bs): f(x[i:i+a.bs])
        return go
    bare_cl = make_model(pred.config["arch"], len(pred.labels)).eval().to(memory_format=torch.channels_last)
    bare_cl.load_state_dict(pred.model.state_dict())
    onnx = OnnxModule(mdir/"model.onnx")
    sides = [("bare PyTorch forward on decoded tensors (baseline)", over_batches(bare)),
             ("bare PyTorch forward, channels-last, on decoded tensors", over_batches(lambda b: bare_cl(b.contiguous(memory_format=torch.channels_last)))),
             ("bare onnxruntime on decoded tensors", over_batches(onnx)),
             ("Predictor.predict_many from JPEG files, PyTorch (ours)", lambda: pred.predict_many(items, bs=a.bs)),
             ("Predictor.predict_many from JPEG files, ONNX (ours)", lambda: opred.predict_many(items, bs=a.bs)),
             ("OnnxPredictor.probs from JPEG files, no PyTorch (what predict runs)", lambda: npred.probs(items, bs=a.bs))]
    rows, base = [], None
    for name, f in sides:
        lo, med, hi = timed(f, a.reps)
        base = base or med
        rows.append(dict(side=name, min=lo, median=med, max=hi, images_per_s=len(items)/med, vs_baseline=base/med))
    with torch.inference_mode(): lt, lo_ = bare(x), onnx(x)
    pt, po = pred.probs(items), torch.from_numpy(npred.probs(items))
    parity = (f"ONNX parity on {len(items)} test photos: max |logit difference| {float((lt - lo_).abs().max()):.2e}, "
              f"max |probability difference| {float((pt - po).abs().max()):.2e}, labels agree: {bool((pt.argmax(1) == po.argmax(1)).all())}")
    report(f"Inference, {pred.config['arch']} at {pred.config['size']}px, {len(items)} images, batch {a.bs}", rows,
           ["side", "min", "median", "max", "images_per_s", "vs_baseline"],
           f"Seconds over {a.reps} runs after a warm-up; vs_baseline = baseline median / this median (target for ours >= 0.8). "
           "Ours includes JPEG decoding, EXIF, resizing and normalisation. " + parity)
