package io.github.cola4j.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A region of one thread's work (typically one training step) whose tensors are freed together when it closes:
 * every storage allocated on this thread while the scope is open is {@linkplain Storage#release() released} at
 * {@link #close()}, unless it was {@linkplain #keep kept} or {@linkplain #retain retained}. The CPU backend puts
 * released arrays back into a pool that later allocations of the same size take from, so a training loop that
 * opens one scope per step stops allocating (and zeroing, page-faulting and collecting) its activations and
 * gradients anew each step; a device backend returns the memory to the device at once.
 *
 * <pre>{@code
 * for (Batch b : batches) {
 *     try (MemoryScope step = MemoryScope.open()) {
 *         Variable loss = model.loss(b.x(), b.y());
 *         optimiser.zeroGrad();
 *         loss.backward();
 *         optimiser.step();
 *         history.add(loss.value().item());   // read what you need before the scope closes
 *     }
 * }
 * }</pre>
 *
 * <p>What outlives the step is state: parameter values and gradients, optimiser moments and module buffers
 * retain their storage when they are stored ({@code autograd} and {@code nn} do this), so only the step's own
 * temporaries are freed. A tensor that escapes a scope by any other way is unusable after it closes, and an op on
 * it fails naming the released storage instead of reading recycled memory. Raw arrays taken from a released CPU
 * storage must not be used after the scope closes either.
 *
 * <p>Scopes nest: {@link #keep} hands a tensor to the enclosing scope (or to the garbage collector when there is
 * none). A scope belongs to the thread that opened it and must be closed on that thread, innermost first; storage
 * allocated by other threads (kernel worker threads) is never tracked.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

    private final MemoryScope parent;
    private final Thread thread;
    private final List<Storage> tracked = new ArrayList<>();
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
        this.thread = Thread.currentThread();
    }

    /**
     * Opens a scope on this thread, inside the one already open if any.
     *
     * @return the new innermost scope of this thread; close it with try-with-resources
     */
    public static MemoryScope open() {
        MemoryScope s = new MemoryScope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /**
     * The innermost open scope of this thread.
     *
     * @return the scope new storage is tracked by, or null when none is open
     */
    public static MemoryScope current() {
        return CURRENT.get();
    }

    /** Called by {@link Storage}'s constructor: the innermost scope of this thread, if any, tracks it. */
    static void track(Storage s) {
        MemoryScope scope = CURRENT.get();
        if (scope != null) {
            s.scope = scope;
            scope.tracked.add(s);
        }
    }

    /**
     * Lets {@code t} outlive this scope: its storage moves to the enclosing scope, or is left to the garbage
     * collector when this scope is the outermost. Does nothing for storage this scope does not track.
     *
     * @param t a tensor allocated in this scope (any view of its storage will do)
     * @param <T> the tensor's type
     * @return {@code t}, for chaining
     */
    public <T extends Tensor> T keep(T t) {
        Storage s = t.storage();
        if (s.scope == this) {
            s.scope = parent;
            if (parent != null) {
                parent.tracked.add(s);
            }
        }
        return t;
    }

    /**
     * Takes {@code t}'s storage out of every scope: it lives as long as something references it, like any Java
     * object. State that outlives a step (parameters, gradients, optimiser moments, buffers) is stored this way.
     *
     * @param t any tensor
     * @param <T> the tensor's type
     * @return {@code t}, for chaining
     */
    public static <T extends Tensor> T retain(T t) {
        untrack(t.storage());
        return t;
    }

    /**
     * Hands state that is no longer needed (a cleared gradient, say) to the innermost open scope of this thread,
     * which releases it when it closes, so the next step can reuse its memory. Storage that a scope already tracks
     * stays with that scope; with no scope open, the storage is left to the garbage collector.
     *
     * @param t a tensor whose storage nothing else uses after the innermost scope closes
     */
    public static void releaseAtClose(Tensor t) {
        MemoryScope scope = CURRENT.get();
        Storage s = t.storage();
        if (scope != null && s.scope == null) {
            s.scope = scope;
            scope.tracked.add(s);
        }
    }

    /**
     * Takes one storage out of every scope (a backend whose storage wraps another owns the inner one).
     *
     * @param s any storage
     */
    public static void untrack(Storage s) {
        s.scope = null;
    }

    /**
     * How many storages this scope would release if it closed now.
     *
     * @return the count of tracked storages neither kept nor retained since
     */
    public int trackedCount() {
        int n = 0;
        for (Storage s : tracked) {
            n += s.scope == this ? 1 : 0;
        }
        return n;
    }

    /**
     * Releases every storage still tracked by this scope and makes the enclosing scope current again. Closing
     * twice does nothing.
     *
     * @throws IllegalStateException if called on another thread, or while a scope opened inside this one is open
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a memory scope must be closed on the thread that opened it ("
                    + thread.getName() + "), not on " + Thread.currentThread().getName());
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("memory scopes must be closed innermost first");
        }
        closed = true;
        CURRENT.set(parent);
        for (Storage s : tracked) {
            if (s.scope == this) {
                s.scope = null;
                s.release();
            }
        }
        tracked.clear();
    }
}
