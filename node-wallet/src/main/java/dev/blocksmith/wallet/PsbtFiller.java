package dev.blocksmith.wallet;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtInput;
import dev.blocksmith.core.psbt.PsbtSigner;
import dev.blocksmith.core.psbt.SigningProvider;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.wallet.sign.PsbtSignatureCreator;
import java.util.Optional;
import java.util.function.Function;

/**
 * The wallet as BIP174 Updater and Signer (Core's CWallet::FillPSBT): previous transactions the wallet
 * has become non-witness UTXOs, every input the wallet can solve gets its scripts and BIP32 origins
 * (and, when signing, its signatures; when finalizing and complete, its final scriptSig and witness),
 * and outputs paying the wallet get their origins so a hardware signer can recognise change.
 */
final class PsbtFiller {
    private PsbtFiller() {
    }

    static PsbtFill fill(Psbt psbt, HdWallet hd, Function<Sha256Hash, Optional<Transaction>> walletTx, SigningProvider provider,
            int sighashType, boolean sign, boolean bip32derivs, boolean finalize) throws WalletException {
        Psbt p = psbt;
        for (int i = 0; i < p.inputs().size(); i++) {
            PsbtInput in = p.input(i);
            if (in.isFinalized() || in.nonWitnessUtxo().isPresent()) continue;
            Optional<Transaction> prev = walletTx.apply(p.unsignedTx().input(i).prevout().txid());
            if (prev.isPresent()) p = p.withInput(i, in.toBuilder().nonWitnessUtxo(prev).build());
        }
        PrecomputedTransactionData data = PsbtSigner.precompute(p);
        SigningProvider inputs = SigningProvider.hiding(provider, !sign, !bip32derivs);
        for (int i = 0; i < p.inputs().size(); i++) {
            PsbtInput in = p.input(i);
            if (in.isFinalized()) continue;
            if (sign && in.sighashType().isPresent() && in.sighashType().get() != sighashType) {
                throw new WalletException(WalletException.Kind.DESERIALIZATION_ERROR, "Specified sighash value does not match value stored in PSBT");
            }
            Optional<Script> script = spentScript(p, i);
            if (script.isEmpty()) continue;
            if (!PsbtSigner.isSignedAndVerified(p, i, data)) p = PsbtSigner.withSighashRecorded(p, i, sighashType);
            p = PsbtSigner.signInput(p, i, inputs, PsbtSignatureCreator.factory(sighashType), data, finalize).psbt();
        }
        SigningProvider outputs = SigningProvider.hiding(provider, true, !bip32derivs);
        for (int i = 0; i < p.outputs().size(); i++) {
            if (hd.locate(p.unsignedTx().output(i).scriptPubKey()).isEmpty()) continue;
            p = PsbtSigner.updateOutput(p, i, outputs);
        }
        p = p.withoutUnneededNonWitnessUtxos(sighashType);
        boolean complete = true;
        for (int i = 0; i < p.inputs().size(); i++) complete &= PsbtSigner.isSignedAndVerified(p, i, data);
        return new PsbtFill(p, complete);
    }

    /** The spent script as Core's FillPSBT takes it: from the witness UTXO, else the non-witness UTXO. */
    private static Optional<Script> spentScript(Psbt p, int i) throws WalletException {
        PsbtInput in = p.input(i);
        if (in.witnessUtxo().isPresent()) return Optional.of(in.witnessUtxo().get().scriptPubKey());
        if (in.nonWitnessUtxo().isPresent()) {
            TxIn txIn = p.unsignedTx().input(i);
            Transaction prev = in.nonWitnessUtxo().get();
            if (txIn.prevout().index() >= prev.outputs().size()) {
                throw new WalletException(WalletException.Kind.TRANSACTION_ERROR, "Inputs missing or spent");
            }
            return Optional.of(prev.output((int) txIn.prevout().index()).scriptPubKey());
        }
        return Optional.empty();
    }
}
