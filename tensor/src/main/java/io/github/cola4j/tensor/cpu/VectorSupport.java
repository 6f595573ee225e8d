package io.github.cola4j.tensor.cpu;


/**
 * Tells whether the Java Vector API ({@code jdk.incubator.vector}) can be used by the CPU kernels.
 *
 * <p>The module is incubating in JDK 17 and must be added explicitly with
 * {@code --add-modules jdk.incubator.vector}. Classes that touch it are only loaded when
 * {@link #enabled()} is true; otherwise the kernels run their plain Java paths (still correct, slower) and a
 * single log line on the {@code io.github.cola4j} logger says how to turn the fast path on.
 *
 * <p>The system property {@code cola4j.vector=false} turns the fast path off even where the module is present.
 */
public final class VectorSupport {

    private static final boolean ENABLED = detect();

    private VectorSupport() {
    }

    /**
     * True when the Vector API fast paths are in use.
     *
     * @return whether the module is present and {@code cola4j.vector} is not false; fixed when the class loads
     */
    public static boolean enabled() {
        return ENABLED;
    }

    private static boolean detect() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean allowed = !"false".equalsIgnoreCase(System.getProperty("cola4j.vector", "true"));
        if (!present) {
            System.getLogger("io.github.cola4j").log(System.Logger.Level.INFO,
                    "Vector API fast path is off: start the JVM with --add-modules jdk.incubator.vector to turn it on");
        } else if (!allowed) {
            System.getLogger("io.github.cola4j").log(System.Logger.Level.INFO,
                    "Vector API fast path is off: system property cola4j.vector=false");
        }
        return present && allowed;
    }
}
