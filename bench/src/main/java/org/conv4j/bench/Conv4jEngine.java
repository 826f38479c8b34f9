package org.conv4j.bench;

import org.conv4j.Conv2d;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.Tensor;

/**
 * conv4j as a user runs it in a loop: one {@link ConvPlan} made up front (validation, packed
 * filter), then {@code plan.execute(input, output)} into a preallocated output.
 */
final class Conv4jEngine implements Engine {
    private final String name;
    private final ConvPlan plan;
    private final Tensor input;
    private final Tensor output;

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
        this.plan = plan;
        this.input = input;
        this.output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void call() {
        plan.execute(input, output);
    }

    @Override
    public float[] output() {
        return output.floats();
    }

    @Override
    public String describe() {
        return name + ": " + plan.describe();
    }
}
