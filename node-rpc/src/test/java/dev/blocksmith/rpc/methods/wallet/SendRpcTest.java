package dev.blocksmith.rpc.methods.wallet;

import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.btc;
import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.sats;
import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.wallet.WalletPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** send, sendall and settxfee as bitcoind 30's, results checked against its schema by the fixture. */
class SendRpcTest {
    @TempDir
    Path dir;
    private WalletRpcFixture f;
    private Script minerA;

    @BeforeEach
    void setUp() throws Exception {
        f = new WalletRpcFixture(dir);
        // Coinbases at heights 1..102 are A's: two are mature.
        minerA = f.walletsAAndBMinedToA(102);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static void assertError(RpcException e, int code, String message) {
        assertThat(e.code().code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void sendCommitsOrReturnsTheSignedTransaction() throws Exception {
        String to = f.call("getnewaddress", "B").asText();
        JsonNode sent = f.call("send", "A", List.of(Map.of(to, 1)));
        assertThat(sent.get("complete").asBoolean()).isTrue();
        assertThat(sent.has("hex")).isFalse();
        assertThat(f.mempool).extracting(t -> t.txid().toHex()).containsExactly(sent.get("txid").asText());

        // add_to_wallet false: the signed hex and the PSBT come back, nothing is broadcast.
        JsonNode kept = f.call("send", "A", List.of(Map.of(to, 2)), null, null, 3, Map.of("add_to_wallet", false));
        assertThat(kept.get("complete").asBoolean()).isTrue();
        Transaction tx = Transaction.parse(dev.blocksmith.core.primitives.Hex.decode(kept.get("hex").asText()));
        assertThat(tx.txid().toHex()).isEqualTo(kept.get("txid").asText());
        assertThat(kept.get("psbt").asText()).isNotEmpty();
        assertThat(f.mempool).hasSize(1);
        assertThat(f.call("listtransactions", "A").findValuesAsText("txid")).doesNotContain(kept.get("txid").asText());
        // fee_rate 3 sat/vB as the positional argument: the fee is the rate times the size, within the rounding.
        long in = 0;
        for (var i : tx.inputs()) in += f.manager().loadedWallet("A").orElseThrow().knownOutput(i.prevout()).orElseThrow().value();
        long fee = in - tx.outputs().stream().mapToLong(TxOut::value).sum();
        assertThat(fee).isBetween(3L * tx.vsize() - 3, 3L * tx.vsize() + 3);
    }

    @Test
    void sendRefusesAsBitcoind() {
        String to = "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5";
        assertError(f.callFails("send", "A", List.of(Map.of(to, 1)), null, null, null, Map.of("feeRate", 0.001)), -8,
                "Use fee_rate (sat/vB) instead of feeRate");
        assertError(f.callFails("send", "A", List.of(Map.of(to, 1)), 2), -8, "Specify estimate_mode");
        assertError(f.callFails("send", "A", List.of(Map.of(to, 1)), null, null, 2, Map.of("fee_rate", 2)), -8,
                "Pass the fee_rate either as an argument, or in the options object, but not both");
        assertError(f.callFails("send", "A", List.of(Map.of(to, 1000))), -4, "Insufficient funds");
    }

    @Test
    void sendallSpendsEverythingAndSplitsTheRemainder() throws Exception {
        String b1 = f.call("getnewaddress", "B").asText();
        String b2 = f.call("getnewaddress", "B").asText();
        JsonNode r = f.call("sendall", "A", List.of(b1, b2), null, null, 2);
        assertThat(r.get("complete").asBoolean()).isTrue();
        Transaction tx = f.mempool.get(0);
        assertThat(tx.inputs()).hasSize(2);
        assertThat(tx.outputs()).hasSize(2);
        long out0 = tx.output(0).value();
        long out1 = tx.output(1).value();
        // Split evenly, the odd satoshi to the first; nothing left for A.
        assertThat(out0 - out1).isBetween(0L, 1L);
        long fee = 100 * 100_000_000L - out0 - out1;
        assertThat(fee).isBetween(2L * tx.vsize() - 2, 2L * tx.vsize() + 2);
        assertThat(btc(f.call("getbalance", "A"))).isEqualByComparingTo("0");
    }

    @Test
    void sendallRefusesAsBitcoind() {
        String b1 = "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5";
        assertError(f.callFails("sendall", "A", List.of(Map.of(b1, 1))), -8, "Must provide at least one address without a specified amount");
        assertError(f.callFails("sendall", "A", List.of(b1), null, null, 0.999), -8,
                "Fee rate (0.999 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)");
        assertError(f.callFails("sendall", "A", List.of(b1, Map.of("bcrt1q9zaapnvagvfh0h85fe25hgfu43zm0g3yjh4dnm", 101))), -6,
                "Assigned more value to outputs than available funds.");
    }

    @Test
    void settxfeeNeedsDeprecatedRpcAndSetsTheRateSendsUse() throws Exception {
        assertError(f.callFails("settxfee", "A", 0.0001), -32,
                "settxfee is deprecated and will be fully removed in v31.0.\nTo use settxfee restart bitcoind with -deprecatedrpc=settxfee.");
        f.restartWallets(WalletPolicy.DEFAULT.withDeprecatedRpcs(Set.of("settxfee")));
        assertError(f.callFails("settxfee", "A", 0.000001), -8, "txfee cannot be less than wallet min fee (0.00001000 BTC/kvB)");
        assertError(f.callFails("settxfee", "A", 0.2), -8, "txfee cannot be more than wallet max tx fee (0.10000000 BTC/kvB)");
        assertThat(f.call("settxfee", "A", 0.00005).asBoolean()).isTrue();
        assertThat(sats(f.call("getwalletinfo", "A").get("paytxfee"))).isEqualTo(5000);
        JsonNode verbose = f.call("sendtoaddress", "A", "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5", 1, "", "", false, true, null,
                "unset", false, null, true);
        assertThat(verbose.get("fee_reason").asText()).isEqualTo("PayTxFee set");
        Transaction tx = f.mempool.get(0);
        long in = 50 * 100_000_000L;
        long fee = in - tx.outputs().stream().mapToLong(TxOut::value).sum();
        assertThat(fee).isBetween(5L * tx.vsize() - 5, 5L * tx.vsize() + 5);
    }
}
