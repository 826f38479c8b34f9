package org.conv4j.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.conv4j.Signal2d;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code conv4j correlate2d}: {@code scipy.signal.correlate2d} on {@code .npy} files. */
@Command(name = "correlate2d",
        header = "scipy.signal.correlate2d on .npy files.",
        sortOptions = false,
        sortSynopsis = false,
        usageHelpAutoWidth = false,
        description = {
            "SciPy's correlate2d(in1, in2, mode, boundary, fillvalue) on .npy files.",
            "The 2-D cross-correlation (the kernel not flipped), as scipy.signal.correlate2d",
            "computes it. float32 or float64, both the same; the output has their dtype."},
        footer = {"",
            "Defaults are SciPy's: --mode full --boundary fill --fillvalue 0.",
            "The output is written to a temporary file that is then moved into place: it is",
            "never left half-written, and --output may name one of the inputs."})
public final class CorrelateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    Signal2dOptions options;

    @Override
    public Integer call() throws IOException {
        return options.run("correlate2d", Signal2d::correlate2d, main.verbose, spec);
    }
}
