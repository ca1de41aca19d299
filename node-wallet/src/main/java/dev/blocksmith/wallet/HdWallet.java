package dev.blocksmith.wallet;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.ActiveSlot;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.account.DescriptorId;
import dev.blocksmith.wallet.account.DescriptorRange;
import dev.blocksmith.wallet.account.KeySource;
import dev.blocksmith.wallet.account.WalletDescriptor;
import dev.blocksmith.wallet.account.WalletSecrets;
import dev.blocksmith.wallet.descriptor.DerivedKey;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import dev.blocksmith.wallet.descriptor.KeyExpression;
import dev.blocksmith.wallet.descriptor.KeyOrigin;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import dev.blocksmith.wallet.keystore.EncryptedSecret;
import dev.blocksmith.wallet.keystore.Keystore;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import dev.blocksmith.wallet.keystore.WrongPassphraseException;
import dev.blocksmith.wallet.store.WalletDirectory;
import dev.blocksmith.wallet.store.WalletSnapshot;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A descriptor wallet's keys, as Core's: a set of descriptors, each with its own range and next index, some
 * of them active for an address type and for receiving or change. A wallet created from a seed starts with
 * the BIP44/49/84/86 account-0 descriptors (receive and change for each type), all active; importdescriptors
 * adds more; a blank or watch-only wallet starts with none. Descriptors are kept in normalized public form,
 * so scripts are derived and recognised while the wallet is locked; the secrets (the seed and imported
 * private descriptors) are stored in the clear or sealed together by a {@link Keystore}. Persisted through a
 * {@link WalletDirectory}; nothing here logs or prints secrets.
 */
public final class HdWallet {
    private static final String NETWORK = "meta/network";
    private static final String VERSION = "keys/version";
    private static final String FLAGS = "keys/flags";
    private static final String FINGERPRINT = "keys/fingerprint";
    private static final String SECRETS_PLAIN = "keys/secrets";
    private static final String SECRETS_SEALED = "keys/secrets.sealed";
    /** A keystore whose payload is still the bare seed, as wallet files before descriptor imports sealed it. */
    private static final String SEED_SEALED = "keys/seed.sealed";
    private static final String DESCRIPTOR_PREFIX = "keys/desc/";
    private static final String ACTIVE_PREFIX = "keys/active/";
    /** Public keys of hardened wildcard positions, per descriptor (Core's descriptor cache records). */
    private static final String CACHE_PREFIX = "keys/cache/";
    private static final String ROOTS_PREFIX = "keys/roots/";
    private static final int FORMAT_VERSION = 2;

    private final NetworkParams params;
    private WalletFlags flags;
    private final int keypool;
    private Optional<Integer> seedFingerprint;
    private final Map<DescriptorId, WalletDescriptor> descriptors = new LinkedHashMap<>();
    private final Map<DescriptorId, DescriptorRange> ranges = new HashMap<>();
    private final Map<DescriptorId, Integer> derivedUpTo = new HashMap<>();
    private final Map<ActiveSlot, DescriptorId> active = new LinkedHashMap<>();
    private final Map<Script, WalletKeyLocation> watched = new HashMap<>();
    /** The BIP32 root keys written in each descriptor (see {@link HdRoot}), kept so a locked wallet can list them. */
    private final Map<DescriptorId, List<HdRoot>> roots = new HashMap<>();
    /**
     * The keys of the watched multisig scripts by key id: a multisig script does not contain its keys' hashes,
     * so the PSBT signer's questions about a key are answered from here (Core's m_map_pubkeys).
     */
    private final Map<Bytes, MultisigKey> multisigKeys = new HashMap<>();
    /** The witness scripts of the watched P2WSH outputs by hash160, which the output (a SHA256) does not give. */
    private final Map<Bytes, WalletKeyLocation> witnessScripts = new HashMap<>();
    private final boolean migrated;
    private WalletSecrets plainSecrets;
    private Keystore keystore;
    private boolean sealedBareSeed;

    private HdWallet(NetworkParams params, WalletFlags flags, int keypool, Optional<Integer> seedFingerprint, boolean migrated) {
        this.params = params;
        this.flags = flags;
        this.keypool = keypool;
        this.seedFingerprint = seedFingerprint;
        this.migrated = migrated;
    }

    /** A new wallet from a seed (16..64 bytes), unencrypted, with the default descriptors created at {@code time}. */
    public static HdWallet create(byte[] seed, NetworkParams params, int keypool, long time) {
        ExtendedKey master = ExtendedKey.fromSeed(seed);
        HdWallet w = new HdWallet(params, WalletFlags.DEFAULT, keypool, Optional.of(master.fingerprint()), false);
        w.plainSecrets = WalletSecrets.ofSeed(seed);
        for (AddressType t : AddressType.values()) {
            Account account = Account.fromMaster(master, t, params, 0);
            for (Account.Chain c : Account.Chain.values()) {
                WalletDescriptor d = w.store(account.descriptor(c), KeySource.SEED, time, new DescriptorRange(0, keypool, 0, keypool));
                w.active.put(new ActiveSlot(t, c.internal()), d.id());
            }
        }
        return w;
    }

    /** A new wallet without descriptors: blank (keys imported later) or watch-only. */
    public static HdWallet createEmpty(NetworkParams params, int keypool, WalletFlags flags) {
        HdWallet w = new HdWallet(params, flags, keypool, Optional.empty(), false);
        w.plainSecrets = WalletSecrets.empty();
        return w;
    }

    public NetworkParams network() {
        return params;
    }

    public synchronized WalletFlags flags() {
        return flags;
    }

    /** setwalletflag: only avoid_reuse may change after creation (Core's MUTABLE_WALLET_FLAGS). */
    synchronized void setAvoidReuse(boolean on) {
        flags = flags.withAvoidReuse(on);
    }

    /**
     * Whether this wallet signs its own inputs and so makes low-R, 71-byte signatures (bitcoind's CanGrindR); a wallet
     * without private keys leaves signing to others, whose signatures fees are estimated at 72 bytes.
     */
    private boolean canGrindR() {
        return !flags.privateKeysDisabled();
    }

    /** The number of positions a ranged descriptor keeps derived past its next index (-keypool, as in force now). */
    public int keypool() {
        return keypool;
    }

    /** The fingerprint of the master key of the seed the default descriptors come from, if any. */
    public synchronized Optional<Integer> seedFingerprint() {
        return seedFingerprint;
    }

    /** Whether this wallet was read from a file written before descriptors were stored individually. */
    public boolean migratedFromLegacyFile() {
        return migrated;
    }

    // ---- encryption ----

    public synchronized boolean isEncrypted() {
        return keystore != null;
    }

    /** Core's encryptwallet: seal the secrets under a passphrase; the wallet is locked afterwards. */
    public synchronized void encrypt(char[] passphrase, ScryptParams scrypt, Clock clock) {
        if (keystore != null) throw new IllegalStateException("Error: running with an encrypted wallet, but encryptwallet was called.");
        for (DescriptorId id : descriptors.keySet()) roots(id);
        byte[] payload = plainSecrets.serialize();
        keystore = Keystore.encrypt(payload, passphrase, scrypt, new SecureRandom(), clock);
        Arrays.fill(payload, (byte) 0);
        plainSecrets.wipe();
        plainSecrets = null;
        sealedBareSeed = false;
    }

    /**
     * Core's EncryptWallet for a wallet that is not blank: new descriptors from a new seed, so that no key handed
     * out before the passphrase existed (and maybe copied from the unencrypted file) is used again. The new
     * BIP44/49/84/86 descriptors take the active slots; the old ones stay, inactive, and keep their private keys
     * as private descriptors (the old seed is dropped). Called on the unencrypted wallet, before {@link #encrypt}.
     */
    public synchronized void replaceSeed(byte[] newSeed, long time) {
        if (keystore != null) throw new IllegalStateException("the seed is replaced before encrypting");
        WalletSecrets secrets = plainSecrets;
        for (WalletDescriptor d : List.copyOf(descriptors.values())) {
            if (d.source() != KeySource.SEED) continue;
            Optional<Descriptor> priv;
            try {
                priv = seedPrivate(d);
            } catch (WalletLockedException e) {
                throw new IllegalStateException("an unencrypted wallet is never locked", e);
            }
            if (priv.isEmpty()) continue;
            secrets = secrets.withPrivateDescriptor(d.id(), priv.get().toPrivateString());
            descriptors.put(d.id(), d.withSource(KeySource.IMPORTED));
        }
        ExtendedKey master = ExtendedKey.fromSeed(newSeed);
        WalletSecrets fresh = WalletSecrets.ofSeed(newSeed);
        // The new seed with every private descriptor (imported ones and the old seed's).
        WalletSecrets merged = fresh;
        for (WalletDescriptor d : descriptors.values()) {
            Optional<String> text = secrets.privateDescriptor(d.id());
            if (text.isPresent()) merged = merged.withPrivateDescriptor(d.id(), text.get());
        }
        plainSecrets.wipe();
        plainSecrets = merged;
        seedFingerprint = Optional.of(master.fingerprint());
        for (AddressType t : AddressType.values()) {
            Account account = Account.fromMaster(master, t, params, 0);
            for (Account.Chain c : Account.Chain.values()) {
                WalletDescriptor d = store(account.descriptor(c), KeySource.SEED, time, new DescriptorRange(0, keypool, 0, keypool));
                active.put(new ActiveSlot(t, c.internal()), d.id());
            }
        }
    }

    public synchronized void unlock(char[] passphrase, Duration timeout) throws WrongPassphraseException {
        if (keystore == null) throw new IllegalStateException("Error: running with an unencrypted wallet, but walletpassphrase was called.");
        keystore.unlock(passphrase, timeout);
    }

    public synchronized void lock() {
        if (keystore != null) keystore.lock();
    }

    public synchronized Optional<Keystore> keystore() {
        return Optional.ofNullable(keystore);
    }

    private WalletSecrets secrets() throws WalletLockedException {
        if (keystore == null) return plainSecrets;
        byte[] payload = keystore.secret();
        try {
            return sealedBareSeed ? WalletSecrets.ofSeed(payload) : WalletSecrets.parse(payload);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    private void storeSecrets(WalletSecrets s) throws WalletLockedException {
        if (keystore == null) {
            plainSecrets = s;
            return;
        }
        byte[] payload = s.serialize();
        try {
            keystore.reseal(payload);
            sealedBareSeed = false;
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    // ---- descriptors ----

    private WalletDescriptor store(Descriptor normalizedPublic, KeySource source, long time, DescriptorRange range) {
        WalletDescriptor d = new WalletDescriptor(DescriptorId.of(normalizedPublic), normalizedPublic, source, time);
        WalletDescriptor previous = descriptors.get(d.id());
        // A re-import replaces the descriptor object: the hardened positions derived so far stay known.
        if (previous != null) copyCache(previous.descriptor(), normalizedPublic);
        descriptors.put(d.id(), d);
        ranges.put(d.id(), range);
        derivedUpTo.remove(d.id());
        refreshWatch(d.id());
        return d;
    }

    public synchronized Optional<WalletDescriptor> descriptor(DescriptorId id) {
        return Optional.ofNullable(descriptors.get(id));
    }

    /** The descriptor active in a slot (getnewaddress type / change). */
    public synchronized Optional<WalletDescriptor> activeDescriptor(ActiveSlot slot) {
        return Optional.ofNullable(active.get(slot)).map(descriptors::get);
    }

    /** The slot a descriptor is active in, if it is (Core's IsInternalScriptPubKeyMan asks this). */
    public synchronized Optional<ActiveSlot> activeSlotOf(DescriptorId id) {
        return active.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst();
    }

    public synchronized boolean hasActiveDescriptor(ActiveSlot slot) {
        return active.containsKey(slot);
    }

    /** Every descriptor with where it is active and its range, sorted by descriptor string as listdescriptors sorts. */
    public synchronized List<DescriptorStatus> descriptorStatuses() {
        List<DescriptorStatus> out = new ArrayList<>();
        for (WalletDescriptor d : descriptors.values()) {
            Optional<ActiveSlot> slot = active.entrySet().stream().filter(e -> e.getValue().equals(d.id())).map(Map.Entry::getKey).findFirst();
            DescriptorRange r = ranges.get(d.id());
            out.add(new DescriptorStatus(d, slot, r.start(), r.watchedEnd() - 1, r.next()));
        }
        out.sort(java.util.Comparator.comparing(s -> s.descriptor().descriptor().toString()));
        return out;
    }

    /**
     * The descriptor with its private keys: rebuilt from the seed along its origin path, or the imported
     * private form. Empty for watch-only descriptors.
     */
    public synchronized Optional<Descriptor> privateDescriptor(DescriptorId id) throws WalletLockedException {
        WalletDescriptor d = descriptors.get(id);
        if (d == null) return Optional.empty();
        return switch (d.source()) {
            case WATCH_ONLY -> Optional.empty();
            case IMPORTED -> importedPrivate(d);
            case SEED -> seedPrivate(d);
        };
    }

    private Optional<Descriptor> importedPrivate(WalletDescriptor d) throws WalletLockedException {
        Optional<String> text = secrets().privateDescriptor(d.id());
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Descriptor.parse(text.get(), params, false));
        } catch (DescriptorException e) {
            throw new IllegalStateException("stored private descriptor does not parse", e);
        }
    }

    private Optional<Descriptor> seedPrivate(WalletDescriptor d) throws WalletLockedException {
        Optional<byte[]> seed = secrets().seed();
        if (seed.isEmpty() || d.descriptor().kind().isScripted() || !(d.descriptor().key() instanceof DerivedKey k) || k.origin().isEmpty()) {
            return Optional.empty();
        }
        ExtendedKey master;
        try {
            master = ExtendedKey.fromSeed(seed.get());
        } finally {
            Arrays.fill(seed.get(), (byte) 0);
        }
        KeyOrigin origin = k.origin().get();
        if (origin.fingerprint() != master.fingerprint()) return Optional.empty();
        DerivedKey full = new DerivedKey(Optional.empty(), master, origin.path().append(k.path()), k.wildcard(), false);
        return Optional.of(new Descriptor(d.descriptor().kind(), full, params));
    }

    /** The private key for a single-key script of ours; empty for a watch-only or multisig descriptor. */
    public synchronized Optional<PrivateKeyBytes> privateKey(WalletKeyLocation at) throws WalletLockedException {
        if (at.kind().isScripted()) return Optional.empty();
        Optional<Descriptor> d = privateDescriptor(at.descriptor());
        if (d.isEmpty()) return Optional.empty();
        Optional<PrivateKeyBytes> key = d.get().key().privateKey(at.index());
        // The key must produce the script this location names, whatever the stored secrets say.
        if (key.isPresent() && !d.get().forKind(at.kind()).scriptPubKey(at.index()).equals(script(at))) return Optional.empty();
        return key;
    }

    /**
     * The private key of one key of a multisig script of ours, when the imported descriptor holds it (a
     * co-signer's descriptor usually holds one of the n).
     */
    public synchronized Optional<PrivateKeyBytes> privateKey(MultisigKey key) throws WalletLockedException {
        return privateKey(key, privateDescriptor(key.at().descriptor()));
    }

    /**
     * As {@link #privateKey(MultisigKey)} with the private descriptor already read (a signer asking for many keys
     * of one script, such as a 999-key multi_a leaf, reads and parses it once).
     */
    public static Optional<PrivateKeyBytes> privateKey(MultisigKey key, Optional<Descriptor> d) {
        if (d.isEmpty() || !d.get().kind().isScripted()) return Optional.empty();
        KeyExpression k = d.get().keys().get(key.position());
        Optional<PrivateKeyBytes> secret = k.privateKey(key.at().index());
        // The key must be the one the watched script holds, whatever the stored secrets say.
        if (secret.isPresent() && !Arrays.equals(k.publicKey(key.at().index()), key.publicKey())) return Optional.empty();
        return secret;
    }

    /** The location of the watched P2WSH output whose witness script has this hash160. */
    public synchronized Optional<WalletKeyLocation> locateWitnessScript(Bytes scriptId) {
        return Optional.ofNullable(witnessScripts.get(scriptId));
    }

    /** A key of a multisig script this wallet watches, by key id (hash160 of the public key). */
    public synchronized Optional<MultisigKey> locateMultisigKey(Bytes keyId) {
        return Optional.ofNullable(multisigKeys.get(keyId));
    }

    /**
     * One key of a watched multisig script.
     *
     * @param at the script's location
     * @param position the key's place in the descriptor as written (not in the possibly sorted script)
     * @param publicKey the key at that location
     */
    public record MultisigKey(WalletKeyLocation at, int position, byte[] publicKey) {
    }

    /** Whether private keys can be had for this script's descriptor (signing needs an unlocked wallet as well). */
    public synchronized boolean canSign(WalletKeyLocation at) {
        WalletDescriptor d = descriptors.get(at.descriptor());
        return d != null && d.source() != KeySource.WATCH_ONLY;
    }

    /**
     * Adds (or, for a descriptor already held, updates) a descriptor: importdescriptors after Core's checks.
     * Private keys are kept with the wallet's secrets, which for an encrypted wallet must be unlocked.
     *
     * @param parsed the descriptor as given, possibly with private keys; must be derivable
     * @param activeSlot where to make it active; empty makes it inactive where it was active for {@code internal}
     * @return the stored descriptor
     */
    public synchronized WalletDescriptor addDescriptor(Descriptor parsed, long time, DescriptorRange range, Optional<ActiveSlot> activeSlot,
                                                       boolean internal) throws WalletException, WalletLockedException {
        Descriptor normalized = parsed.normalized();
        DescriptorId id = DescriptorId.of(normalized);
        WalletDescriptor existing = descriptors.get(id);
        DescriptorRange stored = range;
        if (existing != null && parsed.isRange()) {
            DescriptorRange current = ranges.get(id);
            if (!range.covers(current)) {
                throw new WalletException(WalletException.Kind.INVALID_PARAMETER,
                        "new range must include current range = [" + current.start() + "," + (current.watchedEnd() - 1) + "]");
            }
            stored = current.updatedBy(range);
        } else if (existing != null) {
            stored = ranges.get(id);
        } else {
            // Core's AddWalletDescriptor tops a new ranged descriptor up to the keypool.
            stored.topUp();
        }
        KeySource source = parsed.hasPrivateKeys() ? KeySource.IMPORTED : KeySource.WATCH_ONLY;
        if (existing != null && existing.source() == KeySource.SEED) source = KeySource.SEED;
        if (source == KeySource.IMPORTED) storeSecrets(secrets().withPrivateDescriptor(id, parsed.toPrivateString()));
        WalletDescriptor d = store(normalized, source, time, stored);
        if (activeSlot.isPresent()) {
            active.put(activeSlot.get(), id);
            // Core's LoadActiveScriptPubKeyMan: a descriptor is active on one side only; made active for
            // change it stops being the receiving one of its type, and the other way round.
            ActiveSlot other = new ActiveSlot(activeSlot.get().type(), !activeSlot.get().internal());
            if (id.equals(active.get(other))) active.remove(other);
        } else {
            d.addressType().map(t -> new ActiveSlot(t, internal)).filter(own -> id.equals(active.get(own))).ifPresent(active::remove);
        }
        // Its root keys while the secrets are at hand (gethdkeys lists them when the wallet is locked again).
        roots.remove(id);
        roots(id);
        return d;
    }

    // ---- addresses ----

    /** The script at a location; the location must come from this wallet. */
    public synchronized Script script(WalletKeyLocation at) {
        return descriptors.get(at.descriptor()).descriptor().forKind(at.kind()).scriptPubKey(at.index());
    }

    /**
     * The position the next address of a slot will take, without handing it out (a change output is kept only
     * if the transaction is made). Core's errors when the slot has no descriptor.
     */
    public synchronized WalletKeyLocation peekNext(ActiveSlot slot) throws WalletException {
        DescriptorId id = active.get(slot);
        if (id == null) throw new WalletException(WalletException.Kind.KEYPOOL_RAN_OUT, "Error: No " + slot.type().rpcName() + " addresses available.");
        DescriptorRange r = ranges.get(id);
        // Core's GetNewDestination tops up first; a hardened wildcard of a locked wallet cannot, and once its
        // derived positions are handed out there is no next one.
        r.topUp();
        refreshWatch(id);
        if (r.next() >= r.watchedEnd()) {
            throw new WalletException(WalletException.Kind.KEYPOOL_RAN_OUT, "Error: Keypool ran out, please call keypoolrefill first");
        }
        return WalletKeyLocation.of(id, r.next(), descriptors.get(id).descriptor(), !canGrindR());
    }

    /**
     * getnewaddress (external) / getrawchangeaddress (internal). As Core, a wallet with no active descriptor on
     * that side has "no available keys"; one without the requested type has "no ... addresses".
     */
    public synchronized Address newAddress(AddressType type, boolean internal) throws WalletException {
        if (active.keySet().stream().noneMatch(s -> s.internal() == internal)) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Error: This wallet has no available keys");
        }
        WalletKeyLocation at = peekNext(new ActiveSlot(type, internal));
        ranges.get(at.descriptor()).issueNext();
        refreshWatch(at.descriptor());
        return Address.fromScriptPubKey(script(at), params).orElseThrow();
    }

    /**
     * keypoolrefill: every active descriptor derives at least {@code size} positions past its next index from
     * now on (Core's TopUp(size), which moves the persisted range end); the -keypool top-up still applies.
     */
    public synchronized void refillKeypool(int size) {
        for (DescriptorId id : active.values()) {
            ranges.get(id).refill(size);
            refreshWatch(id);
        }
    }

    /** Unissued positions derived ahead over the active descriptors (getwalletinfo keypoolsize / _hd_internal). */
    public synchronized int keypoolSize(boolean internal) {
        int n = 0;
        for (Map.Entry<ActiveSlot, DescriptorId> e : active.entrySet()) {
            if (e.getKey().internal() == internal) n += ranges.get(e.getValue()).keypoolRemaining();
        }
        return n;
    }

    /** The derivation position of a script this wallet watches (IsMine), if any. */
    /** Every output script the wallet watches, as bytes (the elements a fast rescan looks for in block filters). */
    public synchronized List<byte[]> watchedScriptBytes() {
        List<byte[]> out = new ArrayList<>(watched.size());
        for (Script s : watched.keySet()) out.add(s.rawBytes());
        return out;
    }

    /** How many output scripts the wallet watches; it grows as ranged descriptors are topped up. */
    public synchronized int watchedScriptCount() {
        return watched.size();
    }

    public synchronized Optional<WalletKeyLocation> locate(Script scriptPubKey) {
        return Optional.ofNullable(watched.get(scriptPubKey));
    }

    /** Records a payment to (or the handing out of) one of our scripts, extending the watched range past it. */
    public synchronized void markUsed(WalletKeyLocation where) {
        DescriptorRange r = ranges.get(where.descriptor());
        if (r == null) return;
        r.markUsed(where.index());
        refreshWatch(where.descriptor());
    }

    /** The scripts handed out so far by a descriptor (positions below its next index). */
    public synchronized List<Script> issuedScripts(DescriptorId id) {
        DescriptorRange r = ranges.get(id);
        Descriptor d = descriptors.get(id).descriptor();
        List<Script> out = new ArrayList<>();
        for (int i = r.start(); i < r.next() && i < r.watchedEnd(); i++) out.addAll(d.scriptPubKeys(i));
        return out;
    }

    private void refreshWatch(DescriptorId id) {
        WalletDescriptor wd = descriptors.get(id);
        DescriptorRange r = ranges.get(id);
        Descriptor d = wd.descriptor();
        // Positions a hardened wildcard cannot derive now (locked wallet) are not watched yet: Core's TopUp
        // fails the same way and leaves range_end where the cache ends.
        r.limitEnd(derivableEnd(id, d, r.start(), r.watchedEnd()));
        int end = r.watchedEnd();
        for (int i = Math.max(r.start(), derivedUpTo.getOrDefault(id, 0)); i < end; i++) {
            // A combo() watches each of its output types at this position, each located with its own kind.
            for (Descriptor single : d.expansions()) watched.putIfAbsent(single.scriptPubKey(i), WalletKeyLocation.of(id, i, single, !canGrindR()));
            WalletKeyLocation at = WalletKeyLocation.of(id, i, d, !canGrindR());
            if (d.kind().isScripted()) {
                d.witnessScript(i).ifPresent(ws -> witnessScripts.putIfAbsent(Bytes.of(Hashes.hash160(ws.rawBytes())), at));
                List<KeyExpression> keys = d.keys();
                for (int k = 0; k < keys.size(); k++) {
                    byte[] pub = keys.get(k).publicKey(i);
                    multisigKeys.putIfAbsent(Bytes.of(Hashes.hash160(pub)), new MultisigKey(at, k, pub));
                    // A tapscript pk_h hashes the x-only key (BIP379), so tr() keys are found by that hash too.
                    if (d.kind() == Descriptor.Kind.TR_TREE) {
                        multisigKeys.putIfAbsent(Bytes.of(Hashes.hash160(Arrays.copyOfRange(pub, 1, 33))), new MultisigKey(at, k, pub));
                    }
                }
            }
        }
        derivedUpTo.put(id, Math.max(end, derivedUpTo.getOrDefault(id, 0)));
    }

    /** The keys of a descriptor whose positions come from its cache (xpubs with a hardened wildcard), by place. */
    private static Map<Integer, DerivedKey> cachedKeys(Descriptor d) {
        Map<Integer, DerivedKey> out = new LinkedHashMap<>();
        List<KeyExpression> keys = d.keys();
        for (int p = 0; p < keys.size(); p++) {
            if (keys.get(p) instanceof DerivedKey k && k.needsCache()) out.put(p, k);
        }
        return out;
    }

    private static void copyCache(Descriptor from, Descriptor to) {
        Map<Integer, DerivedKey> source = cachedKeys(from);
        cachedKeys(to).forEach((p, k) -> {
            DerivedKey old = source.get(p);
            if (old != null) old.cachedPublicKeys().forEach(k::cachePublicKey);
        });
    }

    /**
     * How far from {@code start} (up to {@code wanted}) every key of the descriptor has its public key: all of
     * them for descriptors derivable from public keys; for a hardened wildcard, the cached positions, extended
     * by deriving the missing ones with the private descriptor when the wallet can read it (unlocked).
     */
    private int derivableEnd(DescriptorId id, Descriptor d, int start, int wanted) {
        Map<Integer, DerivedKey> cached = cachedKeys(d);
        if (cached.isEmpty()) return wanted;
        int have = start;
        while (have < wanted && hasAll(cached, have)) have++;
        if (have == wanted) return wanted;
        Optional<Descriptor> priv;
        try {
            priv = privateDescriptor(id);
        } catch (WalletLockedException e) {
            return have;
        }
        if (priv.isEmpty()) return have;
        List<KeyExpression> privateKeys = priv.get().keys();
        for (int i = have; i < wanted; i++) {
            for (Map.Entry<Integer, DerivedKey> e : cached.entrySet()) e.getValue().cachePublicKey(i, privateKeys.get(e.getKey()).publicKey(i));
        }
        return wanted;
    }

    private static boolean hasAll(Map<Integer, DerivedKey> cached, int index) {
        for (DerivedKey k : cached.values()) if (!k.hasPublicKey(index)) return false;
        return true;
    }

    // ---- persistence ----

    /** Writes the key state plus the caller's {@code extra} records (e.g. transactions) as one atomic snapshot. */
    public synchronized void save(WalletDirectory dir, Map<String, byte[]> extra) throws WalletStoreException {
        Map<String, byte[]> r = new HashMap<>(extra);
        r.put(NETWORK, params.name().getBytes(StandardCharsets.UTF_8));
        r.put(VERSION, new byte[] {FORMAT_VERSION});
        r.put(FLAGS, new byte[] {flags.toByte()});
        seedFingerprint.ifPresent(fp -> r.put(FINGERPRINT, ByteBuffer.allocate(4).putInt(fp).array()));
        if (keystore != null) r.put(sealedBareSeed ? SEED_SEALED : SECRETS_SEALED, keystore.sealed().serialize());
        else r.put(SECRETS_PLAIN, plainSecrets.serialize());
        for (WalletDescriptor d : descriptors.values()) {
            DescriptorRange range = ranges.get(d.id());
            r.put(DESCRIPTOR_PREFIX + d.id().hex(), new ByteWriter(200).varBytes(d.descriptor().toString().getBytes(StandardCharsets.UTF_8))
                    .u8(d.source().ordinal()).i64le(d.creationTime()).i32le(range.start()).i32le(range.watchedEnd())
                    .i32le(range.next()).i32le(range.keypool()).toByteArray());
        }
        for (WalletDescriptor d : descriptors.values()) {
            Map<Integer, DerivedKey> cached = cachedKeys(d.descriptor());
            if (cached.isEmpty()) continue;
            ByteWriter w = new ByteWriter(64);
            w.compactSize(cached.size());
            cached.forEach((p, k) -> {
                var keys = k.cachedPublicKeys();
                w.compactSize(p).compactSize(keys.size());
                keys.forEach((i, pub) -> w.i32le(i).bytes(pub));
            });
            r.put(CACHE_PREFIX + d.id().hex(), w.toByteArray());
        }
        active.forEach((slot, id) -> r.put(ACTIVE_PREFIX + slot.key(), id.hex().getBytes(StandardCharsets.US_ASCII)));
        roots.forEach((id, list) -> {
            if (!descriptors.containsKey(id)) return;
            StringBuilder b = new StringBuilder();
            for (HdRoot root : list) b.append(root.xpub().serializePublic(params)).append(' ').append(root.hasPrivate() ? '1' : '0').append('\n');
            r.put(ROOTS_PREFIX + id.hex(), b.toString().getBytes(StandardCharsets.US_ASCII));
        });
        dir.write(new WalletSnapshot(r));
        r.values().forEach(v -> Arrays.fill(v, (byte) 0));
    }

    /**
     * Loads a wallet saved by {@link #save}; an encrypted one starts locked. Files written before descriptors
     * were stored individually (one seed, eight account descriptors) load as the same eight seed descriptors.
     *
     * @param legacyBirthTime the creation time to give the descriptors of such an old file
     */
    public static HdWallet load(WalletSnapshot s, int keypool, Clock clock, long legacyBirthTime) throws WalletStoreException {
        String net = new String(require(s, NETWORK), StandardCharsets.UTF_8);
        NetworkParams params = Networks.byName(net).orElseThrow(() -> new WalletStoreException("Wallet is for unknown network " + net));
        try {
            return s.get(VERSION).isPresent() ? loadCurrent(s, params, keypool, clock)
                    : LegacyWalletFile.load(s, params, keypool, clock, legacyBirthTime);
        } catch (SerializationException | IllegalArgumentException e) {
            throw new WalletStoreException("Wallet key records are corrupt: " + e.getMessage(), e);
        }
    }

    private static HdWallet loadCurrent(WalletSnapshot s, NetworkParams params, int keypool, Clock clock) throws WalletStoreException {
        int version = require(s, VERSION)[0];
        if (version != FORMAT_VERSION) throw new WalletStoreException("Unsupported wallet key format " + version);
        WalletFlags flags = WalletFlags.fromByte(require(s, FLAGS)[0]);
        Optional<Integer> fp = s.get(FINGERPRINT).map(b -> ByteBuffer.wrap(b).getInt());
        HdWallet w = new HdWallet(params, flags, keypool, fp, false);
        Optional<byte[]> sealedSecrets = s.get(SECRETS_SEALED);
        Optional<byte[]> sealedSeed = s.get(SEED_SEALED);
        if (sealedSecrets.isPresent() || sealedSeed.isPresent()) {
            w.keystore = Keystore.load(EncryptedSecret.parse(sealedSecrets.orElseGet(sealedSeed::get)), clock);
            w.sealedBareSeed = sealedSecrets.isEmpty();
        } else {
            w.plainSecrets = WalletSecrets.parse(require(s, SECRETS_PLAIN));
        }
        for (Map.Entry<String, byte[]> e : s.records().entrySet()) {
            if (!e.getKey().startsWith(DESCRIPTOR_PREFIX)) continue;
            ByteReader r = new ByteReader(e.getValue());
            Descriptor d = parseStored(new String(r.varBytes(), StandardCharsets.UTF_8), params);
            Optional<byte[]> cache = s.get(CACHE_PREFIX + e.getKey().substring(DESCRIPTOR_PREFIX.length()));
            if (cache.isPresent()) loadCache(d, cache.get());
            KeySource source = KeySource.values()[r.u8()];
            long time = r.i64le();
            DescriptorRange range = new DescriptorRange(r.i32le(), r.i32le(), r.i32le(), r.i32le()).withKeypool(keypool);
            WalletDescriptor stored = w.store(d, source, time, range);
            if (!stored.id().hex().equals(e.getKey().substring(DESCRIPTOR_PREFIX.length()))) {
                throw new WalletStoreException("Wallet descriptor record " + e.getKey() + " does not match its descriptor");
            }
        }
        for (Map.Entry<String, byte[]> e : s.records().entrySet()) {
            if (!e.getKey().startsWith(ACTIVE_PREFIX)) continue;
            String[] parts = e.getKey().substring(ACTIVE_PREFIX.length()).split("/");
            AddressType type = AddressType.byRpcName(parts[0]).orElseThrow(() -> new WalletStoreException("Unknown address type in " + e.getKey()));
            DescriptorId id = new DescriptorId(new String(e.getValue(), StandardCharsets.US_ASCII));
            if (!w.descriptors.containsKey(id)) throw new WalletStoreException("Active descriptor " + id + " is missing");
            w.active.put(new ActiveSlot(type, parts[1].equals("internal")), id);
        }
        for (Map.Entry<String, byte[]> e : s.records().entrySet()) {
            if (!e.getKey().startsWith(ROOTS_PREFIX)) continue;
            DescriptorId id = new DescriptorId(e.getKey().substring(ROOTS_PREFIX.length()));
            List<HdRoot> list = new ArrayList<>();
            for (String line : new String(e.getValue(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isEmpty()) continue;
                String[] parts = line.split(" ");
                try {
                    list.add(new HdRoot(ExtendedKey.parse(parts[0], params), parts[1].equals("1")));
                } catch (dev.blocksmith.core.address.AddressFormatException ex) {
                    throw new WalletStoreException("Wallet HD key record " + e.getKey() + " is invalid", ex);
                }
            }
            w.roots.put(id, List.copyOf(list));
        }
        return w;
    }

    private static void loadCache(Descriptor d, byte[] record) {
        Map<Integer, DerivedKey> cached = cachedKeys(d);
        ByteReader r = new ByteReader(record);
        long n = r.compactSize();
        for (long j = 0; j < n; j++) {
            int position = (int) r.compactSize();
            long count = r.compactSize();
            DerivedKey k = cached.get(position);
            if (k == null) throw new IllegalArgumentException("cached keys for a key that takes none");
            for (long c = 0; c < count; c++) {
                int index = r.i32le();
                k.cachePublicKey(index, r.bytes(33));
            }
        }
    }

    static Descriptor parseStored(String text, NetworkParams params) throws WalletStoreException {
        try {
            return Descriptor.parse(text, params, true);
        } catch (DescriptorException e) {
            throw new WalletStoreException("Wallet descriptor " + text + " is invalid: " + e.getMessage(), e);
        }
    }

    private static byte[] require(WalletSnapshot s, String key) throws WalletStoreException {
        return s.get(key).orElseThrow(() -> new WalletStoreException("Wallet file lacks record " + key));
    }

    /**
     * The key records of wallet files from before this format: "hd/seed" or "hd/seed.sealed", "hd/fingerprint",
     * and for each address type and chain "desc/TYPE/CHAIN" (the normalized public descriptor) with
     * "gap/TYPE/CHAIN" (gap limit, highest used index, next index).
     */
    private static final class LegacyWalletFile {
        private LegacyWalletFile() {
        }

        static HdWallet load(WalletSnapshot s, NetworkParams params, int keypool, Clock clock, long birthTime) throws WalletStoreException {
            int fp = ByteBuffer.wrap(require(s, "hd/fingerprint")).getInt();
            HdWallet w = new HdWallet(params, WalletFlags.DEFAULT, keypool, Optional.of(fp), true);
            for (AddressType t : AddressType.values()) {
                for (Account.Chain c : Account.Chain.values()) {
                    String key = t.rpcName() + "/" + c.name().toLowerCase(Locale.ROOT);
                    Descriptor d = parseStored(new String(require(s, "desc/" + key), StandardCharsets.UTF_8), params);
                    ByteBuffer b = ByteBuffer.wrap(require(s, "gap/" + key));
                    int gapLimit = b.getInt();
                    int highestUsed = b.getInt();
                    int next = Math.max(b.getInt(), highestUsed + 1);
                    WalletDescriptor wd = w.store(d, KeySource.SEED, birthTime, new DescriptorRange(0, gapLimit, next, gapLimit).withKeypool(keypool));
                    w.active.put(new ActiveSlot(t, c.internal()), wd.id());
                }
            }
            Optional<byte[]> sealed = s.get("hd/seed.sealed");
            if (sealed.isPresent()) {
                w.keystore = Keystore.load(EncryptedSecret.parse(sealed.get()), clock);
                w.sealedBareSeed = true;
            } else {
                byte[] seed = require(s, "hd/seed");
                w.plainSecrets = WalletSecrets.ofSeed(seed);
                Arrays.fill(seed, (byte) 0);
            }
            return w;
        }
    }

    // ---- HD keys (gethdkeys, createwalletdescriptor) ----

    /**
     * A BIP32 key as a descriptor writes it, before any derivation path (bitcoind's GetPubKeys xpubs): the seed's
     * master key for the wallet's own descriptors, the xpub or xprv given for an import.
     *
     * @param xpub its public form
     * @param hasPrivate whether the wallet holds its private key
     */
    public record HdRoot(ExtendedKey xpub, boolean hasPrivate) {
    }

    /**
     * The root keys of a descriptor. Read from its private form when the secrets are at hand, and remembered
     * (persisted) so a locked wallet lists them too; a descriptor never seen unlocked shows its public roots.
     */
    public synchronized List<HdRoot> roots(DescriptorId id) {
        List<HdRoot> known = roots.get(id);
        if (known != null) return known;
        WalletDescriptor d = descriptors.get(id);
        if (d == null) return List.of();
        Descriptor source = d.descriptor();
        boolean privateForm = false;
        if (d.source() != KeySource.WATCH_ONLY) {
            try {
                Optional<Descriptor> priv = privateDescriptor(id);
                if (priv.isPresent()) {
                    source = priv.get();
                    privateForm = true;
                }
            } catch (WalletLockedException e) {
                return rootsOf(d.descriptor());
            }
        }
        List<HdRoot> found = rootsOf(source);
        if (privateForm || d.source() == KeySource.WATCH_ONLY) roots.put(id, found);
        return found;
    }

    private static List<HdRoot> rootsOf(Descriptor d) {
        List<HdRoot> out = new ArrayList<>();
        for (KeyExpression k : d.keys()) {
            if (k instanceof DerivedKey dk && out.stream().noneMatch(r -> r.xpub().equals(dk.root().neuter()))) {
                out.add(new HdRoot(dk.root().neuter(), dk.root().isPrivate()));
            }
        }
        return List.copyOf(out);
    }

    /** The private form of a root key the wallet holds (needs the secrets); empty when it holds none. */
    public synchronized Optional<ExtendedKey> privateRoot(ExtendedKey xpub) throws WalletLockedException {
        for (WalletDescriptor d : descriptors.values()) {
            if (d.source() == KeySource.WATCH_ONLY) continue;
            Optional<Descriptor> priv = privateDescriptor(d.id());
            if (priv.isEmpty()) continue;
            for (KeyExpression k : priv.get().keys()) {
                if (k instanceof DerivedKey dk && dk.root().isPrivate() && dk.root().neuter().equals(xpub.neuter())) return Optional.of(dk.root());
            }
        }
        return Optional.empty();
    }

    /**
     * createwalletdescriptor (bitcoind's SetupDescriptorScriptPubKeyMan): the BIP44/49/84/86 account descriptors of
     * {@code master} for one address type, receiving and/or change, made active. Those the wallet holds already are
     * left as they are.
     *
     * @return the descriptors added, in the order of {@code internals}
     */
    public synchronized List<WalletDescriptor> addAccountDescriptors(ExtendedKey master, AddressType type, List<Boolean> internals, long time)
            throws WalletException, WalletLockedException {
        Account account = Account.fromMaster(master, type, params, 0);
        List<WalletDescriptor> added = new ArrayList<>();
        for (boolean internal : internals) {
            Account.Chain chain = internal ? Account.Chain.CHANGE : Account.Chain.RECEIVE;
            if (descriptors.containsKey(DescriptorId.of(account.descriptor(chain)))) continue;
            added.add(addDescriptor(account.privateDescriptor(chain), time, new DescriptorRange(0, keypool, 0, keypool),
                    Optional.of(new ActiveSlot(type, internal)), internal));
        }
        return added;
    }

    @Override
    public String toString() {
        return "HdWallet[" + params.name() + ", " + descriptors.size() + " descriptors" + (keystore != null ? ", encrypted" : "") + "]";
    }

    /**
     * One descriptor as listdescriptors shows it.
     *
     * @param activeIn the slot it is active in, if any
     * @param rangeEnd the last watched position (inclusive)
     * @param next the next position to hand out
     */
    public record DescriptorStatus(WalletDescriptor descriptor, Optional<ActiveSlot> activeIn, int rangeStart, int rangeEnd, int next) {
    }
}
