package dev.blocksmith.core.miniscript;

import dev.blocksmith.core.primitives.Hex;

/**
 * A key in a miniscript. Decoded from a script it is the hex of the key's bytes (33 bytes in P2WSH, 32
 * x-only bytes in tapscript); parsed from a descriptor it stands for the descriptor's key expression
 * of that text, and the descriptor supplies the bytes per derivation index.
 */
public record MsKey(String text) {
    public static MsKey of(byte[] bytes) {
        return new MsKey(Hex.encode(bytes));
    }

    public byte[] bytes() {
        return Hex.decode(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
