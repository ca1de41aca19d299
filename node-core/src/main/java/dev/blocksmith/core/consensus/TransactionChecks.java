package dev.blocksmith.core.consensus;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.HashSet;
import java.util.Set;

/** Context-free transaction rules (Core's CheckTransaction). */
public final class TransactionChecks {
    private TransactionChecks() {
    }

    public static void check(Transaction tx) throws ValidationException {
        if (tx.inputs().isEmpty()) throw new ValidationException("bad-txns-vin-empty");
        if (tx.outputs().isEmpty()) throw new ValidationException("bad-txns-vout-empty");
        if ((long) tx.baseSize() * Transaction.WITNESS_SCALE_FACTOR > ConsensusLimits.MAX_BLOCK_WEIGHT) {
            throw new ValidationException("bad-txns-oversize");
        }
        long total = 0;
        for (TxOut out : tx.outputs()) {
            if (out.value() < 0) throw new ValidationException("bad-txns-vout-negative");
            if (out.value() > Amount.MAX_MONEY) throw new ValidationException("bad-txns-vout-toolarge");
            total += out.value();
            if (!Amount.inMoneyRange(total)) throw new ValidationException("bad-txns-txouttotal-toolarge");
        }
        Set<OutPoint> seen = new HashSet<>();
        for (TxIn in : tx.inputs()) {
            if (!seen.add(in.prevout())) throw new ValidationException("bad-txns-inputs-duplicate");
        }
        if (tx.isCoinbase()) {
            int len = tx.input(0).scriptSig().length();
            if (len < 2 || len > 100) throw new ValidationException("bad-cb-length");
        } else {
            for (TxIn in : tx.inputs()) {
                if (in.prevout().isNull()) throw new ValidationException("bad-txns-prevout-null");
            }
        }
    }
}
