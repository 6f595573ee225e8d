package io.github.cola4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Spreads files over tasks by size, not by folder, so that no task gets all the long tracks: largest first, each
 * into the bin with the fewest bytes so far (the longest-processing-time rule; no bin ends more than one file above
 * the ideal share).
 */
public final class SizeBalancedBins {

    private SizeBalancedBins() {
    }

    /**
     * Assigns every entry to one of at most {@code bins} bins.
     *
     * @param entries the files, with their sizes
     * @param bins the number of bins wanted, at least 1
     * @return the non-empty bins, each sorted by relative path, largest bin (in bytes) first; every entry is in
     *     exactly one
     * @throws IllegalArgumentException if {@code bins} is below 1
     */
    public static List<List<ClusterFiles.Entry>> assign(List<ClusterFiles.Entry> entries, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        List<ClusterFiles.Entry> bySize = new ArrayList<>(entries);
        bySize.sort(Comparator.comparingLong(ClusterFiles.Entry::bytes).reversed()
                .thenComparing(ClusterFiles.Entry::relative));
        int n = Math.min(bins, Math.max(1, entries.size()));
        List<List<ClusterFiles.Entry>> out = new ArrayList<>();
        long[] load = new long[n];
        PriorityQueue<Integer> lightest = new PriorityQueue<>((a, b) -> load[a] != load[b]
                ? Long.compare(load[a], load[b]) : Integer.compare(a, b));
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
            lightest.add(i);
        }
        for (ClusterFiles.Entry e : bySize) {
            int b = lightest.poll();
            out.get(b).add(e);
            load[b] += e.bytes();
            lightest.add(b);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!out.get(i).isEmpty()) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Long.compare(load[b], load[a]));
        List<List<ClusterFiles.Entry>> result = new ArrayList<>();
        for (int i : order) {
            List<ClusterFiles.Entry> bin = out.get(i);
            bin.sort(Comparator.comparing(ClusterFiles.Entry::relative));
            result.add(bin);
        }
        return result;
    }
}
