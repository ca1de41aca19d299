package dev.blocksmith.core.miniscript;

import java.util.Optional;

/**
 * What satisfying a miniscript needs from outside it (bitcoind's Satisfier in script/sign.cpp): signatures,
 * the key bytes a pk_h pushes, hash preimages, and whether the spending transaction meets a timelock.
 * Each question is asked for every key, hash and timelock of the tree, whichever branch ends up chosen, so
 * that a signer contributes every signature it can (a co-signer's PSBT carries them all).
 */
public interface SatisfierContext {
    /** A signature by {@code key}: one already known, or one made now; empty when neither. */
    Optional<byte[]> sign(MsKey key);

    /** The bytes a pk_h satisfaction pushes for {@code key} (bitcoind's ToPKBytes). */
    byte[] keyBytes(MsKey key);

    /** The preimage of {@code hash} under the hash of {@code fragment} (SHA256, HASH256, RIPEMD160, HASH160). */
    Optional<byte[]> preimage(Fragment fragment, byte[] hash);

    /** Whether the transaction's lock time meets {@code after(value)} (OP_CHECKLOCKTIMEVERIFY's rules). */
    boolean checkAfter(long value);

    /** Whether the input's sequence meets {@code older(value)} (OP_CHECKSEQUENCEVERIFY's rules). */
    boolean checkOlder(long value);
}
