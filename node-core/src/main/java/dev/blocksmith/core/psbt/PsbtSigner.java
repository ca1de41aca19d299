package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.SignatureChecker;
import dev.blocksmith.core.script.TransactionSignatureChecker;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.List;
import java.util.Optional;

/**
 * The BIP174 Signer (and, with a creator that signs nothing, the Updater and Finalizer) for one input,
 * as Core's SignPSBTInput: the spent output is taken from the non-witness UTXO when it is the
 * transaction the outpoint names, else from the witness UTXO, in which case only a witness signature
 * may be made (BIP174 "Data Signers Check For": an amount that is not committed to cannot be trusted).
 * Signatures and scripts found are written back; with {@code finalize} a complete input gets its final
 * scriptSig and witness.
 */
public final class PsbtSigner {
    private PsbtSigner() {
    }

    /** The outcome for one input: the updated PSBT, whether the input is complete, and what it lacks. */
    public record Result(Psbt psbt, boolean complete, MissingData missing) {
    }

    /** Core's PrecomputePSBTData: with every spent output when all are known, BIP143 data only otherwise. */
    public static PrecomputedTransactionData precompute(Psbt psbt) {
        return new PrecomputedTransactionData(psbt.unsignedTx(), psbt.allSpentOutputs().orElse(List.of()));
    }

    /**
     * Core's SignPSBTInput records the sighash type it signs with in an input that has none, unless it is the
     * default for the input (SIGHASH_DEFAULT for taproot, SIGHASH_DEFAULT or ALL otherwise), so that a finalizer
     * and other signers see it. An input already final, or whose spent output is unknown, is left alone.
     */
    public static Psbt withSighashRecorded(Psbt psbt, int index, int sighash) {
        PsbtInput input = psbt.input(index);
        if (input.isFinalized() || input.sighashType().isPresent()) return psbt;
        TxIn txIn = psbt.unsignedTx().input(index);
        Optional<TxOut> utxo = input.witnessUtxo();
        if (input.nonWitnessUtxo().isPresent()) {
            Transaction prev = input.nonWitnessUtxo().get();
            if (txIn.prevout().index() < prev.outputs().size()) utxo = Optional.of(prev.output((int) txIn.prevout().index()));
        }
        if (utxo.isEmpty()) return psbt;
        boolean taproot = utxo.get().scriptPubKey().isP2TR();
        boolean record = taproot ? sighash != SignatureHasher.SIGHASH_DEFAULT
                : sighash != SignatureHasher.SIGHASH_DEFAULT && sighash != SignatureHasher.SIGHASH_ALL;
        if (!record) return psbt;
        return psbt.withInput(index, input.toBuilder().sighashType(Optional.of(sighash)).build());
    }

    public static Result signInput(Psbt psbt, int index, SigningProvider provider, SignatureCreator.Factory creators,
            PrecomputedTransactionData data, boolean finalize) {
        return signInput(psbt, index, provider, creators, data, finalize, true);
    }

    /**
     * @param holdToSighash whether signatures must match the input's sighash field (signing and finalizing); the
     *     analyzer looks at what is missing regardless, as Knots 29.4's analyzepsbt does
     */
    public static Result signInput(Psbt psbt, int index, SigningProvider provider, SignatureCreator.Factory creators,
            PrecomputedTransactionData data, boolean finalize, boolean holdToSighash) {
        if (isSignedAndVerified(psbt, index, data)) return new Result(psbt, true, MissingData.NONE);
        PsbtInput input = psbt.input(index);
        if (input.isFinalized()) {
            // Final fields that do not verify are not a complete input, whatever else the PSBT holds.
            return new Result(psbt, false, MissingData.NONE);
        }
        SigningState state = SigningState.of(input);
        Transaction tx = psbt.unsignedTx();
        TxIn txIn = tx.input(index);
        TxOut utxo;
        boolean requireWitnessSig = false;
        if (input.nonWitnessUtxo().isPresent()) {
            Transaction prev = input.nonWitnessUtxo().get();
            if (txIn.prevout().index() >= prev.outputs().size() || !prev.txid().equals(txIn.prevout().txid())) {
                return new Result(psbt, false, MissingData.NONE);
            }
            utxo = prev.output((int) txIn.prevout().index());
        } else if (input.witnessUtxo().isPresent()) {
            utxo = input.witnessUtxo().get();
            // A witness UTXO alone cannot prove the amount to a legacy signature (BIP143 commits to it).
            requireWitnessSig = true;
        } else {
            return new Result(psbt, false, MissingData.NONE);
        }
        // Core's SignPSBTInput (SIGHASH_MISMATCH): signatures made with another type than the input's sighash field
        // stay unused (rpc_psbt changes the field after signing and expects finalizing to fail). bitcoind 30 also
        // holds signatures to the default type when the input has no field; this signer does not, so PSBTs that
        // older signers made with an explicit SIGHASH_ALL on taproot inputs (Knots 29.4's fixtures) still finalize.
        if (holdToSighash && input.sighashType().isPresent() && !signaturesUseSighash(input, input.sighashType().get())) {
            return new Result(psbt, false, MissingData.NONE);
        }
        SignatureCreator creator = creators.forInput(tx, index, utxo.value(), data);
        boolean complete = ScriptSolver.produce(provider, creator, utxo.scriptPubKey(), state);
        if (requireWitnessSig && !state.witness) return new Result(psbt, false, MissingData.NONE);
        if (!finalize && state.complete) state.complete = false;
        PsbtInput.Builder b = input.toBuilder();
        state.writeTo(b);
        if (state.witness) b.witnessUtxo(Optional.of(utxo));
        MissingData missing = new MissingData(state.missingPubkeys, state.missingSigs, state.missingRedeemScript, state.missingWitnessScript);
        return new Result(psbt.withInput(index, b.build()), complete, missing);
    }

    /** Core's check in SignPSBTInput that every signature the input holds was made with its sighash type. */
    private static boolean signaturesUseSighash(PsbtInput input, int sighash) {
        List<Bytes> schnorr = new java.util.ArrayList<>(input.tapScriptSigs().values());
        input.tapKeySig().ifPresent(schnorr::add);
        if (sighash == SignatureHasher.SIGHASH_DEFAULT) {
            for (Bytes sig : schnorr) if (sig.length() != 64) return false;
            return true;
        }
        for (Bytes sig : schnorr) if (sig.length() != 65 || (sig.toByteArray()[64] & 0xff) != sighash) return false;
        for (PartialSignature p : input.partialSignatures().values()) {
            byte[] sig = p.signature().toByteArray();
            if (sig.length == 0 || (sig[sig.length - 1] & 0xff) != sighash) return false;
        }
        return true;
    }

    /** Core's PSBTInputSignedAndVerified: the input's final scriptSig and witness pass the standard script checks. */
    public static boolean isSignedAndVerified(Psbt psbt, int index, PrecomputedTransactionData data) {
        Optional<TxOut> utxo = psbt.spentOutput(index);
        if (utxo.isEmpty()) return false;
        PsbtInput in = psbt.input(index);
        TransactionSignatureChecker checker = new TransactionSignatureChecker(psbt.unsignedTx(), index, utxo.get().value(), data);
        return ScriptInterpreter.verify(in.finalScriptSig().orElse(Script.EMPTY), utxo.get().scriptPubKey(),
                in.finalScriptWitness().orElse(Witness.EMPTY), ScriptFlags.STANDARD, checker) == ScriptError.OK;
    }

    /**
     * Core's UpdatePSBTOutput: fill the output's scripts, BIP32 origins and taproot internal key from what
     * the provider knows about its script, so that a signer can recognise its change.
     */
    public static Psbt updateOutput(Psbt psbt, int index, SigningProvider provider) {
        Transaction tx = psbt.unsignedTx();
        TxOut out = tx.output(index);
        SigningState state = SigningState.of(psbt.output(index));
        // Nothing is signed here, so no signature check can pass either.
        SignatureCreator creator = SignatureCreator.signingNothing(SignatureChecker.NONE);
        ScriptSolver.produce(SigningProvider.hiding(provider, true, false), creator, out.scriptPubKey(), state);
        PsbtOutput.Builder b = psbt.output(index).toBuilder();
        state.writeTo(b);
        return psbt.withOutput(index, b.build());
    }
}
