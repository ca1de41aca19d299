package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.wallet.account.ActiveSlot;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.account.DescriptorRange;
import dev.blocksmith.wallet.account.KeySource;
import dev.blocksmith.wallet.account.WalletDescriptor;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.InputWeight;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import dev.blocksmith.wallet.store.WalletDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HdWalletTest {
    private static final byte[] SEED = new byte[32];
    private static final ScryptParams FAST = new ScryptParams(1 << 10, 8, 1);
    private static final String TPRV = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";

    static {
        Arrays.fill(SEED, (byte) 7);
    }

    @TempDir
    Path wallets;

    private static WalletDescriptor active(HdWallet w, AddressType t, boolean internal) {
        return w.activeDescriptor(new ActiveSlot(t, internal)).orElseThrow();
    }

    @Test
    void addressesAreIssuedInOrderAndRecognised() throws Exception {
        HdWallet w = HdWallet.create(SEED, Networks.REGTEST, 5, 1000);
        var a0 = w.newAddress(AddressType.BECH32, false);
        var a1 = w.newAddress(AddressType.BECH32, false);
        assertThat(a0.encode()).startsWith("bcrt1q");
        assertThat(a1).isNotEqualTo(a0);
        WalletDescriptor receive = active(w, AddressType.BECH32, false);
        assertThat(w.locate(a1.toScriptPubKey())).contains(new WalletKeyLocation(receive.id(), 1, Descriptor.Kind.WPKH, InputWeight.ofWitness(271)));
        assertThat(w.newAddress(AddressType.BECH32M, true).encode()).startsWith("bcrt1p");
        // As Core, handing out tops up first: the second address topped up to next (1) + 5, so index 5 is watched,
        // index 6 not yet.
        Descriptor d = receive.descriptor();
        assertThat(w.locate(d.scriptPubKey(5))).isPresent();
        assertThat(w.locate(d.scriptPubKey(6))).isEmpty();
        // A payment seen at 6 moves next to 7 and tops up to 12.
        w.markUsed(new WalletKeyLocation(receive.id(), 6, Descriptor.Kind.WPKH, InputWeight.ofWitness(271)));
        assertThat(w.locate(d.scriptPubKey(11))).isPresent();
        assertThat(w.locate(d.scriptPubKey(12))).isEmpty();
        assertThat(w.descriptorStatuses()).hasSize(8).allSatisfy(s -> {
            assertThat(s.descriptor().descriptor().toString()).matches(".*#[a-z0-9]{8}").doesNotContain("tprv");
            assertThat(s.descriptor().source()).isEqualTo(KeySource.SEED);
            assertThat(s.activeIn()).isPresent();
        });
        assertThat(w.keypoolSize(false)).isEqualTo(4 * 5);
    }

    @Test
    void keypoolFollowsTheNodeSettingWithoutForgettingWatchedPositions() throws Exception {
        HdWallet w = HdWallet.create(SEED, Networks.REGTEST, 5, 1000);
        WalletDescriptor receive = active(w, AddressType.BECH32, false);
        Descriptor d = receive.descriptor();
        w.newAddress(AddressType.BECH32, false);
        try (WalletDirectory dir = WalletDirectory.create(wallets, "kp")) {
            w.save(dir, Map.of());
        }
        try (WalletDirectory dir = WalletDirectory.open(wallets, "kp")) {
            // Started again with a larger -keypool: watched up to next (1) + 8.
            HdWallet larger = HdWallet.load(dir.read(), 8, Clock.systemUTC(), 0);
            assertThat(larger.locate(d.scriptPubKey(8))).isPresent();
            assertThat(larger.locate(d.scriptPubKey(9))).isEmpty();
            assertThat(larger.keypoolSize(false)).isEqualTo(4 * 8);
            // With a smaller one, what was watched before (positions 0..4) stays watched.
            HdWallet smaller = HdWallet.load(dir.read(), 2, Clock.systemUTC(), 0);
            assertThat(smaller.locate(d.scriptPubKey(4))).isPresent();
            assertThat(smaller.locate(d.scriptPubKey(5))).isEmpty();
            // keypoolrefill moves the persisted end: 1 + 12 positions, kept after the next reload with -keypool=2.
            smaller.refillKeypool(12);
            assertThat(smaller.keypoolSize(false)).isEqualTo(4 * 12);
            assertThat(smaller.keypoolSize(true)).isEqualTo(4 * 12);
            assertThat(smaller.locate(d.scriptPubKey(12))).isPresent();
            assertThat(smaller.locate(d.scriptPubKey(13))).isEmpty();
            smaller.save(dir, Map.of());
            HdWallet again = HdWallet.load(dir.read(), 2, Clock.systemUTC(), 0);
            assertThat(again.locate(d.scriptPubKey(12))).isPresent();
            assertThat(again.keypoolSize(false)).isEqualTo(4 * 12);
        }
    }

    @Test
    void emptyWalletsHaveNoAddressesUntilADescriptorIsImported() throws Exception {
        HdWallet watch = HdWallet.createEmpty(Networks.REGTEST, 20, new WalletFlags(true, false));
        assertThatThrownBy(() -> watch.newAddress(AddressType.BECH32, false)).hasMessage("Error: This wallet has no available keys")
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.WALLET_ERROR);
        Descriptor tr = Descriptor.parse("tr(tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp/86/1/0/*)",
                Networks.REGTEST, false);
        WalletDescriptor d = watch.addDescriptor(tr, 5, new DescriptorRange(0, 20, 0, 20), Optional.of(new ActiveSlot(AddressType.BECH32M, false)), false);
        assertThat(d.source()).isEqualTo(KeySource.WATCH_ONLY);
        // Knots' first address of this descriptor (deriveaddresses).
        assertThat(watch.newAddress(AddressType.BECH32M, false).encode()).isEqualTo("bcrt1p96cyj3a3rnytqgun5n5erz7rjuea07nfy748phfwlyrp6tkc9j3sltj53y");
        assertThatThrownBy(() -> watch.newAddress(AddressType.BECH32, false)).hasMessage("Error: No bech32 addresses available.")
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.KEYPOOL_RAN_OUT);
        assertThat(watch.privateKey(new WalletKeyLocation(d.id(), 0, Descriptor.Kind.TR, InputWeight.ofWitness(231)))).isEmpty();
        assertThat(watch.canSign(new WalletKeyLocation(d.id(), 0, Descriptor.Kind.TR, InputWeight.ofWitness(231)))).isFalse();
        // Re-importing may only widen the watched range (still [0,19]: handing out topped up before moving next).
        assertThatThrownBy(() -> watch.addDescriptor(tr, 5, new DescriptorRange(0, 10, 0, 20), Optional.empty(), false))
                .hasMessage("new range must include current range = [0,19]");
    }

    @Test
    void importedPrivateKeysSurviveEncryptionAndRestart() throws Exception {
        HdWallet w = HdWallet.createEmpty(Networks.REGTEST, 20, new WalletFlags(false, true));
        Descriptor wpkh = Descriptor.parse("wpkh(" + TPRV + "/84h/1h/0h/0/*)#xdyufc4z", Networks.REGTEST, true);
        WalletDescriptor d = w.addDescriptor(wpkh, 77, new DescriptorRange(0, 20, 0, 20), Optional.of(new ActiveSlot(AddressType.BECH32, false)), false);
        w.encrypt("pw".toCharArray(), FAST, Clock.systemUTC());
        WalletKeyLocation first = new WalletKeyLocation(d.id(), 0, Descriptor.Kind.WPKH, InputWeight.ofWitness(271));
        assertThatThrownBy(() -> w.privateKey(first)).isInstanceOf(WalletLockedException.class);
        Descriptor tr = Descriptor.parse("tr(" + TPRV + "/86h/1h/0h/0/*)#q8sjr0fm", Networks.REGTEST, true);
        assertThatThrownBy(() -> w.addDescriptor(tr, 77, new DescriptorRange(0, 20, 0, 20), Optional.empty(), false))
                .isInstanceOf(WalletLockedException.class);
        w.unlock("pw".toCharArray(), Duration.ofMinutes(1));
        WalletDescriptor t = w.addDescriptor(tr, 78, new DescriptorRange(0, 20, 0, 20), Optional.empty(), false);
        try (WalletDirectory dir = WalletDirectory.create(wallets, "w")) {
            w.save(dir, Map.of());
        }
        byte[] file = Files.readAllBytes(wallets.resolve("w").resolve(WalletDirectory.FILE_NAME));
        assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("tprv");
        try (WalletDirectory dir = WalletDirectory.open(wallets, "w")) {
            HdWallet back = HdWallet.load(dir.read(), 20, Clock.systemUTC(), 0);
            assertThat(back.isEncrypted()).isTrue();
            assertThat(back.flags()).isEqualTo(new WalletFlags(false, true));
            assertThat(back.descriptorStatuses()).extracting(s -> s.descriptor().creationTime()).containsExactlyInAnyOrder(77L, 78L);
            assertThat(back.locate(wpkh.scriptPubKey(3))).isPresent();
            assertThat(back.newAddress(AddressType.BECH32, false).encode()).isEqualTo("bcrt1q7f0pjwhc3jzzv0w4uurm589506glv2dggfan4s");
            back.unlock("pw".toCharArray(), Duration.ofMinutes(1));
            assertThat(back.privateDescriptor(t.id()).orElseThrow().toPrivateString()).isEqualTo("tr(" + TPRV + "/86h/1h/0h/0/*)#q8sjr0fm");
            assertThat(back.privateKey(first)).isEqualTo(wpkh.key().privateKey(0));
        }
    }

    @Test
    void hardenedWildcardPositionsAreCachedAndRunOutWhileLocked() throws Exception {
        HdWallet w = HdWallet.createEmpty(Networks.REGTEST, 3, new WalletFlags(false, true));
        Descriptor priv = Descriptor.parse("pkh(" + TPRV + "/1h/*h)", Networks.REGTEST, false);
        WalletDescriptor d = w.addDescriptor(priv, 5, new DescriptorRange(0, 2, 0, 3), Optional.of(new ActiveSlot(AddressType.LEGACY, false)), false);
        // The stored public form cannot derive hardened children; the positions derived at import are known.
        assertThat(d.descriptor().toString()).contains("/1h/*h)").doesNotContain("tprv");
        assertThat(d.descriptor().isDerivable()).isFalse();
        for (int i = 0; i < 3; i++) assertThat(w.locate(priv.scriptPubKey(i))).isPresent();
        assertThat(w.locate(priv.scriptPubKey(3))).isEmpty();
        w.encrypt("pw".toCharArray(), FAST, Clock.systemUTC());
        try (WalletDirectory dir = WalletDirectory.create(wallets, "hw")) {
            w.save(dir, Map.of());
        }
        try (WalletDirectory dir = WalletDirectory.open(wallets, "hw")) {
            HdWallet locked = HdWallet.load(dir.read(), 3, Clock.systemUTC(), 0);
            // Loaded locked: the cached positions are still recognised and handed out, then there are no more
            // (Core's "Keypool ran out"), as a locked wallet cannot derive hardened keys.
            for (int i = 0; i < 3; i++) {
                assertThat(locked.locate(priv.scriptPubKey(i))).isPresent();
                assertThat(locked.newAddress(AddressType.LEGACY, false)).isEqualTo(priv.address(i));
            }
            assertThatThrownBy(() -> locked.newAddress(AddressType.LEGACY, false))
                    .hasMessage("Error: Keypool ran out, please call keypoolrefill first")
                    .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.KEYPOOL_RAN_OUT);
            assertThat(locked.keypoolSize(false)).isZero();
            // Unlocked, the wallet derives further positions again.
            locked.unlock("pw".toCharArray(), Duration.ofMinutes(1));
            assertThat(locked.newAddress(AddressType.LEGACY, false)).isEqualTo(priv.address(3));
            assertThat(locked.locate(priv.scriptPubKey(5))).isPresent();
        }
    }

    @Test
    void aNewSeedTakesTheActiveSlotsAndTheOldKeysStaySpendable() throws Exception {
        HdWallet w = HdWallet.create(SEED, Networks.REGTEST, 5, 1000);
        WalletDescriptor oldReceive = active(w, AddressType.BECH32, false);
        var oldAddress = w.newAddress(AddressType.BECH32, false);
        int oldFingerprint = w.seedFingerprint().orElseThrow();
        byte[] newSeed = new byte[32];
        Arrays.fill(newSeed, (byte) 9);
        w.replaceSeed(newSeed, 2000);
        assertThat(w.seedFingerprint()).isPresent().get().isNotEqualTo(oldFingerprint);
        assertThat(w.descriptorStatuses()).hasSize(16);
        WalletDescriptor newReceive = active(w, AddressType.BECH32, false);
        assertThat(newReceive.id()).isNotEqualTo(oldReceive.id());
        assertThat(w.newAddress(AddressType.BECH32, false)).isNotEqualTo(oldAddress);
        // The old descriptor is inactive, still watched, and its keys now come from its private descriptor.
        WalletKeyLocation old = w.locate(oldAddress.toScriptPubKey()).orElseThrow();
        assertThat(w.descriptor(old.descriptor()).orElseThrow().source()).isEqualTo(KeySource.IMPORTED);
        assertThat(w.privateKey(old)).isEqualTo(HdWallet.create(SEED, Networks.REGTEST, 5, 1000).privateKey(old));
        w.encrypt("pw".toCharArray(), FAST, Clock.systemUTC());
        w.unlock("pw".toCharArray(), Duration.ofMinutes(1));
        assertThat(w.privateKey(old)).isPresent();
    }

    @Test
    void reimportMovesNextIndexAndSwitchesSides() throws Exception {
        HdWallet w = HdWallet.createEmpty(Networks.REGTEST, 5, new WalletFlags(false, true));
        Descriptor wpkh = Descriptor.parse("wpkh(" + TPRV + "/84h/1h/0h/0/*)", Networks.REGTEST, false);
        ActiveSlot receive = new ActiveSlot(AddressType.BECH32, false);
        ActiveSlot change = new ActiveSlot(AddressType.BECH32, true);
        WalletDescriptor d = w.addDescriptor(wpkh, 5, new DescriptorRange(0, 10, 4, 5), Optional.of(receive), false);
        assertThat(w.newAddress(AddressType.BECH32, false)).isEqualTo(wpkh.address(4));
        // Core's UpdateWalletDescriptor takes the imported next index, even a lower one.
        w.addDescriptor(wpkh, 5, new DescriptorRange(0, 10, 1, 5), Optional.of(receive), false);
        assertThat(w.newAddress(AddressType.BECH32, false)).isEqualTo(wpkh.address(1));
        // Made active for change, it is no longer the receiving descriptor (one side only).
        w.addDescriptor(wpkh, 5, new DescriptorRange(0, 10, 2, 5), Optional.of(change), true);
        assertThat(w.activeDescriptor(change)).map(WalletDescriptor::id).contains(d.id());
        assertThat(w.activeDescriptor(receive)).isEmpty();
    }

    @Test
    void encryptedWalletPersistsLockedAndUnlocks() throws Exception {
        HdWallet w = HdWallet.create(SEED, Networks.REGTEST, 20, 1000);
        WalletDescriptor receive = active(w, AddressType.BECH32, false);
        WalletKeyLocation zero = new WalletKeyLocation(receive.id(), 0, Descriptor.Kind.WPKH, InputWeight.ofWitness(271));
        var expectedKey = w.privateKey(zero).orElseThrow();
        w.newAddress(AddressType.BECH32, false);
        w.encrypt("pw".toCharArray(), FAST, Clock.systemUTC());
        assertThatThrownBy(() -> w.privateKey(zero)).isInstanceOf(WalletLockedException.class);
        try (WalletDirectory dir = WalletDirectory.create(wallets, "w1")) {
            w.save(dir, Map.of());
        }
        byte[] file = Files.readAllBytes(wallets.resolve("w1").resolve(WalletDirectory.FILE_NAME));
        assertThat(indexOf(file, SEED)).as("seed must not be stored in the clear").isNegative();
        try (WalletDirectory dir = WalletDirectory.open(wallets, "w1")) {
            HdWallet loaded = HdWallet.load(dir.read(), 20, Clock.systemUTC(), 0);
            assertThat(loaded.isEncrypted()).isTrue();
            assertThat(loaded.descriptorStatuses()).extracting(s -> s.descriptor().descriptor().toString())
                    .isEqualTo(w.descriptorStatuses().stream().map(s -> s.descriptor().descriptor().toString()).toList());
            // The issued index survived: the next address is index 1.
            assertThat(loaded.newAddress(AddressType.BECH32, false)).isEqualTo(receive.descriptor().address(1));
            assertThatThrownBy(() -> loaded.privateKey(zero)).isInstanceOf(WalletLockedException.class);
            loaded.unlock("pw".toCharArray(), Duration.ofMinutes(1));
            assertThat(loaded.privateKey(zero)).contains(expectedKey);
            assertThat(loaded.privateDescriptor(receive.id()).orElseThrow().toPrivateString()).startsWith("wpkh(tprv").contains("/84h/1h/0h/0/*)");
            loaded.lock();
            assertThatThrownBy(() -> loaded.privateKey(zero)).isInstanceOf(WalletLockedException.class);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
