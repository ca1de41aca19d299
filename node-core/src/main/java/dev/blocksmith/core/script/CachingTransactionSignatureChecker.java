package dev.blocksmith.core.script;

import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.tx.Transaction;

/**
 * A transaction checker that consults a {@link SignatureCache} before verifying and, when
 * {@code store} is set (mempool acceptance), records successful checks for later block validation.
 */
public final class CachingTransactionSignatureChecker extends TransactionSignatureChecker {
    private final SignatureCache cache;
    private final boolean store;

    public CachingTransactionSignatureChecker(Transaction tx, int inputIndex, long amount, PrecomputedTransactionData txData,
            SignatureCache cache, boolean store) {
        super(tx, inputIndex, amount, txData);
        this.cache = cache;
        this.store = store;
    }

    @Override
    protected boolean verifyEcdsa(byte[] derSignature, byte[] pubkey, byte[] sighash) {
        if (cache.containsEcdsa(sighash, pubkey, derSignature)) return true;
        if (!super.verifyEcdsa(derSignature, pubkey, sighash)) return false;
        if (store) cache.addEcdsa(sighash, pubkey, derSignature);
        return true;
    }

    @Override
    protected boolean verifySchnorr(byte[] sig64, byte[] xOnlyPubkey, byte[] sighash) {
        if (cache.containsSchnorr(sighash, xOnlyPubkey, sig64)) return true;
        if (!super.verifySchnorr(sig64, xOnlyPubkey, sighash)) return false;
        if (store) cache.addSchnorr(sighash, xOnlyPubkey, sig64);
        return true;
    }
}
