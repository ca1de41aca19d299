package dev.blocksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/configuration.md must list every option the node accepts, so the table cannot drift. */
class ConfigurationDocTest {
    @Test
    void everyNodeOptionIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        CommandLine node = Main.newCommandLine().getSubcommands().get("node");
        for (OptionSpec o : node.getCommandSpec().options()) {
            if (o.usageHelp()) continue;
            String name = o.names()[0].replaceFirst("^-+", "");
            assertThat(doc).as("option -%s in docs/configuration.md", name).contains("`-" + name);
            assertThat(doc).contains("BLOCKSMITH_" + name.toUpperCase().replace('-', '_'));
        }
    }
}
