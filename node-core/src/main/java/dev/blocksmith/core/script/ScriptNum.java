package dev.blocksmith.core.script;

/**
 * Script numbers (Core's CScriptNum): little-endian sign-magnitude byte strings. Arithmetic operands
 * are limited to 4 bytes (5 for CLTV/CSV, BIP65/BIP112) while results may overflow to 5 bytes, which
 * is why values are held as {@code long}. A decoding failure aborts evaluation with UNKNOWN_ERROR,
 * exactly as Core's scriptnum_error does.
 */
public final class ScriptNum {
    public static final int DEFAULT_MAX_SIZE = 4;

    private ScriptNum() {
    }

    public static long decode(byte[] v, boolean requireMinimal, int maxSize) {
        if (v.length > maxSize) throw new ScriptException(ScriptError.UNKNOWN_ERROR);
        if (requireMinimal && !isMinimal(v)) throw new ScriptException(ScriptError.UNKNOWN_ERROR);
        if (v.length == 0) return 0;
        long result = 0;
        for (int i = 0; i < v.length; i++) result |= (long) (v[i] & 0xff) << (8 * i);
        if ((v[v.length - 1] & 0x80) != 0) {
            return -(result & ~(0x80L << (8 * (v.length - 1))));
        }
        return result;
    }

    /** True unless the top byte is a superfluous sign/zero byte (e.g. 0x0100 for 1, 0x80 for -0). */
    public static boolean isMinimal(byte[] v) {
        if (v.length > 0 && (v[v.length - 1] & 0x7f) == 0) {
            return v.length > 1 && (v[v.length - 2] & 0x80) != 0;
        }
        return true;
    }

    public static byte[] encode(long value) {
        if (value == 0) return new byte[0];
        boolean neg = value < 0;
        long abs = neg ? -value : value;
        byte[] buf = new byte[9];
        int n = 0;
        while (abs != 0) {
            buf[n++] = (byte) (abs & 0xff);
            abs >>>= 8;
        }
        if ((buf[n - 1] & 0x80) != 0) {
            buf[n++] = (byte) (neg ? 0x80 : 0x00);
        } else if (neg) {
            buf[n - 1] |= (byte) 0x80;
        }
        byte[] out = new byte[n];
        System.arraycopy(buf, 0, out, 0, n);
        return out;
    }

    /** Core's CScriptNum::getint(): saturates to the int range. */
    public static int toInt(long value) {
        if (value > Integer.MAX_VALUE) return Integer.MAX_VALUE;
        if (value < Integer.MIN_VALUE) return Integer.MIN_VALUE;
        return (int) value;
    }

    /** Stack element truthiness: any non-zero byte, except that negative zero (0x..80) is false. */
    public static boolean castToBool(byte[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                return !(i == v.length - 1 && (v[i] & 0xff) == 0x80);
            }
        }
        return false;
    }
}
