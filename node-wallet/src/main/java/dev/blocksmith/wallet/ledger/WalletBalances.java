package dev.blocksmith.wallet.ledger;

import dev.blocksmith.core.primitives.Amount;

/**
 * getbalances "mine": trusted (confirmed, plus our own unconfirmed change), untrusted_pending
 * (unconfirmed from others) and immature (coinbase outputs before maturity).
 */
public record WalletBalances(Amount trusted, Amount untrustedPending, Amount immature) {
}
