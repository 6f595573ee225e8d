package io.github.cola4j.nn.optim;

/**
 * A learning rate as a pure function of a step or epoch counter (counted from 0), so a resumed run gets the same
 * rates from the counter alone. Call {@link #apply} before the step or epoch that should use the rate.
 */
@FunctionalInterface
public interface LrSchedule {

    /** The learning rate for step (or epoch) {@code t >= 0}. */
    double lr(long t);

    /** Sets {@link #lr(long)} of {@code t} on {@code optimizer} and returns it. */
    default double apply(Optimizer optimizer, long t) {
        if (t < 0) {
            throw new IllegalArgumentException("schedule: negative step " + t);
        }
        double lr = lr(t);
        optimizer.setLr(lr);
        return lr;
    }

    /** {@code baseLr * gamma^epoch}, as PyTorch's {@code ExponentialLR}. */
    static LrSchedule exponential(double baseLr, double gamma) {
        check(baseLr >= 0 && gamma > 0, "exponential: needs baseLr >= 0 and gamma > 0");
        return t -> baseLr * Math.pow(gamma, t);
    }

    /** {@code baseLr * gamma^floor(epoch / stepSize)}, as PyTorch's {@code StepLR}. */
    static LrSchedule step(double baseLr, int stepSize, double gamma) {
        check(baseLr >= 0 && stepSize > 0 && gamma > 0, "step: needs baseLr >= 0, stepSize > 0 and gamma > 0");
        return t -> baseLr * Math.pow(gamma, t / stepSize);
    }

    /**
     * Linear warm-up then cosine decay, per optimiser step. For {@code t < warmupSteps} the rate rises linearly,
     * {@code baseLr * (t + 1) / warmupSteps}, reaching {@code baseLr} on the last warm-up step; from
     * {@code warmupSteps} to {@code totalSteps} it follows
     * {@code minLr + (baseLr - minLr) * (1 + cos(pi * (t - warmupSteps) / (totalSteps - warmupSteps))) / 2},
     * and stays at {@code minLr} from {@code totalSteps} on.
     */
    static LrSchedule warmupCosine(double baseLr, long warmupSteps, long totalSteps, double minLr) {
        check(baseLr >= 0 && minLr >= 0 && minLr <= baseLr, "warmupCosine: needs 0 <= minLr <= baseLr");
        check(warmupSteps >= 0 && totalSteps > warmupSteps, "warmupCosine: needs 0 <= warmupSteps < totalSteps");
        return t -> {
            if (t < warmupSteps) {
                return baseLr * (t + 1) / warmupSteps;
            }
            if (t >= totalSteps) {
                return minLr;
            }
            double progress = (double) (t - warmupSteps) / (totalSteps - warmupSteps);
            return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
