package io.github.cola4j.examples.fma;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The labelled clips {@code classify} trains and tests on, from one of three descriptions: FMA's
 * {@code tracks.csv}, a CSV of {@code path,label[,split]}, or a folder with one subfolder per class.
 *
 * @param tracks the clips, in the description's order
 * @param hasSplit whether the description gives each clip's split (else {@code classify} draws a random one)
 * @param source what was read, for messages
 */
public record LabelledTracks(List<Track> tracks, boolean hasSplit, String source) {
    /** The splits a description may name. */
    private static final Set<String> SPLITS = Set.of("training", "validation", "test");

    /**
     * One labelled clip.
     *
     * @param id a name for reports (FMA's track id, or the path as written)
     * @param features the clip's log-mel {@code .npy} file
     * @param label its class name
     * @param split {@code training}, {@code validation}, {@code test}, or empty when the description has none
     */
    public record Track(String id, Path features, String label, String split) {
    }

    /**
     * The labelled tracks of an FMA subset.
     *
     * @param metadata FMA's metadata folder or its {@code tracks.csv}
     * @param subset the subset whose labelled tracks are taken
     * @param audio the subset's folder, holding {@code 000/000002.npy} and so on
     * @return the tracks with their top genre and official split
     * @throws IOException if {@code tracks.csv} cannot be read or lacks FMA's columns
     */
    public static LabelledTracks fma(Path metadata, FmaTracks.Subset subset, Path audio) throws IOException {
        List<Track> out = new ArrayList<>();
        for (FmaTracks.Track t : FmaTracks.read(metadata).labelled(subset)) {
            out.add(new Track(Integer.toString(t.id()), audio.resolve(t.stem() + ".npy"), t.genreTop(), t.split()));
        }
        return new LabelledTracks(out, true, FmaTracks.csvFile(metadata) + " (subset " + subset.id() + ")");
    }

    /**
     * The clips listed in a CSV file with a header row: a {@code path} column (relative to the CSV file's folder;
     * an audio file stands for the {@code .npy} beside it that {@code audio-processing} writes), a {@code label}
     * column, and optionally a {@code split} column ({@code training}, {@code validation} or {@code test}).
     *
     * @param csv the file
     * @return the clips in file order
     * @throws IOException if the file cannot be read, lacks a column, or has an empty path or label or an unknown
     *     split; the message names the file and the line
     */
    public static LabelledTracks csv(Path csv) throws IOException {
        Path base = csv.toAbsolutePath().getParent();
        List<Track> out = new ArrayList<>();
        boolean hasSplit;
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            Map<String, Integer> cols = p.getHeaderMap();
            if (!cols.containsKey("path") || !cols.containsKey("label")) {
                throw new IOException(csv + ": needs a header row with 'path' and 'label' columns, has "
                        + p.getHeaderNames());
            }
            hasSplit = cols.containsKey("split");
            for (CSVRecord rec : p) {
                String path = rec.get("path").trim();
                String label = rec.get("label").trim();
                String split = hasSplit ? rec.get("split").trim().toLowerCase(Locale.ROOT) : "";
                if (path.isEmpty() || label.isEmpty()) {
                    throw new IOException(csv + ": line " + (rec.getRecordNumber() + 1) + ": empty path or label");
                }
                if (hasSplit && !SPLITS.contains(split)) {
                    throw new IOException(csv + ": line " + (rec.getRecordNumber() + 1) + ": split '" + split
                            + "' (expected training, validation or test)");
                }
                out.add(new Track(path, features(base.resolve(path).normalize()), label, split));
            }
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException(csv + ": " + e.getMessage(), e);
        }
        return new LabelledTracks(out, hasSplit, csv.toString());
    }

    /**
     * Every {@code .npy} file under each subfolder of {@code dir}, labelled with the subfolder's name.
     *
     * @param dir a folder with one subfolder per class
     * @return the clips, classes and files in name order, without splits
     * @throws IOException if the folder cannot be listed
     */
    public static LabelledTracks folders(Path dir) throws IOException {
        List<Track> out = new ArrayList<>();
        List<Path> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        for (Path c : classes) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(c)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".npy")).filter(Files::isRegularFile)
                        .sorted().toList();
            }
            for (Path f : files) {
                out.add(new Track(dir.relativize(f).toString(), f, c.getFileName().toString(), ""));
            }
        }
        return new LabelledTracks(out, false, dir + " (one folder per class)");
    }

    /** The {@code .npy} that stands for {@code file}: itself, or the same name with {@code .npy}. */
    private static Path features(Path file) {
        String n = file.getFileName().toString();
        if (n.toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return file;
        }
        int dot = n.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".npy");
    }

    /**
     * The class names sorted by name, as FMA's genres are (the index of a name is its class).
     *
     * @return the sorted distinct labels
     */
    public List<String> classNames() {
        return tracks.stream().map(Track::label).distinct().sorted().toList();
    }
}
