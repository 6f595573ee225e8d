package io.github.cola4j.nn.optim;

/**
 * A learning rate as a pure function of a step or epoch counter (counted from 0), so a resumed run gets the same
 * rates from the counter alone. Call {@link #apply} before the step or epoch that should use the rate.
 */
@FunctionalInterface
public interface LrSchedule {

    /**
     * The learning rate for step (or epoch) {@code t >= 0}.
     *
     * @param t the step or epoch counter, from 0
     * @return the rate for that step; the same {@code t} always gives the same rate
     */
    double lr(long t);

    /**
     * Sets {@link #lr(long)} of {@code t} on {@code optimizer} and returns it.
     *
     * @param optimizer the optimiser whose learning rate is set
     * @param t the step or epoch about to run, from 0
     * @return the rate set
     * @throws IllegalArgumentException when {@code t} is negative, or the rate is negative or not finite
     */
    default double apply(Optimizer optimizer, long t) {
        if (t < 0) {
            throw new IllegalArgumentException("schedule: negative step " + t);
        }
        double lr = lr(t);
        optimizer.setLr(lr);
        return lr;
    }

    /**
     * {@code baseLr * gamma^epoch}, as PyTorch's {@code ExponentialLR}.
     *
     * @param baseLr the rate at epoch 0, at least 0
     * @param gamma the factor applied every epoch, above 0 (below 1 to decay)
     * @return the schedule
     * @throws IllegalArgumentException when {@code baseLr} is negative or {@code gamma} is not above 0
     */
    static LrSchedule exponential(double baseLr, double gamma) {
        check(baseLr >= 0 && gamma > 0, "exponential: needs baseLr >= 0 and gamma > 0");
        return t -> baseLr * Math.pow(gamma, t);
    }

    /**
     * {@code baseLr * gamma^floor(epoch / stepSize)}, as PyTorch's {@code StepLR}.
     *
     * @param baseLr the rate for the first {@code stepSize} epochs, at least 0
     * @param stepSize epochs between two decays, at least 1
     * @param gamma the factor applied every {@code stepSize} epochs, above 0 (below 1 to decay)
     * @return the schedule
     * @throws IllegalArgumentException when {@code baseLr} is negative, or {@code stepSize} or {@code gamma} is not
     *     above 0
     */
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
     *
     * @param baseLr the peak rate, reached on the last warm-up step, at least {@code minLr}
     * @param warmupSteps steps of linear warm-up, at least 0; with 0 the schedule starts at {@code baseLr}
     * @param totalSteps the step from which the rate stays at {@code minLr}, above {@code warmupSteps}
     * @param minLr the final rate, in [0, baseLr]
     * @return the schedule
     * @throws IllegalArgumentException when {@code minLr} is negative or above {@code baseLr}, or
     *     {@code warmupSteps} is negative or not below {@code totalSteps}
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
