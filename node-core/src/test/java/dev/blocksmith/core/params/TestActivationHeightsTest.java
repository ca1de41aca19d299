package dev.blocksmith.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.consensus.BlockScriptFlags;
import dev.blocksmith.core.params.TestActivationHeights.InvalidActivationHeightException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptFlags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestActivationHeightsTest {
    @Test
    void parsesEveryBitcoindName() throws Exception {
        Map<BuriedDeployment, Integer> h = TestActivationHeights.parse(
                List.of("bip34@2", "dersig@3", "cltv@4", "csv@5", "segwit@6", "segwit@7"));
        assertThat(h).containsExactlyInAnyOrderEntriesOf(Map.of(BuriedDeployment.BIP34, 2, BuriedDeployment.DERSIG, 3,
                BuriedDeployment.CLTV, 4, BuriedDeployment.CSV, 5, BuriedDeployment.SEGWIT, 7));
    }

    @Test
    void errorsAreBitcoinds() {
        assertThatThrownBy(() -> TestActivationHeights.parse(List.of("name@2")))
                .isInstanceOf(InvalidActivationHeightException.class)
                .hasMessage("Invalid name (name@2) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> TestActivationHeights.parse(List.of("bip34@-2")))
                .hasMessage("Invalid height value (bip34@-2) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> TestActivationHeights.parse(List.of("bip34@x")))
                .hasMessage("Invalid height value (bip34@x) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> TestActivationHeights.parse(List.of("bip34@2147483647")))
                .hasMessage("Invalid height value (bip34@2147483647) for -testactivationheight=name@height.");
        assertThatThrownBy(() -> TestActivationHeights.parse(List.of("")))
                .hasMessage("Invalid format () for -testactivationheight=name@height.");
        // The height is checked before the name, as bitcoind does.
        assertThatThrownBy(() -> TestActivationHeights.parse(List.of("bip66@-1")))
                .hasMessage("Invalid height value (bip66@-1) for -testactivationheight=name@height.");
    }

    @Test
    void movedHeightsDriveTheScriptFlags() {
        NetworkParams p = Networks.REGTEST.withActivationHeights(Map.of(BuriedDeployment.CLTV, 1351,
                BuriedDeployment.DERSIG, 102, BuriedDeployment.CSV, 432, BuriedDeployment.SEGWIT, 105));
        assertThat(p.deployments().bip65Height()).isEqualTo(1351);
        assertThat(p.deployments().bip34Height()).isEqualTo(1);
        assertThat(p.bip9Deployments()).isEqualTo(Networks.REGTEST.bip9Deployments());
        assertThat(p.genesisHash()).isEqualTo(Networks.REGTEST.genesisHash());
        Sha256Hash any = Sha256Hash.ZERO;
        int before = BlockScriptFlags.forBlock(any, 101, p);
        assertThat(before & ScriptFlags.DERSIG).isZero();
        assertThat(before & ScriptFlags.CHECKLOCKTIMEVERIFY).isZero();
        assertThat(before & ScriptFlags.CHECKSEQUENCEVERIFY).isZero();
        assertThat(before & ScriptFlags.NULLDUMMY).isZero();
        assertThat(BlockScriptFlags.forBlock(any, 102, p) & ScriptFlags.DERSIG).isNotZero();
        assertThat(BlockScriptFlags.forBlock(any, 105, p) & ScriptFlags.NULLDUMMY).isNotZero();
        assertThat(BlockScriptFlags.forBlock(any, 432, p) & ScriptFlags.CHECKSEQUENCEVERIFY).isNotZero();
        assertThat(BlockScriptFlags.forBlock(any, 1351, p) & ScriptFlags.CHECKLOCKTIMEVERIFY).isNotZero();
        // Unmoved: regtest's CLTV stays at 1 on the original parameters.
        assertThat(BlockScriptFlags.forBlock(any, 1, Networks.REGTEST) & ScriptFlags.CHECKLOCKTIMEVERIFY).isNotZero();
    }
}
