package dev.blocksmith.core.chain.snapshot;

import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.crypto.PublicKeys;
import dev.blocksmith.core.primitives.ByteWriter;

/**
 * bitcoind's compact coin serialization (compressor.h, serialize.h), as its chainstate and UTXO snapshots store
 * coins: the height and coinbase flag as one VARINT, the amount compressed (trailing decimal zeros folded into the
 * exponent), and the script as one of six templates (P2PKH, P2SH, P2PK with a compressed or uncompressed key) or
 * prefixed with its length plus six.
 */
public final class CoinCompression {
    /** bitcoind's nSpecialScripts: the template codes 0 to 5. */
    static final int SPECIAL_SCRIPTS = 6;

    private CoinCompression() {
    }

    /** A coin as bitcoind serializes it (Coin::Serialize). */
    public static void writeCoin(ByteWriter w, Coin coin) {
        writeVarInt(w, ((long) coin.height() << 1) | (coin.coinbase() ? 1 : 0));
        writeVarInt(w, compressAmount(coin.output().value()));
        writeScript(w, coin.output().scriptPubKey().bytes());
    }

    /**
     * bitcoind's VARINT (not the P2P CompactSize): base-128 digits, most significant first, each but the last with
     * the high bit set, and one subtracted at each step so that every number has a single encoding.
     */
    public static void writeVarInt(ByteWriter w, long n) {
        if (n < 0) throw new IllegalArgumentException("VARINT of a negative number");
        byte[] tmp = new byte[10];
        int len = 0;
        while (true) {
            tmp[len] = (byte) ((n & 0x7F) | (len > 0 ? 0x80 : 0x00));
            if (n <= 0x7F) break;
            n = (n >>> 7) - 1;
            len++;
        }
        for (int i = len; i >= 0; i--) w.u8(tmp[i] & 0xff);
    }

    /** bitcoind's CompressAmount: n = 0 is 0; otherwise the decimal mantissa and up to nine trailing zeros. */
    public static long compressAmount(long n) {
        if (n == 0) return 0;
        int e = 0;
        while ((n % 10) == 0 && e < 9) {
            n /= 10;
            e++;
        }
        if (e < 9) {
            long d = n % 10;
            n /= 10;
            return 1 + (n * 9 + d - 1) * 10 + e;
        }
        return 1 + (n - 1) * 10 + 9;
    }

    /** bitcoind's ScriptCompression: a template code and its 20 or 32 bytes, or the length plus six and the script. */
    static void writeScript(ByteWriter w, byte[] s) {
        if (s.length == 25 && s[0] == 0x76 && s[1] == (byte) 0xa9 && s[2] == 20 && s[23] == (byte) 0x88 && s[24] == (byte) 0xac) {
            w.u8(0x00).bytes(s, 3, 20);
        } else if (s.length == 23 && s[0] == (byte) 0xa9 && s[1] == 20 && s[22] == (byte) 0x87) {
            w.u8(0x01).bytes(s, 2, 20);
        } else if (s.length == 35 && s[0] == 33 && s[34] == (byte) 0xac && (s[1] == 0x02 || s[1] == 0x03)) {
            w.u8(s[1]).bytes(s, 2, 32);
        } else if (s.length == 67 && s[0] == 65 && s[66] == (byte) 0xac && s[1] == 0x04 && validUncompressed(s)) {
            // The key's y parity in the code, its x in the body: the node recomputes y when it reads the coin.
            w.u8(0x04 | (s[65] & 0x01)).bytes(s, 2, 32);
        } else {
            writeVarInt(w, s.length + SPECIAL_SCRIPTS);
            w.bytes(s);
        }
    }

    /** Only a key on the curve can be rebuilt from x and a parity bit (bitcoind's IsFullyValid check). */
    private static boolean validUncompressed(byte[] s) {
        byte[] key = new byte[65];
        System.arraycopy(s, 1, key, 0, 65);
        return PublicKeys.isFullyValid(key);
    }
}
