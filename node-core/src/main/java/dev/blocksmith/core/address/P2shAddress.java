package dev.blocksmith.core.address;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import java.util.Arrays;
import java.util.Objects;

/** BIP16 pay to script hash: OP_HASH160 &lt;hash160(redeemScript)&gt; OP_EQUAL. */
public final class P2shAddress implements Address {
    private final NetworkParams network;
    private final byte[] hash;

    public P2shAddress(NetworkParams network, byte[] hash160) {
        this.network = Objects.requireNonNull(network);
        if (hash160.length != 20) throw new IllegalArgumentException("script hash must be 20 bytes");
        this.hash = hash160.clone();
    }

    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public NetworkParams network() {
        return network;
    }

    @Override
    public Script toScriptPubKey() {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(hash).op(Opcodes.OP_EQUAL).build();
    }

    @Override
    public String encode() {
        byte[] payload = new byte[21];
        payload[0] = (byte) network.p2shVersion();
        System.arraycopy(hash, 0, payload, 1, 20);
        return Base58.encodeChecked(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof P2shAddress a && a.network.name().equals(network.name()) && Arrays.equals(a.hash, hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return encode();
    }
}
