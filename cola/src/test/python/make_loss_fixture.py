#!/usr/bin/env python3
"""Reference values of COLA's bilinear contrastive loss, for ColaLossFixtureTest.

Run from the repository root with Debian's PyTorch:

    /usr/bin/python3 cola/src/test/python/make_loss_fixture.py

For fixed anchors a [B, d], positives p [B, d] and W [d, d] (float64) it writes the similarity matrix
S = a W p^T, the loss = cross_entropy(S, arange(B)) and its gradients with respect to a, p and W.
"""
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")
B, D = 8, 16

torch.manual_seed(20201021)
base = torch.randn(B, D, dtype=torch.float64)
# positives near their anchors, so that some pairs are identified and the accuracy is not trivial
a = torch.tanh(base).requires_grad_()
p = torch.tanh(base + 0.8 * torch.randn(B, D, dtype=torch.float64)).requires_grad_()
w = (torch.eye(D, dtype=torch.float64) + 0.3 * torch.randn(D, D, dtype=torch.float64)).requires_grad_()

s = a @ w @ p.T
loss = torch.nn.functional.cross_entropy(s, torch.arange(B))
loss.backward()
accuracy = (s.argmax(dim=1) == torch.arange(B)).double().mean()

os.makedirs(OUT, exist_ok=True)
for name, value in {
    "cola_anchors": a, "cola_positives": p, "cola_w": w, "cola_similarities": s,
    "cola_grad_anchors": a.grad, "cola_grad_positives": p.grad, "cola_grad_w": w.grad,
}.items():
    np.save(os.path.join(OUT, name + ".npy"), value.detach().numpy())
np.save(os.path.join(OUT, "cola_loss.npy"), np.array([loss.item(), accuracy.item()]))
print("loss", loss.item(), "accuracy", accuracy.item())
