package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.tx.Transaction;
import org.junit.jupiter.api.Test;

class MempoolOptionsTest {
    @Test
    void defaultsAreBitcoind30s() {
        MempoolOptions d = MempoolOptions.defaults();
        assertThat(d.bytesPerSigop()).isEqualTo(20);
        assertThat(d.permitBareMultisig()).isTrue();
        assertThat(d.maxDatacarrierBytes()).isEqualTo(100_000);
        assertThat(d.incrementalRelayFee().satsPerKvB()).isEqualTo(100);
        assertThat(d.dustRelayFee().satsPerKvB()).isEqualTo(3000);
        assertThat(d.requireStandard()).isTrue();
        assertThat(d.withDatacarrier(false, 83).maxDatacarrierBytes()).isNegative();
        assertThat(d.withDatacarrier(true, 83).maxDatacarrierBytes()).isEqualTo(83);
        assertThat(d.withPermitBareMultisig(false).permitBareMultisig()).isFalse();
    }

    @Test
    void acceptNonStdTxnIsRefusedOnMainOnly() {
        assertThat(MempoolOptions.acceptNonStdTxnError(Networks.MAIN, true))
                .contains("acceptnonstdtxn is not currently supported for main chain");
        assertThat(MempoolOptions.acceptNonStdTxnError(Networks.MAIN, false)).isEmpty();
        assertThat(MempoolOptions.acceptNonStdTxnError(Networks.REGTEST, true)).isEmpty();
        assertThat(MempoolOptions.acceptNonStdTxnError(Networks.TESTNET3, true)).isEmpty();
        assertThat(MempoolOptions.acceptNonStdTxnError(Networks.SIGNET, true)).isEmpty();
    }

    @Test
    void bytesPerSigopPricesSigopsInTheVirtualSize() throws Exception {
        try (MempoolFixture f = new MempoolFixture(MempoolOptions.defaults().withBytesPerSigop(1000))) {
            f.mine(101);
            Transaction tx = f.spend(1_000, f.coinbase(1));
            assertThat(tx.weight()).isLessThan(1000);
            // One P2WPKH signature check costs 1 sigop: 1000 weight units here, 250 vbytes.
            AcceptResult r = f.mempool.accept(tx, AcceptOptions.relay());
            assertThat(r.vsize()).isEqualTo(250);
            assertThat(StandardPolicy.virtualSize(tx.weight(), 1)).isEqualTo(tx.vsize());
        }
    }
}
