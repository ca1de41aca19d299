package dev.blocksmith.core.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers signature checks that succeeded, so a transaction verified when it entered the mempool is
 * not verified again when it arrives in a block (Core's CSignatureCache). Entries are keyed by a salted
 * SHA-256 of (kind, sighash, pubkey, signature); the random salt stops peers from crafting collisions.
 * Bounded: when full, an arbitrary entry is evicted, which is all a cache of proofs needs. Thread-safe.
 */
public final class SignatureCache {
    /** A default bound of about 30 MB (each entry holds a 32-byte digest plus map overhead), near Core's 32 MiB. */
    public static final int DEFAULT_MAX_ENTRIES = 1 << 18;

    private static final byte KIND_ECDSA = 'E';
    private static final byte KIND_SCHNORR = 'S';

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashes::newSha256);

    private final int maxEntries;
    private final byte[] salt = new byte[32];
    private final ConcurrentHashMap<Key, Boolean> entries;
    private final AtomicInteger size = new AtomicInteger();

    public SignatureCache(int maxEntries) {
        if (maxEntries <= 0) throw new IllegalArgumentException("maxEntries must be positive");
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1 << 16));
        new SecureRandom().nextBytes(salt);
    }

    public boolean containsEcdsa(byte[] sighash, byte[] pubkey, byte[] signature) {
        return entries.containsKey(key(KIND_ECDSA, sighash, pubkey, signature));
    }

    public void addEcdsa(byte[] sighash, byte[] pubkey, byte[] signature) {
        add(key(KIND_ECDSA, sighash, pubkey, signature));
    }

    public boolean containsSchnorr(byte[] sighash, byte[] pubkey, byte[] signature) {
        return entries.containsKey(key(KIND_SCHNORR, sighash, pubkey, signature));
    }

    public void addSchnorr(byte[] sighash, byte[] pubkey, byte[] signature) {
        add(key(KIND_SCHNORR, sighash, pubkey, signature));
    }

    public int size() {
        return size.get();
    }

    private void add(Key k) {
        if (entries.putIfAbsent(k, Boolean.TRUE) == null) {
            if (size.incrementAndGet() > maxEntries) evictOne();
        }
    }

    private void evictOne() {
        Iterator<Key> it = entries.keySet().iterator();
        while (size.get() > maxEntries && it.hasNext()) {
            Key victim = it.next();
            if (entries.remove(victim) != null) size.decrementAndGet();
        }
    }

    private Key key(byte kind, byte[] sighash, byte[] pubkey, byte[] signature) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(salt);
        md.update(kind);
        md.update(sighash);
        md.update((byte) pubkey.length);
        md.update(pubkey);
        md.update(signature);
        return new Key(md.digest());
    }

    private record Key(byte[] digest) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(digest, k.digest);
        }

        @Override
        public int hashCode() {
            return (digest[0] & 0xff) | (digest[1] & 0xff) << 8 | (digest[2] & 0xff) << 16 | (digest[3] & 0xff) << 24;
        }
    }
}
