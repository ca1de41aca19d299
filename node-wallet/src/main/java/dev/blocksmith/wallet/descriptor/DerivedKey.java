package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An extended key (xpub or xprv) followed by a derivation path and an optional wildcard: Core's
 * BIP32PubkeyProvider. The key at position i is root / path / i (or i' for a hardened wildcard).
 */
public final class DerivedKey implements KeyExpression {
    private final Optional<KeyOrigin> origin;
    private final ExtendedKey root;
    private final KeyPath path;
    private final Wildcard wildcard;
    private final boolean apostrophe;
    /** root / path, computed once when it can be: every position derives from it in one step. */
    private final Optional<ExtendedKey> base;
    /**
     * Public keys of hardened positions, for an xpub with a hardened wildcard: Core's DescriptorCache. Such a
     * key cannot derive its positions from the xpub (BIP32 hardened children need the private key), so a wallet
     * derives them with the private key while it has it and keeps them here; only positions put here can be
     * expanded from the public form. Empty and unused for every other key.
     */
    private final Map<Integer, byte[]> hardenedCache = new ConcurrentHashMap<>();

    /**
     * @param apostrophe whether hardened steps were written with "'" (Core keeps the style of the last
     *     hardened element, origin included, when printing the key back)
     */
    public DerivedKey(Optional<KeyOrigin> origin, ExtendedKey root, KeyPath path, Wildcard wildcard, boolean apostrophe) {
        this.origin = origin;
        this.root = root;
        this.path = path;
        this.wildcard = wildcard;
        this.apostrophe = apostrophe;
        this.base = root.isPrivate() || !path.hasHardenedStep() ? Optional.of(root.derive(path)) : Optional.empty();
    }

    public ExtendedKey root() {
        return root;
    }

    public KeyPath path() {
        return path;
    }

    public Wildcard wildcard() {
        return wildcard;
    }

    @Override
    public Optional<KeyOrigin> origin() {
        return origin;
    }

    @Override
    public boolean isRange() {
        return wildcard != Wildcard.NONE;
    }

    @Override
    public boolean hasPrivateKey() {
        return root.isPrivate();
    }

    @Override
    public boolean isDerivable() {
        return base.isPresent() && (wildcard != Wildcard.HARDENED || root.isPrivate());
    }

    /** Whether positions of this key come only from {@link #cachePublicKey}: an xpub with a hardened wildcard. */
    public boolean needsCache() {
        return wildcard == Wildcard.HARDENED && !root.isPrivate();
    }

    /** Whether the public key at {@code index} can be given now (derivable, or cached). */
    public boolean hasPublicKey(int index) {
        return isDerivable() || (needsCache() && hardenedCache.containsKey(index));
    }

    /**
     * Records the public key at hardened position {@code index}, derived elsewhere from the private key.
     * Only for {@link #needsCache()} keys.
     */
    public void cachePublicKey(int index, byte[] publicKey) {
        if (!needsCache()) throw new IllegalStateException("only an xpub with a hardened wildcard takes cached keys");
        if (publicKey.length != 33) throw new IllegalArgumentException("cached keys are compressed public keys");
        hardenedCache.put(index, publicKey.clone());
    }

    /** The cached positions with their public keys (to persist them), sorted by position. */
    public java.util.SortedMap<Integer, byte[]> cachedPublicKeys() {
        java.util.TreeMap<Integer, byte[]> out = new java.util.TreeMap<>();
        hardenedCache.forEach((i, k) -> out.put(i, k.clone()));
        return out;
    }

    private ExtendedKey at(int index) {
        ExtendedKey k = base.orElseThrow(() -> new IllegalStateException("hardened derivation needs the private key"));
        return switch (wildcard) {
            case NONE -> k;
            case NORMAL -> k.derive(index);
            case HARDENED -> k.derive(KeyPath.hardened(index));
        };
    }

    @Override
    public byte[] publicKey(int index) {
        if (needsCache()) {
            byte[] cached = hardenedCache.get(index);
            if (cached == null) throw new IllegalStateException("hardened position " + index + " is not derived yet");
            return cached.clone();
        }
        if (!isDerivable()) throw new IllegalStateException("hardened derivation needs the private key");
        return at(index).publicKey();
    }

    @Override
    public Optional<PrivateKeyBytes> privateKey(int index) {
        if (!root.isPrivate()) return Optional.empty();
        byte[] secret = at(index).secret().orElseThrow();
        try {
            return Optional.of(new PrivateKeyBytes(secret, true));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public KeyOrigin originAt(int index) {
        KeyPath full = origin.map(KeyOrigin::path).orElse(KeyPath.ROOT).append(path);
        if (wildcard == Wildcard.NORMAL) full = full.child(index);
        else if (wildcard == Wildcard.HARDENED) full = full.child(KeyPath.hardened(index));
        return new KeyOrigin(origin.map(KeyOrigin::fingerprint).orElse(root.fingerprint()), full);
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        if (form == KeyForm.NORMALIZED) return normalizedForm().render(params, KeyForm.PUBLIC);
        StringBuilder sb = new StringBuilder();
        origin.ifPresent(o -> sb.append(o.render(apostrophe)));
        sb.append(form == KeyForm.PRIVATE && root.isPrivate() ? root.serialize(params) : root.serializePublic(params));
        sb.append(path.toSuffix(apostrophe));
        if (wildcard == Wildcard.NORMAL) sb.append("/*");
        else if (wildcard == Wildcard.HARDENED) sb.append(apostrophe ? "/*'" : "/*h");
        return sb.toString();
    }

    @Override
    public KeyExpression normalized() {
        if (!isDerivable()) throw new IllegalStateException("hardened derivation needs the private key");
        return normalizedForm();
    }

    /**
     * Core's ToNormalizedString: with a hardened step in the path, the key becomes the xpub at the last one
     * and the steps up to it join the origin (under the origin's fingerprint, else this key's); a hardened
     * wildcard cannot be moved and stays as written, public.
     */
    private DerivedKey normalizedForm() {
        KeyPath prefix = path.throughLastHardened();
        if (wildcard == Wildcard.HARDENED || prefix.depth() == 0 || base.isEmpty()) {
            return new DerivedKey(origin, root.neuter(), path, wildcard, false);
        }
        KeyOrigin merged = origin.map(o -> o.append(prefix)).orElse(new KeyOrigin(root.fingerprint(), prefix));
        return new DerivedKey(Optional.of(merged), root.derive(prefix).neuter(), path.from(prefix.depth()), wildcard, false);
    }
}
