package dev.blocksmith.rpc.methods.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * walletcreatefundedpsbt and walletprocesspsbt over a real chain: for each address type the wallet funds,
 * describes (UTXOs, BIP32 and taproot origins, change) and signs a PSBT whose transaction is then mined
 * with full script validation; another wallet cannot sign it; a watch-only wallet holding the signer's
 * descriptors funds a PSBT that the key holder signs (the hardware-wallet flow); and bitcoind's errors.
 */
class WalletPsbtRpcTest {
    private static final NetworkParams PARAMS = ValidatingWalletNode.PARAMS;

    @TempDir
    Path dir;

    private ValidatingWalletNode node;
    private List<Transaction> mempool;

    @BeforeEach
    void setUp() {
        node = new ValidatingWalletNode(dir);
        mempool = node.broadcast();
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    private JsonNode call(String method, String wallet, Object... args) throws RpcException {
        return node.call(method, wallet, args);
    }

    private void fails(int code, String message, String method, String wallet, Object... args) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> call(method, wallet, args));
        assertThat(t).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code().code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private Block mine(Script payTo, long fees) throws Exception {
        return node.mine(payTo, fees);
    }

    private Script script(String address) throws Exception {
        return Address.decode(address, PARAMS).toScriptPubKey();
    }

    @Test
    void fundDescribeSignAndMineForEveryAddressType() throws Exception {
        call("createwallet", null, "A");
        call("createwallet", null, "B");
        List<String> types = List.of("legacy", "p2sh-segwit", "bech32", "bech32m");
        List<Block> funding = new ArrayList<>();
        for (String t : types) funding.add(mine(script(call("getnewaddress", "A", "", t).asText()), 0));
        for (int i = 0; i < 100; i++) mine(TestBlocks.p2wpkhScript(3), 0);

        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            Transaction cb = funding.get(i).coinbase();
            String to = call("getnewaddress", "B").asText();
            JsonNode funded = call("walletcreatefundedpsbt", "A", List.of(Map.of("txid", cb.txid().toHex(), "vout", 0)), List.of(Map.of(to, 10)),
                    0, Map.of("add_inputs", false, "fee_rate", 10, "change_type", type));
            JsonNode decoded = call("decodepsbt", null, funded.get("psbt").asText());
            JsonNode in = decoded.at("/inputs/0");
            // The UTXO the signer needs: the whole transaction, plus the output itself for segwit.
            assertThat(in.has("non_witness_utxo") || in.has("witness_utxo")).isTrue();
            assertThat(in.has("witness_utxo")).isEqualTo(!type.equals("legacy"));
            assertThat(in.has(type.equals("bech32m") ? "taproot_bip32_derivs" : "bip32_derivs")).as(type + " " + in).isTrue();
            assertThat(in.has("redeem_script")).isEqualTo(type.equals("p2sh-segwit"));
            int changePos = funded.get("changepos").asInt();
            JsonNode change = decoded.at("/outputs/" + changePos);
            assertThat(change.has(type.equals("bech32m") ? "taproot_bip32_derivs" : "bip32_derivs")).as(type + " change " + change).isTrue();
            // decodepsbt's fee is inputs minus outputs, and is the fee walletcreatefundedpsbt reported.
            BigDecimal out = BigDecimal.ZERO;
            for (JsonNode o : decoded.at("/tx/vout")) out = out.add(o.get("value").decimalValue());
            assertThat(decoded.get("fee").decimalValue()).isEqualByComparingTo(new BigDecimal("50").subtract(out));
            assertThat(decoded.get("fee").decimalValue()).isEqualByComparingTo(funded.get("fee").decimalValue());
            assertThat(decoded.at("/tx/locktime").asLong()).isZero();
            assertThat(decoded.at("/tx/vin/0/sequence").asLong()).isEqualTo(0xfffffffdL);

            JsonNode byB = call("walletprocesspsbt", "B", funded.get("psbt").asText());
            assertThat(byB.get("complete").asBoolean()).isFalse();
            JsonNode unsignedOnly = call("walletprocesspsbt", "A", funded.get("psbt").asText(), false);
            assertThat(unsignedOnly.get("complete").asBoolean()).isFalse();
            JsonNode notFinal = call("walletprocesspsbt", "A", funded.get("psbt").asText(), true, "DEFAULT", true, false);
            assertThat(notFinal.get("complete").asBoolean()).isFalse();
            assertThat(notFinal.has("hex")).isFalse();
            JsonNode finalized = call("finalizepsbt", null, notFinal.get("psbt").asText());
            JsonNode signed = call("walletprocesspsbt", "A", funded.get("psbt").asText());
            assertThat(signed.get("complete").asBoolean()).isTrue();
            assertThat(signed.get("hex").asText()).isEqualTo(finalized.get("hex").asText());
            JsonNode bare = call("walletcreatefundedpsbt", "A", List.of(Map.of("txid", cb.txid().toHex(), "vout", 0)), List.of(Map.of(to, 10)),
                    0, Map.of("add_inputs", false, "fee_rate", 10, "change_type", type), false);
            JsonNode noPaths = call("decodepsbt", null, call("walletprocesspsbt", "A", bare.get("psbt").asText(), false, "ALL", false)
                    .get("psbt").asText());
            assertThat(noPaths.at("/inputs/0").has("bip32_derivs") || noPaths.at("/inputs/0").has("taproot_bip32_derivs")).isFalse();
            JsonNode bareChange = noPaths.at("/outputs/" + bare.get("changepos").asInt());
            assertThat(bareChange.has("bip32_derivs") || bareChange.has("taproot_bip32_derivs")).isFalse();

            Transaction tx = Transaction.fromHex(signed.get("hex").asText());
            mempool.add(tx);
            long fee = funded.get("fee").decimalValue().movePointRight(8).longValueExact();
            mine(TestBlocks.p2wpkhScript(3), fee);
        }
        assertThat(call("getbalance", "B").decimalValue()).isEqualByComparingTo("40");
    }

    @Test
    void watchOnlyWalletFundsAndTheKeyHolderSigns() throws Exception {
        call("createwallet", null, "signer");
        call("createwallet", null, "wo", true);
        call("createwallet", null, "B");
        List<Map<String, Object>> imports = new ArrayList<>();
        String fingerprint = null;
        for (JsonNode d : call("listdescriptors", "signer").get("descriptors")) {
            String desc = d.get("desc").asText();
            if (!desc.startsWith("wpkh(")) continue;
            fingerprint = desc.substring(6, 14);
            imports.add(Map.of("desc", desc, "timestamp", 0, "active", true, "internal", d.get("internal").asBoolean()));
        }
        assertThat(imports).hasSize(2);
        for (JsonNode r : call("importdescriptors", "wo", imports)) assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        mine(script(call("getnewaddress", "wo").asText()), 0);
        for (int i = 0; i < 100; i++) mine(TestBlocks.p2wpkhScript(3), 0);

        String to = call("getnewaddress", "B").asText();
        JsonNode funded = call("walletcreatefundedpsbt", "wo", List.of(), List.of(Map.of(to, 10)), 0, Map.of("fee_rate", 5));
        JsonNode decoded = call("decodepsbt", null, funded.get("psbt").asText());
        // The watch-only wallet knows the key origins the signer (a hardware wallet in real life) needs.
        assertThat(decoded.at("/inputs/0/bip32_derivs/0/master_fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(decoded.at("/outputs/" + funded.get("changepos").asInt() + "/bip32_derivs/0/master_fingerprint").asText())
                .isEqualTo(fingerprint);
        assertThat(call("walletprocesspsbt", "wo", funded.get("psbt").asText()).get("complete").asBoolean()).isFalse();
        JsonNode signed = call("walletprocesspsbt", "signer", funded.get("psbt").asText());
        assertThat(signed.get("complete").asBoolean()).isTrue();
        mempool.add(Transaction.fromHex(signed.get("hex").asText()));
        mine(TestBlocks.p2wpkhScript(3), funded.get("fee").decimalValue().movePointRight(8).longValueExact());
        assertThat(call("getbalance", "B").decimalValue()).isEqualByComparingTo("10");
        assertThat(call("getbalance", "wo").decimalValue())
                .isEqualByComparingTo(new BigDecimal("40").subtract(funded.get("fee").decimalValue()));
    }

    @Test
    void automaticInputsSubtractFeeAndErrors() throws Exception {
        call("createwallet", null, "A");
        Script minerA = script(call("getnewaddress", "A").asText());
        for (int i = 0; i < 102; i++) mine(minerA, 0);
        String to = call("getnewaddress", "A", "", "bech32m").asText();

        JsonNode funded = call("walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 60)), 0, Map.of("fee_rate", 2));
        JsonNode decoded = call("decodepsbt", null, funded.get("psbt").asText());
        assertThat(decoded.at("/tx/vin")).hasSize(2);
        assertThat(decoded.get("fee").decimalValue()).isEqualByComparingTo(funded.get("fee").decimalValue());
        JsonNode subtracted = call("walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 50)), 0,
                Map.of("fee_rate", 2, "subtractFeeFromOutputs", List.of(0)));
        JsonNode sd = call("decodepsbt", null, subtracted.get("psbt").asText());
        assertThat(subtracted.get("changepos").asInt()).isEqualTo(-1);
        assertThat(sd.at("/tx/vout/0/value").decimalValue()).isEqualByComparingTo(new BigDecimal("50").subtract(subtracted.get("fee").decimalValue()));
        JsonNode placed = call("walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 1)), 0, Map.of("changePosition", 0,
                "changeAddress", to));
        assertThat(placed.get("changepos").asInt()).isZero();
        assertThat(call("decodepsbt", null, placed.get("psbt").asText()).at("/tx/vout/0/scriptPubKey/address").asText()).isEqualTo(to);

        fails(-4, "Insufficient funds", "walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 100_000)));
        String coin = call("listunspent", "A").get(0).get("txid").asText();
        fails(-4, "The preselected coins total amount does not cover the transaction target. Please allow other inputs to be automatically "
                        + "selected or include more coins manually", "walletcreatefundedpsbt", "A",
                List.of(Map.of("txid", coin, "vout", 0)), List.of(Map.of(to, 60)));
        fails(-4, "Unable to find UTXO for external input", "walletcreatefundedpsbt", "A", List.of(Map.of("txid", "ab".repeat(32), "vout", 0)),
                List.of(Map.of(to, 1)));
        fails(-3, "Unexpected key foo", "walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 1)), 0, Map.of("foo", 1));
        fails(-8, "changePosition out of bounds", "walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 1)), 0, Map.of("changePosition", 5));
        fails(-5, "Change address must be a valid bitcoin address", "walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 1)), 0,
                Map.of("changeAddress", "xx"));
        fails(-5, "Unknown change type 'foo'", "walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 1)), 0, Map.of("change_type", "foo"));
        fails(-8, "Invalid parameter 'subtract fee from output', position too large: 3", "walletcreatefundedpsbt", "A", List.of(),
                List.of(Map.of(to, 1)), 0, Map.of("subtractFeeFromOutputs", List.of(3)));
        fails(-8, "Cannot specify both fee_rate (sat/vB) and feeRate (BTC/kvB)", "walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 1)), 0,
                Map.of("fee_rate", 1, "feeRate", 0.0001));
        fails(-8, "Input weights should be specified in inputs rather than in options.", "walletcreatefundedpsbt", "A", List.of(),
                List.of(Map.of(to, 1)), 0, Map.of("input_weights", List.of()));
        // The shared funding routine's options apply here too: lockUnspents locks exactly the chosen coins.
        JsonNode locking = call("walletcreatefundedpsbt", "A", List.of(), List.of(Map.of(to, 1)), 0, Map.of("lockUnspents", true));
        List<String> chosen = new java.util.ArrayList<>();
        for (JsonNode in : call("decodepsbt", null, locking.get("psbt").asText()).at("/tx/vin")) {
            chosen.add(in.get("txid").asText() + ":" + in.get("vout").asInt());
        }
        List<String> locked = new java.util.ArrayList<>();
        for (JsonNode l : call("listlockunspent", "A")) locked.add(l.get("txid").asText() + ":" + l.get("vout").asInt());
        assertThat(locked).containsExactlyInAnyOrderElementsOf(chosen);
        call("lockunspent", "A", true);

        String psbt = funded.get("psbt").asText();
        fails(-22, "TX decode failed invalid base64", "walletprocesspsbt", "A", "%%%");
        fails(-8, "'FOO' is not a valid sighash parameter.", "walletprocesspsbt", "A", psbt, true, "FOO");
        // A sighash type stored in the PSBT must be the one signed with (bitcoind 29's FillPSBT check).
        var p = dev.blocksmith.rpc.methods.rawtransactions.PsbtBase64.decode(psbt);
        p = p.withInput(0, p.input(0).toBuilder().sighashType(Optional.of(1)).build());
        String typed = dev.blocksmith.rpc.methods.rawtransactions.PsbtBase64.encode(p);
        fails(-22, "Specified sighash value does not match value stored in PSBT", "walletprocesspsbt", "A", typed);
        assertThat(call("walletprocesspsbt", "A", typed, true, "ALL").get("complete").asBoolean()).isTrue();
        call("encryptwallet", "A", "pass");
        fails(-13, "Error: Please enter the wallet passphrase with walletpassphrase first.", "walletprocesspsbt", "A", psbt);
        assertThat(call("walletprocesspsbt", "A", psbt, false).get("complete").asBoolean()).isFalse();
    }
}
