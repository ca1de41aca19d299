package dev.blocksmith.core.psbt;

/** One tuple of PSBT_OUT_TAP_TREE: depth in the tree, leaf version and script, in depth-first order. */
public record TapTreeLeaf(int depth, int leafVersion, Bytes script) {
}
