package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code multi(k,KEY_1,...,KEY_n)} or {@code sortedmulti(...)} (BIP383): the script
 * {@code k KEY_1 ... KEY_n n OP_CHECKMULTISIG}. For sortedmulti the keys of each position are put in
 * ascending order of their serialization (BIP67; Core's CPubKey ordering, shorter keys first), so the
 * order the keys are written in does not matter. Limits are checked by the parser, which knows the context.
 */
public record MultisigExpression(int threshold, List<KeyExpression> keys, boolean sorted) implements ScriptExpression {
    /** Core's MAX_PUBKEYS_PER_MULTISIG: what OP_CHECKMULTISIG accepts. */
    public static final int MAX_KEYS = 20;

    public MultisigExpression {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || keys.size() > MAX_KEYS || threshold < 1 || threshold > keys.size()) {
            throw new IllegalArgumentException("bad multisig " + threshold + " of " + keys.size());
        }
    }

    /** The public keys at {@code index} in script order (sorted for sortedmulti). */
    public List<byte[]> publicKeys(int index) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (KeyExpression k : keys) out.add(k.publicKey(index));
        if (sorted) out.sort(MultisigExpression::compareKeys);
        return out;
    }

    /** The multisig script at {@code index}: the redeem script in sh(), the witness script in wsh(). */
    public Script script(int index) {
        ScriptBuilder b = new ScriptBuilder().number(threshold);
        for (byte[] pub : publicKeys(index)) b.data(pub);
        return b.number(keys.size()).op(Opcodes.OP_CHECKMULTISIG).build();
    }

    @Override
    public String render(NetworkParams params, KeyForm form) {
        return (sorted ? "sortedmulti(" : "multi(") + threshold + ","
                + keys.stream().map(k -> k.render(params, form)).collect(Collectors.joining(",")) + ")";
    }

    @Override
    public ScriptExpression normalized() {
        return new MultisigExpression(threshold, keys.stream().map(KeyExpression::normalized).toList(), sorted);
    }

    /** CPubKey's operator<: by length, then bytewise unsigned. */
    static int compareKeys(byte[] a, byte[] b) {
        if (a.length != b.length) return Integer.compare(a.length, b.length);
        return Arrays.compareUnsigned(a, b);
    }
}
