package dev.blocksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/configuration.md must list every option the node accepts, so the table cannot drift. */
class ConfigurationDocTest {
    @Test
    void everyNodeOptionHasItsOwnRowInTheTable() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        CommandLine node = Main.newCommandLine().getSubcommands().get("node");
        for (OptionSpec o : node.getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            String name = o.names()[0].replaceFirst("^-+", "");
            // A row of its own: | `-name` or `-name=VALUE` | `BLOCKSMITH_NAME` | a description |
            Pattern row = Pattern.compile("(?m)^\\| `-" + Pattern.quote(name) + "(=[^`]*)?` \\| `BLOCKSMITH_"
                    + Pattern.quote(name.toUpperCase().replace('-', '_')) + "` \\| [^|]*[^| ][^|]* \\|$");
            assertThat(row.matcher(doc).find()).as("row of option -%s in docs/configuration.md", name).isTrue();
        }
    }
}
