package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.ActiveSlot;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.imports.DescriptorImportRequest;
import dev.blocksmith.wallet.imports.DescriptorImportResult;
import dev.blocksmith.wallet.keystore.Keystore;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.labels.AddressPurpose;
import dev.blocksmith.wallet.store.WalletDirectory;
import dev.blocksmith.wallet.store.WalletSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wallets built from imported descriptors, followed over a chain. The addresses expected for the BIP32 test
 * vector 1 key were derived by Bitcoin Knots 29.4 (deriveaddresses on regtest).
 */
class DescriptorWalletTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 36_000;
    private static final ScryptParams FAST = new ScryptParams(16, 8, 1);
    private static final String TPRV = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
    private static final String TPUB = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";
    private static final String FIRST_TR = "bcrt1p96cyj3a3rnytqgun5n5erz7rjuea07nfy748phfwlyrp6tkc9j3sltj53y";

    @TempDir
    Path dir;
    private ChainManager chain;
    private WalletManager manager;
    private int tag;

    @BeforeEach
    void setUp() {
        chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), new RejectSpendsVerifier(), ChainOptions.defaults(), () -> NOW);
        manager = newManager();
    }

    private WalletManager newManager() {
        return new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), tx -> Optional.empty(),
                FeeEstimator.NONE, WalletOptions.defaults().withScrypt(FAST), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        manager.close();
        chain.close();
    }

    private void mine(Script to) throws Exception {
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), to, List.of(), 0, ++tag);
        chain.processBlock(b);
    }

    private static DescriptorImportRequest request(String desc, boolean active) {
        return new DescriptorImportRequest(Optional.of(desc), active, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty());
    }

    private List<DescriptorImportResult> importAll(Wallet w, DescriptorImportRequest... r) throws Exception {
        return w.importDescriptors(List.of(r), WalletChain.of(chain), tx -> Optional.empty());
    }

    @Test
    void watchOnlyWalletReceivesAndShowsItsBalanceButCannotSign() throws Exception {
        Wallet wo = manager.create("wo", new WalletFlags(true, false), Optional.empty(), Optional.empty());
        List<DescriptorImportResult> r = importAll(wo, request("tr(" + TPUB + "/86/1/0/*)#r8hs676r", true));
        assertThat(r.get(0).success()).isTrue();
        Address first = wo.newAddress(AddressType.BECH32M, false, "");
        assertThat(first.encode()).isEqualTo(FIRST_TR);
        for (int i = 0; i < 101; i++) mine(first.toScriptPubKey());
        assertThat(wo.balances().trusted().sats()).isEqualTo(50 * 100_000_000L);
        assertThat(wo.balances().immature().sats()).isEqualTo(100 * 50 * 100_000_000L);
        Script elsewhere = TestBlocks.p2wpkhScript(5);
        assertThatThrownBy(() -> wo.createTransaction(List.of(new Recipient(elsewhere, 100_000, false)), new FeeRate(1000), true))
                .isInstanceOf(WalletException.class).hasMessage("Error: Private keys are disabled for this wallet");
        var coin = wo.unspent().stream().filter(c -> c.mature()).findFirst().orElseThrow();
        Transaction unsigned = new Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(coin.outPoint(), Script.EMPTY, 0xfffffffdL)),
                List.of(new TxOut(coin.output().value() - 1000, elsewhere)), 0);
        assertThat(wo.signOwnedInputs(unsigned, List.of(coin.output()), 1)).isEqualTo(unsigned);
        assertThatThrownBy(() -> wo.encrypt("pw".toCharArray(), FAST)).hasMessage("Error: wallet does not contain private keys, nothing to encrypt.");
    }

    @Test
    void signsP2wshMultisigOfAnImportedPrivateDescriptorAsBitcoind() throws Exception {
        // feature_segwit: wsh(multi(1,WIF)) imported into a blank wallet; signrawtransactionwithwallet must
        // produce bitcoind's witness (dummy, signature, witness script) so the spend verifies.
        Wallet w = manager.create("ms", new WalletFlags(false, true), Optional.empty(), Optional.empty());
        byte[] secret = new byte[32];
        secret[31] = 7;
        String wif = dev.blocksmith.core.address.Wif.encode(new dev.blocksmith.core.address.PrivateKeyBytes(secret, true), PARAMS);
        String desc = dev.blocksmith.wallet.descriptor.DescriptorChecksum.append("wsh(multi(1," + wif + "))");
        assertThat(importAll(w, request(desc, false)).get(0).success()).isTrue();
        Script p2wsh = dev.blocksmith.wallet.descriptor.Descriptor.parse(desc, PARAMS, true).scriptPubKey(0);
        assertThat(p2wsh.isP2WSH()).isTrue();
        for (int i = 0; i < 101; i++) mine(p2wsh);
        var coin = w.unspent().stream().filter(c -> c.mature()).findFirst().orElseThrow();
        Transaction unsigned = new Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(coin.outPoint(), Script.EMPTY, 0xfffffffdL)),
                List.of(new TxOut(coin.output().value() - 1000, TestBlocks.p2wpkhScript(5))), 0);
        List<TxOut> spent = List.of(coin.output());
        Transaction signed = w.signOwnedInputs(unsigned, spent, dev.blocksmith.core.script.SignatureHasher.SIGHASH_ALL);
        assertThat(signed.input(0).witness().rawItems()).hasSize(3);
        assertThat(dev.blocksmith.core.script.ScriptValidation.uncached().verifyInput(signed, 0, spent,
                dev.blocksmith.core.script.ScriptFlags.STANDARD, new dev.blocksmith.core.script.PrecomputedTransactionData(signed, spent), false))
                .isEqualTo(dev.blocksmith.core.script.ScriptError.OK);
    }

    @Test
    void lockedEncryptedWalletRefusesImportsAsBitcoind() throws Exception {
        Wallet w = manager.create("enc", new WalletFlags(false, true), Optional.of("pw".toCharArray()), Optional.empty());
        String wpkh = "wpkh(" + TPRV + "/84h/1h/0h/0/*)#xdyufc4z";
        assertThatThrownBy(() -> importAll(w, request(wpkh, true))).isInstanceOf(WalletException.class)
                .hasMessage("Error: Please enter the wallet passphrase with walletpassphrase first.")
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.UNLOCK_NEEDED);
        assertThat(w.keys().descriptorStatuses()).isEmpty();
        w.unlock("pw".toCharArray(), Duration.ofMinutes(5));
        assertThat(importAll(w, request(wpkh, true)).get(0).success()).isTrue();
        w.lock();
        // Knots' first address of the descriptor; the locked wallet still hands out addresses.
        assertThat(w.newAddress(AddressType.BECH32, false, "").encode()).isEqualTo("bcrt1q7f0pjwhc3jzzv0w4uurm589506glv2dggfan4s");
    }

    @Test
    void restartKeepsImportedDescriptorsLabelsAndLocks() throws Exception {
        Wallet w = manager.create("keep", new WalletFlags(false, true), Optional.empty(), Optional.of(true));
        DescriptorImportRequest wif = new DescriptorImportRequest(Optional.of("wpkh(cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy)#fgu6xwtd"), false,
                Optional.empty(), OptionalLong.empty(), OptionalLong.of(1234), Optional.empty(), Optional.of("single"));
        List<DescriptorImportResult> r = importAll(w, request("tr(" + TPRV + "/86h/1h/0h/0/*)#q8sjr0fm", true), wif);
        assertThat(r).allMatch(DescriptorImportResult::success);
        Address tr = w.newAddress(AddressType.BECH32M, false, "taproot");
        Script wifScript = w.keys().descriptorStatuses().stream().filter(s -> !s.descriptor().descriptor().isRange()).findFirst().orElseThrow()
                .descriptor().descriptor().scriptPubKey(0);
        Script theirs = TestBlocks.p2wpkhScript(8);
        w.setLabel(theirs, "friend");
        mine(tr.toScriptPubKey());
        var coinbase = w.unspent().get(0).outPoint();
        w.lockCoins(List.of(coinbase), false, true);
        manager.close();

        manager = newManager();
        manager.loadStartupWallets(List.of());
        Wallet back = manager.loadedWallet("keep").orElseThrow();
        assertThat(back.keys().descriptorStatuses()).extracting(s -> s.descriptor().descriptor().toString())
                .containsExactlyElementsOf(w.keys().descriptorStatuses().stream().map(s -> s.descriptor().descriptor().toString()).toList());
        assertThat(back.keys().descriptorStatuses()).extracting(s -> s.descriptor().creationTime()).contains(1234L);
        assertThat(back.flags()).isEqualTo(new WalletFlags(false, true));
        assertThat(back.addressBookEntry(tr.toScriptPubKey()).orElseThrow().label()).isEqualTo("taproot");
        assertThat(back.addressBookEntry(wifScript).orElseThrow().label()).isEqualTo("single");
        assertThat(back.addressBookEntry(theirs).orElseThrow().purpose()).isEqualTo(AddressPurpose.SEND);
        assertThat(back.lockedCoins()).containsExactly(coinbase);
        assertThat(back.transactions()).hasSize(1);
        // The next taproot address is position 1 (Knots' second address of this descriptor).
        assertThat(back.newAddress(AddressType.BECH32M, false, "").encode()).isEqualTo("bcrt1pyz8vmclll4w4z36wzs20l5lfy3sfvt870r5mpd985d7trgew9lpqz3gzpt");
        assertThat(back.keys().privateDescriptor(back.keys().activeDescriptor(new ActiveSlot(AddressType.BECH32M, false)).orElseThrow().id())
                .orElseThrow().toPrivateString()).isEqualTo("tr(" + TPRV + "/86h/1h/0h/0/*)#q8sjr0fm");
    }

    @Test
    void comboImportWatchesLabelsAndSpendsEveryScriptOfTheKey() throws Exception {
        // The functional test framework's set-up: combo(WIF) with timestamp 0 and label "coinbase".
        String wif = "cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy";
        String combo = dev.blocksmith.wallet.descriptor.DescriptorChecksum.append("combo(" + wif + ")");
        dev.blocksmith.wallet.descriptor.Descriptor parsed = dev.blocksmith.wallet.descriptor.Descriptor.parse(combo, PARAMS, true);
        List<Script> scripts = parsed.scriptPubKeys(0);
        assertThat(scripts).hasSize(4);
        // Paid before the import: the rescan from timestamp 0 finds them.
        for (Script s : scripts) mine(s);
        Wallet w = manager.create("combo", new WalletFlags(false, false), Optional.empty(), Optional.empty());
        DescriptorImportRequest r = new DescriptorImportRequest(Optional.of(combo), false, Optional.empty(), OptionalLong.empty(),
                OptionalLong.of(0), Optional.empty(), Optional.of("coinbase"));
        assertThat(importAll(w, r).get(0).success()).isTrue();
        for (int i = 0; i < 100; i++) mine(TestBlocks.p2wpkhScript(3));
        assertThat(w.transactions()).hasSize(4);
        assertThat(w.balances().trusted().sats()).isEqualTo(4 * 50 * 100_000_000L);
        // Every script with an address carries the label; P2PK has no address and no entry.
        assertThat(w.addressBookEntry(scripts.get(0))).isEmpty();
        for (Script s : scripts.subList(1, 4)) assertThat(w.addressBookEntry(s).orElseThrow().label()).isEqualTo("coinbase");
        String ranged = dev.blocksmith.wallet.descriptor.DescriptorChecksum.append("combo(" + TPRV + "/0/*)");
        assertThat(importAll(w, request(ranged, true)).get(0).error().orElseThrow().getMessage())
                .isEqualTo("Combo descriptors cannot be set to active");

        // Spending all four coins signs P2PK, P2PKH, P2WPKH and P2SH-P2WPKH inputs alike.
        CreatedTransaction tx = w.createTransaction(List.of(new Recipient(TestBlocks.p2wpkhScript(9), 4 * 50 * 100_000_000L - 100_000, false)),
                new FeeRate(1000), true);
        assertThat(tx.tx().inputs()).hasSize(4);
        // At 1 sat/vB the fee is bitcoind's estimate of the whole signed transaction (71-byte low-R signatures, the
        // legacy inputs with an empty witness, rounded once): the signed size itself, or one more when a signature
        // came out shorter still.
        assertThat(tx.feeSats()).isBetween((long) tx.tx().vsize(), tx.tx().vsize() + 1L);
        List<TxOut> spent = tx.tx().inputs().stream().map(in -> w.unspent().stream().filter(c -> c.outPoint().equals(in.prevout()))
                .findFirst().orElseThrow().output()).toList();
        assertThat(spent.stream().map(TxOut::scriptPubKey)).containsExactlyInAnyOrderElementsOf(scripts);
        assertThat(dev.blocksmith.core.script.ScriptValidation.uncached()
                .verifyTransaction(tx.tx(), spent, dev.blocksmith.core.script.ScriptFlags.STANDARD, false)).isEmpty();

        // A coin locked with lockunspent is unlocked once a wallet transaction spends it, as bitcoind does.
        var lockedOne = tx.tx().input(0).prevout();
        var other = w.unspent().stream().map(c -> c.outPoint()).filter(op -> !op.equals(lockedOne)).findFirst().orElseThrow();
        w.lockCoins(List.of(lockedOne, other), false, true);
        w.transactionAddedToMempool(tx.tx());
        assertThat(w.lockedCoins()).isEmpty();
    }

    /**
     * A wallet file as written before descriptors were stored one by one: the seed, its fingerprint, and for
     * each address type and chain the normalized public descriptor and (gap limit, highest used, next index).
     */
    private void writeLegacyFile(String name, byte[] seed, Optional<char[]> passphrase, Script issued) throws Exception {
        var master = dev.blocksmith.wallet.keys.ExtendedKey.fromSeed(seed);
        Map<String, byte[]> r = new HashMap<>();
        r.put("meta/network", PARAMS.name().getBytes(StandardCharsets.UTF_8));
        r.put("hd/fingerprint", ByteBuffer.allocate(4).putInt(master.fingerprint()).array());
        if (passphrase.isPresent()) {
            r.put("hd/seed.sealed", Keystore.encrypt(seed, passphrase.get(), FAST, new SecureRandom(), Clock.systemUTC()).sealed().serialize());
        } else {
            r.put("hd/seed", seed);
        }
        for (AddressType t : AddressType.values()) {
            Account a = Account.fromMaster(master, t, PARAMS, 0);
            for (Account.Chain c : Account.Chain.values()) {
                String key = t.rpcName() + "/" + c.name().toLowerCase(Locale.ROOT);
                r.put("desc/" + key, a.descriptor(c).toString().getBytes(StandardCharsets.UTF_8));
                boolean used = t == AddressType.BECH32 && c == Account.Chain.RECEIVE;
                r.put("gap/" + key, ByteBuffer.allocate(12).putInt(20).putInt(-1).putInt(used ? 1 : 0).array());
            }
        }
        r.put("meta/bestblock", new ByteWriter().hash(chain.tip().hash()).i32le(chain.tip().height()).toByteArray());
        r.put("meta/birthtime", new ByteWriter().i64le(4321).toByteArray());
        try (WalletDirectory d = WalletDirectory.create(dir.resolve("wallets"), name)) {
            d.write(new WalletSnapshot(r));
        }
        assertThat(Address.fromScriptPubKey(issued, PARAMS)).isPresent();
    }

    @Test
    void walletFilesFromBeforeDescriptorImportsStillLoad() throws Exception {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 9);
        var master = dev.blocksmith.wallet.keys.ExtendedKey.fromSeed(seed);
        Script issued = Account.fromMaster(master, AddressType.BECH32, PARAMS, 0).scriptPubKey(Account.Chain.RECEIVE, 0);
        writeLegacyFile("old", seed, Optional.empty(), issued);
        writeLegacyFile("oldenc", seed, Optional.of("pw".toCharArray()), issued);
        mine(issued);

        Wallet old = manager.load("old", Optional.empty());
        assertThat(old.keys().descriptorStatuses()).hasSize(8).allMatch(s -> s.activeIn().isPresent() && s.descriptor().creationTime() == 4321);
        assertThat(old.birthTime()).hasValue(4321);
        // The block mined while it was closed is caught up; the address it had handed out keeps counting as a receive address.
        assertThat(old.balances().immature().sats()).isEqualTo(50 * 100_000_000L);
        assertThat(old.addressBookEntry(issued).orElseThrow().label()).isEmpty();
        assertThat(old.isChange(issued)).isFalse();
        Address next = old.newAddress(AddressType.BECH32, false, "");
        assertThat(next.toScriptPubKey()).isEqualTo(Account.fromMaster(master, AddressType.BECH32, PARAMS, 0).scriptPubKey(Account.Chain.RECEIVE, 1));

        Wallet enc = manager.load("oldenc", Optional.empty());
        assertThat(enc.isLocked()).isTrue();
        WalletKeyLocation zero = enc.locate(issued).orElseThrow();
        enc.unlock("pw".toCharArray(), Duration.ofMinutes(5));
        var expected = Account.fromMaster(master, AddressType.BECH32, PARAMS, 0).privateDescriptor(Account.Chain.RECEIVE).key().privateKey(0);
        assertThat(enc.keys().privateKey(zero)).isEqualTo(expected);
        // Importing into the old sealed format re-seals everything in the new one; both secrets stay usable.
        DescriptorImportRequest tr = request("tr(" + TPRV + "/86h/1h/0h/0/*)#q8sjr0fm", false);
        assertThat(importAll(enc, tr).get(0).success()).isTrue();
        manager.unload("oldenc", Optional.empty());
        Wallet again = manager.load("oldenc", Optional.empty());
        again.unlock("pw".toCharArray(), Duration.ofMinutes(5));
        assertThat(again.keys().privateKey(zero)).isEqualTo(expected);
        assertThat(again.keys().descriptorStatuses()).hasSize(9);
    }

    @Test
    void avoidReuseLeavesCoinsOfAnAddressSpentFromOutOfBalancesAndSelection() throws Exception {
        Wallet w = manager.create("reuse", new WalletFlags(false, false, true), Optional.empty(), Optional.empty());
        assertThat(w.flags().avoidReuse()).isTrue();
        Address a = w.newAddress(AddressType.BECH32, false, "");
        Address b = w.newAddress(AddressType.BECH32, false, "");
        Script elsewhere = TestBlocks.p2wpkhScript(5);
        mine(a.toScriptPubKey());
        mine(b.toScriptPubKey());
        for (int i = 0; i < 100; i++) mine(elsewhere);
        assertThat(w.usedAddresses()).isEmpty();

        // Spending one of the two coins makes its address used.
        CreatedTransaction first = w.createTransaction(List.of(new Recipient(elsewhere, 10 * 100_000_000L, false)), new FeeRate(1000), true, 0, true);
        w.commit(first.tx(), tx -> Optional.empty());
        assertThat(first.tx().inputs()).hasSize(1);
        assertThat(w.usedAddresses()).hasSize(1);
        Script used = w.usedAddresses().iterator().next();
        assertThat(used).isIn(a.toScriptPubKey(), b.toScriptPubKey());

        // A new coin paid to it is dirty: out of the avoid_reuse balance, and of selection unless allowed.
        mine(used);
        for (int i = 0; i < 100; i++) mine(elsewhere);
        long clean = w.balances(true).trusted().sats();
        long all = w.balances(false).trusted().sats();
        assertThat(all - clean).isEqualTo(50 * 100_000_000L);
        List<Recipient> big = List.of(new Recipient(elsewhere, clean + 100_000_000L, false));
        assertThatThrownBy(() -> w.createTransaction(big, new FeeRate(1000), true, 0, true))
                .isInstanceOfSatisfying(WalletException.class, e -> assertThat(e.kind()).isEqualTo(WalletException.Kind.INSUFFICIENT_FUNDS));
        assertThat(w.createTransaction(big, new FeeRate(1000), true, 0, false).tx().inputs()).isNotEmpty();

        // The flag is kept in the wallet file and may be turned off.
        w.setAvoidReuse(false);
        manager.unload("reuse", Optional.empty());
        Wallet back = manager.load("reuse", Optional.empty());
        assertThat(back.flags()).isEqualTo(new WalletFlags(false, false, false));
        assertThat(back.balances(true).trusted().sats()).isEqualTo(all);
    }
}
