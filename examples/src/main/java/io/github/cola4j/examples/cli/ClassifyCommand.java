package io.github.cola4j.examples.cli;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.cola.data.FrontEndFile;
import io.github.cola4j.cola.eval.CachedFeatures;
import io.github.cola4j.cola.eval.ClassificationReport;
import io.github.cola4j.cola.eval.EpochStats;
import io.github.cola4j.cola.eval.FineTuning;
import io.github.cola4j.cola.eval.GenreClassifier;
import io.github.cola4j.cola.eval.HandcraftedFeatures;
import io.github.cola4j.cola.eval.LabelledClip;
import io.github.cola4j.cola.eval.LinearEvaluation;
import io.github.cola4j.cola.eval.Predictions;
import io.github.cola4j.examples.fma.FmaTracks;
import io.github.cola4j.examples.fma.LabelledTracks;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.io.Json;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.plot.ConfusionMatrixChart;
import io.github.cola4j.plot.TrainingCurves;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code cola4j classify}: genre classification of an FMA subset's labelled tracks from their log-mel files, by
 * fine-tuning the seed's classifier (encoder + MLP head) or by linear evaluation of a frozen encoder, from scratch
 * or from a pre-trained encoder.
 */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classification of labelled clips from the .npy files of audio-processing: the labelled"
                + " tracks of an FMA subset (--metadata_path), the clips of a CSV (--labels), or one subfolder of"
                + " --mp3_path per class. --mode finetune trains the seed's classifier (encoder -> 512 -> 256 ->"
                + " classes) end to end; --mode linear trains one linear layer on the frozen encoder's features;"
                + " --mode features is the hand-made baseline (each band's mean and deviation, logistic regression)."
                + " Without --encoder_path the encoder starts from random weights (finetune: trained from scratch;"
                + " linear: the random-encoder baseline).",
            "Uses the description's training/validation/test split (FMA's official one), or with --split random (and"
                + " always when the description has none) the seed's stratified random 72/8/20 split. Prints the test accuracy and writes <name>.json (summary, per-class"
                + " accuracy, confusion matrix, curves), <name>-curves.png and <name>-confusion.png into --out."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:missing or unusable data or model files", "2:bad usage"})
public final class ClassifyCommand implements Callable<Integer> {
    @Option(names = {"--metadata_path", "--metadata-path"}, paramLabel = "DIR",
            description = "FMA's fma_metadata folder (or its tracks.csv).")
    Path metadataPath;

    @Option(names = "--labels", paramLabel = "CSV",
            description = "Instead of FMA's metadata: a CSV with a header row and columns path, label and"
                    + " optionally split (training, validation, test); paths relative to the CSV's folder, an audio"
                    + " file standing for the .npy beside it. With neither option, every subfolder of --mp3_path is"
                    + " a class.")
    Path labels;

    @Option(names = {"--mp3_path", "--mp3-path"}, required = true, paramLabel = "DIR",
            description = "The folder holding the .npy files (FMA: the subset's, 000/000002.npy ...).")
    Path mp3Path;

    @Option(names = {"--encoder_path", "--encoder-path"}, paramLabel = "FILE",
            description = "Pre-trained encoder (encoder.safetensors from train-encoder); default: random weights.")
    Path encoderPath;

    @Option(names = "--mode", defaultValue = "finetune", paramLabel = "finetune|linear|features",
            converter = ModeConverter.class,
            description = "finetune (whole network), linear (frozen encoder + one linear layer) or features (the"
                    + " hand-made baseline: each band's mean and deviation + logistic regression, no encoder)"
                    + " (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--split", defaultValue = "official", paramLabel = "official|random",
            converter = SplitConverter.class,
            description = "official (FMA's) or random (stratified 72/8/20, as the seed) (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--subset", defaultValue = "small", paramLabel = "small|medium|large",
            converter = SubsetConverter.class,
            description = "Labelled tracks of this subset (default: ${DEFAULT-VALUE}).")
    FmaTracks.Subset subset;

    @Option(names = "--labels-per-class", defaultValue = "0", paramLabel = "N",
            description = "Train on at most N labelled clips per genre (few-label experiments; 0: all).")
    @Bounds(min = 0)
    int labelsPerClass;

    @Option(names = "--recipe", defaultValue = "seed", paramLabel = "seed|cpu", converter = RecipeConverter.class,
            description = "Defaults of the training options below: seed (the PyTorch re-implementation's) or cpu"
                    + " (fine-tuning sized for 2 cores: 30 epochs, batch 32, Adam 3e-4 x 0.95, crops of the"
                    + " encoder's window) (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Epochs (seed: finetune 64, linear 50; cpu: finetune 30, linear 50).")
    @Bounds(min = 1)
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (seed 64; cpu: finetune 32, linear 64).")
    @Bounds(min = 1)
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR",
            description = "Adam learning rate (seed: finetune 1e-4, linear 1e-3; cpu: finetune 3e-4, linear 1e-3).")
    @Bounds(min = 0, minExclusive = true)
    Double lr;

    @Option(names = "--lr-decay", paramLabel = "F",
            description = "Fine-tuning learning-rate factor per epoch (seed 0.97, cpu 0.95).")
    @Bounds(min = 0, minExclusive = true, max = 1)
    Double lrDecay;

    @Option(names = "--weight-decay", split = ",", paramLabel = "L2[,L2...]",
            description = "Linear and features modes: the probe's weight decay; several, comma-separated, train one"
                    + " probe each and keep the best on validation, the first of equals (default: 0).")
    List<Double> weightDecay;

    @Option(names = "--crop", paramLabel = "FRAMES",
            description = "Training crop and test window in frames (seed: finetune 512, linear 100; with an encoder"
                    + " that names its window, linear uses it; cpu: the encoder's window, else 94).")
    @Bounds(min = 1)
    Integer crop;

    @Option(names = "--width", defaultValue = "1.0", paramLabel = "X",
            description = "Encoder width multiplier without --encoder_path (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, minExclusive = true)
    double width;

    @Option(names = "--depth", defaultValue = "1.0", paramLabel = "X",
            description = "Encoder depth multiplier without --encoder_path (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, minExclusive = true)
    double depth;

    @Option(names = "--pooling", defaultValue = "avg", paramLabel = "avg|max", converter = PoolingConverter.class,
            description = "Encoder pooling without --encoder_path (default: ${DEFAULT-VALUE}).")
    EfficientNetConfig.Pooling pooling;

    @Option(names = "--drop-connect", defaultValue = "0.1", paramLabel = "P",
            description = "Stochastic depth while fine-tuning (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, max = 1, maxExclusive = true)
    double dropConnect;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the working directory).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Output file prefix (default: genre-<mode>).")
    String name;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOption backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Map<String, Object> summary;

    /**
     * The summary written to {@code <name>.json} by the last run (for the demo and tests).
     *
     * @return the summary's keys and values in file order, or null before a successful run
     */
    public Map<String, Object> summary() {
        return summary;
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        boolean handmade = mode.equals("features");
        boolean linear = mode.equals("linear") || handmade;
        FmaTracks.Subset sub = subset;
        boolean cpu = recipe.equals("cpu");
        int ep = epochs != null ? epochs : linear ? 50 : cpu ? 30 : 64;
        int b = batch != null ? batch : linear || !cpu ? 64 : 32;
        double rate = lr != null ? lr : linear ? 1e-3 : cpu ? 3e-4 : 1e-4;
        double decay = lrDecay != null ? lrDecay : cpu ? 0.95 : 0.97;
        int cr = crop != null ? crop : cpu ? 94 : linear ? 100 : 512;
        double[] decays = weightDecay != null ? weightDecay.stream().mapToDouble(Double::doubleValue).toArray()
                : new double[] {0};
        for (double d : decays) {
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--weight-decay must be 0 or more, got " + d);
            }
        }
        String prefix = name != null ? name : "genre-" + mode;
        if (metadataPath != null && labels != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give --metadata_path (FMA) or --labels (a CSV), not both");
        }
        Path audio = CliPaths.resolve(mp3Path);
        Path dir = CliPaths.resolve(out, ".");
        if (!Files.isDirectory(audio)) {
            throw new CommandFailure(audio + (Files.exists(audio) ? ": not a directory" : ": no such directory"));
        }
        backend.install();
        try {
            LogMelPreset folderFrontEnd = Files.isDirectory(audio) ? FrontEndFile.read(audio) : null;
            EncoderDescription shape = new EncoderDescription(width, depth, 1, pooling,
                    folderFrontEnd != null ? folderFrontEnd : EncoderDescription.DEFAULT_FRONT_END, cr);
            Path enc = null;
            if (encoderPath != null) {
                enc = CliPaths.resolve(encoderPath);
                if (!Files.isRegularFile(enc)) {
                    throw new CommandFailure(enc + ": no such encoder file");
                }
                EncoderDescription recorded = EncoderDescription.find(enc, ModelFiles.metadata(enc));
                if (recorded != null) {
                    if (folderFrontEnd != null && recorded.frontEnd() != folderFrontEnd) {
                        throw new IOException(enc + ": the encoder was trained on " + recorded.frontEnd().id()
                                + " features, but " + audio + " holds " + folderFrontEnd.id() + " features ("
                                + FrontEndFile.NAME + ")");
                    }
                    shape = recorded;
                    if (crop == null && (linear || cpu)) {
                        // the windows the encoder was trained on
                        cr = recorded.windowFrames();
                    }
                }
            }
            LabelledTracks labelled = metadataPath != null ? LabelledTracks.fma(CliPaths.resolve(metadataPath), sub, audio)
                    : labels != null ? LabelledTracks.csv(CliPaths.resolve(labels)) : LabelledTracks.folders(audio);
            List<String> classNames = labelled.classNames();
            if (classNames.size() < 2) {
                throw new IOException(labelled.source() + ": fewer than 2 classes");
            }
            boolean random = this.split.equals("random") || !labelled.hasSplit();
            List<LabelledClip> clips = new ArrayList<>();
            List<String> splitOf = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (LabelledTracks.Track t : labelled.tracks()) {
                Path f = t.features();
                String shown = audio.relativize(f.toAbsolutePath()).toString();
                if (!Files.isRegularFile(f)) {
                    missing.add(shown + ": no such file");
                    continue;
                }
                try {
                    NpyArray a = Npy.read(f);
                    long[] s = a.shape();
                    if (s.length != 2 || s[1] != LabelledClip.MEL_BINS || s[0] < 1) {
                        missing.add(shown + ": shape " + java.util.Arrays.toString(s) + ", expected [frames, 64]");
                        continue;
                    }
                    clips.add(new LabelledClip(t.id(), a.toFloats(), (int) s[0], classNames.indexOf(t.label())));
                    splitOf.add(t.split());
                } catch (IOException | RuntimeException e) {
                    missing.add(shown + ": " + e.getMessage());
                }
            }
            o.printf(Locale.ROOT, "classify: %d labelled tracks in %s, %d classes; %d with features under %s%n",
                    labelled.tracks().size(), labelled.source(), classNames.size(), clips.size(), audio);
            if (!missing.isEmpty()) {
                o.printf("%d tracks left out (no usable .npy)%s%n", missing.size(), missing.size() > 10 ? ", first 10:" : ":");
                missing.stream().limit(10).forEach(m -> o.println("  " + m));
            }
            List<List<LabelledClip>> parts = random ? randomSplit(clips, classNames.size(), seed)
                    : officialSplit(clips, splitOf);
            List<LabelledClip> train = parts.get(0);
            List<LabelledClip> val = parts.get(1);
            List<LabelledClip> test = parts.get(2);
            if (labelsPerClass > 0) {
                train = limitPerClass(train, classNames.size(), labelsPerClass, seed);
            }
            if (train.isEmpty() || test.isEmpty()) {
                throw new CommandFailure(audio + ": no " + (train.isEmpty() ? "training" : "test") + " clips with"
                        + " features (split " + split + "): check --metadata_path, --mp3_path and --subset");
            }
            String how = handmade ? "logistic regression on band means and deviations (no encoder)"
                    : String.format(Locale.ROOT, "%s, encoder %s (width %.2f, depth %.2f, %s pooling), %d-frame crops",
                            linear ? "linear evaluation" : "fine-tuning", enc == null ? "random" : enc,
                            shape.widthMult(), shape.depthMult(), shape.pooling().name().toLowerCase(Locale.ROOT), cr);
            o.printf(Locale.ROOT, "split %s: %d train, %d validation, %d test; %s; %d epochs, batch %d, lr %.1e%n",
                    random ? "random" : "official", train.size(), val.size(), test.size(), how, ep, b, rate);
            o.flush();

            Randomness.seed(seed);
            EfficientNet encoder = handmade ? null : new EfficientNet(shape.config(linear ? 0 : dropConnect));
            if (enc != null && !handmade) {
                ModelFiles.load(encoder, enc);
            }
            java.util.function.Consumer<String> log = line -> {
                o.println(line);
                o.flush();
            };
            List<EpochStats> history;
            int bestEpoch;
            double bestVal;
            double seconds;
            Predictions pred;
            double chosenDecay = Double.NaN;
            List<Double> decaysTried = Arrays.stream(decays).boxed().toList();
            long t0 = System.nanoTime();
            if (linear) {
                LinearEvaluation.Options lo = LinearEvaluation.Options.defaults().toBuilder().epochs(ep).batchSize(b)
                        .lr(rate).windowFrames(cr).seed(seed).build();
                LinearEvaluation le = handmade ? LinearEvaluation.onFeatures(classNames.size(), lo, log)
                        : new LinearEvaluation(encoder, classNames.size(), lo, log);
                CachedFeatures trainFeatures = handmade ? HandcraftedFeatures.of(train) : le.features(train);
                CachedFeatures valFeatures = val.isEmpty() ? null
                        : handmade ? HandcraftedFeatures.of(val) : le.features(val);
                LinearEvaluation.Selection sel = le.trainSelectingWeightDecay(trainFeatures, valFeatures, decays);
                LinearEvaluation.Result r = sel.result();
                chosenDecay = sel.weightDecay();
                history = r.history();
                bestEpoch = r.bestEpoch();
                bestVal = r.bestValidationAccuracy();
                pred = LinearEvaluation.predict(r.probe(), handmade ? HandcraftedFeatures.of(test) : le.features(test));
            } else {
                GenreClassifier model = new GenreClassifier(encoder, classNames.size());
                FineTuning ft = new FineTuning(model, FineTuning.Options.seedRecipe().toBuilder().epochs(ep)
                        .batchSize(b).lr(rate).lrDecay(decay).cropFrames(cr).seed(seed).build(), log);
                FineTuning.Result r = ft.run(train, val);
                history = r.history();
                bestEpoch = r.bestEpoch();
                bestVal = r.bestValidationAccuracy();
                pred = ft.predictor().predict(test);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            ClassificationReport report = pred.report(classNames);
            o.println(report.toTable());
            o.printf(Locale.ROOT, "test accuracy: %.4f (%d/%d; balanced %.4f; chance %.4f)%n", report.accuracy(),
                    report.correct(), report.total(), report.balancedAccuracy(), 1.0 / classNames.size());

            Files.createDirectories(dir);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("mode", mode);
            s.put("recipe", recipe);
            s.put("encoder", handmade ? null : enc == null ? "random" : enc.toString());
            s.put("encoder_width", shape.widthMult());
            s.put("encoder_depth", shape.depthMult());
            s.put("pooling", shape.pooling().name().toLowerCase(Locale.ROOT));
            s.put("subset", sub.id());
            s.put("split", random ? "random-72-8-20" : "official");
            s.put("labels_per_class", labelsPerClass);
            s.put("train_clips", train.size());
            s.put("validation_clips", val.size());
            s.put("test_clips", test.size());
            s.put("left_out_tracks", missing.size());
            s.put("epochs", ep);
            s.put("batch", b);
            s.put("lr", rate);
            s.put("crop_frames", cr);
            if (linear) {
                s.put("weight_decay", chosenDecay);
                s.put("weight_decays_tried", decaysTried);
            }
            s.put("seed", seed);
            s.put("best_epoch", bestEpoch);
            // figures not measured (no validation clips) are null in the JSON file, as in this map
            s.put("best_validation_accuracy", measured(bestVal));
            s.put("test_accuracy", report.accuracy());
            s.put("test_balanced_accuracy", report.balancedAccuracy());
            s.put("seconds", seconds);
            List<Object> curve = new ArrayList<>();
            for (EpochStats e : history) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("epoch", e.epoch());
                m.put("loss", e.loss());
                m.put("train_accuracy", e.trainAccuracy());
                m.put("validation_accuracy", measured(e.validationAccuracy()));
                m.put("lr", e.lr());
                curve.add(m);
            }
            s.put("history", curve);
            s.put("report", report.toJsonValue());
            PrepareDataCommand.write(dir.resolve(prefix + ".json"), Json.write(s));
            writeCurves(history, dir.resolve(prefix + "-curves.png"), handmade
                    ? "logistic regression on band means and deviations"
                    : (linear ? "linear evaluation" : "fine-tuning")
                            + (enc == null ? ", random encoder" : ", pre-trained encoder"));
            ConfusionMatrixChart.write(report, String.format(Locale.ROOT, "%s: test accuracy %.1f %%", prefix,
                    100 * report.accuracy()), dir.resolve(prefix + "-confusion.png"));
            o.printf("wrote %s.json, %s-curves.png and %s-confusion.png in %s%n", prefix, prefix, prefix, dir);
            o.flush();
            summary = s;
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /** Reads {@code --mode}: {@code finetune} (or {@code fine-tune}), {@code linear} or {@code features}, in any case. */
    static final class ModeConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "finetune", "fine-tune" -> "finetune";
                case "linear" -> "linear";
                case "features" -> "features";
                default -> throw new CommandLine.TypeConversionException("'" + value
                        + "' (expected finetune, linear or features)");
            };
        }
    }

    /** Reads {@code --recipe}: {@code seed} or {@code cpu}, in any case. */
    static final class RecipeConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "seed" -> "seed";
                case "cpu" -> "cpu";
                default -> throw new CommandLine.TypeConversionException("'" + value + "' (expected seed or cpu)");
            };
        }
    }

    /** Reads {@code --split}: {@code official} or {@code random}, in any case. */
    static final class SplitConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "official" -> "official";
                case "random" -> "random";
                default -> throw new CommandLine.TypeConversionException("'" + value + "' (expected official or random)");
            };
        }
    }

    /** {@code x}, or null for a figure that was not measured (NaN). */
    private static Double measured(double x) {
        return Double.isNaN(x) ? null : x;
    }

    private static void writeCurves(List<EpochStats> history, Path file, String title) throws IOException {
        TrainingCurves.classification(history, title).write(file, 800, 500);
    }

    static List<List<LabelledClip>> officialSplit(List<LabelledClip> clips, List<String> splitOf) {
        List<LabelledClip> tr = new ArrayList<>();
        List<LabelledClip> va = new ArrayList<>();
        List<LabelledClip> te = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            switch (splitOf.get(i)) {
                case "training" -> tr.add(clips.get(i));
                case "validation" -> va.add(clips.get(i));
                case "test" -> te.add(clips.get(i));
                default -> { }
            }
        }
        return List.of(tr, va, te);
    }

    /** The seed's split: per class, 20 % test, then 10 % of the rest validation (72/8/20), shuffled by seed. */
    static List<List<LabelledClip>> randomSplit(List<LabelledClip> clips, int classes, long seed) {
        List<LabelledClip> tr = new ArrayList<>();
        List<LabelledClip> va = new ArrayList<>();
        List<LabelledClip> te = new ArrayList<>();
        Rng rng = new Rng(seed ^ 0x7261_6e64L);
        for (int c = 0; c < classes; c++) {
            List<LabelledClip> k = new ArrayList<>();
            for (LabelledClip x : clips) {
                if (x.label() == c) {
                    k.add(x);
                }
            }
            shuffle(k, rng);
            int nTest = (int) Math.round(k.size() * 0.2);
            int nVal = (int) Math.round((k.size() - nTest) * 0.1);
            te.addAll(k.subList(0, nTest));
            va.addAll(k.subList(nTest, nTest + nVal));
            tr.addAll(k.subList(nTest + nVal, k.size()));
        }
        return List.of(tr, va, te);
    }

    static List<LabelledClip> limitPerClass(List<LabelledClip> train, int classes, int n, long seed) {
        List<LabelledClip> k = new ArrayList<>(train);
        shuffle(k, new Rng(seed ^ 0x6665_77L));
        int[] count = new int[classes];
        List<LabelledClip> r = new ArrayList<>();
        for (LabelledClip x : k) {
            if (count[x.label()]++ < n) {
                r.add(x);
            }
        }
        return r;
    }

    private static <T> void shuffle(List<T> l, Rng rng) {
        for (int i = l.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = l.get(i);
            l.set(i, l.get(j));
            l.set(j, t);
        }
    }
}
