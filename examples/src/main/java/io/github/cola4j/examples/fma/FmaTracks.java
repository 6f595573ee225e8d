package io.github.cola4j.examples.fma;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * FMA's {@code tracks.csv}: two header rows naming the columns (level 0 such as {@code set} or {@code track},
 * level 1 such as {@code subset} or {@code genre_top}), a third row {@code track_id,,,...} naming the index, then one
 * row per track with the track id first. Only the columns the pipeline needs are kept: ({@code set},
 * {@code subset}), ({@code set}, {@code split}) and ({@code track}, {@code genre_top}). The CSV itself is parsed
 * by Apache Commons CSV: its quoted fields hold commas, quotes and line breaks.
 */
public final class FmaTracks {

    /** The subsets, each inside the next. */
    public enum Subset {
        /** fma_small: 8,000 30-second clips, 8 balanced top genres. */
        SMALL,
        /** fma_medium: 25,000 30-second clips, 16 unbalanced top genres; contains the small subset. */
        MEDIUM,
        /** fma_large: 106,574 30-second clips, not all with a top genre; contains the medium subset. */
        LARGE;

        /**
         * Parses a subset name as FMA's {@code tracks.csv} and the command line write it.
         *
         * @param s {@code small}, {@code medium} or {@code large}, in any case, surrounding blanks ignored
         * @return the matching subset
         * @throws IllegalArgumentException if the name is none of the three
         */
        public static Subset parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown subset '" + s + "' (expected small, medium or large)");
            }
        }

        /**
         * Whether a track of subset {@code track} is part of this subset (small is in medium is in large).
         *
         * @param track the smallest subset a track belongs to
         * @return true when {@code track} is this subset or a smaller one
         */
        public boolean contains(Subset track) {
            return track.ordinal() <= ordinal();
        }

        /**
         * The subset's name as FMA writes it.
         *
         * @return {@code small}, {@code medium} or {@code large}
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One track.
     *
     * @param id the track id
     * @param subset the smallest subset it belongs to
     * @param split training, validation or test (FMA's official split)
     * @param genreTop the top genre, empty when it has none
     */
    public record Track(int id, Subset subset, String split, String genreTop) {
        /**
         * The audio path under a subset folder without extension: {@code 000/000002}.
         *
         * @return this track's path, as {@link #stem(int)} gives it
         */
        public String stem() {
            return stem(id);
        }

        /**
         * The audio path of a track id under a subset folder, without extension.
         *
         * @param id the track id, 0 to 999,999
         * @return the id as six digits, prefixed by a folder of its first three ({@code 2} gives
         *     {@code 000/000002})
         */
        public static String stem(int id) {
            String s = String.format(Locale.ROOT, "%06d", id);
            return s.substring(0, 3) + "/" + s;
        }
    }

    private final List<Track> tracks;

    private FmaTracks(List<Track> tracks) {
        this.tracks = tracks;
    }

    /**
     * The {@code tracks.csv} of a metadata folder, or the file itself when {@code path} is a file.
     *
     * @param path FMA's {@code fma_metadata} folder or a {@code tracks.csv} file
     * @return the path of the CSV file (not checked to exist)
     */
    public static Path csvFile(Path path) {
        return Files.isDirectory(path) ? path.resolve("tracks.csv") : path;
    }

    /**
     * Reads {@code tracks.csv} (a metadata folder or the file).
     *
     * @param path FMA's {@code fma_metadata} folder or a {@code tracks.csv} file
     * @return every track of the file, sorted by id
     * @throws IOException if the file is missing or unreadable, is not valid CSV, lacks the three header rows or
     *     the needed columns, or has a row that is too short, a non-numeric id or an unknown subset
     */
    public static FmaTracks read(Path path) throws IOException {
        Path file = csvFile(path);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file (expected FMA's fma_metadata/tracks.csv)");
        }
        long line = 1;
        try (CSVParser csv = open(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            Iterator<CSVRecord> rows = csv.iterator();
            List<List<String>> header = new ArrayList<>();
            while (header.size() < 3 && rows.hasNext()) {
                header.add(rows.next().toList());
                line = csv.getCurrentLineNumber() + 1;
            }
            if (header.size() < 3) {
                throw new IOException(file + ": fewer than the three header rows of FMA's tracks.csv");
            }
            List<String> top = header.get(0);
            List<String> sub = header.get(1);
            List<String> index = header.get(2);
            if (!index.get(0).trim().equals("track_id")) {
                throw new IOException(file + ": line 3 should be the index row 'track_id,,,...', found '"
                        + index.get(0) + "'");
            }
            int subset = column(file, top, sub, "set", "subset");
            int split = column(file, top, sub, "set", "split");
            int genre = column(file, top, sub, "track", "genre_top");
            int need = Math.max(subset, Math.max(split, genre));
            List<Track> out = new ArrayList<>();
            while (rows.hasNext()) {
                CSVRecord row = rows.next();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    line = csv.getCurrentLineNumber() + 1;
                    continue;
                }
                if (row.size() <= need) {
                    throw new IOException(file + ": line " + line + ": " + row.size() + " fields, expected "
                            + top.size());
                }
                int id;
                try {
                    id = Integer.parseInt(row.get(0).trim());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + line + ": track id '" + row.get(0) + "' is not a number");
                }
                Subset s;
                try {
                    s = Subset.parse(row.get(subset));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": line " + line + ": " + e.getMessage());
                }
                out.add(new Track(id, s, row.get(split).trim(), row.get(genre).trim()));
                line = csv.getCurrentLineNumber() + 1;
            }
            out.sort((a, b) -> Integer.compare(a.id(), b.id()));
            return new FmaTracks(Collections.unmodifiableList(out));
        } catch (UncheckedIOException e) {
            // the record iterator reports malformed CSV (an unclosed quote, text after a closing quote) and
            // undecodable bytes this way
            IOException cause = e.getCause();
            throw new IOException(file + ": line " + line + ": " + (cause instanceof CSVException ? "malformed CSV"
                    : "cannot be read") + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * A parser of FMA's CSV dialect: RFC 4180 (comma-separated fields; records ended by CRLF, LF or a lone CR, the
     * last one possibly unended; a field in double quotes may hold commas, line breaks and doubled quotes), after
     * an optional UTF-8 byte-order mark as pandas may write it. A quote inside an unquoted field is an ordinary
     * character; text after a closing quote and end of input inside quotes are errors. An empty line is a record
     * of one empty field, so that {@link CSVParser#getCurrentLineNumber()} counts every line.
     */
    static CSVParser open(Reader in) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return CSVFormat.RFC4180.parse(r);
    }

    private static int column(Path file, List<String> top, List<String> sub, String a, String b) throws IOException {
        for (int i = 0; i < Math.min(top.size(), sub.size()); i++) {
            if (top.get(i).trim().equals(a) && sub.get(i).trim().equals(b)) {
                return i;
            }
        }
        throw new IOException(file + ": no column (" + a + ", " + b + ") in the two header rows");
    }

    /**
     * All tracks, by id.
     *
     * @return an unmodifiable list of every track, sorted by id
     */
    public List<Track> all() {
        return tracks;
    }

    /**
     * The tracks of {@code subset} that have a top genre, by id.
     *
     * @param subset the subset whose tracks to keep (smaller subsets' tracks included)
     * @return a new list of those tracks, sorted by id
     */
    public List<Track> labelled(Subset subset) {
        List<Track> r = new ArrayList<>();
        for (Track t : tracks) {
            if (subset.contains(t.subset()) && !t.genreTop().isEmpty()) {
                r.add(t);
            }
        }
        return r;
    }

    /**
     * Genre name to class index, the genres sorted by name (a stable order).
     *
     * @param labelled tracks with a top genre, such as {@link #labelled(Subset)} gives
     * @return each distinct top genre mapped to its index in name order, from 0; iterated in name order
     */
    public static Map<String, Integer> mapping(List<Track> labelled) {
        TreeSet<String> names = new TreeSet<>();
        for (Track t : labelled) {
            names.add(t.genreTop());
        }
        Map<String, Integer> m = new TreeMap<>();
        int i = 0;
        for (String n : names) {
            m.put(n, i++);
        }
        return m;
    }
}
