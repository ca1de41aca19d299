package dev.blocksmith.wallet;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.account.GapLimitTracker;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import dev.blocksmith.wallet.keys.ExtendedKey;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A descriptor wallet built from one BIP32 seed, as Core's default wallets: for each address type a
 * receive and a change descriptor at account 0 (BIP44/49/84/86 paths). Descriptors hold account-level
 * xpubs, so addresses can be derived and recognised while the wallet is locked; the seed itself is either
 * stored in the clear or sealed by a {@link Keystore} (encryptwallet). Persisted through a
 * {@link WalletDirectory}; nothing here logs or prints secrets.
 */
public final class HdWallet {
    private static final String NETWORK = "meta/network";
    private static final String SEED_PLAIN = "hd/seed";
    private static final String SEED_SEALED = "hd/seed.sealed";
    private static final String FINGERPRINT = "hd/fingerprint";

    private final NetworkParams params;
    private final int masterFingerprint;
    private final Map<AddressType, Account> publicAccounts;
    private final Map<AddressType, GapLimitTracker> gaps;
    private final Map<Script, WalletKeyLocation> watched = new HashMap<>();
    private byte[] plainSeed;
    private Keystore keystore;

    private HdWallet(NetworkParams params, int masterFingerprint, Map<AddressType, Account> accounts,
                     Map<AddressType, GapLimitTracker> gaps, byte[] plainSeed, Keystore keystore) {
        this.params = params;
        this.masterFingerprint = masterFingerprint;
        this.publicAccounts = accounts;
        this.gaps = gaps;
        this.plainSeed = plainSeed;
        this.keystore = keystore;
        for (AddressType t : AddressType.values()) for (Account.Chain c : Account.Chain.values()) refreshWatch(t, c);
    }

    /** A new wallet from a seed (16..64 bytes), unencrypted. */
    public static HdWallet create(byte[] seed, NetworkParams params, int gapLimit) {
        ExtendedKey master = ExtendedKey.fromSeed(seed);
        Map<AddressType, Account> accounts = new EnumMap<>(AddressType.class);
        Map<AddressType, GapLimitTracker> gaps = new EnumMap<>(AddressType.class);
        for (AddressType t : AddressType.values()) {
            accounts.put(t, Account.fromMaster(master, t, params, 0).watchOnly());
            gaps.put(t, new GapLimitTracker(gapLimit));
        }
        return new HdWallet(params, master.fingerprint(), accounts, gaps, seed.clone(), null);
    }

    public NetworkParams network() {
        return params;
    }

    public int masterFingerprint() {
        return masterFingerprint;
    }

    public synchronized boolean isEncrypted() {
        return keystore != null;
    }

    /** Core's encryptwallet: seal the seed under a passphrase; the wallet is locked afterwards. */
    public synchronized void encrypt(char[] passphrase, ScryptParams scrypt, Clock clock) {
        if (keystore != null) throw new IllegalStateException("Error: running with an encrypted wallet, but encryptwallet was called.");
        keystore = Keystore.encrypt(plainSeed, passphrase, scrypt, new SecureRandom(), clock);
        Arrays.fill(plainSeed, (byte) 0);
        plainSeed = null;
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

    /** The master private key; needs the wallet unlocked when encrypted. */
    public synchronized ExtendedKey masterKey() throws WalletLockedException {
        byte[] seed = keystore != null ? keystore.secret() : plainSeed.clone();
        try {
            return ExtendedKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public Descriptor descriptor(AddressType type, Account.Chain chain) {
        return publicAccounts.get(type).descriptor(chain);
    }

    /** getnewaddress (receive chain) / getrawchangeaddress (change chain). */
    public synchronized Address newAddress(AddressType type, Account.Chain chain) {
        int index = gaps.get(type).issueNext(chain);
        refreshWatch(type, chain);
        return descriptor(type, chain).address(index);
    }

    /** Addresses derived ahead of the next one to issue on {@code chain}, over all types (getwalletinfo keypoolsize). */
    public synchronized int keypoolSize(Account.Chain chain) {
        int n = 0;
        for (GapLimitTracker g : gaps.values()) n += Math.max(0, g.watchUpTo(chain) - g.nextIndex(chain));
        return n;
    }

    /** The next index getnewaddress/getrawchangeaddress will issue for this descriptor (listdescriptors next_index). */
    public synchronized int nextIndex(AddressType type, Account.Chain chain) {
        return gaps.get(type).nextIndex(chain);
    }

    /** How many scripts of this descriptor are derived and watched (listdescriptors range end + 1). */
    public synchronized int watchedCount(AddressType type, Account.Chain chain) {
        return gaps.get(type).watchUpTo(chain);
    }

    /** The derivation position of a script this wallet watches (IsMine), if any. */
    public synchronized Optional<WalletKeyLocation> locate(Script scriptPubKey) {
        return Optional.ofNullable(watched.get(scriptPubKey));
    }

    /** Records a payment to one of our scripts, extending the watched range past it by the gap limit. */
    public synchronized void markUsed(WalletKeyLocation where) {
        gaps.get(where.type()).markUsed(where.chain(), where.index());
        refreshWatch(where.type(), where.chain());
    }

    private void refreshWatch(AddressType type, Account.Chain chain) {
        GapLimitTracker g = gaps.get(type);
        int upTo = g.watchUpTo(chain);
        Descriptor d = descriptor(type, chain);
        for (int i = 0; i < upTo; i++) {
            Script s = d.scriptPubKey(i);
            if (!watched.containsKey(s)) watched.put(s, new WalletKeyLocation(type, chain, i));
        }
    }

    /** listdescriptors rows: the public descriptor strings with checksums, receive then change per type. */
    public List<String> listDescriptors() {
        List<String> out = new ArrayList<>();
        for (AddressType t : AddressType.values()) for (Account.Chain c : Account.Chain.values()) out.add(descriptor(t, c).toString());
        return out;
    }

    /** Writes the whole wallet state as one atomic snapshot. */
    public synchronized void save(WalletDirectory dir) throws WalletStoreException {
        save(dir, Map.of());
    }

    /** Writes the key state plus the caller's {@code extra} records (e.g. transactions) as one atomic snapshot. */
    public synchronized void save(WalletDirectory dir, Map<String, byte[]> extra) throws WalletStoreException {
        Map<String, byte[]> r = new HashMap<>(extra);
        r.put(NETWORK, params.name().getBytes(StandardCharsets.UTF_8));
        r.put(FINGERPRINT, ByteBuffer.allocate(4).putInt(masterFingerprint).array());
        if (keystore != null) r.put(SEED_SEALED, keystore.sealed().serialize());
        else r.put(SEED_PLAIN, plainSeed.clone());
        for (AddressType t : AddressType.values()) {
            for (Account.Chain c : Account.Chain.values()) {
                String key = t.rpcName() + "/" + c.name().toLowerCase(java.util.Locale.ROOT);
                r.put("desc/" + key, descriptor(t, c).toString().getBytes(StandardCharsets.UTF_8));
                GapLimitTracker g = gaps.get(t);
                r.put("gap/" + key, ByteBuffer.allocate(12).putInt(g.gapLimit()).putInt(g.highestUsed(c)).putInt(g.nextIndex(c)).array());
            }
        }
        dir.write(new WalletSnapshot(r));
        r.values().forEach(v -> Arrays.fill(v, (byte) 0));
    }

    /** Loads a wallet saved by {@link #save}; an encrypted one starts locked. */
    public static HdWallet load(WalletDirectory dir, Clock clock) throws WalletStoreException {
        WalletSnapshot s = dir.read();
        String net = new String(require(s, NETWORK), StandardCharsets.UTF_8);
        NetworkParams params = Networks.byName(net).orElseThrow(() -> new WalletStoreException("Wallet is for unknown network " + net));
        int fp = ByteBuffer.wrap(require(s, FINGERPRINT)).getInt();
        Map<AddressType, Account> accounts = new EnumMap<>(AddressType.class);
        Map<AddressType, GapLimitTracker> gaps = new EnumMap<>(AddressType.class);
        for (AddressType t : AddressType.values()) {
            EnumMap<Account.Chain, Descriptor> descs = new EnumMap<>(Account.Chain.class);
            GapLimitTracker tracker = null;
            for (Account.Chain c : Account.Chain.values()) {
                String key = t.rpcName() + "/" + c.name().toLowerCase(java.util.Locale.ROOT);
                try {
                    descs.put(c, Descriptor.parse(new String(require(s, "desc/" + key), StandardCharsets.UTF_8), params, true));
                } catch (DescriptorException e) {
                    throw new WalletStoreException("Wallet descriptor " + key + " is invalid: " + e.getMessage(), e);
                }
                ByteBuffer b = ByteBuffer.wrap(require(s, "gap/" + key));
                int gapLimit = b.getInt();
                if (tracker == null) tracker = new GapLimitTracker(gapLimit);
                tracker.restore(c, b.getInt(), b.getInt());
            }
            accounts.put(t, Account.fromDescriptors(t, 0, descs.get(Account.Chain.RECEIVE), descs.get(Account.Chain.CHANGE)));
            gaps.put(t, tracker);
        }
        Optional<byte[]> sealed = s.get(SEED_SEALED);
        if (sealed.isPresent()) {
            return new HdWallet(params, fp, accounts, gaps, null, Keystore.load(EncryptedSecret.parse(sealed.get()), clock));
        }
        return new HdWallet(params, fp, accounts, gaps, require(s, SEED_PLAIN), null);
    }

    private static byte[] require(WalletSnapshot s, String key) throws WalletStoreException {
        return s.get(key).orElseThrow(() -> new WalletStoreException("Wallet file lacks record " + key));
    }

    @Override
    public String toString() {
        return "HdWallet[" + params.name() + ", fingerprint=" + String.format("%08x", masterFingerprint)
                + (keystore != null ? ", encrypted" : "") + "]";
    }
}
