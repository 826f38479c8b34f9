package org.conv4j.internal.simd;

/**
 * Plain-Java kernels for JVMs without the Vector API, shaped so that HotSpot's auto-vectoriser
 * turns their hot loops into vector instructions (see {@link ScalarFloatGemm}). The GEMM tiles
 * are 4 x 64 for both types: one width only, because C2 compiles a loop for the trip counts it
 * has seen, and layers with fewer output channels lose less to the zero-padded columns (with 16
 * channels, float32 still gained and float64 lost 7% against the old 4 x 16 tile).
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private final FloatGemmKernel floatGemm = new ScalarFloatGemm();
    private final DoubleGemmKernel doubleGemm = new ScalarDoubleGemm();

    private ScalarKernels() {
    }

    @Override
    public FloatGemmKernel floatGemm() {
        return floatGemm;
    }

    @Override
    public DoubleGemmKernel doubleGemm() {
        return doubleGemm;
    }

    @Override
    public WinogradTransforms winograd() {
        return ScalarWinogradTransforms.INSTANCE;
    }

    @Override
    public RowFilter rowFilter() {
        return ScalarRowFilter.INSTANCE;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
