package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureChecker;
import dev.blocksmith.core.script.TransactionSignatureChecker;
import dev.blocksmith.core.tx.Transaction;
import java.util.Optional;

/**
 * Makes the signatures for one input and checks the result (Core's BaseSignatureCreator). The solver
 * never signs: it asks a creator, which a wallet implements with its keys, a finalizer with none, and a
 * size estimator with dummies.
 */
public interface SignatureCreator {
    /** An ECDSA signature (DER plus hash type byte) by the key with this id over {@code scriptCode}. */
    Optional<Bytes> ecdsa(SigningProvider provider, Bytes keyId, Script scriptCode, SigVersion sigVersion);

    /** A BIP340 signature (64 bytes, or 65 with a hash type) by the key with this x coordinate. */
    Optional<Bytes> schnorr(SigningProvider provider, Bytes xOnlyKey, Optional<Bytes> leafHash, SchnorrTweak tweak, SigVersion sigVersion);

    /** The checker the finished scriptSig and witness must pass. */
    SignatureChecker checker();

    /** Makes the creator for input {@code index} of {@code tx}, which spends {@code amount} satoshis. */
    @FunctionalInterface
    interface Factory {
        SignatureCreator forInput(Transaction tx, int index, long amount, PrecomputedTransactionData data);
    }

    /** Signs nothing and checks real signatures: what a finalizer or an updater needs. */
    Factory NONE = (tx, index, amount, data) -> signingNothing(new TransactionSignatureChecker(tx, index, amount, data));

    /** A creator that makes no signature and checks the result with {@code checker}. */
    static SignatureCreator signingNothing(SignatureChecker checker) {
        return new SignatureCreator() {
            @Override
            public Optional<Bytes> ecdsa(SigningProvider provider, Bytes keyId, Script scriptCode, SigVersion sigVersion) {
                return Optional.empty();
            }

            @Override
            public Optional<Bytes> schnorr(SigningProvider provider, Bytes xOnlyKey, Optional<Bytes> leafHash, SchnorrTweak tweak,
                    SigVersion sigVersion) {
                return Optional.empty();
            }

            @Override
            public SignatureChecker checker() {
                return checker;
            }
        };
    }
}
