package dev.blocksmith.core.address;

import dev.blocksmith.core.params.NetworkParams;
import java.util.Arrays;

/**
 * Wallet Import Format: Base58Check of [wifVersion, 32-byte secret] with a trailing 0x01 when the
 * public key is compressed (Core's EncodeSecret / DecodeSecret).
 */
public final class Wif {
    private Wif() {
    }

    public static String encode(PrivateKeyBytes key, NetworkParams params) {
        byte[] payload = new byte[key.compressed() ? 34 : 33];
        payload[0] = (byte) params.wifVersion();
        byte[] secret = key.secret();
        System.arraycopy(secret, 0, payload, 1, 32);
        Arrays.fill(secret, (byte) 0);
        if (key.compressed()) payload[33] = 1;
        String out = Base58.encodeChecked(payload);
        Arrays.fill(payload, (byte) 0);
        return out;
    }

    public static PrivateKeyBytes decode(String text, NetworkParams params) throws AddressFormatException {
        byte[] data;
        try {
            data = Base58.decodeChecked(text);
        } catch (AddressFormatException e) {
            throw new AddressFormatException("Invalid private key encoding");
        }
        try {
            boolean uncompressed = data.length == 33;
            boolean compressed = data.length == 34 && data[33] == 1;
            if ((!uncompressed && !compressed) || (data[0] & 0xff) != params.wifVersion()) {
                throw new AddressFormatException("Invalid private key encoding");
            }
            byte[] secret = Arrays.copyOfRange(data, 1, 33);
            try {
                if (!PrivateKeyBytes.isValidSecret(secret)) throw new AddressFormatException("Private key outside allowed range");
                return new PrivateKeyBytes(secret, compressed);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }
}
