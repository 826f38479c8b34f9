package org.conv4j.internal.algo;

import org.conv4j.Algorithm;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;

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
            case WINOGRAD -> new WinogradConv2d(geometry, filter);
        };
    }

    /** The fastest algorithm for the geometry: see each algorithm's class comment for when. */
    private static Conv2dAlgorithm fastest(Conv2dGeometry geometry, Tensor filter) {
        if (PlaneConv2d.applies(geometry)) {
            return new PlaneConv2d(geometry, filter);
        }
        if (WinogradConv2d.applies(geometry)) {
            return new WinogradConv2d(geometry, filter);
        }
        if (PaddedInputConv2d.applies(geometry)) {
            return new PaddedInputConv2d(geometry, filter);
        }
        return new GemmConv2d(geometry, filter);
    }
}
