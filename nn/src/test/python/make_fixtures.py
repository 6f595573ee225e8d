#!/usr/bin/python3
# Reference fixtures for the EfficientNet-B0 tests in nn (and the forward command in examples).
#
# Run from the repository root with Debian's python (torch 1.13, torchvision 0.14, numpy):
#
#     /usr/bin/python3 nn/src/test/python/make_fixtures.py
#
# Writes into nn/src/test/resources/fixtures/:
#   efficientnet_b0.safetensors  the `features.*` state dict (num_batches_tracked as I64), written by the small
#                                writer below (no safetensors package)
#   input.npy                    [2,1,98,64] float32 input
#   eval_avg.npy, eval_max.npy   pooled features [2,1280] in eval mode, average and max pooling
#   train_avg.npy                pooled (average) features [2,1280] after one train-mode forward, stochastic depth 0
#   bn_*.npy                     running_mean / running_var of two BN layers after that train-mode forward
#   r.npy                        fixed random [2,1280]; loss = sum(eval_avg * r)
#   grad_input.npy, grad_*.npy   gradients of that loss (eval mode) wrt the input and a few parameters
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torchvision
from torchvision.ops import StochasticDepth

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures")
GRAD_PARAMS = ["features.0.0.weight", "features.1.0.block.1.fc1.weight", "features.8.1.weight"]
BN_LAYERS = ["features.0.1", "features.8.1"]


def write_safetensors(path, tensors, metadata=None):
    """name -> torch tensor (float32, float64 or int64), written in the given order, header padded to 8 bytes."""
    codes = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
    header = {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().numpy().astype(t.detach().numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def build():
    m = torchvision.models.efficientnet_b0()
    m.features[0][0] = nn.Conv2d(1, 32, 3, 2, 1, bias=False)
    for mod in m.modules():
        if isinstance(mod, StochasticDepth):
            mod.p = 0.0
    return m


def randomise(m, g):
    # Random affine parameters first; then running statistics calibrated on random batches (momentum None keeps a
    # cumulative average) and perturbed a little, so that eval mode differs clearly from train mode while the
    # activations keep a sane scale; and a non-trivial num_batches_tracked to exercise I64.
    bns = [mod for mod in m.modules() if isinstance(mod, nn.BatchNorm2d)]
    with torch.no_grad():
        for bn in bns:
            c = bn.num_features
            bn.weight.copy_(0.75 + 0.5 * torch.rand(c, generator=g))
            bn.bias.copy_(0.1 * torch.randn(c, generator=g))
            bn.reset_running_stats()
            bn.momentum = None
    m.train()
    with torch.no_grad():
        for _ in range(4):
            m.features(torch.randn(8, 1, 98, 64, generator=g))
    with torch.no_grad():
        for bn in bns:
            c = bn.num_features
            bn.momentum = 0.1
            bn.running_mean.add_(0.05 * bn.running_var.sqrt() * torch.randn(c, generator=g))
            bn.running_var.mul_(0.9 + 0.2 * torch.rand(c, generator=g))
            bn.num_batches_tracked.fill_(int(torch.randint(1, 1000, (1,), generator=g)))


def pooled(m, x, pooling):
    f = m.features(x)
    return f.amax(dim=(2, 3)) if pooling == "max" else f.mean(dim=(2, 3))


def save(name, a):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(a.detach().cpu().numpy()))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20240601)
    g = torch.Generator().manual_seed(7)
    m = build()
    randomise(m, g)
    state = {k: v for k, v in m.state_dict().items() if k.startswith("features.")}
    write_safetensors(os.path.join(OUT, "efficientnet_b0.safetensors"), state, {"format": "pt"})

    x = torch.randn(2, 1, 98, 64, generator=g)
    r = torch.randn(2, 1280, generator=g)
    save("input", x)
    save("r", r)

    m.eval()
    with torch.no_grad():
        save("eval_max", pooled(m, x, "max"))
    xg = x.clone().requires_grad_(True)
    avg = pooled(m, xg, "avg")
    save("eval_avg", avg)
    (avg * r).sum().backward()
    save("grad_input", xg.grad)
    params = dict(m.named_parameters())
    for name in GRAD_PARAMS:
        save("grad_" + name.replace("features.", "").replace(".", "_"), params[name].grad)

    m.train()
    with torch.no_grad():
        save("train_avg", pooled(m, x, "avg"))
    mods = dict(m.named_modules())
    for name in BN_LAYERS:
        bn = mods[name]
        tag = name.replace("features.", "").replace(".", "_")
        save("bn_" + tag + "_running_mean", bn.running_mean)
        save("bn_" + tag + "_running_var", bn.running_var)
    for name in ("eval_avg", "eval_max", "train_avg", "grad_input"):
        print("%-12s norm %.6g" % (name, np.linalg.norm(np.load(os.path.join(OUT, name + ".npy")))))

if __name__ == "__main__":
    main()
