package io.github.cola4j.examples.cli;

import io.github.cola4j.cola.embed.AudioEncoder;
import io.github.cola4j.cola.embed.EmbeddingIndex;
import io.github.cola4j.examples.embed.EmbeddingFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cola4j similar}: the clips of an embedding set nearest to a query by cosine similarity (an exact search).
 */
@Command(name = "similar", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the K clips of an embedding set (written by embed) nearest to a query, by cosine"
                + " similarity, best first.",
            "The query is a row number of the set, a file of the set (its own row; it comes first), or any other"
                + " audio file, embedded with --encoder_path.",
            "The search is exact: fine up to about a million clips; beyond that use an approximate index (HNSW,"
                + " IVF-PQ) over NAME.npy."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the set or the query cannot be read", "2:bad usage"})
public final class SimilarCommand implements Callable<Integer> {

    @Option(names = "--index", required = true, paramLabel = "NAME",
            description = "The embedding set: NAME.npy and NAME.csv as embed writes them.")
    Path index;

    @Option(names = "--query", required = true, paramLabel = "FILE|ROW",
            description = "A row number of the set (from 0), a file of the set, or another audio file.")
    String query;

    @Option(names = "-k", defaultValue = "10", paramLabel = "K",
            description = "How many clips to print (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    int k;

    @Option(names = {"--encoder_path", "--encoder-path"}, paramLabel = "FILE",
            description = "Encoder that embeds a query file that is not in the set (the one the set was made with).")
    Path encoderPath;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private List<EmbeddingIndex.Neighbour> hits;

    /**
     * The hits of the last run (for tests).
     *
     * @return the neighbours printed by the last successful run, or null before one
     */
    public List<EmbeddingIndex.Neighbour> hits() {
        return hits;
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Path name = CliPaths.resolve(index);
        try {
            EmbeddingFiles.Table t = EmbeddingFiles.read(name);
            EmbeddingIndex idx = new EmbeddingIndex(t.embeddings(), t.dimension(),
                    t.rows().stream().map(EmbeddingFiles.Row::path).toList());
            String q = query.trim();
            if (q.matches("\\d+")) {
                long row = Long.parseLong(q);
                if (row >= idx.size()) {
                    throw new IOException(name + ": row " + row + " asked, the set has " + idx.size() + " rows");
                }
                hits = idx.nearest((int) row, k);
            } else {
                Path file = CliPaths.resolve(Path.of(q));
                int row = idx.rowOf(file.toString());
                if (row >= 0) {
                    hits = idx.nearest(row, k);
                } else {
                    if (!Files.isRegularFile(file)) {
                        throw new IOException(file + ": no such file, and not a row number");
                    }
                    if (encoderPath == null) {
                        throw new CommandLine.ParameterException(spec.commandLine(), file + " is not in the set;"
                                + " give --encoder_path to embed it");
                    }
                    AudioEncoder encoder = AudioEncoder.load(CliPaths.resolve(encoderPath));
                    if (encoder.dimension() != idx.dimension()) {
                        throw new IOException(encoderPath + ": embeds " + encoder.dimension() + " values, the set"
                                + " holds " + idx.dimension());
                    }
                    hits = idx.nearest(encoder.embed(file), k);
                }
            }
            o.printf(Locale.ROOT, "%4s  %7s  %s%n", "rank", "cosine", "path");
            for (int i = 0; i < hits.size(); i++) {
                EmbeddingIndex.Neighbour h = hits.get(i);
                o.printf(Locale.ROOT, "%4d  %7.4f  %s%n", i + 1, h.score(), h.key());
            }
            o.flush();
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(name + ": " + e.getMessage(), e);
        }
    }
}
