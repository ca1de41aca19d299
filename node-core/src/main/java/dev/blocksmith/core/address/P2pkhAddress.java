package dev.blocksmith.core.address;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import java.util.Arrays;
import java.util.Objects;

/** Pay to public key hash: OP_DUP OP_HASH160 &lt;hash160(pubkey)&gt; OP_EQUALVERIFY OP_CHECKSIG. */
public final class P2pkhAddress implements Address {
    private final NetworkParams network;
    private final byte[] hash;

    public P2pkhAddress(NetworkParams network, byte[] hash160) {
        this.network = Objects.requireNonNull(network);
        if (hash160.length != 20) throw new IllegalArgumentException("hash160 must be 20 bytes");
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
        return new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(hash)
                .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
    }

    @Override
    public String encode() {
        byte[] payload = new byte[21];
        payload[0] = (byte) network.p2pkhVersion();
        System.arraycopy(hash, 0, payload, 1, 20);
        return Base58.encodeChecked(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof P2pkhAddress a && a.network.name().equals(network.name()) && Arrays.equals(a.hash, hash);
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
