package io.github.cola4j.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * The backends on the class path, found through {@link BackendProvider}s, and the one new tensors are created on
 * unless a backend is named: the CPU backend until changed.
 */
public final class Backends {
    private static final List<BackendProvider> PROVIDERS = load();
    private static final Backend CPU = named("cpu");
    private static volatile Backend defaultBackend = CPU;

    private Backends() {
    }

    private static List<BackendProvider> load() {
        List<BackendProvider> found = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            found.add(p);
        }
        return List.copyOf(found);
    }

    /**
     * The pure-Java CPU backend, always available.
     *
     * @return the single CPU backend instance
     */
    public static Backend cpu() {
        return CPU;
    }

    /**
     * The names of the backends on the class path, "cpu" always among them.
     *
     * @return the providers' names, in class-path order
     */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : PROVIDERS) {
            names.add(p.name());
        }
        return names;
    }

    /**
     * Opens the backend of this name (see {@link BackendProvider#open()} for who closes it).
     *
     * @param name a provider's name, such as "cpu" or "opencl" (case does not matter)
     * @return the opened backend
     * @throws IllegalArgumentException if no provider of that name is on the class path (the message lists those
     *     that are)
     * @throws UnsupportedOperationException if the provider cannot run here
     */
    public static Backend named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (BackendProvider p : PROVIDERS) {
            if (p.name().equals(n)) {
                return p.open();
            }
        }
        throw new IllegalArgumentException("no backend named '" + name + "' on the class path (found "
                + String.join(", ", names()) + "; a jar that merges dependencies must keep their"
                + " META-INF/services files)");
    }

    /**
     * The backend that new tensors are created on.
     *
     * @return the current default, never null; the CPU backend unless {@link #setDefault} changed it
     */
    public static Backend defaultBackend() {
        return defaultBackend;
    }

    /**
     * Makes {@code backend} the one new tensors are created on, for all threads; throws IllegalArgumentException
     * for null.
     *
     * @param backend the new default; tensors that already exist stay on their own backend
     * @throws IllegalArgumentException if {@code backend} is null
     */
    public static void setDefault(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        defaultBackend = backend;
    }
}
