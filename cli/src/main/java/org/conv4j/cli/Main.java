package org.conv4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code conv4j} command: the tf.nn convolution family on {@code .npy} files ({@code conv2d},
 * its gradients and relatives), SciPy's {@code convolve2d} and {@code correlate2d}, {@code filter}
 * for images, a {@code demo} and {@code bench}.
 *
 * <p>Each command's {@code header} is its one line in the command list here: kept short, so that
 * none wraps.
 *
 * <p>Every error ends as one line on stderr, {@code conv4j <command>: error: <message>}, and a
 * non-zero exit code: 2 for a usage error, 1 for anything else. {@code --verbose} adds the stack
 * trace (or, for a usage error, the command's usage).
 */
@Command(name = "conv4j",
        // INHERIT: every subcommand gets -h/--help, -V/--version and the version provider too.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = false,
        subcommands = {Conv2dCommand.class, DepthwiseConv2dCommand.class, SeparableConv2dCommand.class,
            Conv2dBackpropInputCommand.class, Conv2dBackpropFilterCommand.class, Conv2dTransposeCommand.class,
            ExtractPatchesCommand.class, Conv1dCommand.class, Conv3dCommand.class, ConvolutionCommand.class,
            ConvolveCommand.class, CorrelateCommand.class, FilterCommand.class, DemoCommand.class, BenchCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        description = {"TensorFlow's tf.nn convolutions in pure Java: the same shapes, options,",
            "defaults, errors and results. Also SciPy's convolve2d and correlate2d, and",
            "image filters."},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'conv4j COMMAND --help' for a command's options.",
                "Exit status: 0 on success, 2 for a usage error, 1 for any other error."})
public final class Main implements Runnable {
    /** Declared once here; INHERIT makes it valid after any subcommand too. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Say more: the plan and timings; on error, the stack trace.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, args);
        // PrintWriter's autoflush covers println only; exit() would drop the rest.
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs {@code conv4j args}, writing to {@code out} and {@code err}; never exits the JVM.
     *
     * @return the exit code: 0 success, 1 failure, 2 usage error
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line (error handlers, streams), ready to {@code execute}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Main main = new Main();
        ErrorHandler errors = new ErrorHandler(() -> main.verbose);
        CommandLine cli = new CommandLine(main)
                .setOut(out)
                .setErr(err)
                .setExecutionStrategy(Main::execute)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        // A command's header is its line in the list above; its own help starts with the usage.
        List<String> sections = new ArrayList<>(cli.getHelpSectionKeys());
        sections.removeAll(List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER));
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.setHelpSectionKeys(sections);
        }
        return cli;
    }

    /**
     * Runs the chosen command. Picocli lets {@link Error}s through untouched; running out of heap
     * on a large array is an ordinary failure for this tool, so it becomes one and gets the
     * one-line report.
     */
    private static int execute(ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (OutOfMemoryError e) {
            ParseResult last = parseResult;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            throw new ExecutionException(last.commandSpec().commandLine(),
                    "out of memory; give Java a larger heap, e.g. JAVA_OPTS=-Xmx8g", e);
        }
    }

    /** {@code conv4j} alone: a usage error, which names the commands there are. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "no command given; expected one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
