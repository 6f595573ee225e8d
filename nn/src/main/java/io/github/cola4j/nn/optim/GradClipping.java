package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import java.util.Collection;

/** Gradient clipping. */
public final class GradClipping {
    private GradClipping() {
    }

    /**
     * Scales all gradients together so that their global L2 norm is at most about {@code maxNorm}, by PyTorch's
     * {@code clip_grad_norm_} rule: with {@code total} the L2 norm of all gradients concatenated, every gradient
     * is multiplied by {@code maxNorm / (total + 1e-6)} when that factor is below 1, and left alone otherwise.
     * Parameters without a gradient are skipped. Returns {@code total}, the norm before clipping (NaN or infinite
     * when a gradient is; a NaN norm leaves the gradients unchanged).
     */
    public static double clipGradNorm(Collection<Variable> params, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        double sumSq = 0;
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g != null) {
                sumSq += g.mul(g).sum().item();
            }
        }
        double total = Math.sqrt(sumSq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            for (Variable p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    p.setGrad(g.mul(coef));
                }
            }
        }
        return total;
    }
}
