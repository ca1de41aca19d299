package dev.blocksmith.core.script;

import dev.blocksmith.core.crypto.EcdsaVerifier;
import dev.blocksmith.core.crypto.PublicKeys;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks signatures and lock times for one input of a transaction (Core's
 * GenericTransactionSignatureChecker). Subclasses may intercept the raw verifications (see
 * {@link CachingTransactionSignatureChecker}).
 */
public class TransactionSignatureChecker implements SignatureChecker {
    /** nLockTime below this is a block height, at or above it a UNIX time (BIP65 compares like with like). */
    public static final long LOCKTIME_THRESHOLD = 500_000_000L;

    private final Transaction tx;
    private final int inputIndex;
    private final long amount;
    private final PrecomputedTransactionData txData;
    private final EcdsaVerifier ecdsa;

    public TransactionSignatureChecker(Transaction tx, int inputIndex, long amount, PrecomputedTransactionData txData) {
        this(tx, inputIndex, amount, txData, Secp256k1Verifier.INSTANCE);
    }

    public TransactionSignatureChecker(Transaction tx, int inputIndex, long amount, PrecomputedTransactionData txData,
            EcdsaVerifier ecdsa) {
        if (inputIndex < 0 || inputIndex >= tx.inputs().size()) throw new IllegalArgumentException("input index out of range");
        this.tx = tx;
        this.inputIndex = inputIndex;
        this.amount = amount;
        this.txData = txData;
        this.ecdsa = ecdsa;
    }

    /** Verifies a DER signature (hash type removed) over {@code sighash}. */
    protected boolean verifyEcdsa(byte[] derSignature, byte[] pubkey, byte[] sighash) {
        return ecdsa.verify(derSignature, sighash, pubkey);
    }

    /** Verifies a 64-byte BIP340 signature over {@code sighash}. */
    protected boolean verifySchnorr(byte[] sig64, byte[] xOnlyPubkey, byte[] sighash) {
        return Secp256k1Verifier.INSTANCE.verifySchnorr(sig64, sighash, xOnlyPubkey);
    }

    @Override
    public boolean checkEcdsaSignature(byte[] signature, byte[] pubkey, Script scriptCode, SigVersion sigVersion) {
        if (!PublicKeys.hasValidLength(pubkey)) return false;
        if (signature.length == 0) return false;
        int hashType = signature[signature.length - 1] & 0xff;
        byte[] der = Arrays.copyOf(signature, signature.length - 1);
        byte[] sighash = SignatureHasher.hash(scriptCode, tx, inputIndex, hashType, amount, sigVersion, txData);
        return verifyEcdsa(der, pubkey, sighash);
    }

    @Override
    public ScriptError checkSchnorrSignature(byte[] signature, byte[] pubkey, SigVersion sigVersion, ScriptExecutionData execData) {
        // BIP341: 64 bytes means SIGHASH_DEFAULT; 65 bytes carries an explicit type, which may not be 0x00.
        if (signature.length != 64 && signature.length != 65) return ScriptError.SCHNORR_SIG_SIZE;
        int hashType = SignatureHasher.SIGHASH_DEFAULT;
        byte[] sig = signature;
        if (signature.length == 65) {
            hashType = signature[64] & 0xff;
            if (hashType == SignatureHasher.SIGHASH_DEFAULT) return ScriptError.SCHNORR_SIG_HASHTYPE;
            sig = Arrays.copyOf(signature, 64);
        }
        Optional<byte[]> sighash = SignatureHasher.taproot(tx, inputIndex, hashType, sigVersion, execData, txData);
        if (sighash.isEmpty()) return ScriptError.SCHNORR_SIG_HASHTYPE;
        if (!verifySchnorr(sig, pubkey, sighash.get())) return ScriptError.SCHNORR_SIG;
        return ScriptError.OK;
    }

    @Override
    public boolean checkLockTime(long lockTime) {
        long txLockTime = tx.lockTime();
        // Heights and times are not comparable: both must be on the same side of the threshold.
        if (!((txLockTime < LOCKTIME_THRESHOLD && lockTime < LOCKTIME_THRESHOLD)
                || (txLockTime >= LOCKTIME_THRESHOLD && lockTime >= LOCKTIME_THRESHOLD))) {
            return false;
        }
        if (lockTime > txLockTime) return false;
        // A final input disables nLockTime entirely, so the script's condition could be bypassed.
        return tx.input(inputIndex).sequence() != TxIn.SEQUENCE_FINAL;
    }

    @Override
    public boolean checkSequence(long sequence) {
        long txSequence = tx.input(inputIndex).sequence();
        // BIP68 relative lock times need version >= 2, compared as unsigned.
        if (Integer.compareUnsigned(tx.version(), 2) < 0) return false;
        if ((txSequence & TxIn.SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) return false;
        long mask = TxIn.SEQUENCE_LOCKTIME_TYPE_FLAG | TxIn.SEQUENCE_LOCKTIME_MASK;
        long txMasked = txSequence & mask;
        long masked = sequence & mask;
        if (!((txMasked < TxIn.SEQUENCE_LOCKTIME_TYPE_FLAG && masked < TxIn.SEQUENCE_LOCKTIME_TYPE_FLAG)
                || (txMasked >= TxIn.SEQUENCE_LOCKTIME_TYPE_FLAG && masked >= TxIn.SEQUENCE_LOCKTIME_TYPE_FLAG))) {
            return false;
        }
        return masked <= txMasked;
    }
}
