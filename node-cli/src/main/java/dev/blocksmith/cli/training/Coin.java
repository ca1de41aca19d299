package dev.blocksmith.cli.training;

import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxOut;

/** An unspent output of the training chain, how to spend it, and the height of the block that created it. */
record Coin(OutPoint outPoint, TxOut output, OutputKind kind, int height) {
}
