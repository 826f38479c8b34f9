package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a (possibly long) computation, that its result could be written at all: every
 * command that writes a file fails early rather than after the work.
 */
final class OutputLocation {
    private OutputLocation() {
    }

    /**
     * Throws if {@code output} is a directory or its directory does not exist. A directory is
     * refused explicitly: moving a file over an empty one would replace it.
     *
     * @param option the option that named the file, for the message
     */
    static void check(String option, Path output) throws IOException {
        if (Files.isDirectory(output)) {
            throw new IOException(option + " " + output + " is a directory");
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(option + " " + output + ": directory " + dir + " does not exist");
        }
    }
}
