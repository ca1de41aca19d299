package dev.blocksmith.p2p.v2;

import dev.blocksmith.core.crypto.ElligatorSwift;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BIP324 key exchange with the last {@link #CAPACITY} results remembered, for the fuzz harnesses: the exchange is
 * a pure function of our key pair, the peer's encoding, the side and the magic, and the harnesses use one fixed key
 * pair per side, so most executions repeat an exchange already done (the peer's unaltered key, or a stream whose first
 * 64 bytes a mutation left alone). Every encoding not seen recently is still decoded and multiplied for real.
 */
final class RememberingKeyExchange implements KeyExchange {
    static final int CAPACITY = 16_384;

    private final Map<String, SessionKeys> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionKeys> eldest) {
            return size() > CAPACITY;
        }
    };

    @Override
    public SessionKeys agree(ElligatorSwift.KeyPair ours, byte[] theirEncoded, boolean initiating, byte[] magic) {
        HexFormat hex = HexFormat.of();
        String key = hex.formatHex(ours.encoded()) + hex.formatHex(theirEncoded) + initiating + hex.formatHex(magic);
        SessionKeys keys = recent.get(key);
        if (keys == null) {
            keys = KeyExchange.BIP324.agree(ours, theirEncoded, initiating, magic);
            recent.put(key, keys);
        }
        return keys;
    }
}
