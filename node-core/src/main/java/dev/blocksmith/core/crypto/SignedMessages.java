package dev.blocksmith.core.crypto;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.address.P2pkhAddress;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.ByteWriter;
import fr.acinq.secp256k1.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Bitcoin's signed messages (bitcoind's MessageSign / MessageVerify, the format BIP137 documents for P2PKH):
 * a 65-byte compact ECDSA signature, header byte 27 + recovery id (+ 4 when the key is compressed), over the
 * double SHA-256 of "Bitcoin Signed Message:\n" and the message, each with its CompactSize length, in base64.
 * Verification recovers the public key from the signature and compares its hash with the P2PKH address. All
 * curve arithmetic is libsecp256k1's through secp256k1-kmp: RFC 6979 signing (no low-R grinding, as bitcoind's
 * SignCompact) and public key recovery.
 */
public final class SignedMessages {
    /** bitcoind's MESSAGE_MAGIC. */
    public static final String MAGIC = "Bitcoin Signed Message:\n";

    private static final Secp256k1 SECP = Secp256k1.get();
    private static final int COMPACT_SIZE = 65;
    private static final int HEADER_BASE = 27;
    private static final int COMPRESSED_FLAG = 4;

    private SignedMessages() {
    }

    /** MessageVerify's outcomes, in its order of checks. */
    public enum Verification {
        /** The signature is the address's key's. */
        OK,
        /** The address does not decode for this network. */
        INVALID_ADDRESS,
        /** The address is not P2PKH: no single key to compare with. */
        ADDRESS_NO_KEY,
        /** The signature is not base64. */
        MALFORMED_SIGNATURE,
        /** No public key can be recovered from the signature. */
        PUBKEY_NOT_RECOVERED,
        /** A key was recovered, but not the address's. */
        NOT_SIGNED
    }

    /** The hash that is signed: SHA-256d of the serialized magic and message (bitcoind's MessageHash). */
    public static byte[] messageHash(String message) {
        ByteWriter w = new ByteWriter();
        w.varBytes(MAGIC.getBytes(StandardCharsets.UTF_8));
        w.varBytes(message.getBytes(StandardCharsets.UTF_8));
        return Hashes.sha256d(w.toByteArray());
    }

    /** The base64 compact signature of {@code message} by {@code key} (bitcoind's MessageSign). */
    public static String sign(PrivateKeyBytes key, String message) {
        return Base64.getEncoder().encodeToString(signCompact(key, messageHash(message)));
    }

    /**
     * A recoverable signature of a hash: libsecp256k1's RFC 6979 signature (normalized to low S), and the
     * recovery id that gives back the signer's key, found by recovering with each candidate id.
     */
    static byte[] signCompact(PrivateKeyBytes key, byte[] hash32) {
        byte[] secret = key.secret();
        try {
            byte[] rs = SECP.sign(hash32, secret);
            byte[] publicKey = SECP.pubkeyCreate(secret);
            for (int recid = 0; recid < 4; recid++) {
                Optional<byte[]> recovered = recoverUncompressed(rs, hash32, recid);
                if (recovered.isPresent() && Arrays.equals(recovered.get(), publicKey)) {
                    byte[] out = new byte[COMPACT_SIZE];
                    out[0] = (byte) (HEADER_BASE + recid + (key.compressed() ? COMPRESSED_FLAG : 0));
                    System.arraycopy(rs, 0, out, 1, 64);
                    return out;
                }
            }
            throw new IllegalStateException("libsecp256k1 signature without a recovery id");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The public key a 65-byte compact signature of {@code hash32} was made with (bitcoind's
     * CPubKey::RecoverCompact): compressed or not as its header says; empty when it recovers none.
     */
    public static Optional<byte[]> recover(byte[] signature, byte[] hash32) {
        if (signature.length != COMPACT_SIZE) return Optional.empty();
        int header = (signature[0] & 0xff) - HEADER_BASE;
        int recid = header & 3;
        boolean compressed = (header & COMPRESSED_FLAG) != 0;
        Optional<byte[]> key = recoverUncompressed(Arrays.copyOfRange(signature, 1, COMPACT_SIZE), hash32, recid);
        return compressed ? key.map(SECP::pubKeyCompress) : key;
    }

    private static Optional<byte[]> recoverUncompressed(byte[] rs, byte[] hash32, int recid) {
        try {
            return Optional.of(SECP.ecdsaRecover(rs, hash32, recid));
        } catch (RuntimeException e) {
            // libsecp256k1 refuses r or s out of range and points that do not exist: nothing recovered
            return Optional.empty();
        }
    }

    /** bitcoind's MessageVerify: whether {@code signature} signs {@code message} with the key of {@code address}. */
    public static Verification verify(String address, String signature, String message, NetworkParams network) {
        Address decoded;
        try {
            decoded = Address.decode(address, network);
        } catch (AddressFormatException e) {
            return Verification.INVALID_ADDRESS;
        }
        if (!(decoded instanceof P2pkhAddress p2pkh)) return Verification.ADDRESS_NO_KEY;
        Optional<byte[]> sig = decodeBase64(signature);
        if (sig.isEmpty()) return Verification.MALFORMED_SIGNATURE;
        Optional<byte[]> key = recover(sig.get(), messageHash(message));
        if (key.isEmpty()) return Verification.PUBKEY_NOT_RECOVERED;
        return Arrays.equals(Hashes.hash160(key.get()), p2pkh.hash()) ? Verification.OK : Verification.NOT_SIGNED;
    }

    /**
     * bitcoind's DecodeBase64: a length that is a multiple of 4, at most two '=' at the end, only base64
     * characters, and no stray bits in the last character.
     */
    static Optional<byte[]> decodeBase64(String text) {
        if (text.length() % 4 != 0) return Optional.empty();
        try {
            byte[] out = Base64.getDecoder().decode(text);
            // Java ignores bits left over in the last character; bitcoind's ConvertBits refuses them.
            if (!Base64.getEncoder().encodeToString(out).equals(text)) return Optional.empty();
            return Optional.of(out);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
