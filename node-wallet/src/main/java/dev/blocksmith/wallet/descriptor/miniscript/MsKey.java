package dev.blocksmith.wallet.descriptor.miniscript;

import dev.blocksmith.core.primitives.Hex;

/** A public key in a miniscript: its serialized bytes (33 bytes in P2WSH, 32 x-only bytes in tapscript). */
public record MsKey(String hex) {
    public static MsKey of(byte[] bytes) {
        return new MsKey(Hex.encode(bytes));
    }

    public byte[] bytes() {
        return Hex.decode(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
