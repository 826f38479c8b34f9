package org.conv4j.internal.simd;

/**
 * Plain-Java kernels for JVMs without the Vector API, shaped so that HotSpot's auto-vectoriser
 * turns their hot loops into vector instructions (see {@link ScalarFloatGemm}). The GEMM tiles
 * are 4 x 64, and 4 x 32 for float32 convolutions with at most 32 output channels; float64 uses
 * the 64-wide one too (with 16 channels, 7% slower than the old 4 x 16 tile). Winograd runs its
 * GEMMs along the tiles instead ({@link #winogradAlongTiles()}) where the hardware fuses
 * multiply-adds and the layer has tiles enough; else it asks for the default tile
 * ({@link #floatGemm()}), so its layers with few channels compute some zero-padded columns.
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private final FloatGemmKernel floatGemm = new ScalarFloatGemm();
    private final FloatGemmKernel floatGemm32 = new ScalarFloatGemm32();
    private final DoubleGemmKernel doubleGemm = new ScalarDoubleGemm();

    private ScalarKernels() {
    }

    @Override
    public FloatGemmKernel floatGemm() {
        return floatGemm;
    }

    @Override
    public FloatGemmKernel floatGemm(int run, int columns) {
        return columns <= 32 ? floatGemm32 : floatGemm;
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
    public boolean winogradAlongTiles() {
        return ScalarTileMajorWinograd.available();
    }

    @Override
    public RowFilter rowFilter() {
        return ScalarRowFilter.INSTANCE;
    }

    @Override
    public DepthwiseKernel depthwise() {
        return ScalarDepthwiseKernel.INSTANCE;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
