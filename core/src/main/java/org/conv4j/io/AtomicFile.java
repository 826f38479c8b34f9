package org.conv4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it appears complete or not at all, whatever format its bytes are in:
 * {@link Npy#write(Path, org.conv4j.Tensor)} uses it, and so do the command line's image writes.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes a file's new contents to an open stream. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the contents to {@code out}, which is not buffered (wrap it if writing small
         * pieces) and must not be closed.
         *
         * @throws IOException to abandon the write; the exception reaches the caller unchanged
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Runs {@code body} into a new temporary file in {@code file}'s directory, flushes it to disk
     * and moves it over {@code file} (atomically where the file system can, else by replacing
     * it). On any failure, including a runtime exception thrown by {@code body}, the temporary
     * file is deleted and {@code file}, if it existed, is left untouched. A symbolic link at
     * {@code file} is replaced, not followed.
     *
     * @throws IOException if the directory does not exist or is not writable, or writing or moving
     *     fails; {@code file} is then unchanged
     */
    public static void write(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null) {
            throw new IOException("cannot write a file at " + file);
        }
        // Not Files.createTempFile: its 0600 permissions would end up on the final file.
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            try (ch) {
                body.writeTo(Channels.newOutputStream(ch));
                // Without this a crash soon after the rename can leave an empty file under the new name.
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
