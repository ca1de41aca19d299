package dev.blocksmith.p2p.v2;

import dev.blocksmith.core.crypto.ElligatorSwift;

/**
 * BIP324's key exchange: from our key pair and the peer's 64-byte ElligatorSwift encoding to the session's secrets.
 * {@link #BIP324} is the only one the node uses; the seam lets the fuzz harness remember results it has already
 * computed for the same inputs (the exchange is a pure function of them), since the ElligatorSwift decoding on
 * BigInteger costs more than everything else a short connection does.
 */
@FunctionalInterface
public interface KeyExchange {
    SessionKeys agree(ElligatorSwift.KeyPair ours, byte[] theirEncoded, boolean initiating, byte[] magic);

    /** v2_ecdh (x-only ECDH, tagged hash of both encodings, the initiator's first) and HKDF. */
    KeyExchange BIP324 = (ours, theirs, initiating, magic) ->
            SessionKeys.derive(Bip324Cipher.sharedSecret(ours.privateKey(), ours.encoded(), theirs, initiating), magic);
}
