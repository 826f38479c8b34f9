package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Rewords I/O failures as {@code --input x.npy: no such file}: which option, which file, what
 * went wrong. The JDK's own messages do not do this; {@code NoSuchFileException} says just the
 * path, and the {@code .npy} reader starts its messages with the path.
 */
final class FileErrors {
    private FileErrors() {
    }

    /** An exception saying that {@code option}'s {@code file} failed with {@code e} (the cause). */
    static IOException about(String option, Path file, IOException e) {
        return new IOException(option + " " + file + ": " + reason(file, e), e);
    }

    /** What went wrong, without the path. */
    static String reason(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs) {
            // The JDK's message is "<file>[ -> <other>]: <reason>"; the reason can be null.
            String why = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return fs.getFile() == null || fs.getFile().equals(file.toString()) ? why : fs.getFile() + ": " + why;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
