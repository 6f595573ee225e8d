package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     *
     * @param params the parameters whose gradients are clipped, such as a module's {@code parameters()}; clipped
     *     gradients are replaced by scaled copies
     * @param maxNorm the largest global L2 norm wanted, at least 0
     * @return the global L2 norm of the gradients before clipping; 0 when no parameter has a gradient
     * @throws IllegalArgumentException when {@code maxNorm} is negative or NaN
     */
    public static double clipGradNorm(Collection<Variable> params, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        // One backend call per backend (normally one): a device sums every gradient in one pass with one download,
        // and scales them all in one more.
        Map<Backend, List<Variable>> byBackend = new LinkedHashMap<>();
        for (Variable p : params) {
            if (p.grad() != null) {
                byBackend.computeIfAbsent(p.grad().backend(), b -> new ArrayList<>()).add(p);
            }
        }
        double sumSq = 0;
        for (Map.Entry<Backend, List<Variable>> e : byBackend.entrySet()) {
            sumSq += e.getKey().sumOfSquares(grads(e.getValue()));
        }
        double total = Math.sqrt(sumSq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            for (Map.Entry<Backend, List<Variable>> e : byBackend.entrySet()) {
                List<Variable> ps = e.getValue();
                List<Tensor> scaled = e.getKey().scaleAll(grads(ps), coef);
                for (int i = 0; i < scaled.size(); i++) {
                    ps.get(i).setGrad(scaled.get(i));
                }
            }
        }
        return total;
    }

    private static List<Tensor> grads(List<Variable> ps) {
        List<Tensor> gs = new ArrayList<>(ps.size());
        for (Variable p : ps) {
            gs.add(p.grad());
        }
        return gs;
    }
}
