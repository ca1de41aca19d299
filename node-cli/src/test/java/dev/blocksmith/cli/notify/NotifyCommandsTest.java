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
     * feature_notifications' wallet name (every character 1..127 but '/'), plus an attempt to break out of the
     * quotes: the shell writes one file named exactly {@code <name>_<txid>} and runs nothing else.
     */
    @Test
    void noWalletNameReachesTheShellAsCode() throws Exception {
        StringBuilder name = new StringBuilder("'; touch " + dir.resolve("INJECTED") + "; echo '");
        for (char c = 1; c < 128; c++) if (c != '/') name.append(c);
        name.append("$(touch ").append(dir.resolve("INJECTED2")).append(")`touch x`");
        String cmd = NotifyCommands.walletCommand("echo %h_%b > " + dir + "/%w_%s", name.toString(), TXID, Optional.empty());
        ShellCommand.run(cmd);
        Path written = dir.resolve(name + "_" + TXID.toHex());
        assertThat(written).exists();
        assertThat(Files.readString(written, StandardCharsets.UTF_8)).isEqualTo("-1_unconfirmed\n");
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
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
