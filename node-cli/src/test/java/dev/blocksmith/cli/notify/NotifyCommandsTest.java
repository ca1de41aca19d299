package dev.blocksmith.cli.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification command lines, run through a real /bin/sh: substituted values cannot add a command. */
class NotifyCommandsTest {
    private static final Sha256Hash TXID = Sha256Hash.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final Sha256Hash BLOCK = Sha256Hash.fromHex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");

    @TempDir
    Path dir;

    @Test
    void placeholdersAreReplacedInOnePass() {
        assertThat(CommandTemplate.expand("a %s %% %x %b%s", Map.of('s', "%b", 'b', "B"))).isEqualTo("a %b %% %x B%b");
        assertThat(CommandTemplate.expand("trailing %", Map.of('s', "x"))).isEqualTo("trailing %");
    }

    @Test
    void walletNotifyFillsBitcoindsFields() {
        String template = "notify %s %w %b %h";
        assertThat(NotifyCommands.walletCommand(template, "w", TXID, Optional.empty()))
                .isEqualTo("notify " + TXID.toHex() + " 'w' unconfirmed -1");
        WalletTx.BlockPosition at = new WalletTx.BlockPosition(BLOCK, 7, 1, 0);
        assertThat(NotifyCommands.walletCommand(template, "it's", TXID, Optional.of(at)))
                .isEqualTo("notify " + TXID.toHex() + " 'it'\"'\"'s' " + BLOCK.toHex() + " 7");
    }

    /**
     * feature_notifications' wallet name (every character 1..127 but '/'), plus attempts to break out of the quotes
     * (names cannot hold '/', so the injected commands touch files in the working directory): the shell writes one
     * file named exactly {@code <name>_<txid>} and runs nothing else.
     */
    @Test
    void noWalletNameReachesTheShellAsCode() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        // At most 255 bytes with "_<txid>": a file name's limit.
        StringBuilder name = new StringBuilder("';touch I1;'");
        for (char c = 1; c < 128; c++) if (c != '/') name.append(c);
        name.append("$(touch I2)`touch I3`\\'\";touch I4");
        String cmd = NotifyCommands.walletCommand("echo %h_%b > " + dir + "/%w_%s", name.toString(), TXID, Optional.empty());
        ShellCommand.run(cmd);
        Path written = dir.resolve(name + "_" + TXID.toHex());
        assertThat(written).exists();
        assertThat(Files.readString(written, StandardCharsets.UTF_8)).isEqualTo("-1_unconfirmed\n");
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
        for (int i = 1; i <= 4; i++) {
            Path injected = cwd.resolve("I" + i);
            boolean ran = Files.deleteIfExists(injected);
            assertThat(ran).as("injected command %d ran", i).isFalse();
        }
    }

    @Test
    void alertTextIsReducedToSafeCharactersAndQuoted() throws Exception {
        String cmd = NotifyCommands.alertCommand("echo %s > " + dir.resolve("alert"), "Warning: it's `bad`; $(rm -rf /) & more");
        assertThat(cmd).endsWith("echo 'Warning: its bad; (rm -rf /)  more' > " + dir.resolve("alert"));
        ShellCommand.run(cmd);
        assertThat(Files.readString(dir.resolve("alert"))).isEqualTo("Warning: its bad; (rm -rf /)  more\n");
    }
}
