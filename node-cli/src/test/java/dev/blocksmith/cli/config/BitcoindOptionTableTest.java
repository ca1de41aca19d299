package dev.blocksmith.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The table of bitcoind's options says the truth about Blocksmith's node command, and the docs list it. */
class BitcoindOptionTableTest {
    private static Set<String> nodeOptionNames() {
        CommandLine node = Main.newCommandLineForTests().getSubcommands().get("node");
        Set<String> names = new HashSet<>();
        for (OptionSpec o : node.getCommandSpec().options()) {
            for (String n : o.names()) names.add(n.replaceFirst("^-+", ""));
        }
        return names;
    }

    @Test
    void everyOptionMarkedOursIsAnOptionOfTheNodeCommand() {
        Set<String> ours = nodeOptionNames();
        Set<String> missing = new TreeSet<>();
        for (BitcoindOption o : BitcoindOptionTable.all().values()) {
            if (o.support() == BitcoindOption.Support.OURS && !ours.contains(o.name())) missing.add(o.name());
        }
        assertThat(missing).as("options marked 'ours' that blocksmith node does not have").isEmpty();
    }

    @Test
    void noOptionOfTheNodeCommandIsMarkedAsNotImplemented() {
        Set<String> ours = nodeOptionNames();
        for (BitcoindOption o : BitcoindOptionTable.all().values()) {
            if (ours.contains(o.name())) {
                assertThat(o.support()).as("-%s is an option of blocksmith node", o.name())
                        .isIn(BitcoindOption.Support.OURS, BitcoindOption.Support.INTERNAL);
            }
        }
    }

    @Test
    void docsListEveryBitcoindOptionWithItsState() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        Set<String> wrong = new TreeSet<>();
        for (BitcoindOption o : BitcoindOptionTable.all().values()) {
            String state = switch (o.support()) {
                case OURS, INTERNAL -> "honoured";
                case INERT -> "honoured when " + o.inertValue().orElseThrow();
                case TODO -> "accepted, not implemented";
                case OBSOLETE -> "no effect, as in bitcoind 30";
                case REFUSE -> "refused";
            };
            if (!doc.contains("| `" + o.name() + "` | " + state + " |")) wrong.add(o.name() + " (" + state + ")");
        }
        assertThat(wrong).as("bitcoind options whose row in docs/configuration.md is missing or states another support").isEmpty();
    }
}
