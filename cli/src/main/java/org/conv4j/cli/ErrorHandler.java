package org.conv4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns every failure into one line on stderr, {@code conv4j conv2d: error: <message>}, so that
 * scripts and people see the problem and not a wall of usage text or a stack trace.
 *
 * <ul>
 *   <li>usage errors (bad or missing options, values that do not parse): exit 2; the line ends
 *       with a pointer to {@code --help}; {@code --verbose} adds the usage;
 *   <li>everything else (unreadable files, broken {@code .npy}, options the convolution rejects,
 *       I/O failures, running out of heap): exit 1; {@code --verbose} adds the stack trace.
 * </ul>
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int USAGE = 2;
    static final int FAILURE = 1;

    private final BooleanSupplier verbose;

    /** {@code verbose} is read when an error happens, after parsing has set it. */
    ErrorHandler(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": error: " + oneLine(usageMessage(ex)) + " (see '" + name + " --help')");
        // A parse error can stop parsing before --verbose is reached, so look at the raw words too.
        if (verbose.getAsBoolean() || Arrays.asList(args).contains("--verbose")) {
            cmd.usage(err);
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + oneLine(message(ex)));
        if (verbose.getAsBoolean()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /**
     * Picocli says {@code Invalid value for option '--strides': <converter message>}; the
     * converters in this package write their messages to follow the option name directly, which
     * reads better: {@code --strides must be 1 or 2 comma-separated positive integers, got 'a'}.
     */
    private static String usageMessage(ParameterException ex) {
        if (ex.getCause() instanceof TypeConversionException conversion && ex.getArgSpec() instanceof OptionSpec option) {
            return option.longestName() + " " + conversion.getMessage();
        }
        return ex.getMessage();
    }

    /** The message of a failure, or its type if it has none. */
    static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getName() : m;
    }

    /** Keeps the promise of one line even if a message spans several. */
    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
