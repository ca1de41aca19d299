package dev.blocksmith.core.address;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A segwit output: witness version 0..16 and a 2..40 byte program (BIP141). Version 0 allows only
 * P2WPKH (20 bytes) and P2WSH (32 bytes); version 1 with 32 bytes is P2TR (BIP341); every other
 * combination is a future version that is encodable today (BIP350) but not yet spendable by rules.
 */
public final class SegwitAddress implements Address {
    private final NetworkParams network;
    private final int version;
    private final byte[] program;

    public SegwitAddress(NetworkParams network, int version, byte[] program) {
        this.network = Objects.requireNonNull(network);
        if (version < 0 || version > 16) throw new IllegalArgumentException("witness version must be 0..16");
        if (program.length < 2 || program.length > MAX_WITNESS_PROGRAM) throw new IllegalArgumentException("witness program must be 2..40 bytes");
        if (version == 0 && program.length != 20 && program.length != 32) {
            throw new IllegalArgumentException("version 0 witness program must be 20 or 32 bytes");
        }
        this.version = version;
        this.program = program.clone();
    }

    public static SegwitAddress p2wpkh(NetworkParams network, byte[] keyHash) {
        if (keyHash.length != 20) throw new IllegalArgumentException("P2WPKH needs a 20-byte key hash");
        return new SegwitAddress(network, 0, keyHash);
    }

    public static SegwitAddress p2wsh(NetworkParams network, byte[] scriptHash) {
        if (scriptHash.length != 32) throw new IllegalArgumentException("P2WSH needs a 32-byte script hash");
        return new SegwitAddress(network, 0, scriptHash);
    }

    /** BIP341 output for an already tweaked x-only output key. */
    public static SegwitAddress p2tr(NetworkParams network, byte[] outputKeyXOnly) {
        if (outputKeyXOnly.length != 32) throw new IllegalArgumentException("P2TR needs a 32-byte x-only key");
        return new SegwitAddress(network, 1, outputKeyXOnly);
    }

    public int witnessVersion() {
        return version;
    }

    public byte[] witnessProgram() {
        return program.clone();
    }

    public boolean isP2WPKH() {
        return version == 0 && program.length == 20;
    }

    public boolean isP2WSH() {
        return version == 0 && program.length == 32;
    }

    public boolean isP2TR() {
        return version == 1 && program.length == 32;
    }

    @Override
    public NetworkParams network() {
        return network;
    }

    @Override
    public Script toScriptPubKey() {
        return new ScriptBuilder().op(Opcodes.encodeSmallInt(version)).data(program).build();
    }

    @Override
    public String encode() {
        byte[] five = Bech32.convertBits(program, 8, 5, true).orElseThrow();
        byte[] values = new byte[five.length + 1];
        values[0] = (byte) version;
        System.arraycopy(five, 0, values, 1, five.length);
        // BIP350: only version 0 keeps the original Bech32 constant.
        Bech32.Encoding enc = version == 0 ? Bech32.Encoding.BECH32 : Bech32.Encoding.BECH32M;
        return Bech32.encode(enc, network.bech32Hrp(), values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegwitAddress a && a.network.name().equals(network.name()) && a.version == version
                && Arrays.equals(a.program, program);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(program);
    }

    @Override
    public String toString() {
        return encode();
    }
}
