package dev.blocksmith.wallet;

import dev.blocksmith.core.tx.Transaction;

/** A signed wallet transaction ready to broadcast, its fee, and the change output's index (-1 if none). */
public record CreatedTransaction(Transaction tx, long feeSats, int changePosition) {
}
