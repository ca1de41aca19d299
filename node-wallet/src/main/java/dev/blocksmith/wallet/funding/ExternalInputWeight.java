package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.tx.TxIn;
import java.util.List;

/**
 * The largest weight a signed input of someone else's can have, judged from the signed input itself (bitcoind's
 * feebumper for inputs the wallet cannot solve: GetTransactionInputWeight plus SignatureWeights' difference to the
 * largest signatures). Each ECDSA signature it carries is counted at its largest size, 72 bytes with the sighash type,
 * since the signer's new signature may be longer than the old one; the rest of the input is as it was.
 */
public final class ExternalInputWeight {
    /** The largest DER-encoded ECDSA signature with its sighash type byte (bitcoind's 72-byte signature bound). */
    static final int MAX_ECDSA_SIGNATURE_BYTES = 72;

    private ExternalInputWeight() {
    }

    public static int of(TxIn in) {
        int scriptSigBytes = in.scriptSig().length();
        int weight = (32 + 4 + 4 + SignedTxSize.compactSizeLength(scriptSigBytes) + scriptSigBytes) * 4;
        List<byte[]> items = in.witness().rawItems();
        weight += SignedTxSize.compactSizeLength(items.size());
        for (byte[] item : items) {
            weight += SignedTxSize.compactSizeLength(item.length) + item.length;
            weight += shortfall(item);
        }
        // Signatures in the scriptSig count four times (non-witness data).
        for (ScriptChunk c : in.scriptSig().chunks().orElse(List.of())) {
            if (c.isPush() && c.data() != null) weight += shortfall(c.data()) * 4;
        }
        return weight;
    }

    /** How many bytes an ECDSA signature is short of the largest one; 0 for anything else. */
    private static int shortfall(byte[] item) {
        if (item.length == 0 || item.length > MAX_ECDSA_SIGNATURE_BYTES || !ScriptInterpreter.isValidSignatureEncoding(item)) return 0;
        return MAX_ECDSA_SIGNATURE_BYTES - item.length;
    }
}
