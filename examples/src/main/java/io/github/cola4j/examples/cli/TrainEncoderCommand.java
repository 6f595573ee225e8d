package io.github.cola4j.examples.cli;

import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.cola.data.FrontEndFile;
import io.github.cola4j.cola.data.MelDataset;
import io.github.cola4j.cola.data.PairSampler;
import io.github.cola4j.cola.train.History;
import io.github.cola4j.cola.train.PretrainConfig;
import io.github.cola4j.cola.train.PretrainRecipe;
import io.github.cola4j.cola.train.Pretrainer;
import io.github.cola4j.cola.train.StepGradients;
import io.github.cola4j.cola.train.TrainingDivergedException;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.nn.io.Safetensors;
import io.github.cola4j.plot.TrainingCurves;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cola4j train-encoder}: COLA pre-training on every {@code .npy} log-mel file under a folder (no labels),
 * writing checkpoints, curves and the final encoder {@code encoder.safetensors} (with {@code encoder.json}
 * describing its shape).
 */
@Command(name = "train-encoder", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"COLA pre-training (contrastive, no labels) of an EfficientNet encoder on all the .npy"
                + " log-mel files under --mp3_path (as written by audio-processing).",
            "Writes into --out (default ./models): checkpoint.safetensors (every epoch and every"
                + " --checkpoint-every steps; --resume continues from it), best-encoder.safetensors and"
                + " best-model.safetensors (best validation pair accuracy; the last epoch without validation),"
                + " loss.png, accuracy.png, and at the end"
                + " encoder.safetensors + encoder.json, the encoder to give classify --encoder_path.",
            "Defaults come from --recipe. seed (the default) is the PyTorch re-implementation's: EfficientNet-B0"
                + " (width 1, depth 1), average pooling, batch 128, 100 epochs x 1000 steps, Adam 1e-4 x 0.99 per"
                + " epoch, 100-frame crops with frame masking and gain, drop-connect 0.1, head dropout 0.1. cpu fits"
                + " a 2-core CPU: width 0.25, depth 0.34, max pooling, batch 64, 2 x 1000 steps, Adam 1e-3 with 100"
                + " warm-up steps and a cosine decay, 94-frame crops, bilinear similarity starting near 0."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:no usable data, a file error or training diverged", "2:bad usage"})
public class TrainEncoderCommand implements Callable<Integer> {
    /** File name of the trained encoder in the output folder (its shape goes beside it as {@code encoder.json}). */
    public static final String ENCODER = "encoder.safetensors";
    /** File name of the loss chart in the output folder, redrawn after every epoch. */
    public static final String LOSS_PLOT = "loss.png";
    /** Reads {@code --recipe}. */
    static final class RecipeConverter implements CommandLine.ITypeConverter<PretrainRecipe> {
        @Override
        public PretrainRecipe convert(String value) {
            try {
                return PretrainRecipe.byName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' (expected seed or cpu)");
            }
        }
    }

    /** Reads {@code --schedule}: {@code exp} (or {@code exponential}) or {@code cosine}, in any case. */
    static final class ScheduleConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "cosine" -> "cosine";
                case "exp", "exponential" -> "exp";
                default -> throw new CommandLine.TypeConversionException("'" + value + "' (expected exp or cosine)");
            };
        }
    }

    /** File name of the pair-accuracy chart in the output folder, redrawn after every epoch. */
    public static final String ACCURACY_PLOT = "accuracy.png";

    @Option(names = {"--mp3_path", "--mp3-path"}, required = true, paramLabel = "DIR",
            description = "Folder with the .npy files (searched recursively), e.g. fma_large/.")
    Path mp3Path;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ./models).")
    Path out;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CHECKPOINT",
            description = "Continue from CHECKPOINT (default: <out>/checkpoint.safetensors, if it exists).")
    String resume;

    @Option(names = "--preset", paramLabel = "PRESET", converter = MelCommand.PresetConverter.class,
            description = "Log-mel front end of the .npy files, recorded in the encoder (default: what"
                    + " audio-processing recorded in the folder's " + FrontEndFile.NAME + ", else cola-pytorch).")
    LogMelPreset preset;

    @Option(names = "--recipe", defaultValue = "seed", paramLabel = "seed|cpu", converter = RecipeConverter.class,
            description = "The defaults of the options below: seed (the PyTorch re-implementation's, GPU-sized) or"
                    + " cpu (a reduced encoder and a schedule that pays off within minutes on 2 cores)"
                    + " (default: ${DEFAULT-VALUE}).")
    PretrainRecipe recipe;

    @Option(names = "--width", paramLabel = "X",
            description = "EfficientNet width multiplier (B0: 1; seed 1, cpu 0.25).")
    @Bounds(min = 0, minExclusive = true)
    Double width;

    @Option(names = "--depth", paramLabel = "X",
            description = "EfficientNet depth multiplier (B0: 1; seed 1, cpu 0.34).")
    @Bounds(min = 0, minExclusive = true)
    Double depth;

    @Option(names = "--pooling", paramLabel = "avg|max", converter = PoolingConverter.class,
            description = "Global pooling: avg or max (seed avg, cpu max as the paper).")
    EfficientNetConfig.Pooling pooling;

    @Option(names = "--batch", paramLabel = "B", description = "Pairs per step (seed 128, cpu 64).")
    @Bounds(min = 2)
    Integer batch;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (seed 100, cpu 2).")
    @Bounds(min = 1)
    Integer epochs;

    @Option(names = {"--steps-per-epoch", "--steps_per_epoch"}, paramLabel = "N",
            description = "Steps per epoch (seed 1000, cpu 1000).")
    @Bounds(min = 1)
    Integer stepsPerEpoch;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam's peak learning rate (seed 1e-4, cpu 1e-3).")
    @Bounds(min = 0, minExclusive = true)
    Double lr;

    @Option(names = "--lr-decay", paramLabel = "F",
            description = "Learning-rate factor per epoch without --schedule cosine (seed 0.99).")
    @Bounds(min = 0, minExclusive = true, max = 1)
    Double lrDecay;

    @Option(names = "--schedule", paramLabel = "exp|cosine", converter = ScheduleConverter.class,
            description = "Learning-rate decay: exp (--lr-decay per epoch) or cosine (to 0 at the last step)"
                    + " (seed exp, cpu cosine).")
    String schedule;

    @Option(names = "--warmup", paramLabel = "STEPS",
            description = "Steps of linear learning-rate warm-up (seed 0, cpu 100).")
    @Bounds(min = 0)
    Long warmup;

    @Option(names = "--bilinear-init", paramLabel = "X",
            description = "Initial scale of the bilinear similarity, times 1/sqrt(512) (seed 1, cpu 0.05: the first"
                    + " logits near 0, so the first losses near ln(batch)).")
    @Bounds(min = 0, minExclusive = true)
    Double bilinearInit;

    @Option(names = "--crop", paramLabel = "FRAMES",
            description = "Crop length in frames (seed 100, cpu 94; 98 = 1 s with the cola preset, 94 = 3 s with"
                    + " cola-pytorch).")
    @Bounds(min = 1)
    Integer crop;

    @Option(names = "--augment", negatable = true, fallbackValue = "true",
            description = "Frame masking and random gain on the crops (seed and cpu: on; --no-augment: the"
                    + " paper's noise only).")
    Boolean augment;

    @Option(names = "--bin-shift", paramLabel = "BINS",
            description = "Shift each view's mel bins by up to BINS bins, a pitch and formant shift that hides the"
                    + " exact spectral position of a voice from the pair task (seed 0 = off, cpu 0).")
    @Bounds(min = 0, max = 63)
    Integer binShift;

    @Option(names = "--drop-connect", paramLabel = "P",
            description = "Stochastic depth of the encoder (seed 0.1, cpu 0).")
    @Bounds(min = 0, max = 1, maxExclusive = true)
    Double dropConnect;

    @Option(names = "--head-dropout", paramLabel = "P",
            description = "Dropout before the projection head (seed 0.1, cpu 0).")
    @Bounds(min = 0, max = 1, maxExclusive = true)
    Double headDropout;

    @Option(names = "--validation-fraction", defaultValue = "0.05", paramLabel = "F",
            description = "Clips held out to score pair accuracy after each epoch (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, max = 1, maxExclusive = true)
    double validationFraction;

    @Option(names = "--validation-batches", defaultValue = "10", paramLabel = "N",
            description = "Validation batches per epoch (0: none; the last epoch is kept; default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0)
    int validationBatches;

    @Option(names = "--checkpoint-every", defaultValue = "1000", paramLabel = "STEPS",
            description = "A checkpoint every STEPS steps as well as after every epoch (0: after every epoch only;"
                    + " default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0)
    int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "50", paramLabel = "STEPS",
            description = "A progress line every STEPS steps (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    int logEvery;

    @Option(names = "--snapshots",
            description = "After every epoch also save the encoder as it is then, encoder-step-<N>.safetensors"
                    + " (for learning curves).")
    boolean snapshots;

    @Option(names = "--cache", description = "Keep all clips in memory (faster; for corpora that fit).")
    boolean cache;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOption backend;

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    private Pretrainer.Summary summary;

    /**
     * The outcome of the last pre-training run (for the demo and tests).
     *
     * @return the steps, last loss and best validation accuracy of the last run, or null before one
     */
    public Pretrainer.Summary summary() {
        return summary;
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        // every value not given on the command line comes from the recipe
        PretrainRecipe r = recipe;
        double width = this.width != null ? this.width : r.widthMult();
        double depth = this.depth != null ? this.depth : r.depthMult();
        EfficientNetConfig.Pooling pool = pooling != null ? pooling : r.pooling();
        int batch = this.batch != null ? this.batch : r.batchSize();
        int epochs = this.epochs != null ? this.epochs : r.epochs();
        int stepsPerEpoch = this.stepsPerEpoch != null ? this.stepsPerEpoch : r.stepsPerEpoch();
        double lr = this.lr != null ? this.lr : r.learningRate();
        double lrDecay = this.lrDecay != null ? this.lrDecay : r.lrDecay();
        boolean cosine = schedule != null ? schedule.equals("cosine") : r.cosineDecay();
        long warmup = this.warmup != null ? this.warmup : r.warmupSteps();
        double bilinearInit = this.bilinearInit != null ? this.bilinearInit : r.bilinearInitScale();
        int crop = this.crop != null ? this.crop : r.cropFrames();
        boolean augment = this.augment != null ? this.augment : r.augment();
        double dropConnect = this.dropConnect != null ? this.dropConnect : r.dropConnect();
        double headDropout = this.headDropout != null ? this.headDropout : r.headDropout();
        int binShift = this.binShift != null ? this.binShift : 0;
        Path data = CliPaths.resolve(mp3Path);
        Path dir = CliPaths.resolve(out, "models");
        if (!Files.isDirectory(data)) {
            throw new CommandFailure(data + (Files.exists(data) ? ": not a directory" : ": no such directory"));
        }
        backend.install();
        try {
            LogMelPreset recorded = Files.isDirectory(data) ? FrontEndFile.read(data) : null;
            if (preset != null && recorded != null && preset != recorded) {
                throw new IOException(data + ": holds " + recorded.id() + " features (" + FrontEndFile.NAME
                        + "), but --preset says " + preset.id());
            }
            LogMelPreset frontEnd = preset != null ? preset : recorded != null ? recorded
                    : EncoderDescription.DEFAULT_FRONT_END;
            MelDataset all = MelDataset.open(data, 64, cache);
            o.printf(Locale.ROOT, "train-encoder: %d log-mel clips under %s%n", all.size(), data);
            List<MelDataset.BadFile> bad = all.badFiles();
            if (!bad.isEmpty()) {
                o.printf("%d unusable .npy files (skipped):%n", bad.size());
                for (MelDataset.BadFile b : bad) {
                    o.println("  " + b.file() + ": " + b.reason());
                }
            }
            int vb = validationBatches;
            MelDataset train = all;
            MelDataset val = null;
            if (vb > 0 && validationFraction > 0 && all.size() >= 4) {
                MelDataset.Split split = all.split(validationFraction, seed);
                train = split.train();
                val = split.validation();
                if (val.size() < 2) {
                    vb = 0;
                    val = null;
                    train = all;
                }
            } else {
                vb = 0;
            }
            if (train.size() < batch) {
                throw new CommandFailure(String.format(Locale.ROOT, "%s: %d training clips, fewer than --batch %d"
                        + " (use --batch %d or less, or more data)", data, train.size(), batch,
                        Math.max(2, train.size())));
            }
            o.printf(Locale.ROOT, "  %d for training, %s; recipe %s: EfficientNet width %.2f depth %.2f (%s pooling),"
                    + " batch %d, %d epochs x %d steps, lr %.1e (%s%s), %d-frame crops, bilinear init %s%n",
                    train.size(), val == null ? "no validation" : val.size() + " for validation", r.name(), width,
                    depth, pool.name().toLowerCase(Locale.ROOT), batch, epochs, stepsPerEpoch, lr,
                    warmup > 0 ? warmup + " warm-up steps, " : "",
                    cosine ? "cosine" : String.format(Locale.ROOT, "x %.3f/epoch", lrDecay), crop, bilinearInit);
            o.flush();
            Randomness.seed(seed);
            ColaConfig cfg = ColaConfig.paper().toBuilder()
                    .encoder(new EfficientNetConfig(width, depth, 1, dropConnect, pool)).headDropout(headDropout)
                    .bilinearInitScale(bilinearInit).build();
            ColaModel model = new ColaModel(cfg);
            PairSampler.Config pc = (augment ? PairSampler.Config.colaPytorch() : PairSampler.Config.cola())
                    .toBuilder().cropFrames(crop).maxBinShift(binShift).build();
            PretrainConfig pcfg = PretrainConfig.builder(dir).batchSize(batch).epochs(epochs)
                    .stepsPerEpoch(stepsPerEpoch).learningRate(lr).lrDecay(lrDecay).warmupSteps(warmup)
                    .cosineDecay(cosine).validationBatches(vb)
                    .checkpointEvery(checkpointEvery).logEvery(Math.max(1, logEvery)).seed(seed).frontEnd(frontEnd)
                    .build();
            Pretrainer trainer = new Pretrainer(model, train, val, new PairSampler(pc), pcfg).progress(line -> {
                o.println(line);
                o.flush();
            }).onEpochEnd(h -> {
                writeCurves(h, stepsPerEpoch, dir);
                if (snapshots) {
                    // the encoder as it is now (not the best so far), for learning curves
                    Path snap = dir.resolve(String.format(Locale.ROOT, "encoder-step-%06d.safetensors", h.stepCount()));
                    ModelFiles.save(model.encoder(), snap, EncoderDescription.of(model.encoder().config(), frontEnd,
                            crop).toMetadata());
                }
            });
            trainer.gradients(stepGradients(cfg, seed, o));
            if (resume != null) {
                Path ck = resume.isEmpty() ? dir.resolve(Pretrainer.CHECKPOINT) : CliPaths.resolve(Path.of(resume));
                if (Files.isRegularFile(ck)) {
                    trainer.resume(ck);
                } else if (!resume.isEmpty()) {
                    throw new CommandFailure(ck + ": no such checkpoint file");
                } else {
                    o.println("no checkpoint in " + dir + " yet; starting from scratch");
                }
            }
            summary = trainer.run();
            Path best = dir.resolve(Pretrainer.BEST_ENCODER);
            Path enc = dir.resolve(ENCODER);
            // the best encoder's weights, described (a best file from an older run may lack the description)
            Map<String, String> meta = new LinkedHashMap<>(Map.of("format", "pt"));
            meta.putAll(trainer.encoderDescription().toMetadata());
            Safetensors.write(enc, Safetensors.read(best).entries(), meta);
            trainer.encoderDescription().writeSidecar(enc, trainingFacts(summary, train.size()));
            o.printf("wrote %s (and %s)%n", enc, EncoderDescription.sidecar(enc).getFileName());
            o.flush();
            return 0;
        } catch (TrainingDivergedException | IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (IOException e) {
            throw CommandFailure.of(e);
        }
    }

    /**
     * Where each step's gradients are computed: here, on this machine. A distributed variant of the command (Spark)
     * returns its data-parallel implementation; everything else about the run stays the same.
     *
     * @param model the model's configuration (to build replicas elsewhere)
     * @param seed the run's seed
     * @param out the command's output, for a line about the workers
     * @return {@link StepGradients#LOCAL}
     * @throws IOException if the gradients' source cannot be set up
     */
    protected StepGradients stepGradients(ColaConfig model, long seed, PrintWriter out) throws IOException {
        return StepGradients.LOCAL;
    }

    /**
     * What {@code encoder.json} records about the run besides the encoder's description. A figure the run did not measure
     * is JSON {@code null}: without validation there is no best validation accuracy (the summary's -1 is not one).
     *
     * @param summary the finished run
     * @param trainingClips the clips trained on
     * @return the keys and values in file order
     */
    static Map<String, Object> trainingFacts(Pretrainer.Summary summary, int trainingClips) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pretraining_steps", summary.steps());
        double best = summary.bestValidationAccuracy();
        m.put("best_validation_pair_accuracy", best >= 0 && Double.isFinite(best) ? best : null);
        m.put("best_epoch", summary.bestEpoch());
        m.put("training_clips", trainingClips);
        return m;
    }

    /** Redraws {@link #LOSS_PLOT} and {@link #ACCURACY_PLOT} in {@code dir} from the history so far. */
    static void writeCurves(History history, int stepsPerEpoch, Path dir) throws IOException {
        TrainingCurves.pretrainingLoss(history, stepsPerEpoch).write(dir.resolve(LOSS_PLOT), 800, 500);
        TrainingCurves.pretrainingAccuracy(history, stepsPerEpoch).write(dir.resolve(ACCURACY_PLOT), 800, 500);
    }
}
