package dev.blocksmith.rpc.methods.wallet;

import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.btc;
import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.sats;
import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * importdescriptors, watch-only and blank wallets, listdescriptors, labels over a real chain. Expected
 * descriptor strings, addresses, codes and messages were produced by Bitcoin Knots 29.4 on regtest (the keys are
 * BIP32 test vector 1's master key in tprv/tpub form).
 */
class DescriptorWalletRpcTest {
    private static final String TPRV = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
    private static final String TPUB = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";
    private static final String TR_XPUB = "tr(" + TPUB + "/86/1/0/*)#r8hs676r";
    private static final String WPKH_XPRV = "wpkh(" + TPRV + "/84h/1h/0h/0/*)#xdyufc4z";
    private static final String TR_XPRV_CHANGE = "tr(" + TPRV + "/86h/1h/0h/1/*)#3n4n76er";
    private static final String WIF = "wpkh(cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy)#fgu6xwtd";
    private static final Script ELSEWHERE = TestBlocks.p2wpkhScript(99);

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

    private static Map<String, Object> request(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private JsonNode importOne(String wallet, Object... kv) throws RpcException {
        return f.call("importdescriptors", wallet, List.of(request(kv))).get(0);
    }

    private void assertFailure(JsonNode result, int code, String message) {
        assertThat(result.get("success").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.at("/error/code").asInt()).as(result.toString()).isEqualTo(code);
        assertThat(result.at("/error/message").asText()).isEqualTo(message);
    }

    private void assertError(RpcException e, int code, String message) {
        assertThat(e.code().code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    /** A funded wallet "miner" with three mature coinbases; later blocks pay elsewhere. */
    private Script fundMiner() throws Exception {
        f.call("createwallet", null, "miner");
        Script mine = script(f.call("getnewaddress", "miner").asText());
        for (int i = 0; i < 103; i++) f.mine(mine, 0);
        return mine;
    }

    @Test
    void watchOnlyWalletImportsATaprootXpubSeesPaymentsAndCannotSign() throws Exception {
        fundMiner();
        f.call("createwallet", null, "wo", true);
        JsonNode info = f.call("getwalletinfo", "wo");
        assertThat(info.get("private_keys_enabled").asBoolean()).isFalse();
        assertThat(info.get("blank").asBoolean()).isFalse();
        assertThat(info.has("birthtime")).isFalse();
        assertThat(f.call("listdescriptors", "wo").get("descriptors")).isEmpty();
        assertError(f.callFails("getnewaddress", "wo"), -4, "Error: This wallet has no available keys");

        JsonNode ok = importOne("wo", "desc", TR_XPUB, "timestamp", "now", "active", true);
        assertThat(ok.get("success").asBoolean()).isTrue();
        assertThat(ok.get("warnings")).extracting(JsonNode::asText).containsExactly("Range not given, using default keypool range");
        String first = f.call("getnewaddress", "wo", "", "bech32m").asText();
        // deriveaddresses of this descriptor at position 0.
        assertThat(first).isEqualTo("bcrt1p96cyj3a3rnytqgun5n5erz7rjuea07nfy748phfwlyrp6tkc9j3sltj53y");
        assertError(f.callFails("getnewaddress", "wo", "", "bech32"), -12, "Error: No bech32 addresses available.");
        assertError(f.callFails("getrawchangeaddress", "wo"), -4, "Error: This wallet has no available keys");

        f.call("sendtoaddress", "miner", first, 3);
        f.mine(ELSEWHERE, 0);
        assertThat(btc(f.call("getbalance", "wo"))).isEqualByComparingTo("3");
        JsonNode coin = f.call("listunspent", "wo").get(0);
        assertThat(coin.get("desc").asText()).isEqualTo("tr([3442193e/86/1/0/0]4a2ed5cc198d5882f586ceb4725abd51f93d04432c76188fb59212e793d35527)#27wcdagk");
        assertThat(coin.get("parent_descs").get(0).asText()).isEqualTo(TR_XPUB);
        JsonNode listed = f.call("listdescriptors", "wo").get("descriptors").get(0);
        assertThat(listed.get("desc").asText()).isEqualTo(TR_XPUB);
        assertThat(listed.get("active").asBoolean()).isTrue();
        assertThat(listed.get("internal").asBoolean()).isFalse();
        // The payment moved the next index past position 0 and the watched window with it: 1 + the keypool of 1000.
        assertThat(listed.get("next_index").asInt()).isEqualTo(1);
        assertThat(listed.get("range").get(1).asInt()).isEqualTo(1000);

        // Watch-only: bitcoind's refusals, and nothing changes.
        String to = f.call("getnewaddress", "miner").asText();
        assertError(f.callFails("sendtoaddress", "wo", to, 1), -4, "Error: Private keys are disabled for this wallet");
        assertError(f.callFails("listdescriptors", "wo", true), -4, "Can't get descriptor string.");
        assertError(f.callFails("encryptwallet", "wo", "pw"), -16, "Error: wallet does not contain private keys, nothing to encrypt.");
        assertFailure(importOne("wo", "desc", WPKH_XPRV, "timestamp", "now"), -4, "Cannot import private keys to a wallet with private keys disabled");
        assertError(f.callFails("createwallet", null, "wo2", true, false, "pw"), -4, "Passphrase provided but private keys are disabled. "
                + "A passphrase is only used to encrypt private keys, so cannot be used for wallets with private keys disabled.");
        String raw = new Transaction(2, List.of(), List.of(new dev.blocksmith.core.tx.TxOut(50_000_000, script(to))), 0).toHex();
        assertError(f.callFails("fundrawtransaction", "wo", raw), -4,
                "Transaction needs a change address, but we can't generate it. Error: No bech32 addresses available.");
        JsonNode funded = f.call("fundrawtransaction", "wo", raw, Map.of("changeAddress", to));
        JsonNode signed = f.call("signrawtransactionwithwallet", "wo", funded.get("hex").asText());
        assertThat(signed.get("complete").asBoolean()).isFalse();
        assertThat(signed.get("errors")).hasSize(1);
        assertThat(f.mempool).isEmpty();
        assertThat(btc(f.call("getbalance", "wo"))).isEqualByComparingTo("3");
    }

    @Test
    void badImportsGetBitcoindsErrorsAndChangeNothing() throws Exception {
        f.call("createwallet", null, "wo", true);
        String unranged = "wpkh(" + TPUB + "/1/2)#gt5t95ft";
        String ranged = "wpkh(" + TPUB + "/0/*)#qvnrzae8";
        List<Map<String, Object>> batch = List.of(
                request("desc", "tr(" + TPUB + "/86/1/1/*)#x", "timestamp", "now"),
                request("desc", "tr(" + TPUB + "/86/1/1/*)", "timestamp", "now"),
                request("desc", "foo()", "timestamp", "now"),
                request("desc", TR_XPUB, "timestamp", 0, "active", true, "internal", true, "label", "x"),
                request("desc", unranged, "timestamp", 0, "range", 5),
                request("desc", unranged, "timestamp", 0, "active", true),
                request("desc", unranged, "timestamp", 0, "internal", true, "label", "lab"),
                request("timestamp", 0),
                request("desc", ranged, "timestamp", 0, "range", List.of(2, 1)),
                request("desc", ranged, "timestamp", 0, "range", List.of(0, 5), "next_index", 9),
                request("desc", ranged, "timestamp", 0, "range", "all"),
                request("desc", "wpkh(" + TPUB + "/0h/*)#l9c5mrah", "timestamp", 0),
                request("desc", unranged, "timestamp", 0, "label", "*"),
                request("desc", DescriptorChecksum.append("wsh(and_b(ripemd160(1fd9b55a054a2b3f658d97e6b84cf3ee00be429a),a:1))"), "timestamp", 0));
        JsonNode r = f.call("importdescriptors", "wo", batch);
        assertFailure(r.get(0), -5, "Expected 8 character checksum, not 1 characters");
        assertFailure(r.get(1), -5, "Missing checksum");
        assertFailure(r.get(2), -5, "Missing checksum");
        assertFailure(r.get(3), -8, "Ranged descriptors should not have a label");
        assertThat(r.get(3).get("warnings")).extracting(JsonNode::asText).containsExactly("Range not given, using default keypool range");
        assertFailure(r.get(4), -8, "Range should not be specified for an un-ranged descriptor");
        assertFailure(r.get(5), -8, "Active descriptors must be ranged");
        assertFailure(r.get(6), -8, "Internal addresses should not have a label");
        assertFailure(r.get(7), -8, "Descriptor not found.");
        assertFailure(r.get(8), -8, "Range specified as [begin,end] must not have begin after end");
        assertFailure(r.get(9), -8, "next_index is out of range");
        assertFailure(r.get(10), -8, "Range must be specified as end or as [begin,end]");
        assertFailure(r.get(11), -4, "Cannot expand descriptor. Probably because of hardened derivations without private keys provided");
        assertFailure(r.get(12), -11, "Invalid label name");
        // Core's wallet_miniscript: a miniscript anyone could satisfy is refused with bitcoind's explanation.
        assertFailure(r.get(13), -5, "and_b(ripemd160(1fd9b55a054a2b3f658d97e6b84cf3ee00be429a),a:1) is not sane: witnesses without signature exist");
        assertThat(f.call("listdescriptors", "wo").get("descriptors")).isEmpty();

        // Type errors end the whole call; checked first, so the valid request before them is not imported.
        Map<String, Object> good = request("desc", ranged, "timestamp", 0);
        assertError(f.callFails("importdescriptors", "wo", List.of(good, request("desc", ranged))), -3, "Missing required timestamp field for key");
        assertError(f.callFails("importdescriptors", "wo", List.of(good, request("desc", ranged, "timestamp", true))), -3,
                "Expected number or \"now\" timestamp value for key. got type bool");
        assertError(f.callFails("importdescriptors", "wo", List.of(good, request("desc", 5, "timestamp", 0))), -3,
                "JSON value of type number is not of expected type string");
        assertError(f.callFails("importdescriptors", "wo", List.of(good, request("desc", ranged, "timestamp", 0, "active", "x"))), -3,
                "JSON value of type string is not of expected type bool");
        assertError(f.callFails("importdescriptors", "wo", List.of(1)), -3, "Missing required timestamp field for key");
        assertThat(f.call("listdescriptors", "wo").get("descriptors")).isEmpty();

        // A wallet with private keys takes only descriptors that have them.
        f.call("createwallet", null, "keys", false, true);
        assertFailure(importOne("keys", "desc", ranged, "timestamp", "now"), -4,
                "Cannot import descriptor without private keys to a wallet with private keys enabled");
        assertThat(f.call("listdescriptors", "keys").get("descriptors")).isEmpty();
        assertThat(f.call("getwalletinfo", "keys").get("blank").asBoolean()).isTrue();
    }

    /** The figures and errors of Bitcoin Knots 29.4 for the same calls on a fresh regtest wallet. */
    @Test
    void keypoolRefillAsBitcoind() throws Exception {
        f.call("createwallet", null, "kp");
        JsonNode info = f.call("getwalletinfo", "kp");
        assertThat(info.get("keypoolsize").asInt()).isEqualTo(4000);
        assertThat(info.get("keypoolsize_hd_internal").asInt()).isEqualTo(4000);
        // Handing out an address tops up first and not after, so the pool is one short until a payment is seen.
        f.call("createwallet", null, "fresh");
        f.call("getnewaddress", "fresh");
        assertThat(f.call("getwalletinfo", "fresh").get("keypoolsize").asInt()).isEqualTo(3999);
        assertThat(f.call("getwalletinfo", "fresh").get("keypoolsize_hd_internal").asInt()).isEqualTo(4000);
        assertThat(f.call("keypoolrefill", "kp", 1500).isNull()).isTrue();
        assertThat(f.call("getwalletinfo", "kp").get("keypoolsize").asInt()).isEqualTo(6000);
        f.call("getnewaddress", "kp");
        assertThat(f.call("getwalletinfo", "kp").get("keypoolsize").asInt()).isEqualTo(5999);
        assertThat(f.call("getwalletinfo", "kp").get("keypoolsize_hd_internal").asInt()).isEqualTo(6000);
        for (JsonNode d : f.call("listdescriptors", "kp").get("descriptors")) assertThat(d.get("range").get(1).asInt()).isEqualTo(1499);
        // Without a size only the -keypool top-up applies, which is already met.
        f.call("keypoolrefill", "kp", 0);
        assertThat(f.call("getwalletinfo", "kp").get("keypoolsize").asInt()).isEqualTo(5999);
        assertError(f.callFails("keypoolrefill", "kp", -1), -8, "Invalid parameter, expected valid size.");
        f.restartWallets();
        assertThat(f.call("getwalletinfo", "kp").get("keypoolsize").asInt()).isEqualTo(5999);

        f.call("createwallet", null, "bl", false, true);
        assertError(f.callFails("keypoolrefill", "bl", 10), -4, "Error refreshing keypool.");
        assertThat(f.call("keypoolrefill", "bl").isNull()).isTrue();
        f.call("createwallet", null, "enc", false, false, "pw");
        assertError(f.callFails("keypoolrefill", "enc"), -13, "Error: Please enter the wallet passphrase with walletpassphrase first.");
    }

    @Test
    void privateImportsIntoAnEncryptedBlankWalletSurviveRestartAndSpend() throws Exception {
        Script miner = fundMiner();
        f.call("createwallet", null, "keys", false, true, "pw", false, true, true);
        assertThat(f.call("getwalletinfo", "keys").get("keypoolsize").asInt()).isZero();
        assertError(f.callFails("importdescriptors", "keys", List.of(request("desc", WPKH_XPRV, "timestamp", "now"))), -13,
                "Error: Please enter the wallet passphrase with walletpassphrase first.");
        f.call("walletpassphrase", "keys", "pw", 600);
        JsonNode r = f.call("importdescriptors", "keys", List.of(
                request("desc", WPKH_XPRV, "timestamp", "now", "active", true, "range", List.of(0, 4)),
                request("desc", TR_XPRV_CHANGE, "timestamp", "now", "active", true, "internal", true, "next_index", 2, "range", List.of(0, 9)),
                request("desc", WIF, "timestamp", "now", "label", "single")));
        for (JsonNode one : r) assertThat(one.get("success").asBoolean()).as(one.toString()).isTrue();
        JsonNode listed = f.call("listdescriptors", "keys").get("descriptors");
        // Sorted by string as bitcoind; Knots lists the same normalized strings for these imports.
        assertThat(listed).extracting(d -> d.get("desc").asText()).containsExactly(
                "tr([3442193e/86h/1h/0h]tpubDDXRVY4eRY4p4iqLUQNQokx89YLZEpTyA8UdLVYRMV8HacVdwHRi1TWKMSY3kh8WpNBA4kB4Xet3hCxxVvSw83DZ5fhqiSysSsYCWJ7k79E/1/*)#p20xvv4x",
                "wpkh(039b6347398505f5ec93826dc61c19f47c66c0283ee9be980e29ce325a0f4679ef)#75hac2kl",
                "wpkh([3442193e/84h/1h/0h]tpubDDNRbZGvdA33cgpY5uy2mmphT7sK4uciRjcQScSd64S5KRyZDxHcPuzs24or84Hywugb2JbEEt2jWH8fduiN9cmZzkSj8sSSx6txXkhXyZs/0/*)#0s0dqh6s");
        assertThat(listed.get(0).get("internal").asBoolean()).isTrue();
        assertThat(listed.get(0).get("next_index").asInt()).isEqualTo(2);
        assertThat(listed.get(1).get("active").asBoolean()).isFalse();
        assertThat(listed.get(1).has("internal")).isFalse();
        assertThat(listed.get(1).has("range")).isFalse();
        assertThat(f.call("listdescriptors", "keys", true).get("descriptors")).extracting(d -> d.get("desc").asText())
                .containsExactlyInAnyOrder(WPKH_XPRV, TR_XPRV_CHANGE, WIF);
        String single = f.call("deriveaddresses", null, WIF).get(0).asText();
        assertThat(f.call("getaddressesbylabel", "keys", "single").get(single).get("purpose").asText()).isEqualTo("receive");
        // Knots' getaddressinfo of the imported WIF's address.
        JsonNode wifInfo = f.call("getaddressinfo", "keys", single);
        assertThat(single).isEqualTo("bcrt1qwfjcnutuv4djp2qr73vejvvs0gzs6pu92dcme7");
        assertThat(wifInfo.get("desc").asText()).isEqualTo("wpkh([726589f1]039b6347398505f5ec93826dc61c19f47c66c0283ee9be980e29ce325a0f4679ef)#fzpsz52d");
        assertThat(wifInfo.get("parent_desc").asText()).isEqualTo("wpkh(039b6347398505f5ec93826dc61c19f47c66c0283ee9be980e29ce325a0f4679ef)#75hac2kl");
        assertThat(wifInfo.get("hdkeypath").asText()).isEqualTo("m");
        assertThat(wifInfo.get("hdmasterfingerprint").asText()).isEqualTo("726589f1");
        assertThat(wifInfo.get("ischange").asBoolean()).isFalse();
        assertThat(wifInfo.get("labels")).extracting(JsonNode::asText).containsExactly("single");
        // Knots' first address of the imported wpkh descriptor.
        assertThat(f.call("getnewaddress", "keys", "", "bech32").asText()).isEqualTo("bcrt1q7f0pjwhc3jzzv0w4uurm589506glv2dggfan4s");
        f.call("walletlock", "keys");
        assertError(f.callFails("listdescriptors", "keys", true), -13, "Error: Please enter the wallet passphrase with walletpassphrase first.");

        f.restartWallets();
        assertThat(f.call("listdescriptors", "keys").get("descriptors")).extracting(d -> d.get("desc").asText())
                .containsExactlyElementsOf(listed.findValuesAsText("desc"));
        assertThat(f.call("getwalletinfo", "keys").get("unlocked_until").asLong()).isZero();
        assertThat(f.call("getaddressesbylabel", "keys", "single").has(single)).isTrue();
        String second = f.call("getnewaddress", "keys", "", "bech32").asText();
        assertThat(second).isEqualTo("bcrt1q3jeqwzg70pfkc9k4pvynlmfjlrrghp0cd705hx");

        // Coins on imported keys are spent with those keys, checked by the chain's script verifier.
        f.call("sendtoaddress", "miner", second, 2);
        f.call("sendtoaddress", "miner", single, 1);
        f.mine(miner, 0);
        assertThat(btc(f.call("getbalance", "keys"))).isEqualByComparingTo("3");
        assertError(f.callFails("sendtoaddress", "keys", f.call("getnewaddress", "miner").asText(), "2.5"), -13,
                "Error: Please enter the wallet passphrase with walletpassphrase first.");
        f.call("walletpassphrase", "keys", "pw", 600);
        String txid = f.call("sendtoaddress", "keys", f.call("getnewaddress", "miner").asText(), "2.5").asText();
        Transaction sent = f.mempool.get(0);
        assertThat(sent.txid().toHex()).isEqualTo(txid);
        assertThat(sent.inputs()).hasSize(2);
        long fee = -sats(f.call("gettransaction", "keys", txid).get("fee"));
        f.mine(ELSEWHERE, 0);
        assertThat(f.chain().tip().height()).isEqualTo(105);
        assertThat(sats(f.call("getbalance", "keys"))).isEqualTo(50_000_000L - fee);
    }

    @Test
    void importRescansFromItsTimestamp() throws Exception {
        Script miner = fundMiner();
        // Paid before the descriptor is imported: found by the rescan of the import ("now" covers the last two hours).
        f.call("sendtoaddress", "miner", "bcrt1pyq0wlrzuj3lluf2ut59pxxeaxmwekhy8nvqptu5czchu7hvl9lnqu4l9ze", 4);
        f.mine(miner, 0);
        f.call("createwallet", null, "wo", true, true);
        assertThat(btc(f.call("getbalance", "wo"))).isEqualByComparingTo("0");
        assertThat(importOne("wo", "desc", TR_XPUB, "timestamp", "now").get("success").asBoolean()).isTrue();
        assertThat(btc(f.call("getbalance", "wo"))).isEqualByComparingTo("4");
        JsonNode tx = f.call("listtransactions", "wo");
        assertThat(tx).hasSize(1);
        assertThat(tx.get(0).get("category").asText()).isEqualTo("receive");
        assertThat(f.call("getwalletinfo", "wo").get("blank").asBoolean()).isTrue();
        assertThat(f.call("getwalletinfo", "wo").has("birthtime")).isTrue();
    }

    @Test
    void labelsAsBitcoind() throws Exception {
        Script miner = fundMiner();
        String a1 = f.call("getnewaddress", "miner", "savings", "bech32").asText();
        String a2 = f.call("getnewaddress", "miner", "", "bech32m").asText();
        String theirs = "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9";
        assertError(f.callFails("getnewaddress", "miner", "*"), -11, "Invalid label name");
        f.call("setlabel", "miner", a2, "savings");
        assertError(f.callFails("setlabel", "miner", a2, "*"), -11, "Invalid label name");
        assertError(f.callFails("setlabel", "miner", "notanaddr", "x"), -5, "Invalid Bitcoin address");
        assertThat(f.call("setlabel", "miner", theirs, "theirs").isNull()).isTrue();
        JsonNode savings = f.call("getaddressesbylabel", "miner", "savings");
        assertThat(savings.size()).isEqualTo(2);
        assertThat(savings.get(a1).get("purpose").asText()).isEqualTo("receive");
        assertThat(savings.get(a2).get("purpose").asText()).isEqualTo("receive");
        assertThat(f.call("getaddressesbylabel", "miner", "theirs").get(theirs).get("purpose").asText()).isEqualTo("send");
        assertError(f.callFails("getaddressesbylabel", "miner", "nosuch"), -11, "No addresses with label nosuch");
        assertThat(f.call("listlabels", "miner")).extracting(JsonNode::asText).containsExactly("", "savings", "theirs");
        assertThat(f.call("listlabels", "miner", "receive")).extracting(JsonNode::asText).containsExactly("", "savings");
        assertThat(f.call("listlabels", "miner", "send")).extracting(JsonNode::asText).containsExactly("theirs");
        assertError(f.callFails("listlabels", "miner", "bogus"), -8,
                "Invalid 'purpose' argument, must be a known purpose string, typically 'send', or 'receive'.");
        JsonNode info = f.call("getaddressinfo", "miner", a1);
        assertThat(info.get("labels")).extracting(JsonNode::asText).containsExactly("savings");
        assertThat(info.get("ischange").asBoolean()).isFalse();
        JsonNode change = f.call("getaddressinfo", "miner", f.call("getrawchangeaddress", "miner").asText());
        assertThat(change.get("ischange").asBoolean()).isTrue();
        assertThat(change.get("labels")).isEmpty();

        f.call("createwallet", null, "B");
        String b = f.call("getnewaddress", "B", "from-miner").asText();
        f.call("getnewaddress", "B", "unused");
        f.call("sendtoaddress", "miner", b, 1);
        f.call("sendtoaddress", "miner", a1, 2);
        f.mine(miner, 0);
        JsonNode onlySavings = f.call("listtransactions", "miner", "savings");
        assertThat(onlySavings).hasSize(1);
        assertThat(onlySavings.get(0).get("category").asText()).isEqualTo("receive");
        assertThat(onlySavings.get(0).get("label").asText()).isEqualTo("savings");
        assertThat(btc(onlySavings.get(0).get("amount"))).isEqualByComparingTo("2");
        assertThat(f.call("listtransactions", "B", "from-miner")).hasSize(1);
        assertThat(f.call("listtransactions", "B", "unused")).isEmpty();
        assertError(f.callFails("listtransactions", "miner", ""), -8, "Label argument must be a valid label name or \"*\".");

        f.restartWallets();
        assertThat(f.call("getaddressesbylabel", "miner", "savings").size()).isEqualTo(2);
        assertThat(f.call("listlabels", "miner", "send")).extracting(JsonNode::asText).containsExactly("theirs");
    }

    @Test
    void getdescriptorinfoAndDeriveaddressesNeedNoWallet() throws Exception {
        JsonNode info = f.call("getdescriptorinfo", null, "wpkh(" + TPRV + "/84h/1h/0h/0/*)");
        assertThat(info.get("descriptor").asText()).isEqualTo("wpkh(" + TPUB + "/84h/1h/0h/0/*)#qtf8gygc");
        assertThat(info.get("checksum").asText()).isEqualTo("xdyufc4z");
        assertThat(info.get("isrange").asBoolean()).isTrue();
        assertThat(info.get("issolvable").asBoolean()).isTrue();
        assertThat(info.get("hasprivatekeys").asBoolean()).isTrue();
        assertThat(f.call("getdescriptorinfo", null, TR_XPUB).get("hasprivatekeys").asBoolean()).isFalse();
        assertError(f.callFails("getdescriptorinfo", null, "foo(bar)"), -5, "'foo(bar)' is not a valid descriptor function");
        assertError(f.callFails("getdescriptorinfo", null, "wpkh(" + TPUB + "/0/*)#qvnrzae9"), -5,
                "Provided checksum 'qvnrzae9' does not match computed checksum 'qvnrzae8'");

        assertThat(f.call("deriveaddresses", null, TR_XPUB, List.of(0, 1))).extracting(JsonNode::asText).containsExactly(
                "bcrt1p96cyj3a3rnytqgun5n5erz7rjuea07nfy748phfwlyrp6tkc9j3sltj53y",
                "bcrt1pyq0wlrzuj3lluf2ut59pxxeaxmwekhy8nvqptu5czchu7hvl9lnqu4l9ze");
        assertThat(f.call("deriveaddresses", null, "pkh(" + TPUB + "/44/0/*)#xjay5g40", 3)).hasSize(4);
        assertThat(f.call("deriveaddresses", null, "sh(wpkh(" + TPUB + "/49/0/*))#gd9ep5c5", List.of(5, 5)).get(0).asText())
                .isEqualTo("2ND6tnhrfz6mqH2wJWLBzBAbrJvp9Rk2SEd");
        String unranged = "wpkh(" + TPUB + "/1/2)#gt5t95ft";
        assertThat(f.call("deriveaddresses", null, unranged).get(0).asText()).isEqualTo("bcrt1qa3ht4xx9evh8dp8p66tzftu45zccugw4hu6ylf");
        assertError(f.callFails("deriveaddresses", null, "wpkh(" + TPUB + "/1/2)"), -5, "Missing checksum");
        assertError(f.callFails("deriveaddresses", null, unranged, 2), -8, "Range should not be specified for an un-ranged descriptor");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB), -8, "Range must be specified for a ranged descriptor");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, List.of(2, 1)), -8, "Range specified as [begin,end] must not have begin after end");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, List.of(-1, 1)), -8, "Range should be greater or equal than 0");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, List.of(0, 1_000_000_000)), -8, "Range is too large");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, List.of(0, 3_000_000_000L)), -8, "End of range is too high");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, -1), -8, "End of range is too high");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, "x"), -8, "Range must be specified as end or as [begin,end]");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, List.of(1)), -8, "Range must be specified as end or as [begin,end]");
        assertError(f.callFails("deriveaddresses", null, TR_XPUB, List.of(new BigDecimal("1.5"), 2)), -1, "JSON integer out of range");
        assertError(f.callFails("deriveaddresses", null, "wpkh(" + TPUB + "/0h/*)#l9c5mrah", 1), -5, "Cannot derive script without private keys");
        List<String> fromPrivate = new ArrayList<>();
        f.call("deriveaddresses", null, WPKH_XPRV, 2).forEach(a -> fromPrivate.add(a.asText()));
        assertThat(fromPrivate).containsExactly("bcrt1q7f0pjwhc3jzzv0w4uurm589506glv2dggfan4s", "bcrt1q3jeqwzg70pfkc9k4pvynlmfjlrrghp0cd705hx",
                "bcrt1q9heskcpee3fhxgm82a5gwqfswqrcfzwg3uqe2a");
    }
}
