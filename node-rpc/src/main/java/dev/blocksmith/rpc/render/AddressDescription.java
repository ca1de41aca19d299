package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptType;

/**
 * bitcoind's DescribeAddress (DescribeAddressVisitor), shared by validateaddress and getaddressinfo: whether the
 * destination is a script and a witness program. Known templates say whether they are scripts (taproot and anchors
 * are); a witness program of an unknown version or size says nothing about it, so "isscript" is left out
 * (rpc_invalid_address_message).
 */
public final class AddressDescription {
    private AddressDescription() {
    }

    public static void describe(Script scriptPubKey, ObjectNode out) {
        ScriptType type = ScriptType.classify(scriptPubKey);
        switch (type) {
            case PUBKEYHASH, WITNESS_V0_KEYHASH -> out.put("isscript", false);
            case SCRIPTHASH, WITNESS_V0_SCRIPTHASH, WITNESS_V1_TAPROOT, ANCHOR -> out.put("isscript", true);
            default -> { }
        }
        boolean witness = scriptPubKey.isWitnessProgram();
        out.put("iswitness", witness);
        if (witness) {
            out.put("witness_version", scriptPubKey.witnessVersion());
            out.put("witness_program", Hex.encode(scriptPubKey.witnessProgram()));
        }
    }
}
