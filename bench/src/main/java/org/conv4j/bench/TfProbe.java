package org.conv4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.conv4j.Padding;

/**
 * Asks TensorFlow whether its oneDNN operations are on. TF says so only in a log line that its
 * native code writes to the process's stderr when it loads ({@code "oneDNN custom operations are
 * on"}), which Java cannot read back from its own process: so a child JVM loads TF and runs one
 * small conv2d with TF's logging at INFO, and the parent reads the child's output.
 */
public final class TfProbe {
    /** What the probe found. */
    record Answer(boolean on, String evidence) {
    }

    private static final String NOTICE = "oneDNN custom operations are";

    private TfProbe() {
    }

    /** The child's main: one tiny TF conv2d. */
    public static void main(String[] args) throws Exception {
        LayerShape l = new LayerShape("probe", 1, 8, 8, 4, 3, 3, 4, 1, 1, Padding.SAME, "");
        try (TensorFlowEngine tf = new TensorFlowEngine(l, new float[256], new float[144], 1)) {
            tf.call();
            System.out.println("tf-version " + TensorFlowEngine.version());
        }
    }

    /** Runs the probe in a child JVM (about two seconds). */
    static Answer ask() {
        List<String> cmd = ChildJvm.command(false, List.of(), TfProbe.class.getName(), List.of());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "0");
        try {
            Process p = pb.start();
            String out = readAll(p.getInputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Answer(false, "unknown (probe timed out)");
            }
            for (String line : out.split("\n")) {
                int at = line.indexOf(NOTICE);
                if (at >= 0) {
                    String said = line.substring(at).trim();
                    int dot = said.indexOf('.');
                    said = dot > 0 ? said.substring(0, dot + 1) : said;
                    return new Answer(said.startsWith(NOTICE + " on"), "TF says \"" + said + "\"");
                }
            }
            return new Answer(false, p.exitValue() == 0 ? "off (TF printed no oneDNN notice)"
                    : "unknown (probe failed: " + lastLine(out) + ")");
        } catch (IOException e) {
            return new Answer(false, "unknown (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "unknown (interrupted)");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String lastLine(String text) {
        String t = text.strip();
        int nl = t.lastIndexOf('\n');
        return nl >= 0 ? t.substring(nl + 1) : t;
    }
}
