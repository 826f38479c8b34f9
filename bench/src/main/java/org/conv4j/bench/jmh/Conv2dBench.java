package org.conv4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.conv4j.Conv2d;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.bench.LayerShape;
import org.conv4j.bench.Suite;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One conv4j call on layers of the public suite, the way a user calls it in a loop: a plan made
 * once, {@code plan.execute(input, output)} into a preallocated output. Run with {@code -prof gc}
 * to see {@code gc.alloc.rate.norm} at about 0 B/op: a warm call allocates nothing.
 *
 * <pre>{@code
 * bin/bench --jmh Conv2dBench -prof gc
 * bin/bench --jmh Conv2dBench -p shape=vgg_3x3_224 -p threads=1
 * }</pre>
 *
 * Layers are read from the suite file ({@code -Dconv4j.shapes=FILE} to use another).
 * GFLOP/s = {@code 2*N*OH*OW*OC*KH*KW*C} / time; {@code bin/bench} prints these for every layer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class Conv2dBench {
    /** A layer name of the suite. */
    @Param({"seed_valid", "resnet_3x3_56", "resnet_1x1_56", "resnet_3x3_14", "vgg_3x3_224", "image_blur_5x5"})
    public String shape;

    /** Threads per call; 0 = all processors. */
    @Param({"0"})
    public int threads;

    private ConvPlan plan;
    private Tensor input;
    private Tensor output;

    /** Plans the layer and fills its input with random values. */
    @Setup
    public void setup() {
        LayerShape layer = Suite.shape(shape);
        plan = Conv2d.plan(layer.inputShape(), random(3, layer.filterShape()), layer.options(threads));
        input = random(4, layer.inputShape());
        output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
    }

    /** One convolution. The output is benchmark state, so the work cannot be optimised away. */
    @Benchmark
    public void execute() {
        plan.execute(input, output);
    }

    private static Tensor random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Tensor.checkedElementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return Tensor.of(v, shape);
    }
}
