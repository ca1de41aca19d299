package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.ScriptInterpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds a taproot script tree from (depth, leaf) tuples in depth-first order, as BIP371's
 * PSBT_OUT_TAP_TREE lists them and Core's TaprootBuilder consumes them: a leaf may not come at a
 * shallower depth while a deeper branch is open, and the tuples must close into exactly one root.
 */
public final class TaprootTree {
    /** BIP341 TAPROOT_CONTROL_MAX_NODE_COUNT: the deepest a leaf may be. */
    public static final int MAX_DEPTH = 128;

    private TaprootTree() {
    }

    /** The merkle root when the tuples form a complete tree, empty otherwise (also for no tuples). */
    public static Optional<byte[]> merkleRoot(List<TapTreeLeaf> leaves) {
        List<byte[]> branch = new ArrayList<>();
        for (TapTreeLeaf leaf : leaves) {
            int depth = leaf.depth();
            if (depth < 0 || depth > MAX_DEPTH) return Optional.empty();
            byte[] node = ScriptInterpreter.tapleafHash(leaf.leafVersion(), leaf.script().toByteArray());
            // A leaf at a shallower depth than an unfinished branch would not be a depth-first walk.
            if (depth + 1 < branch.size()) return Optional.empty();
            while (branch.size() > depth && branch.get(depth) != null) {
                node = ScriptInterpreter.tapBranchHash(node, branch.get(depth));
                branch.remove(branch.size() - 1);
                if (depth == 0) return Optional.empty();
                depth--;
            }
            while (branch.size() <= depth) branch.add(null);
            branch.set(depth, node);
        }
        if (branch.size() == 1 && branch.get(0) != null) return Optional.of(branch.get(0));
        return Optional.empty();
    }

    /** Core's TaprootBuilder::IsComplete after adding every tuple. */
    public static boolean isComplete(List<TapTreeLeaf> leaves) {
        return merkleRoot(leaves).isPresent();
    }
}
