package io.github.cola4j.examples.cli;

import io.github.cola4j.examples.fma.FmaTracks;
import io.github.cola4j.nn.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.github.cola4j.tensor.io.AtomicFile;

/**
 * {@code cola4j prepare-data}: reads FMA's {@code tracks.csv} and writes the labels of a subset as
 * {@code tracks_genre.json} (track id to top genre), {@code mapping.json} (genre to class index, genres sorted by
 * name) and {@code tracks_split.json} (track id to the official training/validation/test split).
 */
@Command(name = "prepare-data", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads FMA's tracks.csv and writes tracks_genre.json (track id -> top genre), mapping.json"
                + " (genre -> class index, genres in name order) and tracks_split.json (track id -> official"
                + " training/validation/test split) for the tracks of a subset that have a top genre."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:tracks.csv cannot be read or is malformed, or an output cannot be written",
            "2:bad usage"})
public final class PrepareDataCommand implements Callable<Integer> {
    /** Output file mapping each labelled track id to its top genre. */
    public static final String TRACKS_GENRE = "tracks_genre.json";
    /** Output file mapping each genre to its class index (genres in name order). */
    public static final String MAPPING = "mapping.json";
    /** Output file mapping each labelled track id to its official split (training, validation or test). */
    public static final String TRACKS_SPLIT = "tracks_split.json";

    @Option(names = {"--metadata_path", "--metadata-path"}, required = true, paramLabel = "DIR",
            description = "FMA's fma_metadata folder (or its tracks.csv).")
    Path metadataPath;

    @Option(names = "--subset", defaultValue = "small", paramLabel = "small|medium|large",
            converter = SubsetConverter.class,
            description = "Tracks of this subset (small is inside medium is inside large; default: ${DEFAULT-VALUE}).")
    FmaTracks.Subset subset;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the JSON files go (default: the working directory).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        FmaTracks.Subset s = subset;
        Path meta = CliPaths.resolve(metadataPath);
        Path dir = CliPaths.resolve(out, ".");
        try {
            FmaTracks tracks = FmaTracks.read(meta);
            List<FmaTracks.Track> labelled = tracks.labelled(s);
            Map<String, Integer> mapping = FmaTracks.mapping(labelled);
            Map<String, Object> genres = new LinkedHashMap<>();
            Map<String, Object> splits = new LinkedHashMap<>();
            Map<String, Integer> perSplit = new TreeMap<>();
            for (FmaTracks.Track t : labelled) {
                genres.put(Integer.toString(t.id()), t.genreTop());
                splits.put(Integer.toString(t.id()), t.split());
                perSplit.merge(t.split().isEmpty() ? "(none)" : t.split(), 1, Integer::sum);
            }
            Map<String, Object> mappingJson = new LinkedHashMap<>(mapping);
            write(dir.resolve(TRACKS_GENRE), Json.write(genres));
            write(dir.resolve(MAPPING), Json.write(mappingJson));
            write(dir.resolve(TRACKS_SPLIT), Json.write(splits));
            o.printf(Locale.ROOT, "prepare-data: %d tracks in %s; subset %s: %d with a top genre, %d genres %s;"
                    + " split %s%n", tracks.all().size(), FmaTracks.csvFile(meta), s.id(), labelled.size(),
                    mapping.size(), mapping.keySet(), perSplit);
            o.printf("wrote %s, %s and %s in %s%n", TRACKS_GENRE, MAPPING, TRACKS_SPLIT, dir);
            o.flush();
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        }
    }

    static void write(Path file, String text) throws IOException {
        AtomicFile.writeString(file, text);
    }
}
