package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.miniscript.Fragment;
import dev.blocksmith.core.miniscript.MiniscriptNode;
import dev.blocksmith.core.miniscript.MsKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A miniscript (BIP379) inside wsh(): the expression tree, whose keys stand for the descriptor's key
 * expressions by the text they were written as. The witness script at a position is the tree's script
 * with each key derived there.
 */
public record MiniscriptExpression(MiniscriptNode node, Map<MsKey, KeyExpression> keyMap, boolean sortedMultiA) implements ScriptExpression {
    public MiniscriptExpression {
        keyMap = new LinkedHashMap<>(keyMap);
        if (sortedMultiA && node.fragment() != Fragment.MULTI_A) throw new IllegalArgumentException("sortedmulti_a needs a multi_a node");
    }

    public MiniscriptExpression(MiniscriptNode node, Map<MsKey, KeyExpression> keyMap) {
        this(node, keyMap, false);
    }

    /**
     * {@code sortedmulti_a(k,KEY,...)} (BIP386 tr() leaves): multi_a whose keys are put in the script sorted by
     * their x-only bytes at each position, as bitcoind's MultiADescriptor with sorting.
     */
    public static MiniscriptExpression sortedMultiA(MiniscriptExpression multiA) {
        return new MiniscriptExpression(multiA.node(), multiA.keyMap(), true);
    }

    @Override
    public Map<MsKey, KeyExpression> keyMap() {
        return new LinkedHashMap<>(keyMap);
    }

    @Override
    public List<KeyExpression> keys() {
        return new ArrayList<>(keyMap.values());
    }

    /** The witness script at {@code index}. */
    public Script script(int index) {
        return script(index, false);
    }

    /** The script at {@code index}; in a tapscript leaf keys are written x-only (BIP342). */
    public Script script(int index, boolean xOnlyKeys) {
        if (sortedMultiA) {
            List<byte[]> xs = new ArrayList<>();
            for (MsKey k : node.keys()) xs.add(java.util.Arrays.copyOfRange(keyMap.get(k).publicKey(index), 1, 33));
            xs.sort(java.util.Arrays::compareUnsigned);
            ScriptBuilder b = new ScriptBuilder().data(xs.get(0)).op(Opcodes.OP_CHECKSIG);
            for (int i = 1; i < xs.size(); i++) b.data(xs.get(i)).op(Opcodes.OP_CHECKSIGADD);
            return b.number(node.k()).op(Opcodes.OP_NUMEQUAL).build();
        }
        return node.toScript(k -> {
            byte[] pub = keyMap.get(k).publicKey(index);
            return xOnlyKeys ? java.util.Arrays.copyOfRange(pub, 1, 33) : pub;
        });
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        return render(k -> keyMap.get(k).render(params, form));
    }

    /** The text with each key written by {@code keyText}; sortedmulti_a keeps its name. */
    public String render(java.util.function.Function<MsKey, String> keyText) {
        String text = node.render(keyText);
        return sortedMultiA ? "sorted" + text : text;
    }

    @Override
    public ScriptExpression normalized() {
        Map<MsKey, KeyExpression> n = new LinkedHashMap<>();
        keyMap.forEach((k, v) -> n.put(k, v.normalized()));
        return new MiniscriptExpression(node, n, sortedMultiA);
    }
}
