package org.conv4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs {@code conv4j} in-process, as the command line would, capturing its output. */
final class Cli {
    private Cli() {
    }

    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {
        /** The lines written to stderr. */
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** Runs {@code conv4j args} through {@link Main#commandLine}, never exiting the JVM. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
