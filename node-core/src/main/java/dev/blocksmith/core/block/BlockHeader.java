package dev.blocksmith.core.block;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;

/**
 * The 80-byte block header. Time, bits and nonce are unsigned 32-bit values held in longs.
 */
public final class BlockHeader {
    public static final int SIZE = 80;

    private final int version;
    private final Sha256Hash prevHash;
    private final Sha256Hash merkleRoot;
    private final long time;
    private final long bits;
    private final long nonce;
    private volatile Sha256Hash hash;

    public BlockHeader(int version, Sha256Hash prevHash, Sha256Hash merkleRoot, long time, long bits, long nonce) {
        this.version = version;
        this.prevHash = prevHash;
        this.merkleRoot = merkleRoot;
        this.time = time & 0xffffffffL;
        this.bits = bits & 0xffffffffL;
        this.nonce = nonce & 0xffffffffL;
    }

    public int version() {
        return version;
    }

    public Sha256Hash prevHash() {
        return prevHash;
    }

    public Sha256Hash merkleRoot() {
        return merkleRoot;
    }

    public long time() {
        return time;
    }

    public long bits() {
        return bits;
    }

    public long nonce() {
        return nonce;
    }

    public Sha256Hash hash() {
        Sha256Hash h = hash;
        if (h == null) {
            h = Hashes.hash256(serialize());
            hash = h;
        }
        return h;
    }

    public BlockHeader withNonce(long newNonce) {
        return new BlockHeader(version, prevHash, merkleRoot, time, bits, newNonce);
    }

    public BlockHeader withTime(long newTime) {
        return new BlockHeader(version, prevHash, merkleRoot, newTime, bits, nonce);
    }

    public BlockHeader withMerkleRoot(Sha256Hash root) {
        return new BlockHeader(version, prevHash, root, time, bits, nonce);
    }

    public void write(ByteWriter w) {
        w.i32le(version).hash(prevHash).hash(merkleRoot).u32le(time).u32le(bits).u32le(nonce);
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(SIZE);
        write(w);
        return w.toByteArray();
    }

    public static BlockHeader read(ByteReader r) {
        return new BlockHeader(r.i32le(), r.hash(), r.hash(), r.u32le(), r.u32le(), r.u32le());
    }

    public static BlockHeader parse(byte[] bytes) {
        if (bytes.length != SIZE) throw new SerializationException("header must be 80 bytes");
        return read(new ByteReader(bytes));
    }

    public String toHex() {
        return Hex.encode(serialize());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader h && h.hash().equals(hash());
    }

    @Override
    public int hashCode() {
        return hash().hashCode();
    }

    @Override
    public String toString() {
        return "BlockHeader[" + hash() + "]";
    }
}
