package dev.blocksmith.rpc.methods.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.mempool.SendRawTransactionMethod;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtMethods;
import dev.blocksmith.rpc.methods.util.DeriveAddressesMethod;
import dev.blocksmith.rpc.methods.util.GetDescriptorInfoMethod;
import dev.blocksmith.wallet.FeeEstimator;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.descriptor.KeyOrigin;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2-of-3 wsh(sortedmulti()) over the RPCs, as a bitcoind user runs it: a watch-only coordinator wallet
 * imports the public descriptor (active for receive and change), sees a payment, funds a PSBT; two cosigner
 * wallets that each imported the descriptor with their own tprv sign; combinepsbt, finalizepsbt and
 * sendrawtransaction, then a block. Every result is checked against bitcoind 30's schema. Keys are BIP48-style
 * accounts (m/48h/1h/0h/2h) of three fixed seeds; expected scripts are assembled here from BIP32 children.
 */
class MultisigWalletRpcTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 3600;

    @TempDir
    Path dir;

    private ParallelScriptVerifier verifier;
    private ChainManager chain;
    private final List<Transaction> mempool = new ArrayList<>();
    private WalletManager manager;
    private final MethodRegistry registry = new MethodRegistry();
    private int tag;

    private final List<ExtendedKey> masters = new ArrayList<>();
    private final List<ExtendedKey> accounts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2);
        chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(), () -> NOW);
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, chain, tx -> {
            mempool.add(tx);
            return Optional.empty();
        }, FeeEstimator.NONE, Optional.empty(), new ScryptParams(1 << 4, 8, 1), Clock.systemUTC());
        WalletMethods.register(registry, manager);
        Mempool pool = new Mempool(chain, MempoolOptions.defaults(), TxScriptChecker.of(ScriptValidation.uncached()),
                new dev.blocksmith.core.mempool.FeeEstimator(), () -> NOW);
        PsbtMethods.register(registry, chain, pool);
        registry.register(new SendRawTransactionMethod(chain, pool, (tx, rate) -> mempool.add(tx)))
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
        manager.close();
        chain.close();
        verifier.close();
    }

    private JsonNode call(String method, String wallet, Object... args) throws RpcException {
        return WalletRpcFixture.call(registry, method, wallet, args);
    }

    private void mine(Script payTo) throws Exception {
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), payTo, List.copyOf(mempool), 0, ++tag);
        chain.processBlock(b);
        assertThat(chain.tip().hash()).isEqualTo(b.header().hash());
        mempool.clear();
    }

    /** The descriptor body for a chain (0 receive, 1 change), with the private key of cosigner {@code signer} (or none). */
    private String descriptor(int chainIndex, int signer) {
        StringBuilder sb = new StringBuilder("wsh(sortedmulti(2");
        for (int i = 0; i < 3; i++) {
            ExtendedKey a = accounts.get(i);
            sb.append(",[").append(KeyOrigin.fingerprintHex(masters.get(i).fingerprint())).append("/48h/1h/0h/2h]")
                    .append(i == signer ? a.serialize(PARAMS) : a.serializePublic(PARAMS)).append("/").append(chainIndex).append("/*");
        }
        return sb.append("))").toString();
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

    private Script p2wsh(Script ws) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(ws.rawBytes())).build();
    }

    @Test
    void twoOfThreeWatchOnlyCoordinatorAndTwoCosignersSpendOnChain() throws Exception {
        // getdescriptorinfo / deriveaddresses need no wallet.
        String receive = descriptor(0, -1);
        JsonNode info = call("getdescriptorinfo", null, receive);
        assertThat(info.get("descriptor").asText()).isEqualTo(withChecksum(receive));
        assertThat(info.get("isrange").asBoolean()).isTrue();
        assertThat(info.get("issolvable").asBoolean()).isTrue();
        assertThat(info.get("hasprivatekeys").asBoolean()).isFalse();
        JsonNode priv = call("getdescriptorinfo", null, descriptor(0, 1));
        assertThat(priv.get("hasprivatekeys").asBoolean()).isTrue();
        // The public form of a descriptor with one tprv is the watch-only descriptor.
        assertThat(priv.get("descriptor").asText()).isEqualTo(withChecksum(receive));
        JsonNode derived = call("deriveaddresses", null, withChecksum(receive), List.of(0, 2));
        String first = Address.fromScriptPubKey(p2wsh(expectedWitnessScript(0)), PARAMS).orElseThrow().encode();
        assertThat(derived).hasSize(3);
        assertThat(derived.get(0).asText()).isEqualTo(first).startsWith("bcrt1q").hasSize(64);

        call("createwallet", null, "miner");
        Script minerScript = Address.decode(call("getnewaddress", "miner").asText(), PARAMS).toScriptPubKey();
        for (int i = 0; i < 101; i++) mine(minerScript);

        // The coordinator: watch-only, receive and change descriptors active as bitcoind allows.
        call("createwallet", null, "coord", true, true);
        JsonNode imported = call("importdescriptors", "coord", List.of(
                request("desc", withChecksum(receive), "timestamp", "now", "active", true, "range", List.of(0, 20)),
                request("desc", withChecksum(descriptor(1, -1)), "timestamp", "now", "active", true, "internal", true, "range", List.of(0, 20))));
        for (JsonNode r : imported) assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        assertThat(call("getnewaddress", "coord", "", "bech32").asText()).isEqualTo(first);

        call("sendtoaddress", "miner", first, 2);
        mine(TestBlocks.p2wpkhScript(7));
        assertThat(WalletRpcFixture.btc(call("getbalance", "coord"))).isEqualByComparingTo("2");
        assertThat(WalletRpcFixture.btc(call("getbalances", "coord").at("/mine/trusted"))).isEqualByComparingTo("2");
        JsonNode coin = call("listunspent", "coord").get(0);
        assertThat(coin.get("address").asText()).isEqualTo(first);
        assertThat(coin.get("solvable").asBoolean()).isTrue();
        assertThat(coin.get("witnessScript").asText()).isEqualTo(expectedWitnessScript(0).toHex());
        assertThat(coin.has("redeemScript")).isFalse();
        // Core infers multi() from the script: keys in script order with their full origins.
        assertThat(coin.get("desc").asText()).startsWith("wsh(multi(2,[").contains("/48h/1h/0h/2h/0/0]");
        assertThat(coin.get("parent_descs").get(0).asText()).isEqualTo(withChecksum(receive));
        JsonNode received = call("listtransactions", "coord").get(0);
        assertThat(received.get("category").asText()).isEqualTo("receive");
        assertThat(received.get("address").asText()).isEqualTo(first);

        JsonNode addr = call("getaddressinfo", "coord", first);
        assertThat(addr.get("ismine").asBoolean()).isTrue();
        assertThat(addr.get("solvable").asBoolean()).isTrue();
        assertThat(addr.get("iswatchonly").asBoolean()).isFalse();
        assertThat(addr.get("isscript").asBoolean()).isTrue();
        assertThat(addr.get("iswitness").asBoolean()).isTrue();
        assertThat(addr.get("script").asText()).isEqualTo("multisig");
        assertThat(addr.get("hex").asText()).isEqualTo(expectedWitnessScript(0).toHex());
        assertThat(addr.get("sigsrequired").asInt()).isEqualTo(2);
        assertThat(addr.get("pubkeys")).hasSize(3);
        assertThat(addr.get("desc").asText()).isEqualTo(coin.get("desc").asText());
        assertThat(addr.has("pubkey")).isFalse();

        // Funding: one 2-of-3 P2WSH input (105 vB at 72-byte signatures), a P2WPKH payment and P2WSH change.
        String to = call("getnewaddress", "miner").asText();
        JsonNode funded = call("walletcreatefundedpsbt", "coord", List.of(), List.of(Map.of(to, 1)), 0, Map.of("fee_rate", 10));
        long fee = WalletRpcFixture.sats(funded.get("fee"));
        assertThat(fee).isEqualTo(10L * (11 + 105 + 31 + 43));
        JsonNode decoded = call("decodepsbt", null, funded.get("psbt").asText());
        JsonNode in = decoded.at("/inputs/0");
        assertThat(in.at("/witness_script/hex").asText()).isEqualTo(expectedWitnessScript(0).toHex());
        assertThat(in.get("bip32_derivs")).hasSize(3);
        assertThat(in.has("witness_utxo")).isTrue();
        JsonNode change = decoded.at("/outputs/" + funded.get("changepos").asInt());
        assertThat(change.has("witness_script")).isTrue();
        assertThat(change.get("bip32_derivs")).hasSize(3);

        // Cosigners 0 and 2: private-key wallets that import the descriptor with their own tprv.
        List<String> signed = new ArrayList<>();
        for (int signer : List.of(0, 2)) {
            String name = "cosigner" + signer;
            call("createwallet", null, name, false, true);
            JsonNode r = call("importdescriptors", name, List.of(request("desc", withChecksum(descriptor(0, signer)), "timestamp", "now",
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
        // The estimate is an upper bound: signatures are 71 or 72 bytes.
        assertThat(tx.vsize()).isBetween(11 + 105 + 31 + 43 - 2, 11 + 105 + 31 + 43);
        JsonNode txid = call("sendrawtransaction", null, hex);
        assertThat(txid.asText()).isEqualTo(tx.txid().toHex());
        mine(TestBlocks.p2wpkhScript(7));

        assertThat(WalletRpcFixture.sats(call("getbalance", "coord"))).isEqualTo(100_000_000L - fee);
        JsonNode left = call("listunspent", "coord");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("txid").asText()).isEqualTo(tx.txid().toHex());
        assertThat(WalletRpcFixture.btc(call("getreceivedbyaddress", "miner", to))).isEqualByComparingTo("1");
    }
}
