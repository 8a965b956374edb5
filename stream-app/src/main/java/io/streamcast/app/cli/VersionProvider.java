package io.streamcast.app.cli;

import io.streamcast.models.artifact.LibraryVersions;
import java.util.Map;
import picocli.CommandLine;

/** {@code --version}: streamcast's version and the libraries it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Map<String, String> v = LibraryVersions.current();
        return new String[] {"streamcast " + v.get("streamcast"),
                "deeplearning4j " + v.get("deeplearning4j") + " (" + v.get("nd4j_backend") + "), kafka "
                        + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ", java " + v.get("java")};
    }
}
