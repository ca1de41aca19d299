package dev.blocksmith.rpc.methods.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.mempool.SendRawTransactionMethod;
import dev.blocksmith.rpc.methods.util.DeriveAddressesMethod;
import dev.blocksmith.rpc.methods.util.GetDescriptorInfoMethod;
import dev.blocksmith.wallet.descriptor.KeyOrigin;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 2-of-3 sortedmulti in wsh(), sh(wsh()) and sh() over the RPCs, as a bitcoind user runs it: a watch-only
 * coordinator wallet imports the public descriptor (active for receive and change), sees a payment, survives
 * an unload and load, funds a PSBT; two cosigner wallets that each imported the descriptor with their own tprv
 * sign; combinepsbt, finalizepsbt and sendrawtransaction, then a block. Every result is checked against
 * bitcoind 30's schema. Keys are BIP48-style accounts (m/48h/1h/0h/2h) of three fixed seeds; expected scripts
 * are assembled here from BIP32 children, and the expected input sizes from Core's MaxInputWeight arithmetic.
 */
class MultisigWalletRpcTest {
    /** The wrappers, with their getnewaddress type, input size at 72-byte signatures and change output size. */
    enum Wrapper {
        // bitcoind's MaxInputWeight of a 2-of-3 spend as the watch-only coordinator sizes it: 72-byte signatures, since a
        // wallet without private keys cannot grind for a low R (CanGrindR; wallet_fundrawtransaction's
        // test_watchonly_cannot_grind_r): 418 WU for P2WSH, 558 nested in P2SH, 1184 for P2SH (bitcoind counts one push
        // byte for the script; the 253-byte scriptSig takes a 3-byte length).
        WSH("wsh(", ")", "bech32", 418, 43),
        SH_WSH("sh(wsh(", "))", "p2sh-segwit", 558, 32),
        SH("sh(", ")", "legacy", 1184, 32);

        final String open;
        final String close;
        final String addressType;
        final int inputWeight;
        final int changeVBytes;

        Wrapper(String open, String close, String addressType, int inputWeight, int changeVBytes) {
            this.open = open;
            this.close = close;
            this.addressType = addressType;
            this.inputWeight = inputWeight;
            this.changeVBytes = changeVBytes;
        }

        boolean witness() {
            return this != SH;
        }
    }

    private static final NetworkParams PARAMS = ValidatingWalletNode.PARAMS;

    @TempDir
    Path dir;

    private ValidatingWalletNode node;
    private List<Transaction> mempool;

    private final List<ExtendedKey> masters = new ArrayList<>();
    private final List<ExtendedKey> accounts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        node = new ValidatingWalletNode(dir);
        mempool = node.broadcast();
        node.registry().register(new SendRawTransactionMethod(node.chain(), node.pool(), (tx, rate) -> mempool.add(tx)))
                .register(new GetDescriptorInfoMethod(PARAMS)).register(new DeriveAddressesMethod(PARAMS));
        for (int s = 1; s <= 3; s++) {
            byte[] seed = new byte[32];
            Arrays.fill(seed, (byte) (0x40 + s));
            ExtendedKey master = ExtendedKey.fromSeed(seed);
            masters.add(master);
            accounts.add(master.derive(KeyPath.parse("m/48h/1h/0h/2h")));
        }
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    private JsonNode call(String method, String wallet, Object... args) throws RpcException {
        return node.call(method, wallet, args);
    }

    private void mine(Script payTo) throws Exception {
        node.mine(payTo, 0);
    }

    /** The descriptor body for a chain (0 receive, 1 change), with the private key of cosigner {@code signer} (or none). */
    private String descriptor(Wrapper w, int chainIndex, int signer) {
        return descriptor(w, chainIndex, signer < 0 ? Set.of() : Set.of(signer));
    }

    /** The descriptor body with the private keys of the cosigners in {@code signers}. */
    private String descriptor(Wrapper w, int chainIndex, Set<Integer> signers) {
        StringBuilder sb = new StringBuilder(w.open + "sortedmulti(2");
        for (int i = 0; i < 3; i++) {
            ExtendedKey a = accounts.get(i);
            sb.append(",[").append(KeyOrigin.fingerprintHex(masters.get(i).fingerprint())).append("/48h/1h/0h/2h]")
                    .append(signers.contains(i) ? a.serialize(PARAMS) : a.serializePublic(PARAMS)).append("/").append(chainIndex).append("/*");
        }
        return sb.append(")").append(w.close).toString();
    }

    private String withChecksum(String desc) throws RpcException {
        return desc + "#" + call("getdescriptorinfo", null, desc).get("checksum").asText();
    }

    private static Map<String, Object> request(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** The witness script at a receive position, built from the BIP32 children sorted by hand (BIP67). */
    private Script expectedWitnessScript(int index) {
        List<byte[]> pubs = new ArrayList<>();
        for (ExtendedKey a : accounts) pubs.add(a.derive(0).derive(index).publicKey());
        pubs.sort(Arrays::compareUnsigned);
        ScriptBuilder b = new ScriptBuilder().op(Opcodes.OP_2);
        for (byte[] p : pubs) b.data(p);
        return b.op(Opcodes.OP_3).op(Opcodes.OP_CHECKMULTISIG).build();
    }

    private static Script p2wsh(Script ws) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(ws.rawBytes())).build();
    }

    private static Script p2sh(Script redeem) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(redeem.rawBytes())).op(Opcodes.OP_EQUAL).build();
    }

    private static Script output(Wrapper w, Script multisig) {
        return switch (w) {
            case WSH -> p2wsh(multisig);
            case SH_WSH -> p2sh(p2wsh(multisig));
            case SH -> p2sh(multisig);
        };
    }

    @ParameterizedTest
    @EnumSource(Wrapper.class)
    void twoOfThreeWatchOnlyCoordinatorAndTwoCosignersSpendOnChain(Wrapper w) throws Exception {
        // getdescriptorinfo / deriveaddresses need no wallet.
        String receive = descriptor(w, 0, -1);
        JsonNode info = call("getdescriptorinfo", null, receive);
        assertThat(info.get("descriptor").asText()).isEqualTo(withChecksum(receive));
        assertThat(info.get("isrange").asBoolean()).isTrue();
        assertThat(info.get("issolvable").asBoolean()).isTrue();
        assertThat(info.get("hasprivatekeys").asBoolean()).isFalse();
        JsonNode priv = call("getdescriptorinfo", null, descriptor(w, 0, 1));
        assertThat(priv.get("hasprivatekeys").asBoolean()).isTrue();
        // The public form of a descriptor with one tprv is the watch-only descriptor.
        assertThat(priv.get("descriptor").asText()).isEqualTo(withChecksum(receive));
        JsonNode derived = call("deriveaddresses", null, withChecksum(receive), List.of(0, 2));
        Script ms = expectedWitnessScript(0);
        String first = Address.fromScriptPubKey(output(w, ms), PARAMS).orElseThrow().encode();
        assertThat(derived).hasSize(3);
        assertThat(derived.get(0).asText()).isEqualTo(first);
        assertThat(derived.get(2).asText()).isEqualTo(Address.fromScriptPubKey(output(w, expectedWitnessScript(2)), PARAMS).orElseThrow().encode());

        call("createwallet", null, "miner");
        Script minerScript = Address.decode(call("getnewaddress", "miner").asText(), PARAMS).toScriptPubKey();
        for (int i = 0; i < 101; i++) mine(minerScript);

        // The coordinator: watch-only, receive and change descriptors active as bitcoind allows.
        call("createwallet", null, "coord", true, true);
        JsonNode imported = call("importdescriptors", "coord", List.of(
                request("desc", withChecksum(receive), "timestamp", "now", "active", true, "range", List.of(0, 20)),
                request("desc", withChecksum(descriptor(w, 1, -1)), "timestamp", "now", "active", true, "internal", true, "range", List.of(0, 20))));
        for (JsonNode r : imported) assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        assertThat(call("getnewaddress", "coord", "", w.addressType).asText()).isEqualTo(first);
        JsonNode listed = call("listdescriptors", "coord").get("descriptors");
        assertThat(listed).extracting(d -> d.get("desc").asText()).containsExactlyInAnyOrder(withChecksum(receive), withChecksum(descriptor(w, 1, -1)));
        assertThat(listed).allSatisfy(d -> assertThat(d.get("active").asBoolean()).isTrue());

        call("sendtoaddress", "miner", first, 2);
        mine(TestBlocks.p2wpkhScript(7));
        assertThat(WalletRpcFixture.btc(call("getbalance", "coord"))).isEqualByComparingTo("2");
        assertThat(WalletRpcFixture.btc(call("getbalances", "coord").at("/mine/trusted"))).isEqualByComparingTo("2");
        // The descriptors and what they found are kept in the wallet file.
        call("unloadwallet", "coord");
        call("loadwallet", null, "coord");
        assertThat(WalletRpcFixture.btc(call("getbalance", "coord"))).isEqualByComparingTo("2");
        JsonNode coin = call("listunspent", "coord").get(0);
        assertThat(coin.get("address").asText()).isEqualTo(first);
        assertThat(coin.get("solvable").asBoolean()).isTrue();
        // bitcoind shows the scripts it knows: the witness script of P2WSH, the redeem script of P2SH.
        assertThat(coin.path("witnessScript").asText()).isEqualTo(w.witness() ? ms.toHex() : "");
        assertThat(coin.path("redeemScript").asText()).isEqualTo(switch (w) {
            case WSH -> "";
            case SH_WSH -> p2wsh(ms).toHex();
            case SH -> ms.toHex();
        });
        // Core infers multi() from the script: keys in script order with their full origins.
        assertThat(coin.get("desc").asText()).startsWith(w.open + "multi(2,[").contains("/48h/1h/0h/2h/0/0]");
        assertThat(coin.get("parent_descs").get(0).asText()).isEqualTo(withChecksum(receive));
        JsonNode received = call("listtransactions", "coord").get(0);
        assertThat(received.get("category").asText()).isEqualTo("receive");
        assertThat(received.get("address").asText()).isEqualTo(first);

        JsonNode addr = call("getaddressinfo", "coord", first);
        assertThat(addr.get("ismine").asBoolean()).isTrue();
        assertThat(addr.get("solvable").asBoolean()).isTrue();
        assertThat(addr.get("iswatchonly").asBoolean()).isFalse();
        assertThat(addr.get("isscript").asBoolean()).isTrue();
        assertThat(addr.get("iswitness").asBoolean()).isEqualTo(w == Wrapper.WSH);
        // Nested, the P2SH's script is the P2WSH program; the multisig is described as the embedded address.
        JsonNode multisig = w == Wrapper.SH_WSH ? addr.get("embedded") : addr;
        if (w == Wrapper.SH_WSH) {
            assertThat(addr.get("script").asText()).isEqualTo("witness_v0_scripthash");
            assertThat(addr.get("hex").asText()).isEqualTo(p2wsh(ms).toHex());
            assertThat(multisig.get("address").asText()).isEqualTo(Address.fromScriptPubKey(p2wsh(ms), PARAMS).orElseThrow().encode());
            assertThat(multisig.get("iswitness").asBoolean()).isTrue();
        }
        assertThat(multisig.get("script").asText()).isEqualTo("multisig");
        assertThat(multisig.get("hex").asText()).isEqualTo(ms.toHex());
        assertThat(multisig.get("sigsrequired").asInt()).isEqualTo(2);
        assertThat(multisig.get("pubkeys")).hasSize(3);
        assertThat(addr.get("desc").asText()).isEqualTo(coin.get("desc").asText());
        assertThat(addr.has("pubkey")).isFalse();

        // Funding: one 2-of-3 input, a P2WPKH payment and change of the same kind; the fee is for the whole signed
        // transaction's weight (version, lock time, counts, the segwit marker and flag with a witness input), rounded once.
        String to = call("getnewaddress", "miner").asText();
        JsonNode funded = call("walletcreatefundedpsbt", "coord", List.of(), List.of(Map.of(to, 1)), 0,
                Map.of("fee_rate", 10, "change_type", w.addressType));
        long fee = WalletRpcFixture.sats(funded.get("fee"));
        int weight = (4 + 4 + 1 + 1) * 4 + (w.witness() ? 2 : 0) + (31 + w.changeVBytes) * 4 + w.inputWeight;
        int estimate = (weight + 3) / 4;
        assertThat(fee).isEqualTo(10L * estimate);
        JsonNode decoded = call("decodepsbt", null, funded.get("psbt").asText());
        JsonNode in = decoded.at("/inputs/0");
        assertThat(in.path("witness_script").path("hex").asText()).isEqualTo(w.witness() ? ms.toHex() : "");
        assertThat(in.path("redeem_script").path("hex").asText()).isEqualTo(coin.path("redeemScript").asText());
        assertThat(in.get("bip32_derivs")).hasSize(3);
        assertThat(in.has("witness_utxo")).isEqualTo(w.witness());
        JsonNode change = decoded.at("/outputs/" + funded.get("changepos").asInt());
        assertThat(change.has("witness_script")).isEqualTo(w.witness());
        assertThat(change.get("bip32_derivs")).hasSize(3);

        // Cosigners 0 and 2: private-key wallets that import the descriptor with their own tprv.
        List<String> signed = new ArrayList<>();
        for (int signer : List.of(0, 2)) {
            String name = "cosigner" + signer;
            call("createwallet", null, name, false, true);
            JsonNode r = call("importdescriptors", name, List.of(request("desc", withChecksum(descriptor(w, 0, signer)), "timestamp", "now",
                    "range", List.of(0, 20)))).get(0);
            assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("warnings")).extracting(JsonNode::asText)
                    .contains("Not all private keys provided. Some wallet functionality may return unexpected errors");
            JsonNode processed = call("walletprocesspsbt", name, funded.get("psbt").asText());
            assertThat(processed.get("complete").asBoolean()).isFalse();
            JsonNode partial = call("decodepsbt", null, processed.get("psbt").asText()).at("/inputs/0/partial_signatures");
            byte[] own = accounts.get(signer).derive(0).derive(0).publicKey();
            assertThat(partial.has(Hex.encode(own))).as(partial.toString()).isTrue();
            assertThat(partial.size()).isEqualTo(1);
            signed.add(processed.get("psbt").asText());
        }
        JsonNode combined = call("combinepsbt", null, signed);
        JsonNode finalized = call("finalizepsbt", null, combined.asText());
        assertThat(finalized.get("complete").asBoolean()).isTrue();
        String hex = finalized.get("hex").asText();
        Transaction tx = Transaction.fromHex(hex);
        // bitcoind's estimate counts 71-byte (low-R) signatures; a real one is shorter now and then when its r or s
        // has fewer leading bytes. So the bound below allows two signatures 4 bytes short each, counted in full
        // without witness. Under P2SH bitcoind counts one push byte for the 105-byte redeem script, which takes
        // OP_PUSHDATA1 and a length: the signed transaction is one byte over the estimate, as bitcoind's is.
        assertThat(tx.vsize()).isBetween(estimate - 1 - 2 * 4, estimate + (w == Wrapper.SH ? 1 : 0));
        JsonNode txid = call("sendrawtransaction", null, hex);
        assertThat(txid.asText()).isEqualTo(tx.txid().toHex());
        mine(TestBlocks.p2wpkhScript(7));

        assertThat(WalletRpcFixture.sats(call("getbalance", "coord"))).isEqualTo(100_000_000L - fee);
        JsonNode left = call("listunspent", "coord");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("txid").asText()).isEqualTo(tx.txid().toHex());
        assertThat(WalletRpcFixture.btc(call("getreceivedbyaddress", "miner", to))).isEqualByComparingTo("1");
    }

    /**
     * A wallet holding two of the three keys spends its multisig coins with sendtoaddress (signed through the
     * PSBT solver, checked again by the chain when the block connects); one holding a single key is refused
     * with bitcoind's "Signing transaction failed" (-6, as bitcoind 30 reports every CreateTransaction failure of
     * sendtoaddress) and nothing changes.
     */
    @ParameterizedTest
    @EnumSource(Wrapper.class)
    void sendsSpendMultisigCoinsWhenTheWalletHoldsEnoughKeys(Wrapper w) throws Exception {
        call("createwallet", null, "miner");
        Script minerScript = Address.decode(call("getnewaddress", "miner").asText(), PARAMS).toScriptPubKey();
        for (int i = 0; i < 101; i++) mine(minerScript);

        call("createwallet", null, "both", false, true);
        JsonNode imported = call("importdescriptors", "both", List.of(
                request("desc", withChecksum(descriptor(w, 0, Set.of(0, 1))), "timestamp", "now", "active", true, "range", List.of(0, 20)),
                // Change is bech32 whatever the coins spent, as bitcoind picks it without -changetype.
                request("desc", withChecksum(descriptor(Wrapper.WSH, 1, Set.of(0, 1))), "timestamp", "now", "active", true, "internal", true,
                        "range", List.of(0, 20))));
        for (JsonNode r : imported) assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        call("sendtoaddress", "miner", call("getnewaddress", "both", "", w.addressType).asText(), 3);
        mine(TestBlocks.p2wpkhScript(7));
        String to = call("getnewaddress", "miner").asText();
        String txid = call("sendtoaddress", "both", to, 1).asText();
        long fee = -WalletRpcFixture.sats(call("gettransaction", "both", txid).get("fee"));
        assertThat(fee).isPositive();
        mine(TestBlocks.p2wpkhScript(7));
        assertThat(call("gettransaction", "both", txid).get("confirmations").asInt()).isEqualTo(1);
        assertThat(WalletRpcFixture.sats(call("getbalance", "both"))).isEqualTo(200_000_000L - fee);

        call("createwallet", null, "one", false, true);
        JsonNode single = call("importdescriptors", "one", List.of(
                request("desc", withChecksum(descriptor(w, 0, 2)), "timestamp", "now", "active", true, "range", List.of(0, 20)),
                request("desc", withChecksum(descriptor(Wrapper.WSH, 1, 2)), "timestamp", "now", "active", true, "internal", true,
                        "range", List.of(0, 20))));
        for (JsonNode r : single) assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        call("sendtoaddress", "miner", call("getnewaddress", "one", "", w.addressType).asText(), 1);
        mine(TestBlocks.p2wpkhScript(7));
        // The cosigners watch the same scripts, so "one" also sees what "both" holds.
        long balance = WalletRpcFixture.sats(call("getbalance", "one"));
        assertThat(balance).isEqualTo(300_000_000L - fee);
        int transactions = call("listtransactions", "one").size();
        RpcException refused = org.assertj.core.api.Assertions.catchThrowableOfType(RpcException.class,
                () -> call("sendtoaddress", "one", to, "0.5"));
        // bitcoind 30 reports every CreateTransaction failure of sendtoaddress as RPC_WALLET_INSUFFICIENT_FUNDS.
        assertThat(refused.code().code()).isEqualTo(-6);
        assertThat(refused.getMessage()).isEqualTo("Signing transaction failed");
        assertThat(mempool).isEmpty();
        assertThat(WalletRpcFixture.sats(call("getbalance", "one"))).isEqualTo(balance);
        assertThat(call("listtransactions", "one").size()).isEqualTo(transactions);
    }
}
