package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.TapLeafScript;
import dev.blocksmith.core.psbt.TapTreeLeaf;
import dev.blocksmith.core.psbt.TaprootSpendData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.wallet.keys.Secp;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code tr(KEY,TREE)} (BIP386): an internal key and a script tree whose leaves are tapscript miniscripts
 * (BIP379), kept as Core's TaprootBuilder takes them: each leaf with its depth, in depth-first order. The output
 * key commits to the tree's merkle root (BIP341); each leaf is spent with its control block.
 */
public record TaprootTreeExpression(KeyExpression internalKey, List<Leaf> leaves) implements ScriptExpression {
    /** BIP342 leaf version of tapscript. */
    public static final int TAPSCRIPT_LEAF_VERSION = 0xc0;

    /** One leaf: its depth in the tree and its script. */
    public record Leaf(int depth, MiniscriptExpression script) {
    }

    public TaprootTreeExpression {
        leaves = List.copyOf(leaves);
    }

    @Override
    public List<KeyExpression> keys() {
        List<KeyExpression> out = new ArrayList<>();
        out.add(internalKey);
        for (Leaf l : leaves) out.addAll(l.script().keys());
        return out;
    }

    /** The leaf script at a position: the miniscript with x-only keys (BIP342). */
    public Script leafScript(int leaf, int index) {
        return leaves.get(leaf).script().script(index, true);
    }

    /** The leaves at a position as PSBT_OUT_TAP_TREE lists them. */
    public List<TapTreeLeaf> treeTuples(int index) {
        List<TapTreeLeaf> out = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) out.add(new TapTreeLeaf(leaves.get(i).depth(), TAPSCRIPT_LEAF_VERSION, Bytes.of(leafScript(i, index).rawBytes())));
        return out;
    }

    /** Merkle root and each leaf's path (sibling hashes from the leaf up), built as Core's TaprootBuilder does. */
    private record Built(byte[] root, List<List<byte[]>> paths) {
    }

    private Built build(int index) {
        List<List<byte[]>> paths = new ArrayList<>();
        // A stack of (depth, hash, leaves below) closed pairwise whenever two siblings of one depth meet.
        record Node(int depth, byte[] hash, List<Integer> leafIds) {
        }
        List<Node> stack = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            paths.add(new ArrayList<>());
            byte[] script = leafScript(i, index).rawBytes();
            Node node = new Node(leaves.get(i).depth(), ScriptInterpreter.tapleafHash(TAPSCRIPT_LEAF_VERSION, script), List.of(i));
            while (!stack.isEmpty() && stack.get(stack.size() - 1).depth() == node.depth() && node.depth() > 0) {
                Node left = stack.remove(stack.size() - 1);
                for (int id : left.leafIds()) paths.get(id).add(node.hash());
                for (int id : node.leafIds()) paths.get(id).add(left.hash());
                List<Integer> ids = new ArrayList<>(left.leafIds());
                ids.addAll(node.leafIds());
                node = new Node(node.depth() - 1, ScriptInterpreter.tapBranchHash(left.hash(), node.hash()), ids);
            }
            stack.add(node);
        }
        if (stack.size() != 1 || stack.get(0).depth() != 0) throw new IllegalStateException("incomplete taproot tree");
        return new Built(stack.get(0).hash(), paths);
    }

    /** The 32-byte output key at a position. */
    public byte[] outputKey(int index) {
        return Secp.xOnly(Secp.taprootOutputKey(internalKey.publicKey(index), build(index).root()));
    }

    /** What spending the output at a position takes: internal key, merkle root, each leaf's control block, the tree. */
    public TaprootSpendData spendData(int index) {
        Built b = build(index);
        byte[] internal = Secp.xOnly(internalKey.publicKey(index));
        byte[] q = Secp.taprootOutputKey(internalKey.publicKey(index), b.root());
        int parity = q[0] == 3 ? 1 : 0;
        SortedMap<TapLeafScript, SortedSet<Bytes>> scripts = new TreeMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            List<byte[]> path = b.paths().get(i);
            byte[] control = new byte[33 + 32 * path.size()];
            control[0] = (byte) (TAPSCRIPT_LEAF_VERSION | parity);
            System.arraycopy(internal, 0, control, 1, 32);
            for (int p = 0; p < path.size(); p++) System.arraycopy(path.get(p), 0, control, 33 + 32 * p, 32);
            TapLeafScript leaf = new TapLeafScript(Bytes.of(leafScript(i, index).rawBytes()), TAPSCRIPT_LEAF_VERSION);
            scripts.computeIfAbsent(leaf, l -> new TreeSet<>(Bytes.SHORTEST_FIRST)).add(Bytes.of(control));
        }
        return new TaprootSpendData(java.util.Optional.of(Bytes.of(internal)), java.util.Optional.of(Bytes.of(b.root())), scripts, treeTuples(index));
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        return internalKey.render(params, form) + "," + tree(k -> k.render(params, form));
    }

    /** The tree text, {@code {A,B}} nesting rebuilt from the depths, each leaf's keys written by {@code key}. */
    String tree(Function<KeyExpression, String> key) {
        int[] next = {0};
        return subtree(0, next, key);
    }

    private String subtree(int depth, int[] next, Function<KeyExpression, String> key) {
        Leaf leaf = leaves.get(next[0]);
        if (leaf.depth() == depth) {
            next[0]++;
            var keyMap = leaf.script().keyMap();
            return leaf.script().render(k -> key.apply(keyMap.get(k)));
        }
        String left = subtree(depth + 1, next, key);
        String right = subtree(depth + 1, next, key);
        return "{" + left + "," + right + "}";
    }

    @Override
    public ScriptExpression normalized() {
        List<Leaf> n = new ArrayList<>();
        for (Leaf l : leaves) n.add(new Leaf(l.depth(), (MiniscriptExpression) l.script().normalized()));
        return new TaprootTreeExpression(internalKey.normalized(), n);
    }
}
