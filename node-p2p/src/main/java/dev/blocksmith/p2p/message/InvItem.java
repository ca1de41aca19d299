package dev.blocksmith.p2p.message;

import dev.blocksmith.core.primitives.Sha256Hash;

import java.util.Objects;

/** One inventory vector: a type code from {@link InvType} and the object's hash (internal byte order). */
public record InvItem(int type, Sha256Hash hash) {
    public InvItem {
        Objects.requireNonNull(hash, "hash");
    }
}
