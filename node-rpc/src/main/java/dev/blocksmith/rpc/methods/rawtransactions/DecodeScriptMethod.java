package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.ScriptRender;
import java.util.Arrays;
import java.util.List;

/**
 * {@code decodescript "hexstring"}: a script's disassembly, type and descriptor, and the P2SH and
 * segwit outputs that could wrap it (when wrapping makes sense).
 */
public final class DecodeScriptMethod implements RpcMethod {
    private final NetworkParams params;

    public DecodeScriptMethod(NetworkParams params) {
        this.params = params;
    }

    @Override public String name() { return "decodescript"; }
    @Override public RpcCategory category() { return RpcCategory.RAWTRANSACTIONS; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexstring", RpcParamType.STR_HEX, "the hex-encoded script"));
    }

    @Override
    public String description() {
        return "Decode a hex-encoded script.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                             (json object)
                  "asm" : "str",              (string) Disassembly of the script
                  "desc" : "str",             (string) Inferred descriptor for the script
                  "type" : "str",             (string) The output type (e.g. nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown)
                  "address" : "str",          (string, optional) The Bitcoin address (only if a well-defined address exists)
                  "p2sh" : "str",             (string, optional) address of P2SH script wrapping this redeem script (not returned for types that should not be wrapped)
                  "segwit" : {                (json object, optional) Result of a witness output script wrapping this redeem script (not returned for types that should not be wrapped)
                    "asm" : "str",            (string) Disassembly of the output script
                    "hex" : "hex",            (string) The raw output script bytes, hex-encoded
                    "type" : "str",           (string) The type of the output script (e.g. witness_v0_keyhash or witness_v0_scripthash)
                    "address" : "str",        (string, optional) The Bitcoin address (only if a well-defined address exists)
                    "desc" : "str",           (string) Inferred descriptor for the script
                    "p2sh-segwit" : "str"     (string) address of the P2SH script wrapping this witness redeem script
                  }
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"hexstring\"", "[\"hexstring\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String hex = request.arg("hexstring").asString();
        // An empty script is valid; bitcoind names the argument "argument" in its hex error.
        Script script = hex.isEmpty() ? Script.EMPTY : Script.of(new RpcParam("argument", request.arg("hexstring").json()).asHexBytes());
        ScriptType type = ScriptType.classify(script);
        ObjectNode r = RpcJson.object();
        r.put("asm", ScriptRender.asm(script, false));
        r.put("desc", ScriptRender.inferDescriptor(script, params));
        // A bare key has no address of its own (bitcoind does not show its P2PKH form).
        if (type != ScriptType.PUBKEY) {
            Address.fromScriptPubKey(script, params).ifPresent(a -> r.put("address", a.encode()));
        }
        r.put("type", type.rpcName());
        if (!canWrap(script, type)) return r;
        r.put("p2sh", address(p2sh(script)));
        if (!canWrapInWitness(script, type)) return r;
        Script segwit = switch (type) {
            case PUBKEY -> p2wpkh(Hashes.hash160(pubkeyOf(script)));
            case PUBKEYHASH -> p2wpkh(Arrays.copyOfRange(script.rawBytes(), 3, 23));
            // Scripts that cannot be P2WPKH are wrapped as P2WSH.
            default -> new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(script.rawBytes())).build();
        };
        ObjectNode sr = ScriptRender.scriptPubKey(segwit, params);
        if (segwit.isP2WSH()) sr.put("desc", ScriptRender.inferWshDescriptor(script, segwit, params));
        sr.put("p2sh-segwit", address(p2sh(segwit)));
        r.set("segwit", sr);
        return r;
    }

    /**
     * Whether a P2SH wrapping is shown: not for scripts that are outputs in their own right (P2SH,
     * witness programs, anchors, OP_RETURN), nor for scripts with invalid or taproot-only opcodes.
     */
    private static boolean canWrap(Script script, ScriptType type) {
        switch (type) {
            case MULTISIG, NONSTANDARD, PUBKEY, PUBKEYHASH, WITNESS_V0_KEYHASH, WITNESS_V0_SCRIPTHASH -> { }
            default -> {
                return false;
            }
        }
        if (!RawTransactions.hasValidOps(script) || script.isUnspendable()) return false;
        for (ScriptChunk c : script.chunks().orElseThrow()) {
            if (c.opcode() == Opcodes.OP_CHECKSIGADD || isOpSuccess(c.opcode())) return false;
        }
        return true;
    }

    /** Segwit wrapping: witness programs cannot nest, and segwit signatures need compressed keys. */
    private static boolean canWrapInWitness(Script script, ScriptType type) {
        return switch (type) {
            case PUBKEY -> pubkeyOf(script).length == 33;
            case MULTISIG -> {
                List<ScriptChunk> chunks = script.chunks().orElseThrow();
                for (int i = 1; i < chunks.size() - 2; i++) {
                    if (chunks.get(i).data().length != 33) yield false;
                }
                yield true;
            }
            case NONSTANDARD, PUBKEYHASH -> true;
            default -> false;
        };
    }

    /** BIP342's OP_SUCCESSx opcodes (Core's IsOpSuccess). */
    private static boolean isOpSuccess(int op) {
        return op == 80 || op == 98 || (op >= 126 && op <= 129) || (op >= 131 && op <= 134) || (op >= 137 && op <= 138)
                || (op >= 141 && op <= 142) || (op >= 149 && op <= 153) || (op >= 187 && op <= 254);
    }

    private static byte[] pubkeyOf(Script pubkeyScript) {
        byte[] b = pubkeyScript.rawBytes();
        return Arrays.copyOfRange(b, 1, b.length - 1);
    }

    private static Script p2wpkh(byte[] hash) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(hash).build();
    }

    private static Script p2sh(Script redeem) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(redeem.rawBytes())).op(Opcodes.OP_EQUAL).build();
    }

    private String address(Script output) {
        return Address.fromScriptPubKey(output, params).orElseThrow().encode();
    }
}
