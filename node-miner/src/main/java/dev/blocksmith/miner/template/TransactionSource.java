package dev.blocksmith.miner.template;

import java.util.List;

/**
 * Where block templates take transactions from (the mempool). The source returns transactions in a
 * valid order (parents before children), selected by ancestor fee rate within the limits given.
 */
@FunctionalInterface
public interface TransactionSource {
    List<TemplateTransaction> select(long maxWeight, long maxSigopCost);

    static TransactionSource empty() {
        return (w, s) -> List.of();
    }
}
