package dev.blocksmith.wallet;

import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.List;
import java.util.Optional;

/**
 * bitcoind's FastWalletRescanFilter: during a rescan, a block whose BIP158 basic filter matches none of the
 * wallet's output scripts cannot hold a transaction of ours and is skipped unread. The script set is taken again
 * whenever the wallet watches more scripts (ranged descriptors topped up as their addresses are found used). A block
 * the index has no filter for yet is read.
 */
final class FastRescanFilter {
    private final BlockFilterIndex index;
    private final HdWallet hd;
    private List<byte[]> scripts = List.of();
    private int taken = -1;

    FastRescanFilter(BlockFilterIndex index, HdWallet hd) {
        this.index = index;
        this.hd = hd;
    }

    /** Whether the block may hold one of our scripts: true when its filter matches or is not available. */
    boolean mayMatch(Sha256Hash blockHash) {
        if (hd.watchedScriptCount() != taken) {
            scripts = hd.watchedScriptBytes();
            taken = scripts.size();
        }
        Optional<BlockFilterIndex.Entry> entry = index.entry(blockHash);
        return entry.isEmpty() || (!scripts.isEmpty() && entry.get().filter().set().matchAny(scripts));
    }
}
