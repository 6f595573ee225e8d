package io.github.cola4j.cola.embed;

import io.github.cola4j.tensor.cpu.Parallel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact nearest-neighbour search by cosine similarity over a set of embeddings. The rows are normalised once;
 * a query costs one pass over all of them (about a second for a million 1280-wide rows on two cores), which is
 * the right tool up to about 10^6 rows. Beyond that an approximate index (HNSW or IVF-PQ) trades a little recall
 * for far less time per query.
 */
public final class EmbeddingIndex {
    /**
     * One hit of a search.
     *
     * @param row the row of the index
     * @param key the row's key (such as the clip's path)
     * @param score cosine similarity to the query, in [-1, 1] (0 for an all-zero row or query)
     */
    public record Neighbour(int row, String key, double score) {
    }

    private final float[] unit;
    private final int rows;
    private final int dimension;
    private final List<String> keys;

    /**
     * An index over {@code rows} embeddings of {@code dimension} values each.
     *
     * @param embeddings row-major [rows][dimension]; copied
     * @param dimension values per embedding, at least 1
     * @param keys one key per row, in row order
     * @throws IllegalArgumentException if the sizes disagree or a value is not finite (naming the row)
     */
    public EmbeddingIndex(float[] embeddings, int dimension, List<String> keys) {
        if (dimension < 1 || embeddings.length % dimension != 0 || embeddings.length / dimension != keys.size()) {
            throw new IllegalArgumentException(embeddings.length + " values are not " + keys.size() + " rows of "
                    + dimension);
        }
        this.rows = keys.size();
        this.dimension = dimension;
        this.keys = List.copyOf(keys);
        this.unit = new float[embeddings.length];
        for (int r = 0; r < rows; r++) {
            normalise(embeddings, r * dimension, unit, r * dimension, dimension, "row " + r + " (" + keys.get(r) + ")");
        }
    }

    /**
     * Number of rows.
     *
     * @return the rows given to the constructor
     */
    public int size() {
        return rows;
    }

    /**
     * Values per embedding.
     *
     * @return the dimension given to the constructor
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The key of a row.
     *
     * @param row a row index
     * @return its key
     * @throws IndexOutOfBoundsException if there is no such row
     */
    public String key(int row) {
        return keys.get(row);
    }

    /**
     * The row with a given key.
     *
     * @param key a key
     * @return the first row with that key, or -1
     */
    public int rowOf(String key) {
        return keys.indexOf(key);
    }

    /**
     * The {@code k} rows most similar to a vector, best first (ties in row order).
     *
     * @param query {@link #dimension()} values
     * @param k how many, at least 1 (fewer come back when the index is smaller)
     * @return the hits, highest cosine similarity first
     * @throws IllegalArgumentException if the query's length differs from the dimension, a value is not finite,
     *     or {@code k} is below 1
     */
    public List<Neighbour> nearest(float[] query, int k) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("the query has " + query.length + " values, the index "
                    + dimension);
        }
        float[] q = new float[dimension];
        normalise(query, 0, q, 0, dimension, "the query");
        return top(scores(q), k, -1);
    }

    /**
     * The {@code k} rows most similar to one of the index's rows: the row itself first, then the others best
     * first.
     *
     * @param row the query row
     * @param k how many, at least 1, the row itself included
     * @return the hits, the query row first
     * @throws IndexOutOfBoundsException if there is no such row
     * @throws IllegalArgumentException if {@code k} is below 1
     */
    public List<Neighbour> nearest(int row, int k) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of an index of " + rows);
        }
        float[] q = new float[dimension];
        System.arraycopy(unit, row * dimension, q, 0, dimension);
        return top(scores(q), k, row);
    }

    private float[] scores(float[] q) {
        float[] s = new float[rows];
        Parallel.forRange(rows, 1024, (from, to) -> {
            for (int r = from; r < to; r++) {
                double dot = 0;
                int o = r * dimension;
                for (int j = 0; j < dimension; j++) {
                    dot += unit[o + j] * q[j];
                }
                s[r] = (float) dot;
            }
        });
        return s;
    }

    /** The best {@code k} of {@code s}; {@code first}, when not -1, is put first whatever its score. */
    private List<Neighbour> top(float[] s, int k, int first) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        int want = Math.min(k, rows) - (first >= 0 ? 1 : 0);
        // a min-heap of the best so far: the worst (lowest score, then highest row) on top
        PriorityQueue<Integer> heap = new PriorityQueue<>((a, b) -> s[a] != s[b] ? Float.compare(s[a], s[b])
                : Integer.compare(b, a));
        for (int r = 0; r < rows && want > 0; r++) {
            if (r == first) {
                continue;
            }
            if (heap.size() < want) {
                heap.add(r);
            } else if (s[r] > s[heap.peek()]) {
                heap.poll();
                heap.add(r);
            }
        }
        List<Integer> best = new ArrayList<>(heap);
        best.sort((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
        List<Neighbour> out = new ArrayList<>(best.size() + 1);
        if (first >= 0) {
            out.add(new Neighbour(first, keys.get(first), s[first]));
        }
        for (int r : best) {
            out.add(new Neighbour(r, keys.get(r), s[r]));
        }
        return Collections.unmodifiableList(out);
    }

    private static void normalise(float[] x, int xo, float[] y, int yo, int n, String what) {
        double ss = 0;
        for (int j = 0; j < n; j++) {
            float v = x[xo + j];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(what + " holds " + v + " at " + j);
            }
            ss += (double) v * v;
        }
        double inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
        for (int j = 0; j < n; j++) {
            y[yo + j] = (float) (x[xo + j] * inv);
        }
    }
}
