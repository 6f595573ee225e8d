package io.github.cola4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class SizeBalancedBinsTest {

    @Property(tries = 200)
    void everyFileOnceAndNoBinAboveTheShareByMoreThanOneFile(
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 1_000_000) Long> sizes,
            @ForAll @IntRange(min = 1, max = 12) int bins) {
        List<ClusterFiles.Entry> entries = new ArrayList<>();
        long total = 0;
        long largest = 0;
        for (int i = 0; i < sizes.size(); i++) {
            entries.add(new ClusterFiles.Entry("f" + i, String.format("%03d.mp3", i), sizes.get(i)));
            total += sizes.get(i);
            largest = Math.max(largest, sizes.get(i));
        }
        List<List<ClusterFiles.Entry>> out = SizeBalancedBins.assign(entries, bins);
        assertTrue(out.size() <= bins);
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (List<ClusterFiles.Entry> bin : out) {
            assertTrue(!bin.isEmpty());
            long load = 0;
            for (ClusterFiles.Entry e : bin) {
                seen.add(e.relative());
                load += e.bytes();
                count++;
            }
            // the longest-processing-time rule: a bin exceeds the mean load by at most its last (smallest) file
            assertTrue(load <= total / Math.min(bins, Math.max(1, entries.size())) + largest,
                    "bin of " + load + " bytes, total " + total);
        }
        assertEquals(entries.size(), count);
        assertEquals(entries.size(), seen.size());
    }

    @org.junit.jupiter.api.Test
    void spreadsLargeFilesOverBinsInsteadOfByName() {
        List<ClusterFiles.Entry> e = List.of(new ClusterFiles.Entry("a", "000/a.mp3", 100),
                new ClusterFiles.Entry("b", "000/b.mp3", 100), new ClusterFiles.Entry("c", "001/c.mp3", 1),
                new ClusterFiles.Entry("d", "001/d.mp3", 1));
        List<List<ClusterFiles.Entry>> out = SizeBalancedBins.assign(e, 2);
        assertEquals(2, out.size());
        assertEquals(101, out.get(0).stream().mapToLong(ClusterFiles.Entry::bytes).sum());
        assertEquals(101, out.get(1).stream().mapToLong(ClusterFiles.Entry::bytes).sum());
    }
}
