"""Inference: batch prediction from image files through load_model (PyTorch and ONNX) against a bare PyTorch forward pass.

The baseline runs the same network (as loaded, default memory format) on tensors that were decoded and resized
beforehand, so it measures the forward pass alone; ours starts from the JPEG files. The ONNX sides run `model.onnx`
(written by `export_onnx`) on onnxruntime: bare on the same decoded tensors, and through `load_model(..., backend="onnx")`
from the files. The int8 sides run `model.int8.onnx` (written by `quantize_onnx`: static QDQ, calibrated on 64 training
photos, ranges at the 99.999th percentile) the same two ways. Model: the shared-photo model (`sample_model`, efficientnet_lite0), images: its test split.
Also prints the ONNX/PyTorch parity on those images: the largest difference of logits and of probabilities, and whether
every predicted label agrees; and the int8 model against the float ONNX model: label agreement, accuracies, size.

    python bench/inference.py [--bs 64] [--reps 5]
"""
import argparse, copy, statistics, sys, time
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
    from animal_classifier.core import split_items
    root, mdir = sample_model()
    if root is None: sys.exit("../shared/data/animals not found: this benchmark needs the shared photos")
    items = split_items(root, "test")
    pred = load_model(mdir, device="cpu")
    if not (mdir/"model.onnx").exists(): export_onnx(mdir)
    opred = load_model(mdir, backend="onnx")
    from animal_classifier.infer import OnnxPredictor
    from animal_classifier.quantize import quantize_onnx, int8_predictor, int8_agreement
    from animal_classifier.core import split_labels
    npred = OnnxPredictor(mdir)
    if not (mdir/"model.int8.onnx").exists(): quantize_onnx(mdir, root=root)
    qpred = int8_predictor(mdir)
    bare = copy.deepcopy(pred.model).eval()    # the network as loaded (a twin model for the ensemble recipe: make_model would not fit)
    x = torch.cat([pred.batch(items[i:i+a.bs]).contiguous() for i in range(0, len(items), a.bs)])   # decoded beforehand
    def over_batches(f):
        def go():
            with torch.inference_mode():
                for i in range(0, len(x), a.bs): f(x[i:i+a.bs])
        return go
    bare_cl = copy.deepcopy(pred.model).eval().to(memory_format=torch.channels_last)
    onnx, onnx8 = OnnxModule(mdir/"model.onnx"), OnnxModule(mdir/"model.int8.onnx")
    sides = [("bare PyTorch forward on decoded tensors (baseline)", over_batches(bare)),
             ("bare PyTorch forward, channels-last, on decoded tensors", over_batches(lambda b: bare_cl(b.contiguous(memory_format=torch.channels_last)))),
             ("bare onnxruntime on decoded tensors", over_batches(onnx)),
             ("bare onnxruntime, int8 model, on decoded tensors", over_batches(onnx8)),
             ("Predictor.predict_many from JPEG files, PyTorch (ours)", lambda: pred.predict_many(items, bs=a.bs)),
             ("Predictor.predict_many from JPEG files, ONNX (ours)", lambda: opred.predict_many(items, bs=a.bs)),
             ("OnnxPredictor.probs from JPEG files, no PyTorch (what predict runs)", lambda: npred.probs(items, bs=a.bs)),
             ("OnnxPredictor.probs from JPEG files, int8 model (predict --int8)", lambda: qpred.probs(items, bs=a.bs))]
    rows, base = [], None
    for name, f in sides:
        lo, med, hi = timed(f, a.reps)
        base = base or med
        rows.append(dict(side=name, min=lo, median=med, max=hi, images_per_s=len(items)/med, vs_baseline=base/med))
    with torch.inference_mode(): lt, lo_ = bare(x), onnx(x)
    pt, po = pred.probs(items), torch.from_numpy(npred.probs(items))
    parity = (f"ONNX parity on {len(items)} test photos: max |logit difference| {float((lt - lo_).abs().max()):.2e}, "
              f"max |probability difference| {float((pt - po).abs().max()):.2e}, labels agree: {bool((pt.argmax(1) == po.argmax(1)).all())}. ")
    q = int8_agreement(mdir, items, [split_labels(root)[p] for p in items], bs=a.bs)
    parity += (f"int8 against float ONNX on the same photos: labels agree on {round(q['agreement']*q['n'])}/{q['n']} ({q['agreement']:.1%}), "
               f"accuracy {q['float_accuracy']:.1%} float, {q['int8_accuracy']:.1%} int8 (loss {q['accuracy_loss']:+.1f} points), "
               f"size {(mdir/'model.int8.onnx').stat().st_size/2**20:.1f} MB against {(mdir/'model.onnx').stat().st_size/2**20:.1f} MB ({q['size_ratio']:.2f}x)")
    report(f"Inference, {pred.config['arch']} at {pred.config['size']}px, {len(items)} images, batch {a.bs}", rows,
           ["side", "min", "median", "max", "images_per_s", "vs_baseline"],
           f"Seconds over {a.reps} runs after a warm-up; vs_baseline = baseline median / this median (target for ours >= 0.8). "
           "Ours includes JPEG decoding, EXIF, resizing and normalisation. " + parity)
