package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import java.util.Optional;

/**
 * A KEY inside a descriptor: optional origin, then either a hex public key or an extended key followed
 * by a derivation path and an optional final wildcard ("/*" normal, "/*h" hardened).
 */
public final class KeyExpression {
    /** How the last step of a ranged key is chosen. */
    public enum Wildcard { NONE, NORMAL, HARDENED }

    private final Optional<KeyOrigin> origin;
    private final Optional<ExtendedKey> extendedKey;
    private final byte[] fixedPublicKey;
    /** The hex key as written (x-only keys in tr() stay x-only when rendered, as Core prints them). */
    private final byte[] writtenKey;
    private final KeyPath path;
    private final Wildcard wildcard;

    private KeyExpression(Optional<KeyOrigin> origin, Optional<ExtendedKey> extendedKey, byte[] fixedPublicKey, byte[] writtenKey,
                          KeyPath path, Wildcard wildcard) {
        this.origin = origin;
        this.extendedKey = extendedKey;
        this.fixedPublicKey = fixedPublicKey;
        this.writtenKey = writtenKey;
        this.path = path;
        this.wildcard = wildcard;
    }

    public static KeyExpression ofExtended(Optional<KeyOrigin> origin, ExtendedKey key, KeyPath path, Wildcard wildcard) {
        return new KeyExpression(origin, Optional.of(key), null, null, path, wildcard);
    }

    /** A fixed key: {@code publicKey} is the full serialized key, {@code written} the bytes as they appear in the text. */
    public static KeyExpression ofPublicKey(Optional<KeyOrigin> origin, byte[] publicKey, byte[] written) {
        return new KeyExpression(origin, Optional.empty(), publicKey.clone(), written.clone(), KeyPath.ROOT, Wildcard.NONE);
    }

    public Optional<KeyOrigin> origin() {
        return origin;
    }

    public Optional<ExtendedKey> extendedKey() {
        return extendedKey;
    }

    public KeyPath path() {
        return path;
    }

    public Wildcard wildcard() {
        return wildcard;
    }

    public boolean isRange() {
        return wildcard != Wildcard.NONE;
    }

    public boolean hasPrivateKey() {
        return extendedKey.map(ExtendedKey::isPrivate).orElse(false);
    }

    /** The fully derived extended key at {@code index} (ignored when not ranged); empty for hex keys. */
    public Optional<ExtendedKey> deriveExtended(int index) {
        if (extendedKey.isEmpty()) return Optional.empty();
        ExtendedKey k = extendedKey.get().derive(path);
        if (wildcard == Wildcard.NORMAL) k = k.derive(index);
        else if (wildcard == Wildcard.HARDENED) k = k.derive(KeyPath.hardened(index));
        return Optional.of(k);
    }

    /** The public key at {@code index}: 33-byte compressed (or the fixed key as given). */
    public byte[] publicKey(int index) {
        Optional<ExtendedKey> derived = deriveExtended(index);
        return derived.isPresent() ? derived.get().publicKey() : fixedPublicKey.clone();
    }

    /** Full origin path of the key at {@code index} (origin path + derivation path + index). */
    public KeyPath fullPath(int index) {
        KeyPath p = origin.map(KeyOrigin::path).orElse(KeyPath.ROOT).append(path);
        if (wildcard == Wildcard.NORMAL) p = p.child(index);
        else if (wildcard == Wildcard.HARDENED) p = p.child(KeyPath.hardened(index));
        return p;
    }

    String render(NetworkParams params, boolean withPrivate) {
        StringBuilder sb = new StringBuilder();
        origin.ifPresent(o -> sb.append(o));
        if (extendedKey.isPresent()) {
            ExtendedKey k = extendedKey.get();
            sb.append(withPrivate && k.isPrivate() ? k.serialize(params) : k.serializePublic(params));
            sb.append(path.toSuffix());
            if (wildcard == Wildcard.NORMAL) sb.append("/*");
            else if (wildcard == Wildcard.HARDENED) sb.append("/*h");
        } else {
            sb.append(Hex.encode(writtenKey));
        }
        return sb.toString();
    }
}
