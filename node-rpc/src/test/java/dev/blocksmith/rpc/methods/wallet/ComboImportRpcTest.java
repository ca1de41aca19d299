package dev.blocksmith.rpc.methods.wallet;

import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.btc;
import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functional test framework's wallet set-up over RPC: importdescriptors of combo(WIF) with timestamp 0 and the
 * label "coinbase", then what the wallet shows for the key's scripts. Results schema-checked by the fixture.
 */
class ComboImportRpcTest {
    private static final String WIF = "cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy";

    @TempDir
    Path dir;
    private WalletRpcFixture f;

    @BeforeEach
    void setUp() {
        f = new WalletRpcFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void comboImportRescansLabelsAndDescribesEachScript() throws Exception {
        String combo = DescriptorChecksum.append("combo(" + WIF + ")");
        Descriptor d = Descriptor.parse(combo, WalletRpcFixture.PARAMS, true);
        List<Address> addresses = d.addresses(0);
        assertThat(addresses).hasSize(3);
        // Coinbases to the P2WPKH address (as the framework mines) before the import; the rescan from 0 finds them.
        for (int i = 0; i < 101; i++) f.mine(addresses.get(1).toScriptPubKey(), 0);
        f.call("createwallet", null, "w", false, true);
        JsonNode r = f.call("importdescriptors", "w", List.of(Map.of("desc", combo, "timestamp", 0, "label", "coinbase"))).get(0);
        assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        assertThat(btc(f.call("getbalance", "w"))).isEqualByComparingTo("50");

        for (Address a : addresses) {
            JsonNode info = f.call("getaddressinfo", "w", a.encode());
            assertThat(info.get("ismine").asBoolean()).isTrue();
            assertThat(info.get("solvable").asBoolean()).isTrue();
            assertThat(info.get("labels").get(0).asText()).isEqualTo("coinbase");
            assertThat(info.get("parent_desc").asText()).startsWith("combo(");
            assertThat(info.get("ischange").asBoolean()).isFalse();
        }
        // The inferred descriptor of the P2WPKH coin is wpkh() of the key, its parent the combo().
        JsonNode coin = f.call("listunspent", "w").get(0);
        assertThat(coin.get("desc").asText()).startsWith("wpkh([");
        assertThat(coin.get("parent_descs").get(0).asText()).startsWith("combo(");
        assertThat(coin.get("label").asText()).isEqualTo("coinbase");

        // listdescriptors shows the combo() unranged and inactive; getdescriptorinfo agrees on its public form.
        JsonNode listed = f.call("listdescriptors", "w").get("descriptors").get(0);
        assertThat(listed.get("desc").asText()).isEqualTo(d.toNormalizedString());
        assertThat(listed.get("active").asBoolean()).isFalse();
        assertThat(listed.has("range")).isFalse();

        // gettransaction verbose adds the decoded transaction.
        String txid = coin.get("txid").asText();
        JsonNode tx = f.call("gettransaction", "w", txid, true, true);
        assertThat(tx.get("decoded").get("txid").asText()).isEqualTo(txid);
        assertThat(f.call("gettransaction", "w", txid).has("decoded")).isFalse();
    }

    @Test
    void aWalletSpendsItsComboCoins() throws Exception {
        String combo = DescriptorChecksum.append("combo(" + WIF + ")");
        Descriptor d = Descriptor.parse(combo, WalletRpcFixture.PARAMS, true);
        f.call("createwallet", null, "w");
        f.call("importdescriptors", "w", List.of(Map.of("desc", combo, "timestamp", 0)));
        // A P2PKH and a P2SH-P2WPKH coin, matured.
        f.mine(d.scriptPubKeys(0).get(1), 0);
        f.mine(d.scriptPubKeys(0).get(3), 0);
        String elsewhere = "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5";
        for (int i = 0; i < 100; i++) f.mine(script(elsewhere), 0);
        f.call("sendtoaddress", "w", elsewhere, 99);
        // The fixture's chain checks every script when the block connects.
        f.mineMempool(script(elsewhere));
        assertThat(btc(f.call("getbalance", "w"))).isLessThan(new java.math.BigDecimal("1"));
    }
}
