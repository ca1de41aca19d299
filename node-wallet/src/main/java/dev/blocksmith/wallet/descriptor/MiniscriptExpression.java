package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
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
        return script(index, false);
    }

    /** The script at {@code index}; in a tapscript leaf keys are written x-only (BIP342). */
    public Script script(int index, boolean xOnlyKeys) {
        return node.toScript(k -> {
            byte[] pub = keyMap.get(k).publicKey(index);
            return xOnlyKeys ? java.util.Arrays.copyOfRange(pub, 1, 33) : pub;
        });
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
