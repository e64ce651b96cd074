"""GPU training: resnet18 fine_tune(3) on 800 images at 192 px through the library, against a bare PyTorch AMP
channels-last training loop on the same model and the same (pre-decoded) images.

Random weights (no download). The library sides' wall time includes building the DataLoaders. Sides: JPEG decoding
every epoch (`decoded=False`, the CPU default), the uint8 cache decoded once (`decoded=True`, the GPU default; its
cache is built in the warm-up, as a rerun finds it), and the same with `torch.compile` (kept as the default only if
it is faster). Needs CUDA.

    python bench/gpu.py --data DIR [--no-compile]   # DIR: a folder of class subfolders (the shared photos); 800 images are drawn from it
"""
import argparse, shutil, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent)); sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import *
import torch, pandas as pd
from PIL import Image, ImageOps

def make_root(src, n, dest):
    "A data root of `n` images (originals, then mirror images) with every image on the training side"
    files = sorted(p for p in Path(src).rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    rows = []
    for i in range(n):
        f = files[i % len(files)]; out = dest/f.parent.name/(f"{i:04d}.jpg")
        out.parent.mkdir(parents=True, exist_ok=True)
        im = Image.open(f).convert("RGB"); im = ImageOps.mirror(im) if i >= len(files) else im
        im.save(out, quality=90); rows.append(dict(path=out.relative_to(dest).as_posix(), **{"class": f.parent.name}, split="train", cluster=str(i), phash="0"*16))
    pd.DataFrame(rows).to_csv(dest/"splits.csv", index=False)
    return dest

if __name__ == "__main__":
    p = argparse.ArgumentParser(); p.add_argument("--data", required=True); p.add_argument("--n", type=int, default=800)
    p.add_argument("--size", type=int, default=192); p.add_argument("--bs", type=int, default=64); p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--compile", action=argparse.BooleanOptionalAction, default=True, help="also time torch.compile (minutes of compiling)")
    a = p.parse_args()
    assert torch.cuda.is_available(), "needs CUDA"
    from animal_classifier.train import get_dls, build_learner
    root = make_root(a.data, a.n, Path(tempfile.mkdtemp())/"root")
    torch.backends.cudnn.benchmark = True
    # warm-up: CUDA context and cuDNN autotuning happen once per process, not per training run
    w = build_learner(get_dls(root, size=a.size, bs=a.bs), "resnet18", pretrained=False); w.fit(1)
    def lib(decoded, compile=False):
        torch.cuda.synchronize(); t = time.time()
        dls = get_dls(root, size=a.size, bs=a.bs, decoded=decoded)
        learn = build_learner(dls, "resnet18", pretrained=False)
        if compile: learn.model = torch.compile(learn.model)
        learn.fine_tune(a.epochs)
        torch.cuda.synchronize(); return time.time() - t, dls
    get_dls(root, size=a.size, bs=a.bs, decoded=True)                      # builds the decoded cache once
    t_lib, dls = lib(False)
    t_dec, _ = lib(True)
    t_comp = None
    if a.compile:
        try: t_comp = lib(True, compile=True)[0]
        except Exception as e: print(f"torch.compile failed: {e}")
    n_train = len(dls.train_ds)*(a.epochs + 1)
    # bare loop: same network, same images decoded and resized once, on the GPU, AMP + channels-last
    from animal_classifier.backbones import make_model
    batches = list(dls.train.new(shuffle=False, drop_last=False))
    x = torch.cat([b[0].as_subclass(torch.Tensor).float() for b in batches]).cuda()
    y = torch.cat([b[1].as_subclass(torch.Tensor) for b in batches]).cuda()
    m = make_model("resnet18", dls.c).cuda().to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(m.parameters(), 1e-3); scaler = torch.amp.GradScaler()
    def epoch():
        perm = torch.randperm(len(x), device="cuda")
        for i in range(0, len(x) - a.bs + 1, a.bs):
            idx = perm[i:i+a.bs]
            with torch.autocast("cuda", dtype=torch.float16):
                loss = torch.nn.functional.cross_entropy(m(x[idx].contiguous(memory_format=torch.channels_last)), y[idx])
            opt.zero_grad(set_to_none=True); scaler.scale(loss).backward(); scaler.step(opt); scaler.update()
    epoch(); torch.cuda.synchronize()
    t = time.time()
    for _ in range(a.epochs + 1): epoch()
    torch.cuda.synchronize(); t_bare = time.time() - t
    rows = [dict(side="bare PyTorch AMP channels-last loop, pre-decoded (baseline)", seconds=t_bare, train_images_per_s=n_train/t_bare, vs_bare=1.0),
            dict(side=f"library, JPEG decoded every epoch: get_dls + build_learner + fine_tune({a.epochs})", seconds=t_lib, train_images_per_s=n_train/t_lib, vs_bare=t_bare/t_lib),
            dict(side=f"library, uint8 cache decoded once, GPU augmentation (ours)", seconds=t_dec, train_images_per_s=n_train/t_dec, vs_bare=t_bare/t_dec)]
    if t_comp: rows.append(dict(side="library, uint8 cache + torch.compile", seconds=t_comp, train_images_per_s=n_train/t_comp, vs_bare=t_bare/t_comp))
    report(f"GPU training, resnet18 (random weights), {a.n} images at {a.size}px, fine_tune({a.epochs})", rows,
           ["side", "seconds", "train_images_per_s", "vs_bare"],
           f"Targets: ours >= 0.5 of the bare loop's images/s, and fine_tune({a.epochs}) <= 1.5 s from the decoded cache. "
           "The library sides validate every epoch; the bare loop does not.")
