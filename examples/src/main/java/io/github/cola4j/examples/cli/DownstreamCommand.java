package io.github.cola4j.examples.cli;

import io.github.cola4j.nn.io.Json;
import io.github.cola4j.plot.GroupedBarChart;
import io.github.cola4j.plot.LineChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cola4j downstream}: the whole method on every task of a downstream suite (as
 * {@code benchmarks/downstream/make_suite.py} builds it): log-mels, COLA pre-training on the task's unlabelled
 * pool, then five classifiers on its labelled clips, in one table and one picture, and a learning curve.
 */
@Command(name = "downstream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the COLA method on every task folder under --suite (each in FMA's layout: fma_metadata/"
                + "tracks.csv, fma_small/ with the labelled clips, fma_large/ with the unlabelled pool):"
                + " audio-processing, train-encoder on the pool, and five classifiers on the labelled clips:"
                + " hand-made features (band means and deviations + logistic regression), a random encoder + linear,"
                + " trained from scratch, COLA + linear, COLA + fine-tuning.",
            "Writes results.json, results.md and results.png (test accuracy per task and method) and curve.png (COLA"
                + " + linear against pre-training steps) into --out; finished steps are reused when run again."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:a task folder cannot be read or a step failed", "2:bad usage"})
public final class DownstreamCommand implements Callable<Integer> {
    /** The methods of the table, in column order. */
    static final List<String> METHODS = List.of("hand-made + linear", "random + linear", "scratch", "COLA + linear",
            "COLA + fine-tune");

    @Option(names = "--suite", required = true, paramLabel = "DIR",
            description = "The suite: one folder per task (language/, speaker/, instrument/ from make_suite.py).")
    Path suite;

    @Option(names = "--tasks", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Tasks to run (default: every task folder of the suite).")
    List<String> tasks;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ./downstream).")
    Path out;

    @Option(names = "--recipe", defaultValue = "cpu", paramLabel = "seed|cpu",
            description = "Recipe of train-encoder and classify (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Option(names = "--epochs", paramLabel = "N", description = "Pre-training epochs (default: the recipe's).")
    @Bounds(min = 1)
    Integer epochs;

    @Option(names = {"--steps-per-epoch", "--steps_per_epoch"}, paramLabel = "N",
            description = "Pre-training steps per epoch; a learning-curve point after each epoch (default: the"
                    + " recipe's).")
    @Bounds(min = 1)
    Integer stepsPerEpoch;

    @Option(names = "--batch", paramLabel = "B", description = "Pre-training pairs per step (default: the recipe's).")
    @Bounds(min = 2)
    Integer batch;

    @Option(names = "--crop", paramLabel = "FRAMES",
            description = "Crop and window length in frames (default: the recipe's).")
    @Bounds(min = 1)
    Integer crop;

    @Option(names = "--finetune-epochs", paramLabel = "N",
            description = "Epochs of the two fine-tuned classifiers (default: the recipe's).")
    @Bounds(min = 1)
    Integer finetuneEpochs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * One task's outcome.
     *
     * @param task the task's name
     * @param classes its number of classes
     * @param testClips its test clips
     * @param accuracy test accuracy per method, in {@link #METHODS} order
     * @param curveSteps pre-training steps of the learning-curve points
     * @param curveAccuracy COLA + linear test accuracy at those steps
     */
    record TaskResult(String task, int classes, int testClips, double[] accuracy, long[] curveSteps,
            double[] curveAccuracy) {
    }

    private final List<TaskResult> results = new ArrayList<>();

    /**
     * The results of the last run (for tests).
     *
     * @return one entry per task, in run order
     */
    List<TaskResult> results() {
        return results;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path root = CliPaths.resolve(suite);
        Path dir = CliPaths.resolve(out, "downstream");
        if (!Files.isDirectory(root)) {
            throw new CommandFailure(root + (Files.exists(root) ? ": not a directory" : ": no such directory"));
        }
        List<String> names = tasks != null ? tasks : taskFolders(root);
        if (names.isEmpty()) {
            throw new CommandFailure(root + ": no task folders (each needs fma_metadata/tracks.csv)");
        }
        long t0 = System.nanoTime();
        for (String task : names) {
            Path t = root.resolve(task);
            if (!Files.isRegularFile(t.resolve("fma_metadata/tracks.csv"))) {
                throw new CommandFailure(t + ": not a task folder (no fma_metadata/tracks.csv)");
            }
            results.add(runTask(o, task, t, dir.resolve(task)));
            report(o, dir, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    /** The subfolders of the suite that hold a task. */
    static List<String> taskFolders(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("fma_metadata/tracks.csv")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private TaskResult runTask(PrintWriter o, String task, Path t, Path dir) throws IOException {
        o.printf(Locale.ROOT, "%n=== downstream task %s ===%n", task);
        Path small = t.resolve("fma_small");
        Path large = t.resolve("fma_large");
        Path meta = t.resolve("fma_metadata");
        step(o, "audio-processing", "--mp3_path", small.toString());
        step(o, "audio-processing", "--mp3_path", large.toString());
        Path models = dir.resolve("model");
        List<String> pre = new ArrayList<>(List.of("train-encoder", "--mp3_path", large.toString(), "--out",
                models.toString(), "--recipe", recipe, "--snapshots", "--cache", "--resume", "--seed",
                Long.toString(seed), "--log-every", "100"));
        addIf(pre, "--epochs", epochs);
        addIf(pre, "--steps-per-epoch", stepsPerEpoch);
        addIf(pre, "--batch", batch);
        addIf(pre, "--crop", crop);
        Path encoder = models.resolve(TrainEncoderCommand.ENCODER);
        if (Files.isRegularFile(encoder)) {
            o.printf("(train-encoder: reusing %s; delete %s to pre-train again)%n", encoder, models);
        } else {
            step(o, pre.toArray(new String[0]));
        }
        double[] acc = new double[METHODS.size()];
        int classes = 0;
        int testClips = 0;
        String[][] runs = {
            {"features", "features", null},
            {"random-linear", "linear", null},
            {"scratch", "finetune", null},
            {"cola-linear", "linear", encoder.toString()},
            {"cola-finetune", "finetune", encoder.toString()},
        };
        for (int i = 0; i < runs.length; i++) {
            Map<String, Object> s = classify(o, meta, small, dir, runs[i][0], runs[i][1], runs[i][2]);
            acc[i] = ((Number) s.get("test_accuracy")).doubleValue();
            testClips = ((Number) s.get("test_clips")).intValue();
            classes = classesOf(s);
        }
        // the learning curve: COLA + linear on the encoder after every pre-training epoch
        List<Path> snaps = snapshots(models);
        long[] steps = new long[snaps.size()];
        double[] curve = new double[snaps.size()];
        for (int i = 0; i < snaps.size(); i++) {
            steps[i] = stepOf(snaps.get(i));
            Map<String, Object> s = classify(o, meta, small, dir.resolve("curve"), "cola-linear-step-" + steps[i],
                    "linear", snaps.get(i).toString());
            curve[i] = ((Number) s.get("test_accuracy")).doubleValue();
        }
        return new TaskResult(task, classes, testClips, acc, steps, curve);
    }

    private Map<String, Object> classify(PrintWriter o, Path meta, Path small, Path dir, String name, String mode,
            String encoder) throws IOException {
        Path json = dir.resolve(name + ".json");
        if (Files.isRegularFile(json) && (encoder == null || Files.getLastModifiedTime(json)
                .compareTo(Files.getLastModifiedTime(Path.of(encoder))) > 0)) {
            o.printf("(%s: reusing %s)%n", name, json);
            return readSummary(json);
        }
        List<String> args = new ArrayList<>(List.of("classify", "--metadata_path", meta.toString(), "--mp3_path",
                small.toString(), "--mode", mode, "--recipe", recipe, "--out", dir.toString(), "--name", name,
                "--seed", Long.toString(seed)));
        if (encoder != null) {
            args.add("--encoder_path");
            args.add(encoder);
        } else if (!mode.equals("features")) {
            // the random encoder has the shape the recipe pre-trains
            String[] shape = recipe.equals("cpu") ? new String[] {"0.25", "0.34", "max"} : new String[] {"1", "1", "avg"};
            args.addAll(List.of("--width", shape[0], "--depth", shape[1], "--pooling", shape[2]));
            addIf(args, "--crop", crop);
        }
        if (mode.equals("finetune")) {
            addIf(args, "--epochs", finetuneEpochs);
        }
        CommandLine cl = step(o, args.toArray(new String[0]));
        return ((ClassifyCommand) cl.getSubcommands().get("classify").getCommand()).summary();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readSummary(Path json) throws IOException {
        try {
            Object v = Json.parse(Files.readString(json));
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object x = e.getValue();
                m.put((String) e.getKey(), x instanceof Json.Num n ? (Object) n.doubleValue() : x);
            }
            return m;
        } catch (Json.JsonException | ClassCastException e) {
            throw new IOException(json + ": not a classify summary: " + e.getMessage(), e);
        }
    }

    private static int classesOf(Map<String, Object> summary) {
        Object report = summary.get("report");
        if (report instanceof Map<?, ?> r && r.get("classes") instanceof List<?> l) {
            return l.size();
        }
        return 0;
    }

    private static final Pattern SNAPSHOT = Pattern.compile("encoder-step-(\\d+)\\.safetensors");

    private static List<Path> snapshots(Path models) throws IOException {
        if (!Files.isDirectory(models)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(models)) {
            return s.filter(p -> SNAPSHOT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    private static long stepOf(Path snapshot) {
        Matcher m = SNAPSHOT.matcher(snapshot.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void addIf(List<String> args, String option, Integer value) {
        if (value != null) {
            args.add(option);
            args.add(value.toString());
        }
    }

    private CommandLine step(PrintWriter o, String... args) {
        return CommandStep.run(o, spec.commandLine().getErr(), false, args);
    }

    private void report(PrintWriter o, Path dir, double seconds) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        md.append("| task | classes | test clips | ");
        md.append(String.join(" | ", METHODS)).append(" |\n|---|---|---|");
        md.append("---|".repeat(METHODS.size())).append('\n');
        List<Object> json = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        double[][] values = new double[results.size()][];
        LineChart curve = new LineChart("COLA + linear against pre-training steps (0: the random encoder)",
                "pre-training steps", "test accuracy").integerX().yRange(0, 1).legend(LineChart.Legend.BELOW);
        for (int i = 0; i < results.size(); i++) {
            TaskResult r = results.get(i);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d |", r.task(), r.classes(), r.testClips()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", r.task());
            m.put("classes", r.classes());
            m.put("test_clips", r.testClips());
            Map<String, Object> acc = new LinkedHashMap<>();
            for (int k = 0; k < METHODS.size(); k++) {
                md.append(String.format(Locale.ROOT, " %.1f %% |", 100 * r.accuracy()[k]));
                acc.put(METHODS.get(k), r.accuracy()[k]);
            }
            md.append('\n');
            m.put("test_accuracy", acc);
            // the curve starts at step 0 with the random encoder of the same shape (random + linear)
            List<Object> points = new ArrayList<>();
            int n = r.curveSteps().length;
            double[] x = new double[n + 1];
            double[] y = new double[n + 1];
            y[0] = r.accuracy()[1];
            points.add(Map.of("steps", 0, "test_accuracy", y[0]));
            for (int k = 0; k < n; k++) {
                x[k + 1] = r.curveSteps()[k];
                y[k + 1] = r.curveAccuracy()[k];
                points.add(Map.of("steps", r.curveSteps()[k], "test_accuracy", y[k + 1]));
            }
            m.put("curve", points);
            json.add(m);
            groups.add(r.task());
            values[i] = r.accuracy();
            curve.add(r.task(), x, y, true);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("recipe", recipe);
        doc.put("seed", seed);
        doc.put("tasks", json);
        doc.put("seconds", seconds);
        PrepareDataCommand.write(dir.resolve("results.json"), Json.write(doc));
        PrepareDataCommand.write(dir.resolve("results.md"), md.toString());
        GroupedBarChart.write(dir.resolve("results.png"), "cola4j downstream suite: test accuracy (recipe " + recipe
                + ")", groups, METHODS, values);
        curve.write(dir.resolve("curve.png"), 800, 500);
        o.println();
        o.print(md);
        o.printf(Locale.ROOT, "downstream: %d task(s) in %.1f min; wrote results.json, results.md, results.png and"
                + " curve.png in %s%n", results.size(), seconds / 60, dir);
        o.flush();
    }
}
