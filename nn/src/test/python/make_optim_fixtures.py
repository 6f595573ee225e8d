# Reference values for cola4j's optimisers, losses and gradient clipping, from PyTorch.
#
# Run from the repository root with Debian's PyTorch (1.13):
#   /usr/bin/python3 nn/src/test/python/make_optim_fixtures.py
# It writes small JSON files to nn/src/test/resources/fixtures/optim/. Everything is float64 and every input is
# written out with the results, so the Java tests need no random generator that matches this one.

import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "optim")
STEPS = 6


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def tensor_json(t):
    return {"shape": list(t.shape), "data": flat(t)}


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))


# ---------------------------------------------------------------- optimisers on a fixed quadratic
#
# Three parameters p0 [3, 2], p1 [4], p2 [2, 2]. The loss is sum_i 0.5 * sum(a_i * p_i^2) + sum(b_i * p_i),
# so the gradient of p_i is a_i * p_i + b_i. p2 receives a gradient on even steps only (its grad is None on
# odd steps), which checks that parameters without a gradient are skipped and keep their own step counts.

gen = torch.Generator().manual_seed(1234)
shapes = [[3, 2], [4], [2, 2]]
init = [torch.randn(s, generator=gen) for s in shapes]
curv = [torch.rand(s, generator=gen) * 2 + 0.1 for s in shapes]
lin = [torch.randn(s, generator=gen) for s in shapes]


def has_grad(i, step):
    return i != 2 or step % 2 == 0


def run(make):
    params = [p.clone().requires_grad_(True) for p in init]
    opt = make(params)
    history = []
    for step in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss = 0
        for i, p in enumerate(params):
            if has_grad(i, step):
                loss = loss + 0.5 * (curv[i] * p * p).sum() + (lin[i] * p).sum()
        loss.backward()
        opt.step()
        history.append([flat(p) for p in params])
    return history


configs = {
    "sgd_plain": (dict(lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "sgd_momentum_dampening_wd": (dict(lr=0.05, momentum=0.8, dampening=0.1, weight_decay=0.02),
                                  lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, dampening=0.1,
                                                             weight_decay=0.02)),
    "sgd_nesterov_wd": (dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
                        lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "adam": (dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
             lambda ps: torch.optim.Adam(ps, lr=0.01)),
    "adam_wd": (dict(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.1),
                lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    "adamw": (dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01),
              lambda ps: torch.optim.AdamW(ps, lr=0.01)),
    "adamw_wd": (dict(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.3),
                 lambda ps: torch.optim.AdamW(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.3)),
}

write("optimizers.json", {
    "torch": torch.__version__,
    "steps": STEPS,
    "grad_on_odd_steps": [True, True, False],
    "init": [tensor_json(t) for t in init],
    "curvature": [tensor_json(t) for t in curv],
    "linear": [tensor_json(t) for t in lin],
    "runs": {name: {"hyper": hyper, "params_after_step": run(make)} for name, (hyper, make) in configs.items()},
})

# ---------------------------------------------------------------- schedules

def lrs(make, epochs):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.5)
    sched = make(opt)
    out = []
    for _ in range(epochs):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


write("schedules.json", {
    "base_lr": 0.5,
    "exponential_gamma_0.9": lrs(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 20),
    "step_size_3_gamma_0.5": lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 20),
})

# ---------------------------------------------------------------- cross-entropy


def ce_case(n, c, scale, smoothing, seed):
    g = torch.Generator().manual_seed(seed)
    logits = (torch.randn(n, c, generator=g) * scale).requires_grad_(True)
    labels = torch.randint(0, c, (n,), generator=g)
    loss = torch.nn.functional.cross_entropy(logits, labels, label_smoothing=smoothing)
    loss.backward()
    return {"logits": tensor_json(logits), "labels": [int(x) for x in labels], "smoothing": smoothing,
            "loss": float(loss), "grad": tensor_json(logits.grad)}


write("cross_entropy.json", {"cases": [
    ce_case(4, 5, 1.0, 0.0, 1),
    ce_case(4, 5, 1.0, 0.1, 2),
    ce_case(7, 3, 3.0, 0.25, 3),
    ce_case(1, 10, 1.0, 0.0, 4),
    ce_case(5, 6, 1000.0, 0.0, 5),
    ce_case(5, 6, 1000.0, 0.2, 6),
]})

# ---------------------------------------------------------------- gradient clipping


def clip_case(max_norm, seed):
    g = torch.Generator().manual_seed(seed)
    params = [torch.zeros(3, 2, requires_grad=True), torch.zeros(5, requires_grad=True)]
    for p in params:
        p.grad = torch.randn(p.shape, generator=g)
    before = [tensor_json(p.grad.clone()) for p in params]
    total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    return {"max_norm": max_norm, "grads": before, "total_norm": float(total),
            "clipped": [tensor_json(p.grad) for p in params]}


write("clip_grad_norm.json", {"cases": [clip_case(1.0, 7), clip_case(0.25, 8), clip_case(100.0, 9)]})
