package dev.blocksmith.rpc.methods.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.wallet.FeeEstimator;
import dev.blocksmith.wallet.TransactionBroadcaster;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.WalletOptions;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet methods end to end over a real chain: blocks are built from the wallet's own transactions and
 * connected by a ChainManager with the real parallel script verifier, so every signature is checked.
 */
class WalletRpcTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 3600;
    private static final ScryptParams FAST_SCRYPT = new ScryptParams(1 << 4, 8, 1);

    @TempDir
    Path dir;

    private ParallelScriptVerifier verifier;
    private MemoryKeyValueStore store;
    private ChainManager chain;
    private final List<Transaction> mempool = new ArrayList<>();
    private final List<String> rejectNext = new ArrayList<>();
    private WalletManager manager;
    private final MethodRegistry registry = new MethodRegistry();
    private int tag;

    @BeforeEach
    void setUp() {
        verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2);
        store = new MemoryKeyValueStore();
        chain = ChainManager.open(PARAMS, store, verifier, ChainOptions.defaults(), () -> NOW);
        manager = newManager();
        WalletMethods.register(registry, manager);
    }

    private WalletManager newManager() {
        // The list as the node's mempool: what it took, it holds (the wallet trusts its change only while it does).
        TransactionBroadcaster pool = new TransactionBroadcaster() {
            @Override
            public Optional<String> submit(Transaction tx) {
                if (!rejectNext.isEmpty()) return Optional.of(rejectNext.remove(0));
                mempool.add(tx);
                return Optional.empty();
            }

            @Override
            public boolean inMempool(dev.blocksmith.core.primitives.Sha256Hash txid) {
                return mempool.stream().anyMatch(t -> t.txid().equals(txid));
            }
        };
        return new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), pool,
                FeeEstimator.NONE, WalletOptions.defaults().withScrypt(FAST_SCRYPT), Clock.systemUTC());
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

    private RpcException callFails(String method, String wallet, Object... args) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> call(method, wallet, args));
        assertThat(t).isInstanceOf(RpcException.class);
        return (RpcException) t;
    }

    /** Mines one block holding the mempool's transactions; the coinbase claims subsidy plus their fees. */
    private void mine(Script payTo, long fees) throws Exception {
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), payTo, List.copyOf(mempool), fees, ++tag);
        chain.processBlock(b);
        assertThat(chain.tip().hash()).isEqualTo(b.header().hash());
        mempool.clear();
    }

    private Script script(String address) throws Exception {
        return Address.decode(address, PARAMS).toScriptPubKey();
    }

    private static BigDecimal btc(JsonNode n) {
        return n.decimalValue().setScale(8);
    }

    @Test
    void minesSendsAndBalancesAddUp() throws Exception {
        call("createwallet", null, "A");
        call("createwallet", null, "B");
        Script minerA = script(call("getnewaddress", "A").asText());
        for (int i = 0; i < 101; i++) mine(minerA, 0);

        assertThat(btc(call("getbalance", "A"))).isEqualByComparingTo("50");
        JsonNode balances = call("getbalances", "A");
        assertThat(btc(balances.get("mine").get("immature"))).isEqualByComparingTo("5000");
        assertThat(balances.get("lastprocessedblock").get("height").asInt()).isEqualTo(101);

        String bech32 = call("getnewaddress", "B", "", "bech32").asText();
        String bech32m = call("getnewaddress", "B", "", "bech32m").asText();
        assertThat(bech32).startsWith("bcrt1q");
        assertThat(bech32m).startsWith("bcrt1p");
        String tx1 = call("sendtoaddress", "A", bech32, 10).asText();
        String tx2 = call("sendtoaddress", "A", bech32m, new BigDecimal("2")).asText();
        assertThat(mempool).hasSize(2);
        long fees = 0;
        var a = manager.loadedWallet("A").orElseThrow();
        for (Transaction tx : mempool) fees += a.fee(tx).orElseThrow();
        assertThat(fees).isPositive();
        // B sees nothing yet: the fake mempool does not notify wallets; pending sends count as A's trusted change.
        assertThat(btc(call("getbalance", "B"))).isEqualByComparingTo("0");

        mine(minerA, fees);

        assertThat(btc(call("getbalance", "B"))).isEqualByComparingTo("12");
        BigDecimal expectedA = new BigDecimal("88").subtract(BigDecimal.valueOf(fees, 8));
        assertThat(btc(call("getbalance", "A"))).isEqualByComparingTo(expectedA);
        assertThat(mempool).isEmpty();

        JsonNode unspentB = call("listunspent", "B");
        assertThat(unspentB).hasSize(2);
        List<String> txids = new ArrayList<>();
        unspentB.forEach(u -> txids.add(u.get("txid").asText()));
        assertThat(txids).containsExactlyInAnyOrder(tx1, tx2);
        call("getwalletinfo", "B");
        call("listwallets", null);
        // bitcoind 30: each entry has its warnings, the legacy-wallet one for a Berkeley DB file (B-tree magic at 12).
        byte[] bdb = new byte[4096];
        bdb[12] = 0x62;
        bdb[13] = 0x31;
        bdb[14] = 0x05;
        java.nio.file.Files.createDirectories(dir.resolve("wallets/old"));
        java.nio.file.Files.write(dir.resolve("wallets/old/wallet.dat"), bdb);
        JsonNode walletDir = call("listwalletdir", null);
        List<String> entries = new ArrayList<>();
        walletDir.get("wallets").forEach(e -> entries.add(e.get("name").asText() + " " + e.get("warnings")));
        assertThat(entries).containsExactly("A []", "B []",
                "old [\"This wallet is a legacy wallet and will need to be migrated with migratewallet before it can be loaded\"]");

        JsonNode sent = call("gettransaction", "A", tx1);
        long fee1 = a.fee(Transaction.fromHex(sent.get("hex").asText())).orElseThrow();
        assertThat(btc(sent.get("fee"))).isEqualByComparingTo(BigDecimal.valueOf(-fee1, 8));
        assertThat(btc(sent.get("amount"))).isEqualByComparingTo("-10");
        assertThat(sent.get("confirmations").asInt()).isEqualTo(1);
        assertThat(sent.get("details").get(0).get("category").asText()).isEqualTo("send");
        JsonNode received = call("gettransaction", "B", tx2);
        assertThat(btc(received.get("amount"))).isEqualByComparingTo("2");
        assertThat(received.has("fee")).isFalse();
        assertThat(received.get("details").get(0).get("address").asText()).isEqualTo(bech32m);
        assertThat(callFails("gettransaction", "B", "00".repeat(32)).code().code()).isEqualTo(-5);

        JsonNode listB = call("listtransactions", "B");
        assertThat(listB).hasSize(2);
        assertThat(listB.get(0).get("category").asText()).isEqualTo("receive");
        JsonNode since = call("listsinceblock", "B", chain.atHeight(101).orElseThrow().hash().toHex());
        assertThat(since.get("transactions")).hasSize(2);
        assertThat(since.get("lastblock").asText()).isEqualTo(chain.tip().hash().toHex());
        assertThat(call("listsinceblock", "B", chain.tip().hash().toHex()).get("transactions")).isEmpty();
        JsonNode listA = call("listtransactions", "A", "*", 3);
        assertThat(listA).hasSize(3);

        // sendmany from B back to A, paying the fee out of one recipient.
        String backTo = call("getnewaddress", "A").asText();
        String other = call("getnewaddress", "A", "", "legacy").asText();
        var amounts = RpcJson.object();
        amounts.put(backTo, 1);
        amounts.put(other, new BigDecimal("0.5"));
        String many = call("sendmany", "B", "", amounts, null, null, List.of(backTo)).asText();
        Transaction manyTx = mempool.get(0);
        assertThat(manyTx.txid().toHex()).isEqualTo(many);
        long manyFee = manager.loadedWallet("B").orElseThrow().fee(manyTx).orElseThrow();
        assertThat(manyTx.outputs()).anySatisfy(o -> assertThat(o.value()).isEqualTo(100_000_000L - manyFee));
        assertThat(manyTx.outputs()).anySatisfy(o -> assertThat(o.value()).isEqualTo(50_000_000L));
        mine(minerA, manyFee);
        assertThat(btc(call("getbalance", "B"))).isEqualByComparingTo("10.5");

        JsonNode descs = call("listdescriptors", "B");
        assertThat(descs.get("descriptors")).hasSize(8);
        JsonNode rescan = call("rescanblockchain", "B", 100);
        assertThat(rescan.get("stop_height").asInt()).isEqualTo(103);
        assertThat(btc(call("getbalance", "B"))).isEqualByComparingTo("10.5");
        call("backupwallet", "B", dir.resolve("b.bak").toString());
        // signrawtransactionwithwallet: all of B's confirmed coins (the sendmany change) spent to an address of A.
        JsonNode coins = call("listunspent", "B");
        List<dev.blocksmith.core.tx.TxIn> ins = new ArrayList<>();
        long total = 0;
        for (JsonNode c : coins) {
            ins.add(new dev.blocksmith.core.tx.TxIn(new dev.blocksmith.core.tx.OutPoint(Sha256Hash.fromHex(c.get("txid").asText()), c.get("vout").asLong()),
                    Script.EMPTY, 0xfffffffdL));
            total += btc(c.get("amount")).movePointRight(8).longValueExact();
        }
        Transaction raw = new Transaction(2, ins, List.of(new dev.blocksmith.core.tx.TxOut(total - 10_000, script(backTo))), 0);
        JsonNode signedRaw = call("signrawtransactionwithwallet", "B", raw.toHex());
        assertThat(signedRaw.get("complete").asBoolean()).as(signedRaw.toString()).isTrue();
        JsonNode notOurs = call("signrawtransactionwithwallet", "A", raw.toHex());
        assertThat(notOurs.get("complete").asBoolean()).isFalse();
        // bitcoind's SignTransaction: an input spending an unknown output does not keep B's other inputs unsigned;
        // only taproot ones stay so (no BIP341 signature hash without every spent output), each reported as such.
        List<dev.blocksmith.core.tx.TxIn> withUnknown = new ArrayList<>(ins);
        withUnknown.add(new dev.blocksmith.core.tx.TxIn(new dev.blocksmith.core.tx.OutPoint(Sha256Hash.fromHex("ab".repeat(32)), 3),
                Script.EMPTY, 0xfffffffdL));
        JsonNode partly = call("signrawtransactionwithwallet", "B",
                new Transaction(2, withUnknown, raw.outputs(), 0).toHex());
        assertThat(partly.get("complete").asBoolean()).isFalse();
        Transaction partlySigned = Transaction.fromHex(partly.get("hex").asText());
        List<String> expectedErrors = new ArrayList<>();
        int signedInputs = 0;
        for (int i = 0; i < ins.size(); i++) {
            boolean taproot = Script.fromHex(coins.get(i).get("scriptPubKey").asText()).isP2TR();
            assertThat(partlySigned.input(i).witness().isEmpty()).isEqualTo(taproot);
            if (taproot) expectedErrors.add(i + ":Witness program was passed an empty witness");
            else signedInputs++;
        }
        expectedErrors.add(ins.size() + ":Input not found or already spent");
        assertThat(signedInputs).isPositive();
        List<String> reported = new ArrayList<>();
        for (JsonNode e : partly.get("errors")) {
            int at = withUnknown.stream().map(in -> in.prevout().txid().toHex() + ":" + in.prevout().index()).toList()
                    .indexOf(e.get("txid").asText() + ":" + e.get("vout").asLong());
            reported.add(at + ":" + e.get("error").asText());
        }
        assertThat(reported).isEqualTo(expectedErrors);
        mempool.add(Transaction.fromHex(signedRaw.get("hex").asText()));
        mine(minerA, 10_000);
        assertThat(btc(call("getbalance", "B"))).isEqualByComparingTo("0");

        JsonNode info = call("getaddressinfo", "B", bech32);
        assertThat(info.get("ismine").asBoolean()).isTrue();
        assertThat(info.get("hdkeypath").asText()).isEqualTo("m/84h/1h/0h/0/0");
        assertThat(call("getaddressinfo", "B", backTo).get("ismine").asBoolean()).isFalse();
        assertThat(btc(call("getreceivedbyaddress", "B", bech32m))).isEqualByComparingTo("2");
        assertThat(btc(call("getreceivedbyaddress", "A", backTo)))
                .isEqualByComparingTo(BigDecimal.valueOf(100_000_000L - manyFee + total - 10_000, 8));
        assertThat(dir.resolve("b.bak")).exists();
    }

    @Test
    void walletSelectionFollowsBitcoind() throws Exception {
        RpcException none = callFails("getbalance", null);
        assertThat(none.code()).isEqualTo(RpcErrorCode.WALLET_NOT_FOUND);
        call("createwallet", null, "one");
        call("getbalance", null);
        call("createwallet", null, "two");
        RpcException several = callFails("getbalance", null);
        assertThat(several.code().code()).isEqualTo(-19);
        assertThat(several.getMessage()).isEqualTo("Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.");
        RpcException missing = callFails("getbalance", "three");
        assertThat(missing.code().code()).isEqualTo(-18);
        assertThat(missing.getMessage()).isEqualTo("Requested wallet does not exist or is not loaded");
        assertThat(callFails("loadwallet", null, "one").code().code()).isEqualTo(-35);
        assertThat(callFails("createwallet", null, "one").code().code()).isEqualTo(-4);
        // bitcoind's unloadwallet names its wallet by endpoint or parameter, never by default, and both must agree.
        RpcException unnamed = callFails("unloadwallet", null);
        assertThat(unnamed.code().code()).isEqualTo(-8);
        assertThat(unnamed.getMessage()).isEqualTo("Either the RPC endpoint wallet or the wallet name parameter must be provided");
        assertThat(callFails("unloadwallet", "one", "two").getMessage())
                .isEqualTo("The RPC endpoint wallet and the wallet name parameter specify different wallets");
        assertThat(callFails("unloadwallet", null, "three").code().code()).isEqualTo(-18);
        call("unloadwallet", "two");
        assertThat(call("listwallets", null)).hasSize(1);
        assertThat(callFails("loadwallet", null, "nowhere").code().code()).isEqualTo(-18);
    }

    @Test
    void aSendTheMempoolRefusesStaysInTheWalletUntilAbandoned() throws Exception {
        // bitcoind's CommitTransaction keeps the transaction and logs the refusal; sendtoaddress returns its txid.
        call("createwallet", null, "A");
        Script minerA = script(call("getnewaddress", "A").asText());
        for (int i = 0; i < 101; i++) mine(minerA, 0);
        String to = call("getnewaddress", "A").asText();
        rejectNext.add("too-long-mempool-chain");
        String txid = call("sendtoaddress", "A", to, 1).asText();
        assertThat(mempool).isEmpty();
        assertThat(call("listtransactions", "A").findValuesAsText("txid")).contains(txid);
        call("abandontransaction", "A", txid);
        assertThat(btc(call("getbalance", "A"))).isEqualByComparingTo("50");
    }

    @Test
    void sendErrorsChangeNothing() throws Exception {
        call("createwallet", null, "A");
        Script minerA = script(call("getnewaddress", "A").asText());
        for (int i = 0; i < 101; i++) mine(minerA, 0);
        String to = call("getnewaddress", "A").asText();

        RpcException badAddress = callFails("sendtoaddress", "A", "bcrt1qnotanaddress", 1);
        assertThat(badAddress.code().code()).isEqualTo(-5);
        assertThat(badAddress.getMessage()).isEqualTo("Invalid Bitcoin address: bcrt1qnotanaddress");
        RpcException negative = callFails("sendtoaddress", "A", to, -1);
        assertThat(negative.code().code()).isEqualTo(-3);
        assertThat(negative.getMessage()).isEqualTo("Amount out of range");
        RpcException precise = callFails("sendtoaddress", "A", to, new BigDecimal("0.000000001"));
        assertThat(precise.code().code()).isEqualTo(-3);
        assertThat(precise.getMessage()).isEqualTo("Invalid amount");
        // bitcoind 30 (checked against Knots 29.4): every CreateTransaction failure of a send is -6.
        RpcException zero = callFails("sendtoaddress", "A", to, 0);
        assertThat(zero.code().code()).isEqualTo(-6);
        assertThat(zero.getMessage()).isEqualTo("Transaction amount too small");
        RpcException dust = callFails("sendtoaddress", "A", to, new BigDecimal("0.000001"));
        assertThat(dust.code().code()).isEqualTo(-6);
        assertThat(dust.getMessage()).isEqualTo("Transaction amount too small");
        RpcException cheap = callFails("sendtoaddress", "A", to, 1, "", "", false, true, null, "unset", false, new BigDecimal("0.05"));
        assertThat(cheap.code().code()).isEqualTo(-6);
        assertThat(cheap.getMessage()).isEqualTo("Fee rate (0.050 sat/vB) is lower than the minimum fee rate setting (1.000 sat/vB)");
        RpcException nobody = callFails("sendmany", "A", "", Map.of());
        assertThat(nobody.code().code()).isEqualTo(-6);
        assertThat(nobody.getMessage()).isEqualTo("Transaction must have at least one recipient");
        RpcException poor = callFails("sendtoaddress", "A", to, 51);
        assertThat(poor.code().code()).isEqualTo(-6);
        assertThat(poor.getMessage()).isEqualTo("Insufficient funds");
        call("encryptwallet", "A", "secret");
        RpcException locked = callFails("sendtoaddress", "A", to, 1);
        assertThat(locked.code().code()).isEqualTo(-13);
        assertThat(locked.getMessage()).isEqualTo("Error: Please enter the wallet passphrase with walletpassphrase first.");
        // bitcoind: a locked wallet refuses signrawtransactionwithwallet before looking at the inputs.
        Transaction unknownSpend = new Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(new dev.blocksmith.core.tx.OutPoint(
                Sha256Hash.fromHex("56".repeat(32)), 0), Script.EMPTY, 0xffffffffL)),
                List.of(new dev.blocksmith.core.tx.TxOut(1_000, script(to))), 0);
        RpcException lockedSign = callFails("signrawtransactionwithwallet", "A", unknownSpend.toHex());
        assertThat(lockedSign.code().code()).isEqualTo(-13);
        assertThat(lockedSign.getMessage()).isEqualTo("Error: Please enter the wallet passphrase with walletpassphrase first.");
        RpcException wrong = callFails("walletpassphrase", "A", "guess", 60);
        assertThat(wrong.code().code()).isEqualTo(-14);
        assertThat(wrong.getMessage()).isEqualTo("Error: The wallet passphrase entered was incorrect.");

        assertThat(mempool).isEmpty();
        assertThat(manager.loadedWallet("A").orElseThrow().transactions()).hasSize(101);
        assertThat(btc(call("getbalance", "A"))).isEqualByComparingTo("50");

        call("walletpassphrase", "A", "secret", 60);
        call("sendtoaddress", "A", to, 1, "", "", false, true, null, null, null, 5);
        assertThat(mempool).hasSize(1);
        call("walletlock", "A");
        assertThat(callFails("walletpassphrasechange", "A", "wrong", "new").code().code()).isEqualTo(-14);
        call("walletpassphrasechange", "A", "secret", "new");
        assertThat(call("getwalletinfo", "A").get("unlocked_until").asLong()).isZero();
        call("walletpassphrase", "A", "new", 60);
        assertThat(call("getwalletinfo", "A").get("unlocked_until").asLong()).isPositive();
    }

    @Test
    void walletsSurviveRestartWithBalancesAndEncryption() throws Exception {
        call("createwallet", null, "A", false, false, "pw", false, true, true);
        Script minerA = script(call("getnewaddress", "A").asText());
        for (int i = 0; i < 101; i++) mine(minerA, 0);
        call("walletpassphrase", "A", "pw", 60);
        String to = call("getnewaddress", "A").asText();
        call("sendtoaddress", "A", to, 3);
        mine(minerA, manager.loadedWallet("A").orElseThrow().fee(mempool.get(0)).orElseThrow());
        BigDecimal before = btc(call("getbalance", "A"));

        manager.close();
        // Blocks mined while the wallet is closed are caught up on load.
        mine(minerA, 0);
        manager = newManager();
        MethodRegistry fresh = new MethodRegistry();
        WalletMethods.register(fresh, manager);
        manager.loadStartupWallets(List.of());
        assertThat(manager.loadedNames()).containsExactly("A");
        var a = manager.loadedWallet("A").orElseThrow();
        assertThat(a.isLocked()).isTrue();
        assertThat(a.lastBlockHeight()).isEqualTo(103);
        // Block 103's coinbase is immature, but block 3's matured with it.
        assertThat(a.balances().trusted().toBtc()).isEqualByComparingTo(before.add(new BigDecimal("50")));
    }
}
