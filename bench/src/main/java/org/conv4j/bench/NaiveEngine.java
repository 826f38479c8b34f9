package org.conv4j.bench;

/** {@link NaiveConv2d} as an engine: timed on its own, once or a few times, where it finishes in seconds. */
final class NaiveEngine implements Engine {
    private final LayerShape layer;
    private final TfWindow window;
    private final float[] input;
    private final float[] filter;
    private final float[] output;

    NaiveEngine(LayerShape layer, float[] input, float[] filter) {
        this.layer = layer;
        this.window = TfWindow.of(layer);
        this.input = input;
        this.filter = filter;
        this.output = new float[layer.n() * window.outHeight() * window.outWidth() * layer.o()];
    }

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public void call() {
        NaiveConv2d.conv2d(layer, window, input, filter, output);
    }

    @Override
    public float[] output() {
        return output;
    }

    @Override
    public String describe() {
        return "naive: four nested loops (batch, filter, row, column), one thread, float sums";
    }
}
