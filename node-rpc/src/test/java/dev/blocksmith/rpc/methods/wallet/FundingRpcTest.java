package dev.blocksmith.rpc.methods.wallet;

import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.btc;
import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.sats;
import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fundrawtransaction, lockunspent and the history bumpfee and abandontransaction leave, over a real chain
 * whose script verifier checks every signature. Codes and messages as Bitcoin Knots 29.4 gives them on regtest.
 */
class FundingRpcTest {
    private static final Script ELSEWHERE = TestBlocks.p2wpkhScript(99);

    @TempDir
    Path dir;
    private WalletRpcFixture f;
    private Script minerA;

    @BeforeEach
    void setUp() throws Exception {
        f = new WalletRpcFixture(dir);
        // Coinbases at heights 1..103 are A's; from tip 103 on the first three are mature.
        minerA = f.walletsAAndBMinedToA(103);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private void assertError(RpcException e, int code, String message) {
        assertThat(e.code().code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static String raw(List<OutPoint> inputs, TxOut... outputs) {
        List<TxIn> ins = inputs.stream().map(o -> new TxIn(o, Script.EMPTY, 0xfffffffdL)).toList();
        return new Transaction(2, ins, List.of(outputs), 0).toHex();
    }

    private long inputValue(String wallet, Transaction tx) {
        long sum = 0;
        for (TxIn in : tx.inputs()) sum += f.manager().loadedWallet(wallet).orElseThrow().knownOutput(in.prevout()).orElseThrow().value();
        return sum;
    }

    @Test
    void fundSignSendWithTheExactFee() throws Exception {
        Script toB = script(f.call("getnewaddress", "B").asText());
        String rawTx = raw(List.of(), new TxOut(150_000_000L, toB));
        JsonNode funded = f.call("fundrawtransaction", "A", rawTx, Map.of("fee_rate", 5, "changePosition", 1));
        assertThat(funded.get("changepos").asInt()).isEqualTo(1);
        Transaction unsigned = Transaction.fromHex(funded.get("hex").asText());
        long fee = sats(funded.get("fee"));
        long out = unsigned.outputs().stream().mapToLong(TxOut::value).sum();
        assertThat(fee).isEqualTo(inputValue("A", unsigned) - out);
        assertThat(unsigned.output(0)).isEqualTo(new TxOut(150_000_000L, toB));
        assertThat(unsigned.inputs()).allSatisfy(i -> assertThat(i.sequence()).isEqualTo(0xfffffffdL));
        // The change address is A's change, not in the address book, and no longer handed out.
        JsonNode change = f.call("getaddressinfo", "A", dev.blocksmith.core.address.Address.fromScriptPubKey(unsigned.output(1).scriptPubKey(),
                WalletRpcFixture.PARAMS).orElseThrow().encode());
        assertThat(change.get("ischange").asBoolean()).isTrue();

        JsonNode signed = f.call("signrawtransactionwithwallet", "A", funded.get("hex").asText());
        assertThat(signed.get("complete").asBoolean()).isTrue();
        Transaction tx = Transaction.fromHex(signed.get("hex").asText());
        // The estimate covers the signed size at the requested rate, without overpaying more than a few bytes.
        assertThat(fee).isBetween(5L * tx.vsize(), 5L * (tx.vsize() + 4));
        f.mempool.add(tx);
        f.mine(ELSEWHERE, fee);
        // Tip 104 matured coinbase 4: A had 4 x 50, paid 1.5 and the fee.
        assertThat(sats(f.call("getbalance", "A"))).isEqualTo(200 * 100_000_000L - 150_000_000L - fee);
        assertThat(btc(f.call("getbalance", "B"))).isEqualByComparingTo("1.5");
    }

    @Test
    void presetInputsAreKeptAndOptionsAreChecked() throws Exception {
        JsonNode coin = f.call("listunspent", "A").get(0);
        OutPoint mine = new OutPoint(Sha256Hash.fromHex(coin.get("txid").asText()), coin.get("vout").asLong());
        Script toB = script(f.call("getnewaddress", "B").asText());
        Transaction preset = new Transaction(2, List.of(new TxIn(mine, Script.EMPTY, 7)), List.of(new TxOut(50_000_000L, toB)), 77);
        JsonNode funded = f.call("fundrawtransaction", "A", preset.toHex(), Map.of("fee_rate", 2, "replaceable", false));
        Transaction t = Transaction.fromHex(funded.get("hex").asText());
        // Knots keeps the preset input with its sequence, and the lock time.
        assertThat(t.inputs()).hasSize(1);
        assertThat(t.input(0).prevout()).isEqualTo(mine);
        assertThat(t.input(0).sequence()).isEqualTo(7);
        assertThat(t.lockTime()).isEqualTo(77);
        assertThat(sats(funded.get("fee"))).isEqualTo(50 * 100_000_000L - t.outputs().stream().mapToLong(TxOut::value).sum());

        Transaction big = new Transaction(2, List.of(new TxIn(mine, Script.EMPTY, 7)), List.of(new TxOut(60 * 100_000_000L, toB)), 0);
        assertError(f.callFails("fundrawtransaction", "A", big.toHex(), Map.of("add_inputs", false)), -4,
                "The preselected coins total amount does not cover the transaction target. Please allow other inputs to be automatically "
                        + "selected or include more coins manually");
        JsonNode more = f.call("fundrawtransaction", "A", big.toHex());
        Transaction m = Transaction.fromHex(more.get("hex").asText());
        assertThat(m.inputs()).hasSize(2);
        assertThat(m.input(0).prevout()).isEqualTo(mine);
        // Added inputs follow the default: BIP125 replaceable.
        assertThat(m.input(1).sequence()).isEqualTo(0xfffffffdL);

        // An external input: found in the chain, but the wallet cannot size its signature without solving data.
        JsonNode bcoin;
        f.call("sendtoaddress", "A", f.call("getnewaddress", "B").asText(), 3);
        f.mine(ELSEWHERE, 0);
        bcoin = f.call("listunspent", "B").get(0);
        OutPoint theirs = new OutPoint(Sha256Hash.fromHex(bcoin.get("txid").asText()), bcoin.get("vout").asLong());
        String external = raw(List.of(theirs), new TxOut(100_000_000L, toB));
        assertError(f.callFails("fundrawtransaction", "A", external), -4,
                "Not solvable pre-selected input COutPoint(" + theirs.txid().toHex().substring(0, 10) + ", " + theirs.index() + ")");
        JsonNode weighted = f.call("fundrawtransaction", "A", external,
                Map.of("input_weights", List.of(Map.of("txid", theirs.txid().toHex(), "vout", theirs.index(), "weight", 272)), "fee_rate", 1));
        assertThat(Transaction.fromHex(weighted.get("hex").asText()).input(0).prevout()).isEqualTo(theirs);
        String pubkey = f.call("getaddressinfo", "B", bcoin.get("address").asText()).get("pubkey").asText();
        JsonNode solved = f.call("fundrawtransaction", "A", external, Map.of("solving_data", Map.of("pubkeys", List.of(pubkey))));
        assertThat(Transaction.fromHex(solved.get("hex").asText()).input(0).prevout()).isEqualTo(theirs);
        // An external input whose transaction is still in the mempool is found there, as bitcoind's FindCoins does.
        String unconfirmedTxid = f.call("sendtoaddress", "A", f.call("getnewaddress", "B").asText(), 2).asText();
        JsonNode pending = f.call("gettransaction", "A", unconfirmedTxid).get("details").get(0);
        OutPoint inMempool = new OutPoint(Sha256Hash.fromHex(unconfirmedTxid), pending.get("vout").asLong());
        JsonNode fromMempool = f.call("fundrawtransaction", "A", raw(List.of(inMempool), new TxOut(100_000_000L, toB)),
                Map.of("input_weights", List.of(Map.of("txid", unconfirmedTxid, "vout", inMempool.index(), "weight", 272)), "fee_rate", 1));
        assertThat(Transaction.fromHex(fromMempool.get("hex").asText()).input(0).prevout()).isEqualTo(inMempool);
        assertError(f.callFails("fundrawtransaction", "A", raw(List.of(new OutPoint(Sha256Hash.fromHex("ab".repeat(32)), 0)),
                new TxOut(100_000, toB))), -4, "Unable to find UTXO for external input");

        String simple = raw(List.of(), new TxOut(150_000_000L, toB));
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("bogus", 1)), -3, "Unexpected key bogus");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("add_inputs", "yes")), -3,
                "JSON value of type string for field add_inputs is not of expected type bool");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("changePosition", 2)), -8, "changePosition out of bounds");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("fee_rate", 10, "feeRate", "0.0001")), -8,
                "Cannot specify both fee_rate (sat/vB) and feeRate (BTC/kvB)");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("fee_rate", 10, "conf_target", 3)), -8,
                "Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee "
                        + "estimation, or an explicit fee rate.");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("fee_rate", "abc")), -3, "Invalid amount");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("changeAddress", "foo")), -5, "Change address must be a valid bitcoin address");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("changeAddress", f.call("getnewaddress", "B").asText(),
                "change_type", "bech32")), -8, "Cannot specify both change address and address type options");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("change_type", "foo")), -5, "Unknown change type 'foo'");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("subtractFeeFromOutputs", List.of(1))), -8,
                "Invalid parameter 'subtract fee from output', position too large: 1");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("subtractFeeFromOutputs", List.of(0, 0))), -8,
                "Invalid parameter 'subtract fee from output', duplicated position: 0");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("subtractFeeFromOutputs", List.of(-1))), -8,
                "Invalid parameter 'subtract fee from output', negative position: -1");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("estimate_mode", "foo")), -8,
                "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"");
        assertError(f.callFails("fundrawtransaction", "A", simple, Map.of("conf_target", 0)), -8, "Invalid conf_target, must be between 1 and 1008");
        assertError(f.callFails("fundrawtransaction", "A", "zz"), -22, "TX decode failed");
        assertError(f.callFails("fundrawtransaction", "A", raw(List.of())), -8, "TX must have at least one output");
        assertError(f.callFails("fundrawtransaction", "A", raw(List.of(), new TxOut(100, toB))), -4, "Transaction amount too small");
        assertError(f.callFails("fundrawtransaction", "A", raw(List.of(), new TxOut(1000 * 100_000_000L, toB))), -4, "Insufficient funds");

        // subtractFeeFromOutputs: the output pays the fee, change keeps the rest.
        JsonNode sffo = f.call("fundrawtransaction", "A", simple, Map.of("subtractFeeFromOutputs", List.of(0), "fee_rate", 1, "changePosition", 1));
        Transaction s = Transaction.fromHex(sffo.get("hex").asText());
        assertThat(s.output(0).value()).isEqualTo(150_000_000L - sats(sffo.get("fee")));
        // The legacy boolean options form is accepted and means nothing more.
        assertThat(f.call("fundrawtransaction", "A", simple, true).get("hex").asText()).isNotEmpty();
    }

    @Test
    void lockedCoinsAreNotSelected() throws Exception {
        Script toB = script(f.call("getnewaddress", "B").asText());
        String simple = raw(List.of(), new TxOut(10_000_000L, toB));
        JsonNode funded = f.call("fundrawtransaction", "A", simple, Map.of("lockUnspents", true));
        TxIn used = Transaction.fromHex(funded.get("hex").asText()).input(0);
        JsonNode locked = f.call("listlockunspent", "A");
        assertThat(locked).hasSize(1);
        assertThat(locked.get(0).get("txid").asText()).isEqualTo(used.prevout().txid().toHex());
        assertThat(f.call("listunspent", "A")).hasSize(2);
        // Balances still count locked coins, as bitcoind's.
        assertThat(btc(f.call("getbalance", "A"))).isEqualByComparingTo("150");
        assertThat(f.call("lockunspent", "A", true).asBoolean()).isTrue();
        assertThat(f.call("listlockunspent", "A")).isEmpty();

        List<Map<String, Object>> all = new java.util.ArrayList<>();
        for (JsonNode c : f.call("listunspent", "A")) all.add(Map.of("txid", c.get("txid").asText(), "vout", c.get("vout").asInt()));
        assertThat(f.call("lockunspent", "A", false, all).asBoolean()).isTrue();
        assertError(f.callFails("fundrawtransaction", "A", simple), -4, "Insufficient funds");
        assertError(f.callFails("sendtoaddress", "A", f.call("getnewaddress", "B").asText(), 1), -6, "Insufficient funds");
        Map<String, Object> first = all.get(0);
        assertError(f.callFails("lockunspent", "A", false, List.of(first)), -8, "Invalid parameter, output already locked");
        assertThat(f.call("lockunspent", "A", false, List.of(first), true).asBoolean()).isTrue();
        assertError(f.callFails("lockunspent", "A", false, List.of(Map.of("txid", first.get("txid"), "vout", 5))), -8,
                "Invalid parameter, vout index out of bounds");
        assertError(f.callFails("lockunspent", "A", false, List.of(Map.of("txid", "ab".repeat(32), "vout", 0))), -8,
                "Invalid parameter, unknown transaction");
        assertError(f.callFails("lockunspent", "A", false, List.of(Map.of("txid", first.get("txid"), "vout", -1))), -8,
                "Invalid parameter, vout cannot be negative");
        assertError(f.callFails("lockunspent", "A", false, List.of(Map.of("txid", first.get("txid")))), -3, "Missing vout");
        assertError(f.callFails("lockunspent", "A", false, List.of(Map.of("txid", first.get("txid"), "vout", "1"))), -3,
                "JSON value of type string for field vout is not of expected type number");
        assertError(f.callFails("lockunspent", "A", false, List.of(Map.of("txid", "zz", "vout", 1))), -8, "txid must be of length 64 (not 2, for 'zz')");
        // A refused list changes nothing: unlocking a locked and an unlocked output unlocks neither.
        f.call("lockunspent", "A", true, List.of(all.get(1)));
        assertError(f.callFails("lockunspent", "A", true, List.of(all.get(2), all.get(1))), -8, "Invalid parameter, expected locked output");
        assertThat(f.call("listlockunspent", "A")).hasSize(2);

        // Only the persistent lock survives a restart.
        f.restartWallets();
        JsonNode after = f.call("listlockunspent", "A");
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("txid").asText()).isEqualTo(first.get("txid"));
        assertThat(f.call("lockunspent", "A", false, List.of()).asBoolean()).isTrue();
    }

    @Test
    void bumpfeeKeepsTheReplacedTransactionAndBalancesCountOnce() throws Exception {
        String toB = f.call("getnewaddress", "B").asText();
        long before = sats(f.call("getbalance", "A"));
        String original = f.call("sendtoaddress", "A", toB, 1).asText();
        long origFee = -sats(f.call("gettransaction", "A", original).get("fee"));
        JsonNode bumped = f.call("bumpfee", "A", original);
        String replacement = bumped.get("txid").asText();
        long newFee = sats(bumped.get("fee"));
        assertThat(sats(bumped.get("origfee"))).isEqualTo(origFee);
        assertThat(f.mempool).extracting(t -> t.txid().toHex()).containsExactly(replacement);

        // As Knots shows a bumped transaction: unconfirmed, untrusted, replaced, conflicting with the replacement.
        JsonNode o = f.call("gettransaction", "A", original);
        assertThat(o.get("confirmations").asInt()).isZero();
        assertThat(o.get("trusted").asBoolean()).isFalse();
        assertThat(o.get("replaced_by_txid").asText()).isEqualTo(replacement);
        assertThat(o.get("walletconflicts")).extracting(JsonNode::asText).containsExactly(replacement);
        assertThat(o.get("mempoolconflicts")).extracting(JsonNode::asText).containsExactly(replacement);
        assertThat(o.get("bip125-replaceable").asText()).isEqualTo("yes");
        JsonNode r = f.call("gettransaction", "A", replacement);
        assertThat(r.get("replaces_txid").asText()).isEqualTo(original);
        assertThat(r.get("trusted").asBoolean()).isTrue();
        assertThat(r.get("walletconflicts")).extracting(JsonNode::asText).containsExactly(original);
        assertThat(r.get("mempoolconflicts")).isEmpty();
        assertThat(sats(f.call("getbalance", "A"))).isEqualTo(before - 100_000_000L - newFee);
        assertThat(sats(f.call("getbalances", "A").at("/mine/untrusted_pending"))).isZero();
        JsonNode history = f.call("listtransactions", "A", "*", 2);
        assertThat(history).extracting(t -> t.get("txid").asText()).containsExactly(original, replacement);
        assertThat(history.get(0).get("replaced_by_txid").asText()).isEqualTo(replacement);

        assertError(f.callFails("bumpfee", "A", original), -4,
                "Cannot bump transaction " + original + " which was already bumped by transaction " + replacement);
        assertError(f.callFails("abandontransaction", "A", replacement), -5, "Transaction not eligible for abandonment");
        assertThat(f.call("abandontransaction", "A", original).isNull()).isTrue();
        assertThat(f.call("gettransaction", "A", original).at("/details/0/abandoned").asBoolean()).isTrue();
        assertError(f.callFails("abandontransaction", "A", original), -5, "Transaction not eligible for abandonment");
        assertError(f.callFails("abandontransaction", "A", "ab".repeat(32)), -5, "Invalid or non-wallet transaction id");
        assertThat(sats(f.call("getbalance", "A"))).isEqualTo(before - 100_000_000L - newFee);

        // The replacement confirms: the original is conflicted by that block.
        f.mine(ELSEWHERE, newFee);
        o = f.call("gettransaction", "A", original);
        assertThat(o.get("confirmations").asInt()).isEqualTo(-1);
        assertThat(o.get("replaced_by_txid").asText()).isEqualTo(replacement);
        assertThat(f.call("gettransaction", "A", replacement).get("confirmations").asInt()).isEqualTo(1);
        // Tip 104 matured coinbase 4 (+50).
        assertThat(sats(f.call("getbalance", "A"))).isEqualTo(before + 50 * 100_000_000L - 100_000_000L - newFee);
        assertThat(btc(f.call("getbalance", "B"))).isEqualByComparingTo("1");

        // After a restart the history is the same.
        f.restartWallets();
        assertThat(f.call("gettransaction", "A", original).get("replaced_by_txid").asText()).isEqualTo(replacement);
        assertThat(f.call("gettransaction", "A", replacement).get("replaces_txid").asText()).isEqualTo(original);
        assertThat(sats(f.call("getbalance", "A"))).isEqualTo(before + 50 * 100_000_000L - 100_000_000L - newFee);
    }
}
