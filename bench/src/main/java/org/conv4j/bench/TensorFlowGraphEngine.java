package org.conv4j.bench;

import java.util.List;
import org.conv4j.Padding;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's {@code Conv2D} (NHWC), or any one-input graph, in a graph {@link Session}, the
 * benchmark's TensorFlow anchor: the input is fed from a tensor made once, the filter is a graph constant (which lets
 * oneDNN keep its reordered copy), and a timed call is one {@code session.run} that fetches the
 * result into a host tensor and frees it. This is how a deployed TF model runs;
 * {@link TensorFlowEngine} ({@code --tf-eager}) is how {@code tf.nn.conv2d} runs when called
 * directly, with 2-10 times more per-call overhead here.
 */
final class TensorFlowGraphEngine implements Engine {
    /** The graph of one operation: its output, given the ops factory and the fed input. */
    interface GraphBuilder {
        Operand<TFloat32> build(Ops tf, Operand<TFloat32> x);
    }

    private final String label;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> x;
    private final Operand<TFloat32> y;
    private final TFloat32 input;
    private final int threads;

    TensorFlowGraphEngine(LayerShape layer, float[] inputNhwc, float[] filter, int threads) {
        this("Conv2D NHWC", Shape.of(layer.n(), layer.h(), layer.w(), layer.c()), inputNhwc, (tf, x) -> {
            TfWindow win = TfWindow.of(layer);
            long s = layer.stride();
            long d = layer.dilation();
            Padding p = layer.padding();
            Conv2d.Options[] options = p.kind() == Padding.Kind.EXPLICIT
                    ? new Conv2d.Options[] {Conv2d.dilations(1L, d, d, 1L), Conv2d.dataFormat("NHWC"),
                        Conv2d.explicitPaddings(0L, 0L, (long) win.padTop(), (long) win.padBottom(),
                                (long) win.padLeft(), (long) win.padRight(), 0L, 0L)}
                    : new Conv2d.Options[] {Conv2d.dilations(1L, d, d, 1L), Conv2d.dataFormat("NHWC")};
            return tf.nn.conv2d(x, constant(tf, filter, layer.kh(), layer.kw(), layer.c(), layer.o()),
                    List.of(1L, s, s, 1L), p.kind().name(), options);
        }, threads);
    }

    /**
     * Any one-input graph: {@code graph.build(tf, x)} with {@code x} fed from {@code inputData}
     * of {@code inputShape}; constants made with {@link #constant} stay in the graph.
     *
     * @param label what the graph computes, for {@link #describe()}
     */
    TensorFlowGraphEngine(String label, Shape inputShape, float[] inputData, GraphBuilder builder, int threads) {
        this.label = label;
        this.threads = threads;
        graph = new Graph();
        Ops tf = Ops.create(graph);
        x = tf.placeholder(TFloat32.class, Placeholder.shape(inputShape));
        y = builder.build(tf, x);
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(1)
                .build();
        session = new Session(graph, config);
        input = TFloat32.tensorOf(inputShape, DataBuffers.of(inputData, true, false));
    }

    /** A float32 graph constant of this shape. */
    static Operand<TFloat32> constant(Ops tf, float[] data, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(data, true, false));
    }

    @Override
    public String name() {
        return "TF";
    }

    @Override
    public void call() {
        // The result is a host tensor; closing it frees it.
        session.runner().feed(x, input).fetch(y).run().close();
    }

    @Override
    public float[] output() {
        try (Result r = session.runner().feed(x, input).fetch(y).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[] data = new float[Math.toIntExact(t.size())];
            t.copyTo(DataBuffers.of(data, false, false));
            return data;
        }
    }

    @Override
    public String describe() {
        return "TF: TensorFlow " + TensorFlowEngine.version() + " " + label + ", graph session, intra-op threads "
                + threads + ", inter-op 1";
    }

    @Override
    public void close() {
        input.close();
        session.close();
        graph.close();
    }
}
