package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.WalletKeyLocation;
import java.util.Optional;

/**
 * A preset input once its coin is known: the output it spends (from the wallet or the chain), the virtual size
 * its signed form adds, and which of our descriptors owns it, if any.
 */
public record ResolvedInput(PresetInput input, TxOut spent, int inputVBytes, Optional<WalletKeyLocation> owner) {
}
