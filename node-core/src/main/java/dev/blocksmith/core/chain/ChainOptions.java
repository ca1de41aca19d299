package dev.blocksmith.core.chain;

/**
 * Chain-state settings fixed at start.
 *
 * @param addressIndex maintain the per-script index ({@code -addressindex})
 * @param txIndex maintain txid → block ({@code -txindex})
 */
public record ChainOptions(boolean addressIndex, boolean txIndex) {
    public static ChainOptions defaults() {
        return new ChainOptions(true, true);
    }
}
