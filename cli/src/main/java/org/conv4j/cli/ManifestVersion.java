package org.conv4j.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code conv4j --version}: the {@code Implementation-Version} of the jar's manifest, which the
 * build writes, or {@code dev} when running from classes (an IDE, the tests).
 */
public final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"conv4j " + version()};
    }

    /** The version of the running conv4j, or {@code "dev"} if no manifest says. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
