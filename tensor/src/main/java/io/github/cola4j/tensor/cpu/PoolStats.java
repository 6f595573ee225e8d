package io.github.cola4j.tensor.cpu;

/**
 * What the CPU backend's pool of released arrays holds and has served (see
 * {@link io.github.cola4j.tensor.MemoryScope}): a training loop that closes one scope per step should see the
 * misses stop growing after its first step and the pooled bytes stay flat.
 *
 * @param capacityBytes the most bytes the pool keeps ({@code -Dcola4j.cpu.poolBytes}, by default half the heap)
 * @param pooledBytes bytes of the arrays waiting in the pool now
 * @param hits large allocations served from the pool so far
 * @param misses large allocations the pool could not serve so far (they came from the Java heap)
 */
public record PoolStats(long capacityBytes, long pooledBytes, long hits, long misses) {
}
