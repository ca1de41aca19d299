package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.wallet.keys.KeyPath;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A single key written as hex (33-byte compressed, 65-byte uncompressed, or 32-byte x-only inside tr()) or
 * as a WIF private key. Core's ConstPubkeyProvider.
 */
public final class FixedKey implements KeyExpression {
    private final Optional<KeyOrigin> origin;
    private final byte[] publicKey;
    private final boolean xOnly;
    private final Optional<PrivateKeyBytes> privateKey;
    private final boolean apostrophe;

    /**
     * @param publicKey the full serialized key (x-only keys lifted to their even-Y compressed form)
     * @param xOnly whether the key prints as its 32-byte x coordinate (written x-only, or a WIF in tr())
     * @param apostrophe whether the origin's hardened steps were written with "'" (kept when printed back)
     */
    public FixedKey(Optional<KeyOrigin> origin, byte[] publicKey, boolean xOnly, Optional<PrivateKeyBytes> privateKey,
                    boolean apostrophe) {
        this.origin = origin;
        this.apostrophe = apostrophe;
        this.publicKey = publicKey.clone();
        this.xOnly = xOnly;
        this.privateKey = privateKey;
    }

    @Override
    public Optional<KeyOrigin> origin() {
        return origin;
    }

    @Override
    public boolean isRange() {
        return false;
    }

    @Override
    public boolean hasPrivateKey() {
        return privateKey.isPresent();
    }

    @Override
    public boolean isDerivable() {
        return true;
    }

    @Override
    public byte[] publicKey(int index) {
        return publicKey.clone();
    }

    @Override
    public Optional<PrivateKeyBytes> privateKey(int index) {
        return privateKey;
    }

    @Override
    public KeyOrigin originAt(int index) {
        // Without an origin Core records the key id's first four bytes and an empty path.
        return origin.orElseGet(() -> new KeyOrigin(ByteBuffer.wrap(Hashes.hash160(publicKey), 0, 4).getInt(), KeyPath.ROOT));
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        String o = origin.map(x -> x.render(apostrophe && form != KeyForm.NORMALIZED)).orElse("");
        if (form == KeyForm.PRIVATE && privateKey.isPresent()) return o + Wif.encode(privateKey.get(), params);
        return o + Hex.encode(xOnly ? Arrays.copyOfRange(publicKey, 1, 33) : publicKey);
    }

    @Override
    public KeyExpression normalized() {
        return new FixedKey(origin, publicKey, xOnly, Optional.empty(), false);
    }
}
