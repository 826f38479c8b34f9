package org.conv4j.internal.simd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;

/**
 * The micro-kernels of one instruction set: the scalar fallback or the Vector API ones. Which one
 * runs is decided once per JVM, Lucene's way: the Vector API classes are loaded reflectively, and
 * only if the {@code jdk.incubator.vector} module is readable, so the library works on a plain
 * {@code java -jar} and tells the user, in one log line, which flag makes it fast.
 *
 * <p>System property {@code conv4j.simd}: {@code auto} (default), {@code vector} (fail if the
 * module is missing) or {@code scalar}.
 */
public interface Kernels {
    /** The float32 GEMM micro-kernel. */
    FloatGemmKernel floatGemm();

    /**
     * The float32 GEMM micro-kernel best suited to patch runs of {@code run} values and
     * {@code columns} output channels.
     */
    default FloatGemmKernel floatGemm(int run, int columns) {
        return floatGemm();
    }

    /** The float64 GEMM micro-kernel. */
    DoubleGemmKernel doubleGemm();

    /** The additions around Winograd F(2x2, 3x3). */
    WinogradTransforms winograd();

    /**
     * Whether Winograd's GEMMs should run along the tiles (pixels) rather than along the output
     * channels, with the plain-Java loops of {@link ScalarTileMajorWinograd}: true for the scalar
     * kernels, whose GEMM along 64 channels runs at a third of the speed of those loops, where the
     * hardware fuses multiply-adds.
     */
    default boolean winogradAlongTiles() {
        return false;
    }

    /** The single-plane row filter. */
    RowFilter rowFilter();

    /** The depthwise (per-channel) row kernel. */
    DepthwiseKernel depthwise();

    /** A short name, e.g. {@code "vector 512-bit"} or {@code "scalar"}. */
    String name();

    /** The kernels this JVM uses. */
    static Kernels get() {
        return Holder.INSTANCE;
    }

    /** The scalar kernels, whatever the JVM supports (tests compare both paths). */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** Static holder: lazy, thread-safe, no class-loading deadlock. */
    final class Holder {
        static final Kernels INSTANCE = lookup();

        private Holder() {
        }

        private static Kernels lookup() {
            String mode = System.getProperty("conv4j.simd", "auto").trim().toLowerCase(Locale.ROOT);
            if (mode.equals("scalar")) {
                return ScalarKernels.INSTANCE;
            }
            boolean readable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            if (!readable) {
                if (mode.equals("vector")) {
                    throw new IllegalStateException("conv4j.simd=vector but the jdk.incubator.vector module is not readable: "
                            + "run java with --add-modules jdk.incubator.vector");
                }
                System.getLogger("org.conv4j").log(System.Logger.Level.WARNING,
                        "conv4j: Java vector incubator module is not readable, using scalar kernels. "
                                + "For the fast path, pass '--add-modules jdk.incubator.vector' to java.");
                return ScalarKernels.INSTANCE;
            }
            try {
                Class<?> cls = MethodHandles.lookup().findClass("org.conv4j.internal.simd.VectorKernels");
                return (Kernels) MethodHandles.lookup().findConstructor(cls, MethodType.methodType(void.class)).invoke();
            } catch (Throwable t) {
                if (mode.equals("vector")) {
                    throw new IllegalStateException("conv4j.simd=vector but the Vector API kernels failed to load", t);
                }
                System.getLogger("org.conv4j").log(System.Logger.Level.WARNING,
                        "conv4j: Vector API kernels unavailable (" + t + "), using scalar kernels.");
                return ScalarKernels.INSTANCE;
            }
        }
    }
}
