package org.conv4j.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM running a class of this benchmark: the same java binary and
 * class path, this JVM's options (heap size and the like) minus those that would change what the
 * child is for (the Vector API module, conv4j's kernel choice, debug agents).
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * @param withVectorModule whether the child gets {@code --add-modules jdk.incubator.vector}
     * @param extraJvmOptions options added after the inherited ones
     */
    static List<String> command(boolean withVectorModule, List<String> extraJvmOptions, String mainClass,
            List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> inherited = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < inherited.size(); i++) {
            String a = inherited.get(i);
            if (a.equals("--add-modules")) {
                i++;
                continue;
            }
            if (a.startsWith("--add-modules=") || a.startsWith("-Dconv4j.simd=") || a.startsWith("-agentlib")
                    || a.startsWith("-javaagent") || a.startsWith("-Xrunjdwp")) {
                continue;
            }
            cmd.add(a);
        }
        if (withVectorModule) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        if (inherited.stream().noneMatch(a -> a.startsWith("--enable-native-access"))) {
            // TF and ORT load JNI libraries; with -cp (not -jar) the jar manifest's
            // Enable-Native-Access does not apply, and JDK 24+ would warn. JDK 17 accepts it too.
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
