package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.psbt.DummySignatures;
import dev.blocksmith.core.psbt.FlatSigningProvider;
import dev.blocksmith.core.psbt.RawInputSigner;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.List;
import java.util.OptionalInt;

/**
 * The public keys and scripts of a funding request's solving_data (Core's coin control external provider):
 * what tells the wallet how an external preset input is spent, so that its signed size can be estimated.
 * The size is found as bitcoind's CalculateMaximumSignedInputSize finds it, by solving the output script with
 * placeholder signatures.
 */
public final class SolvingDataProvider extends FlatSigningProvider {
    public SolvingDataProvider(List<byte[]> publicKeys, List<Script> scripts) {
        publicKeys.forEach(this::addPublicKey);
        scripts.forEach(this::addScript);
    }

    /**
     * The weight of an input spending {@code spent} once signed (Core's GetTransactionInputWeight: the
     * non-witness serialization four times, plus the witness stack), or empty when these keys and scripts do
     * not solve it.
     */
    public OptionalInt signedInputWeight(TxOut spent) {
        TxIn in = new TxIn(new OutPoint(Sha256Hash.wrap(new byte[32]), 0), Script.EMPTY, 0xffffffffL);
        Transaction tx = new Transaction(2, List.of(in), List.of(new TxOut(0, Script.EMPTY)), 0);
        RawInputSigner.Signed r = RawInputSigner.sign(tx, 0, spent, this, (t, index, amount, data) -> DummySignatures.INSTANCE,
                new PrecomputedTransactionData(tx, List.of(spent)));
        if (!r.complete()) return OptionalInt.empty();
        int scriptSig = r.scriptSig().length();
        int nonWitness = 32 + 4 + ByteWriter.compactSizeLength(scriptSig) + scriptSig + 4;
        List<byte[]> items = r.witness().rawItems();
        int witness = ByteWriter.compactSizeLength(items.size());
        for (byte[] item : items) witness += ByteWriter.compactSizeLength(item.length) + item.length;
        return OptionalInt.of(nonWitness * 4 + witness);
    }
}
