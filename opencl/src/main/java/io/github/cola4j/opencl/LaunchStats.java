package io.github.cola4j.opencl;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The backend's counters: launches and their wall time per op code, host-device transfers, float64 ops run on the
 * host, host round trips per op, and arena growths. Not thread-safe: the backend holds its lock around it.
 */
final class LaunchStats {
    private long launches;
    /** Launches per op code of {@link DeviceKernel}. */
    private final long[] launchesByOp = new long[DeviceKernel.OP_NAMES.length];
    /** Wall time spent in launches per op code (Aparapi's execute returns when the kernel has finished). */
    private final long[] nanosByOp = new long[DeviceKernel.OP_NAMES.length];
    /** Floating-point operations per op code, counted by the host code from each launch's sizes. */
    private final long[] flopsByOp = new long[DeviceKernel.OP_NAMES.length];
    /** Bytes read and written per op code (each distinct element of each operand once per launch). */
    private final long[] bytesByOp = new long[DeviceKernel.OP_NAMES.length];
    private long uploads;
    private long uploadedFloats;
    private long downloads;
    private long downloadedFloats;
    private long hostOps;
    private long arenaGrowths;
    private final Map<String, Long> roundTrips = new TreeMap<>();
    private final Set<String> warnedRoundTrips = new HashSet<>();

    /** Counts the wall time of a launch of {@code op}, whether or not it ran on OpenCL. */
    void timed(int op, long nanos) {
        nanosByOp[op] += nanos;
    }

    /** Counts a launch of {@code op} that ran on OpenCL, with its floating-point operations and bytes moved. */
    void launched(int op, long flops, long bytes) {
        launches++;
        launchesByOp[op]++;
        flopsByOp[op] += flops;
        bytesByOp[op] += bytes;
    }

    /** Counts a host-to-device transfer of {@code floats} floats. */
    void uploaded(long floats) {
        uploads++;
        uploadedFloats += floats;
    }

    /** Counts a device-to-host transfer of {@code floats} floats. */
    void downloaded(long floats) {
        downloads++;
        downloadedFloats += floats;
    }

    /** Counts an op on float64 (host) tensors. */
    void hostOp() {
        hostOps++;
    }

    /** Counts a growth of the arena (its transfers are counted separately). */
    void arenaGrew() {
        arenaGrowths++;
    }

    /**
     * Counts a host round trip of {@code op}.
     *
     * @return true the first time {@code op} makes one, so that the caller logs it once
     */
    boolean roundTrip(String op) {
        roundTrips.merge(op, 1L, Long::sum);
        return warnedRoundTrips.add(op);
    }

    /** The counters as the backend's public snapshot, with the arena's size and use. */
    OpenClBackend.Stats snapshot(Arena arena) {
        return new OpenClBackend.Stats(launches, uploads, uploadedFloats, downloads, downloadedFloats, hostOps,
                Map.copyOf(roundTrips), arena.capacity(), arena.used(), arenaGrowths, byKernel(launchesByOp),
                byKernel(nanosByOp), byKernel(flopsByOp), byKernel(bytesByOp));
    }

    private Map<String, Long> byKernel(long[] perOp) {
        Map<String, Long> m = new TreeMap<>();
        for (int op = 0; op < perOp.length; op++) {
            if (launchesByOp[op] > 0) {
                m.put(DeviceKernel.OP_NAMES[op], perOp[op]);
            }
        }
        return m;
    }
}
