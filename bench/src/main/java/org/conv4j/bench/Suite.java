package org.conv4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Looking up layers of a suite file by name (parsing is {@link LayerShape}'s). */
public final class Suite {
    private Suite() {
    }

    /**
     * The layer called {@code name} in the suite at {@link RepoPaths#shapes()}.
     *
     * @throws IllegalArgumentException if there is none, listing the names there are
     * @throws UncheckedIOException if the suite cannot be read
     */
    public static LayerShape shape(String name) {
        return find(load(RepoPaths.shapes()), name);
    }

    /** Every layer of {@code file}. */
    public static List<LayerShape> load(Path file) {
        try {
            return LayerShape.readSuite(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the layer suite " + file
                    + " (set -Dconv4j.shapes=FILE or --shapes FILE)", e);
        }
    }

    /** The layer called {@code name}. */
    public static LayerShape find(List<LayerShape> layers, String name) {
        for (LayerShape l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layer \"" + name + "\" in the suite; it has "
                + layers.stream().map(LayerShape::name).toList());
    }

    /** {@code layer} with another batch size. */
    public static LayerShape withBatch(LayerShape layer, int n) {
        return new LayerShape(layer.name() + "_n" + n, n, layer.h(), layer.w(), layer.c(), layer.kh(), layer.kw(),
                layer.o(), layer.stride(), layer.dilation(), layer.padding(), layer.note());
    }
}
