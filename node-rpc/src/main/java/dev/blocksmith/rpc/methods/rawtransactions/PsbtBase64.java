package dev.blocksmith.rpc.methods.rawtransactions;

import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtDecodeException;
import dev.blocksmith.core.psbt.PsbtDecoder;
import dev.blocksmith.core.psbt.PsbtEncoder;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * PSBTs at the RPC edge: base64 as bitcoind reads it (DecodeBase64: length a multiple of four, at most
 * two '=' at the end, only the standard alphabet, unused low bits zero) and as it writes it, and its
 * "TX decode failed ..." errors (-22).
 */
public final class PsbtBase64 {
    private PsbtBase64() {
    }

    /** bitcoind's DecodeBase64PSBT, failing with its RPC error. */
    public static Psbt decode(String base64) throws RpcException {
        Optional<byte[]> raw = decodeStrict(base64);
        if (raw.isEmpty()) throw decodeFailed("invalid base64");
        try {
            return PsbtDecoder.decode(raw.get());
        } catch (PsbtDecodeException e) {
            throw decodeFailed(e.bitcoindText());
        }
    }

    public static String encode(Psbt psbt) {
        return Base64.getEncoder().encodeToString(PsbtEncoder.encode(psbt));
    }

    private static RpcException decodeFailed(String reason) {
        return new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed " + reason);
    }

    /** Core's DecodeBase64, which is stricter than java.util.Base64 (it refuses non-zero padding bits). */
    static Optional<byte[]> decodeStrict(String s) {
        if (s.length() % 4 != 0) return Optional.empty();
        int end = s.length();
        if (end >= 1 && s.charAt(end - 1) == '=') end--;
        if (end >= 1 && s.charAt(end - 1) == '=') end--;
        byte[] out = new byte[end * 3 / 4];
        int n = 0;
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            int v = value(s.charAt(i));
            if (v < 0) return Optional.empty();
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (acc >>> bits);
                acc &= (1 << bits) - 1;
            }
        }
        // Core's ConvertBits<6, 8, false>: fewer than six bits may remain, and they must be zero.
        if (bits >= 6 || acc != 0) return Optional.empty();
        return Optional.of(n == out.length ? out : Arrays.copyOf(out, n));
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    }
}
