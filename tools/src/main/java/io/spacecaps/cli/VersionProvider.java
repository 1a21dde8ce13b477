package io.spacecaps.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the project version Maven wrote into version.properties at build time. */
final class VersionProvider implements IVersionProvider {

    static String version() {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException unreadable) {
            // Reported as unknown below.
        }
        String version = props.getProperty("version", "");
        return version.isEmpty() || version.startsWith("${") ? "unknown (not built with Maven)" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"spacecaps " + version(), "Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
