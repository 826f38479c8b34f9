package org.conv4j.internal.simd;

/**
 * Plain-Java kernels for JVMs without the Vector API. The GEMM kernels are written for HotSpot's
 * auto-vectoriser (see {@link ScalarFloatGemm}); the float32 tile is 4 rows x 64 columns, or 16
 * or 32 columns when a layer has no more output channels, so that no work goes to padding.
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
