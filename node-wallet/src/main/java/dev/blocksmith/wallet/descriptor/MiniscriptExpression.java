package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.descriptor.miniscript.MiniscriptNode;
import dev.blocksmith.wallet.descriptor.miniscript.MsKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A miniscript (BIP379) inside wsh(): the expression tree, whose keys stand for the descriptor's key
 * expressions by the text they were written as. The witness script at a position is the tree's script
 * with each key derived there.
 */
public record MiniscriptExpression(MiniscriptNode node, Map<MsKey, KeyExpression> keyMap) implements ScriptExpression {
    public MiniscriptExpression {
        keyMap = new LinkedHashMap<>(keyMap);
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
        return node.toScript(k -> keyMap.get(k).publicKey(index));
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        return node.render(k -> keyMap.get(k).render(params, form));
    }

    @Override
    public ScriptExpression normalized() {
        Map<MsKey, KeyExpression> n = new LinkedHashMap<>();
        keyMap.forEach((k, v) -> n.put(k, v.normalized()));
        return new MiniscriptExpression(node, n);
    }
}
