package org.conv4j.bench;

import org.conv4j.Conv2d;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.FilterGradientPlan;
import org.conv4j.Tensor;

/**
 * conv4j as a user runs it in a loop: one plan made up front (validation, packed filter), then
 * {@code plan.execute(..., output)} into a preallocated output.
 */
final class Conv4jEngine implements Engine {
    private final String name;
    private final String plan;
    private final Tensor output;
    private final Runnable call;

    /**
     * @param threads threads per call, 0 for all processors
     */
    Conv4jEngine(String name, LayerShape layer, float[] input, float[] filter, int threads) {
        this(name, Conv2d.plan(layer.inputShape(), Tensor.of(filter, layer.filterShape()), layer.options(threads)),
                Tensor.of(input, layer.inputShape()));
    }

    /** Any plan of the family, on this input. */
    Conv4jEngine(String name, ConvPlan plan, Tensor input) {
        this.name = name;
        this.plan = plan.describe();
        this.output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
        this.call = () -> plan.execute(input, output);
    }

    /** The filter gradient's plan, on this input and output gradient. */
    Conv4jEngine(String name, FilterGradientPlan plan, Tensor input, Tensor outBackprop) {
        this.name = name;
        this.plan = plan.describe();
        this.output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
        this.call = () -> plan.execute(input, outBackprop, output);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void call() {
        call.run();
    }

    @Override
    public float[] output() {
        return output.floats();
    }

    @Override
    public String describe() {
        return name + ": " + plan;
    }
}
