package io.github.cola4j.examples.cli;

import io.github.cola4j.audio.WavWriter;
import io.github.cola4j.examples.demo.MusicSynth;
import io.github.cola4j.examples.fma.FmaTracks;
import io.github.cola4j.nn.io.Json;
import io.github.cola4j.opencl.BackendChoice;
import io.github.cola4j.opencl.BackendSelector;
import io.github.cola4j.plot.BarChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cola4j demo}: the whole method with nothing to download. Generates a labelled corpus of synthetic music in
 * eight styles and a larger unlabelled pool in FMA's layout with an FMA-style {@code tracks.csv}, then runs the
 * pipeline's own commands on it and reports the four results.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"COLA end to end with nothing to download. Generates, deterministically, synthetic music in 8"
                + " styles (ambient, chiptune, drum-and-bass, folk, hip-hop, jazz, rock, techno: different tempi,"
                + " drum patterns, instruments, harmony, density and effects, with random variation and style"
                + " crossovers inside each) as WAV files in FMA's layout: a labelled set (fma_small/, official"
                + " 60/20/20 split) and a larger unlabelled pool (fma_large/), with fma_metadata/tracks.csv.",
            "Then runs the pipeline's steps on it: prepare-data, audio-processing (both folders), train-encoder"
                + " (COLA on the unlabelled pool) and classify four times: random encoder + linear, trained from"
                + " scratch, COLA + linear, COLA + fine-tuning. Prints a results table and writes results.json and"
                + " results.png into <out>/results/.",
            "The default size (a reduced EfficientNet, 6-second clips) takes about 4 minutes on 2 CPU cores;"
                + " the flags make it larger. Generated files and finished steps are reused when run again."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:a step failed", "2:bad usage"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "cola4j-demo", paramLabel = "DIR",
            description = "Where everything goes (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--clips-per-style", defaultValue = "50", paramLabel = "N",
            description = "Labelled clips per style (60 %% train, 20 %% validation, 20 %% test; default: ${DEFAULT-VALUE}).")
    @Bounds(min = 5)
    int clipsPerStyle;

    @Option(names = "--pool", defaultValue = "960", paramLabel = "N",
            description = "Unlabelled clips for pre-training (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 2)
    int pool;

    @Option(names = "--seconds", defaultValue = "6", paramLabel = "S",
            description = "Clip length in seconds (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    double seconds;

    @Option(names = "--width", defaultValue = "0.25", paramLabel = "X",
            description = "EfficientNet width multiplier (B0: 1; default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, minExclusive = true)
    double width;

    @Option(names = "--depth", defaultValue = "0.34", paramLabel = "X",
            description = "EfficientNet depth multiplier (B0: 1; default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, minExclusive = true)
    double depth;

    @Option(names = "--crop", defaultValue = "96", paramLabel = "FRAMES",
            description = "Crop / window length in frames of the cola-pytorch front end, 32 ms each"
                    + " (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 8)
    int crop;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B",
            description = "COLA pairs per step (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 2)
    int batch;

    @Option(names = "--pretrain-epochs", defaultValue = "16", paramLabel = "N",
            description = "COLA epochs (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    int pretrainEpochs;

    @Option(names = "--steps-per-epoch", defaultValue = "50", paramLabel = "N",
            description = "COLA steps per epoch (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    int stepsPerEpoch;

    @Option(names = "--pretrain-lr", defaultValue = "1e-3", paramLabel = "LR",
            description = "COLA learning rate (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, minExclusive = true)
    double pretrainLr;

    @Option(names = "--finetune-epochs", defaultValue = "40", paramLabel = "N",
            description = "Epochs of fine-tuning and of training from scratch (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    int finetuneEpochs;

    @Option(names = "--finetune-lr", defaultValue = "1e-3", paramLabel = "LR",
            description = "Learning rate of fine-tuning and training from scratch (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0, minExclusive = true)
    double finetuneLr;

    @Option(names = "--linear-epochs", defaultValue = "100", paramLabel = "N",
            description = "Epochs of the linear probes (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    int linearEpochs;

    @Option(names = "--labels-per-class", defaultValue = "10", paramLabel = "N",
            description = "Train every classifier on at most N labelled clips per style, the few-label setting"
                    + " (default: ${DEFAULT-VALUE}; 0: all the training clips).")
    @Bounds(min = 0)
    int labelsPerClass;

    @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Seed of the corpus and the runs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Threads generating audio (default: one per core).")
    @Bounds(min = 0)
    int threads;

    @Mixin
    BackendOption backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * One row of the results table.
     *
     * @param experiment the experiment's name, such as {@code COLA + linear}
     * @param encoder {@code random} or {@code COLA}: where the encoder's weights came from
     * @param mode {@code linear} (frozen encoder, linear probe) or {@code finetune} (the whole network trained)
     * @param testAccuracy clip-level accuracy on the test clips, in [0, 1]
     * @param balancedAccuracy mean per-class accuracy on the test clips, in [0, 1]
     * @param trainClips labelled clips used for training
     * @param seconds wall time of the experiment, in seconds
     */
    public record Row(String experiment, String encoder, String mode, double testAccuracy, double balancedAccuracy,
            int trainClips, double seconds) {
    }

    private final List<Row> rows = new ArrayList<>();

    /**
     * The results of the last run.
     *
     * @return the live list of rows, one per experiment in the order they ran (empty before a run)
     */
    public List<Row> rows() {
        return rows;
    }

    static final int RATE = 16000;
    static final int LABELLED_BASE = 1000;
    static final int POOL_BASE = 100000;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        // the steps run on what was found, so a missing OpenCL device is reported once, not by every step
        BackendChoice chosen = BackendSelector.chosen(backend.install());
        Path dir = CliPaths.resolve(out);
        Path meta = dir.resolve("fma_metadata");
        Path small = dir.resolve("fma_small");
        Path large = dir.resolve("fma_large");
        Path models = dir.resolve("models");
        Path results = dir.resolve("results");
        long t0 = System.nanoTime();
        try {
            o.printf(Locale.ROOT, "demo: %d styles x %d labelled clips + %d unlabelled clips of %.1f s into %s%n",
                    MusicSynth.STYLES.size(), clipsPerStyle, pool, seconds, dir);
            o.flush();
            // generated files and a pre-training run are reused only by a run with the same settings
            String corpus = String.format(Locale.ROOT, "corpus seed=%d seconds=%s clips-per-style=%d pool=%d%n", seed,
                    num(seconds), clipsPerStyle, pool);
            String before = readOr(dir.resolve("corpus-settings.txt"));
            if (before.isEmpty() && (Files.exists(small) || Files.exists(large))) {
                throw new CommandFailure(dir + ": holds fma_small/ or fma_large/ folders the demo did not write;"
                        + " choose another --out");
            }
            if (!corpus.equals(before)) {
                deleteTree(small);
                deleteTree(large);
                deleteTree(models);
            }
            String model = String.format(Locale.ROOT, "model width=%s depth=%s crop=%d batch=%d steps=%d lr=%s%n",
                    num(width), num(depth), crop, batch, stepsPerEpoch, num(pretrainLr));
            if (!model.equals(readOr(models.resolve("demo-settings.txt")))) {
                deleteTree(models);
            }
            long g0 = System.nanoTime();
            int made = generate(meta, small, large);
            o.printf(Locale.ROOT, "demo: generated %d audio files (%d were there already) in %.1f s%n", made,
                    MusicSynth.STYLES.size() * clipsPerStyle + pool - made, (System.nanoTime() - g0) / 1e9);
            o.flush();
            Files.writeString(dir.resolve("corpus-settings.txt"), corpus);
            Files.createDirectories(models);
            Files.writeString(models.resolve("demo-settings.txt"), model);
            String be = chosen.toString();
            step(o, "prepare-data", "--metadata_path", meta.toString(), "--out", dir.toString());
            step(o, "audio-processing", "--mp3_path", small.toString());
            step(o, "audio-processing", "--mp3_path", large.toString());
            int pretrainBatch = Math.min(batch, Math.max(2, (int) (pool * 0.9)));
            step(o, "train-encoder", "--mp3_path", large.toString(), "--out", models.toString(),
                    "--width", num(width), "--depth", num(depth), "--batch", Integer.toString(pretrainBatch),
                    "--epochs", Integer.toString(pretrainEpochs), "--steps-per-epoch", Integer.toString(stepsPerEpoch),
                    "--lr", num(pretrainLr), "--lr-decay", "0.95", "--crop", Integer.toString(crop), "--cache",
                    "--validation-fraction", "0.1", "--validation-batches", "4",
                    "--checkpoint-every", "0", "--log-every", Integer.toString(Math.max(1, stepsPerEpoch / 2)),
                    "--seed", Long.toString(seed), "--resume", "--backend", be);
            Path encoder = models.resolve(TrainEncoderCommand.ENCODER);
            String[][] experiments = {
                {"random encoder + linear", "linear", null},
                {"trained from scratch", "finetune", null},
                {"COLA + linear", "linear", encoder.toString()},
                {"COLA + fine-tuning", "finetune", encoder.toString()},
            };
            String[] names = {"random-linear", "scratch", "cola-linear", "cola-finetune"};
            rows.clear();
            for (int i = 0; i < experiments.length; i++) {
                String[] e = experiments[i];
                boolean lin = e[1].equals("linear");
                List<String> args = new ArrayList<>(List.of("classify", "--metadata_path", meta.toString(),
                        "--mp3_path", small.toString(), "--mode", e[1], "--out", results.toString(), "--name", names[i],
                        "--width", num(width), "--depth", num(depth), "--crop", Integer.toString(crop),
                        "--epochs", Integer.toString(lin ? linearEpochs : finetuneEpochs),
                        "--lr", num(lin ? 1e-3 : finetuneLr), "--lr-decay", "0.95", "--batch", "32",
                        "--labels-per-class", Integer.toString(labelsPerClass), "--seed", Long.toString(seed),
                        "--backend", be));
                if (e[2] != null) {
                    args.add("--encoder_path");
                    args.add(e[2]);
                }
                CommandLine cl = step(o, args.toArray(new String[0]));
                ClassifyCommand c = cl.getSubcommands().get("classify").getCommand();
                Map<String, Object> s = c.summary();
                rows.add(new Row(e[0], e[2] == null ? "random" : "COLA", e[1], (Double) s.get("test_accuracy"),
                        (Double) s.get("test_balanced_accuracy"), (Integer) s.get("train_clips"),
                        (Double) s.get("seconds")));
            }
            double total = (System.nanoTime() - t0) / 1e9;
            report(o, results, total);
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        }
    }

    private static String readOr(Path f) throws IOException {
        return Files.isRegularFile(f) ? Files.readString(f) : "";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private CommandLine step(PrintWriter o, String... args) {
        // quiet: the backend was reported once by the demo itself
        return CommandStep.run(o, spec.commandLine().getErr(), true, args);
    }

    private void report(PrintWriter o, Path results, double total) throws IOException {
        Files.createDirectories(results);
        o.println();
        o.printf(Locale.ROOT, "Results on %d test clips of %d synthetic styles (chance %.1f %%):%n",
                MusicSynth.STYLES.size() * (clipsPerStyle - trainCount(clipsPerStyle) - valCount(clipsPerStyle)),
                MusicSynth.STYLES.size(), 100.0 / MusicSynth.STYLES.size());
        o.printf(Locale.ROOT, "| %-24s | %-8s | %-8s | %13s | %13s | %11s | %9s |%n", "experiment", "encoder", "mode",
                "test accuracy", "balanced acc.", "train clips", "seconds");
        o.println("|" + "-".repeat(26) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(15) + "|"
                + "-".repeat(15) + "|" + "-".repeat(13) + "|" + "-".repeat(11) + "|");
        List<Object> json = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        double[] acc = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            o.printf(Locale.ROOT, "| %-24s | %-8s | %-8s | %11.1f %% | %11.1f %% | %11d | %9.1f |%n", r.experiment(),
                    r.encoder(), r.mode(), 100 * r.testAccuracy(), 100 * r.balancedAccuracy(), r.trainClips(),
                    r.seconds());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("experiment", r.experiment());
            m.put("encoder", r.encoder());
            m.put("mode", r.mode());
            m.put("test_accuracy", r.testAccuracy());
            m.put("test_balanced_accuracy", r.balancedAccuracy());
            m.put("train_clips", r.trainClips());
            m.put("seconds", r.seconds());
            json.add(m);
            labels.add(r.experiment());
            acc[i] = r.testAccuracy();
        }
        o.printf(Locale.ROOT, "demo: total %.1f s (%.1f min)%n", total, total / 60);
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("styles", MusicSynth.STYLES);
        settings.put("clips_per_style", clipsPerStyle);
        settings.put("pool", pool);
        settings.put("seconds", seconds);
        settings.put("width", width);
        settings.put("depth", depth);
        settings.put("crop_frames", crop);
        settings.put("batch", batch);
        settings.put("pretrain_epochs", pretrainEpochs);
        settings.put("steps_per_epoch", stepsPerEpoch);
        settings.put("finetune_epochs", finetuneEpochs);
        settings.put("linear_epochs", linearEpochs);
        settings.put("labels_per_class", labelsPerClass);
        settings.put("seed", seed);
        settings.put("threads", Runtime.getRuntime().availableProcessors());
        doc.put("settings", settings);
        doc.put("results", json);
        doc.put("total_seconds", total);
        PrepareDataCommand.write(results.resolve("results.json"), Json.write(doc));
        BarChart.write(results.resolve("results.png"), "cola4j demo: test accuracy on " + MusicSynth.STYLES.size()
                + " synthetic music styles", labels, acc, 1.0 / MusicSynth.STYLES.size());
        o.println("wrote " + results.resolve("results.json") + " and " + results.resolve("results.png"));
        o.flush();
    }

    static int trainCount(int perStyle) {
        int n = 0;
        for (int k = 0; k < perStyle; k++) {
            if (splitOf(k).equals("training")) {
                n++;
            }
        }
        return n;
    }

    static int valCount(int perStyle) {
        int n = 0;
        for (int k = 0; k < perStyle; k++) {
            if (splitOf(k).equals("validation")) {
                n++;
            }
        }
        return n;
    }

    /** The official split of the k-th labelled clip of a style: 3 of every 5 training, 1 validation, 1 test. */
    static String splitOf(int k) {
        int m = k % 5;
        return m < 3 ? "training" : m == 3 ? "validation" : "test";
    }

    private record Item(int id, int style, boolean labelled, long seed) {
    }

    /** Writes the audio files (those missing) and tracks.csv; returns how many audio files were written. */
    private int generate(Path meta, Path small, Path large) throws IOException {
        int styles = MusicSynth.STYLES.size();
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < clipsPerStyle; k++) {
            for (int s = 0; s < styles; s++) {
                int id = LABELLED_BASE + k * styles + s;
                items.add(new Item(id, s, true, seed * 1_000_003L + id));
            }
        }
        SplittableRandom pr = new SplittableRandom(seed ^ 0x706f6f6cL);
        for (int j = 0; j < pool; j++) {
            int id = POOL_BASE + j;
            items.add(new Item(id, pr.nextInt(styles), false, seed * 1_000_003L + id));
        }
        MusicSynth synth = new MusicSynth(RATE);
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService ex = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "demo-audio");
            t.setDaemon(true);
            return t;
        });
        int made = 0;
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (Item it : items) {
                Path f = (it.labelled() ? small : large).resolve(FmaTracks.Track.stem(it.id()) + ".wav");
                fs.add(ex.submit(() -> {
                    if (Files.isRegularFile(f)) {
                        return false;
                    }
                    WavWriter.write(f, synth.clip(it.style(), seconds, it.seed()), RATE);
                    return true;
                }));
            }
            for (Future<Boolean> fu : fs) {
                if (fu.get()) {
                    made++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            ex.shutdownNow();
        }
        Files.createDirectories(meta);
        PrepareDataCommand.write(meta.resolve("tracks.csv"), tracksCsv(items));
        return made;
    }

    /**
     * An FMA-style tracks.csv: two header rows, the track_id row, quoted fields with commas, quotes and newlines.
     * Written by the same CSV library that reads it, so that quoting follows RFC 4180 whatever the titles hold.
     */
    static String tracksCsv(List<?> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(sb, CSVFormat.RFC4180)) {
            csv.printRecord("", "album", "album", "artist", "set", "set", "track", "track", "track", "track");
            csv.printRecord("", "title", "tracks", "name", "split", "subset", "genre_top", "genres", "genres_all",
                    "title");
            csv.printRecord("track_id", "", "", "", "", "", "", "", "", "");
            for (Object o : rows) {
                Item it = (Item) o;
                int k = (it.id() - LABELLED_BASE) / MusicSynth.STYLES.size();
                String style = MusicSynth.STYLES.get(it.style());
                String genreTop = it.labelled() ? style : "";
                String split = it.labelled() ? splitOf(k) : "training";
                String subset = it.labelled() ? "small" : "large";
                String genres = it.labelled() ? "[" + (it.style() + 1) + ", " + (100 + it.style()) + "]" : "[]";
                String title = switch (it.id() % 4) {
                    case 0 -> "Study no. " + it.id() + ", in " + style;
                    case 1 -> "The \"" + style + "\" piece";
                    case 2 -> "Two lines\nof " + style;
                    default -> "Plain " + it.id();
                };
                csv.printRecord(it.id(), "Synthetic album " + (it.id() % 17) + ", vol. " + (it.id() % 3),
                        it.id() % 9 + 1, "cola4j synth", split, subset, genreTop, genres, genres, title);
            }
        }
        return sb.toString();
    }
}
