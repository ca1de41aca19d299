package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.Witness;

/**
 * Signs one input of a raw transaction as bitcoind's SignTransaction does through ProduceSignature:
 * whatever the provider can sign goes into the scriptSig and witness, complete or not. An incomplete
 * multisig keeps bitcoind's partial layout (the dummy, the signatures made, empty placeholders, then the
 * redeem or witness script), which combinerawtransaction later merges.
 */
public final class RawInputSigner {
    private RawInputSigner() {
    }

    /** The scriptSig and witness produced for an input, and whether they satisfy its script. */
    public record Signed(Script scriptSig, Witness witness, boolean complete) {
    }

    public static Signed sign(Transaction tx, int index, TxOut spent, SigningProvider provider,
                              SignatureCreator.Factory creators, PrecomputedTransactionData data) {
        SigningState state = new SigningState();
        // Core's SignTransaction starts from DataFromTransaction: signatures already in the input are kept.
        InputSignatureData.fill(tx, index, spent, state);
        SignatureCreator creator = creators.forInput(tx, index, spent.value(), data);
        boolean complete = ScriptSolver.produce(provider, creator, spent.scriptPubKey(), state);
        return new Signed(state.scriptSig, state.scriptWitness, complete);
    }
}
