package io.github.cola4j.cola.train;

import io.github.cola4j.nn.EfficientNetConfig;
import java.util.Locale;

/**
 * A named set of pre-training settings: the model's size, the crops, and the optimisation schedule. {@link #seed()}
 * is the PyTorch re-implementation's (sized for a GPU); {@link #cpu()} is sized so that COLA pays off within
 * minutes on a 2-core CPU. Every value can still be changed one by one (the command line's options override the
 * recipe's values).
 *
 * @param name the recipe's name on the command line
 * @param widthMult EfficientNet width multiplier
 * @param depthMult EfficientNet depth multiplier
 * @param pooling global pooling of the encoder
 * @param dropConnect stochastic depth of the encoder's blocks
 * @param headDropout dropout before the projection head
 * @param bilinearInitScale initial scale of the bilinear similarity ({@link io.github.cola4j.cola.ColaConfig})
 * @param batchSize pairs per step
 * @param epochs epochs of {@code stepsPerEpoch} steps
 * @param stepsPerEpoch steps per epoch
 * @param learningRate Adam's peak learning rate
 * @param lrDecay per-epoch factor (when not {@code cosineDecay})
 * @param warmupSteps steps of linear warm-up
 * @param cosineDecay cosine decay to 0 over the run instead of the per-epoch factor
 * @param cropFrames crop length in frames
 * @param augment frame masking and random gain on the positive crops (else the paper's noise only)
 */
public record PretrainRecipe(String name, double widthMult, double depthMult, EfficientNetConfig.Pooling pooling,
        double dropConnect, double headDropout, double bilinearInitScale, int batchSize, int epochs,
        int stepsPerEpoch, double learningRate, double lrDecay, long warmupSteps, boolean cosineDecay,
        int cropFrames, boolean augment) {

    /**
     * The PyTorch re-implementation's settings: EfficientNet-B0, average pooling, batch 128, 100 epochs x 1000
     * steps, Adam 1e-4 x 0.99 per epoch, 100-frame crops with masking and gain, drop-connect 0.1, head dropout 0.1.
     *
     * @return the recipe named {@code seed}
     */
    public static PretrainRecipe seed() {
        return new PretrainRecipe("seed", 1, 1, EfficientNetConfig.Pooling.AVG, 0.1, 0.1, 1, 128, 100, 1000, 1e-4,
                0.99, 0, false, 100, true);
    }

    /**
     * Settings for a 2-core CPU: a reduced EfficientNet (width 0.25, depth 0.34), max pooling, batch 64, 2,000
     * steps (2 epochs of 1,000), Adam 1e-3 with 100 warm-up steps and a cosine decay, 94-frame crops (3 s of the
     * cola-pytorch preset) with masking and gain, a bilinear similarity that starts near zero (scale 0.05), no
     * drop-connect or head dropout. About 12 minutes on 2 cores, whatever the size of the pool.
     *
     * @return the recipe named {@code cpu}
     */
    public static PretrainRecipe cpu() {
        return new PretrainRecipe("cpu", 0.25, 0.34, EfficientNetConfig.Pooling.MAX, 0, 0, 0.05, 64, 2, 1000, 1e-3,
                1, 100, true, 94, true);
    }

    /**
     * The recipe with the given name.
     *
     * @param name {@code seed} or {@code cpu}, in any case
     * @return the recipe
     * @throws IllegalArgumentException if no recipe has that name
     */
    public static PretrainRecipe byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "seed" -> seed();
            case "cpu" -> cpu();
            default -> throw new IllegalArgumentException("unknown recipe '" + name + "' (expected seed or cpu)");
        };
    }
}
