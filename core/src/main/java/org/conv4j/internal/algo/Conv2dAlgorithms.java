package org.conv4j.internal.algo;

import org.conv4j.Algorithm;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.simd.Kernels;

/**
 * Which {@link Conv2dAlgorithm} computes a validated conv2d geometry: the one place where the
 * choice is made, for {@code conv2d} itself and for the operations that run on conv2d's
 * machinery ({@code conv1d}, and {@code conv3d}'s stacked depth slices).
 */
public final class Conv2dAlgorithms {
    private Conv2dAlgorithms() {
    }

    /**
     * The algorithm {@code choice} asks for, bound to the geometry and the (HWIO) filter; empty
     * problems always get {@link EmptyConv2d}, since the others size their tiles by dimensions
     * that are zero there.
     *
     * @throws IllegalArgumentException if a forced fast path cannot compute the geometry
     */
    public static Conv2dAlgorithm choose(Conv2dGeometry geometry, Tensor filter, Algorithm choice) {
        if (EmptyConv2d.applies(geometry)) {
            return new EmptyConv2d(geometry);
        }
        return switch (choice) {
            case REFERENCE -> new ReferenceConv2d(geometry, filter);
            case AUTO -> fastest(geometry, filter);
            case GEMM -> new GemmConv2d(geometry, filter);
            case WINOGRAD -> winograd(geometry, filter, Kernels.get(), OutputLayout.of(geometry));
        };
    }

    /**
     * Winograd F(2x2, 3x3) laid out the way the kernels run it fastest: along the tiles for the
     * scalar kernels ({@link TileMajorWinogradConv2d}) when its blocks are long enough, along the
     * output channels otherwise ({@link WinogradConv2d}).
     *
     * @throws IllegalArgumentException if Winograd cannot compute the geometry
     */
    public static PartitionedConv2d winograd(Conv2dGeometry geometry, Tensor filter, Kernels kernels, OutputLayout layout) {
        if (kernels.winogradAlongTiles() && TileMajorWinogradConv2d.applies(geometry)) {
            return new TileMajorWinogradConv2d(geometry, filter, layout);
        }
        return new WinogradConv2d(geometry, filter, kernels, layout);
    }

    /** The fastest algorithm for the geometry: see each algorithm's class comment for when. */
    private static Conv2dAlgorithm fastest(Conv2dGeometry geometry, Tensor filter) {
        if (PlaneConv2d.applies(geometry)) {
            return new PlaneConv2d(geometry, filter);
        }
        if (WinogradConv2d.applies(geometry)) {
            return winograd(geometry, filter, Kernels.get(), OutputLayout.of(geometry));
        }
        if (PaddedInputConv2d.applies(geometry)) {
            return new PaddedInputConv2d(geometry, filter);
        }
        return new GemmConv2d(geometry, filter);
    }
}
