package dev.blocksmith.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.consensus.BlockScriptFlags;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegtestOptionsTest {
    @Test
    void movesEachBuriedDeployment() {
        Deployments d = RegtestOptions.parse(List.of("segwit@165", "bip34@2", "dersig@1251", "cltv@1351", "csv@432")).deployments();
        assertThat(d.segwitHeight()).isEqualTo(165);
        assertThat(d.bip34Height()).isEqualTo(2);
        assertThat(d.bip66Height()).isEqualTo(1251);
        assertThat(d.bip65Height()).isEqualTo(1351);
        assertThat(d.csvHeight()).isEqualTo(432);
        assertThat(RegtestOptions.parse(List.of("csv@5", "csv@7")).deployments().csvHeight()).isEqualTo(7);
        assertThat(RegtestOptions.parse(List.of()).deployments()).isEqualTo(Networks.REGTEST.deployments());
    }

    @Test
    void theHeightsDecideTheBlockScriptFlags() {
        NetworkParams p = RegtestOptions.parse(List.of("segwit@165", "dersig@10")).params();
        assertThat(p.name()).isEqualTo("regtest");
        assertThat(p.genesisHash()).isEqualTo(Networks.REGTEST.genesisHash());
        assertThat(BlockScriptFlags.forBlock(Sha256Hash.ZERO, 164, p) & ScriptFlags.NULLDUMMY).isZero();
        assertThat(BlockScriptFlags.forBlock(Sha256Hash.ZERO, 165, p) & ScriptFlags.NULLDUMMY).isNotZero();
        assertThat(BlockScriptFlags.forBlock(Sha256Hash.ZERO, 9, p) & ScriptFlags.DERSIG).isZero();
        assertThat(BlockScriptFlags.forBlock(Sha256Hash.ZERO, 10, p) & ScriptFlags.DERSIG).isNotZero();
    }

    @Test
    void bitcoindsErrorTexts() {
        assertThatThrownBy(() -> RegtestOptions.parse(List.of("name@2")))
                .hasMessage("Invalid name (name@2) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> RegtestOptions.parse(List.of("bip34@-2")))
                .hasMessage("Invalid height value (bip34@-2) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> RegtestOptions.parse(List.of("bip34")))
                .hasMessage("Invalid format (bip34) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> RegtestOptions.parse(List.of("csv@+5")))
                .hasMessage("Invalid height value (csv@+5) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> RegtestOptions.parse(List.of("csv@2147483647")))
                .hasMessage("Invalid height value (csv@2147483647) for -testactivationheight=name@height.");
    }
}
