package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.crypto.PublicKeys;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.ScriptNum;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import dev.blocksmith.core.miniscript.Miniscript;
import dev.blocksmith.core.miniscript.MiniscriptContext;
import dev.blocksmith.core.miniscript.MiniscriptNode;
import fr.acinq.secp256k1.Secp256k1;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Scripts as bitcoind shows them: asm (ScriptToAsmStr), the inferred descriptor (InferDescriptor
 * without wallet data) and the {@code scriptPubKey} object (ScriptToUniv).
 */
public final class ScriptRender {
    private ScriptRender() {}

    /**
     * bitcoind's ScriptToAsmStr. Pushes of up to 4 bytes print as numbers, longer ones as hex; with
     * {@code decodeSighash} (scriptSigs) a push that is a strictly encoded signature prints its hash
     * type as a suffix like "[ALL]". A truncated push ends the text with "[error]".
     */
    public static String asm(Script script, boolean decodeSighash) {
        return appendAsm(new AsciiText(), script, decodeSighash).toString();
    }

    /** Writes {@link #asm} as a JSON string, built without a String (getblock writes one for every script). */
    static void writeAsm(JsonGenerator out, Script script, boolean decodeSighash) throws IOException {
        appendAsm(AsciiText.reused(), script, decodeSighash).writeTo(out);
    }

    private static AsciiText appendAsm(AsciiText out, Script script, boolean decodeSighash) {
        byte[] s = script.rawBytes();
        int pc = 0;
        while (pc < s.length) {
            if (!out.isEmpty()) out.append(' ');
            int op = s[pc] & 0xff;
            if (op > Opcodes.OP_PUSHDATA4) {
                out.append(OpcodeNames.name(op));
                pc++;
                continue;
            }
            long bounds = Script.pushBounds(s, pc);
            if (bounds < 0) return out.append("[error]");
            int from = (int) (bounds >>> 32);
            pc = (int) bounds;
            int length = pc - from;
            if (length <= 4) {
                out.append(Integer.toString(ScriptNum.toInt(ScriptNum.decode(Arrays.copyOfRange(s, from, pc), false, 4))));
            } else if (decodeSighash && !script.isUnspendable()) {
                appendSignatureOrHex(out, Arrays.copyOfRange(s, from, pc));
            } else {
                out.appendHex(s, from, length);
            }
        }
        return out;
    }

    private static void appendSignatureOrHex(AsciiText out, byte[] data) {
        // Only data that passes STRICTENC signature checks is read as a signature with a hash type.
        if (ScriptInterpreter.isValidSignatureEncoding(data)) {
            Optional<String> name = sighashName(data[data.length - 1] & 0xff);
            if (name.isPresent()) {
                out.appendHex(data, 0, data.length - 1).append('[').append(name.get()).append(']');
                return;
            }
        }
        out.appendHex(data, 0, data.length);
    }

    private static Optional<String> sighashName(int type) {
        return Optional.ofNullable(switch (type) {
            case 0x01 -> "ALL";
            case 0x81 -> "ALL|ANYONECANPAY";
            case 0x02 -> "NONE";
            case 0x82 -> "NONE|ANYONECANPAY";
            case 0x03 -> "SINGLE";
            case 0x83 -> "SINGLE|ANYONECANPAY";
            default -> null;
        });
    }

    /**
     * bitcoind's InferDescriptor for an output script with no wallet information, with checksum:
     * {@code pk()} and {@code multi()} for bare keys, {@code rawtr()} for taproot outputs whose key is
     * a valid point, {@code addr()} for other scripts with an address, {@code raw()} otherwise.
     */
    public static String inferDescriptor(Script script, NetworkParams params) {
        ScriptType type = ScriptType.classify(script);
        return inferDescriptor(script, type, address(script, type, params));
    }

    /** As {@link #inferDescriptor(Script, NetworkParams)} with the script's type and address already worked out. */
    private static String inferDescriptor(Script script, ScriptType type, Optional<String> address) {
        String body = inferBody(script, type, address);
        try {
            return DescriptorChecksum.append(body);
        } catch (DescriptorException e) {
            // Descriptor bodies built here only use characters the checksum alphabet has.
            throw new IllegalStateException("cannot checksum descriptor " + body, e);
        }
    }

    /**
     * bitcoind's InferDescriptor for a P2WSH output whose witness script is known (decodescript's
     * "segwit" object): {@code wsh(multi(...))} for a multisig template, otherwise the output's inferred
     * descriptor ({@code addr()}), except that a witness script that is sane miniscript gives
     * {@code wsh(<miniscript>)} as bitcoind's InferScript does.
     */
    public static String inferWshDescriptor(Script witnessScript, Script p2wsh, NetworkParams params) {
        if (ScriptType.classify(witnessScript) == ScriptType.MULTISIG) {
            Optional<String> multi = multi(witnessScript);
            if (multi.isPresent()) {
                try {
                    return DescriptorChecksum.append("wsh(" + multi.get() + ")");
                } catch (DescriptorException e) {
                    throw new IllegalStateException("cannot checksum descriptor for " + witnessScript, e);
                }
            }
        }
        Optional<MiniscriptNode> ms = Miniscript.inferSane(witnessScript, MiniscriptContext.P2WSH);
        if (ms.isPresent()) {
            try {
                return DescriptorChecksum.append("wsh(" + ms.get() + ")");
            } catch (DescriptorException e) {
                throw new IllegalStateException("cannot checksum descriptor for " + witnessScript, e);
            }
        }
        return inferDescriptor(p2wsh, params);
    }

    /** The script's address; none for a bare public key (bitcoind's ScriptToUniv omits it, and its descriptor is pk()). */
    private static Optional<String> address(Script script, ScriptType type, NetworkParams params) {
        if (type == ScriptType.PUBKEY) return Optional.empty();
        return Address.fromScriptPubKey(script, params).map(Address::encode);
    }

    private static String inferBody(Script script, ScriptType type, Optional<String> address) {
        byte[] b = script.rawBytes();
        switch (type) {
            case PUBKEY -> {
                return "pk(" + Hex.encode(Arrays.copyOfRange(b, 1, b.length - 1)) + ")";
            }
            case MULTISIG -> {
                Optional<String> multi = multi(script);
                if (multi.isPresent()) return multi.get();
            }
            case WITNESS_V1_TAPROOT -> {
                byte[] xonly = script.witnessProgram();
                if (isValidXOnly(xonly)) return "rawtr(" + Hex.encode(xonly) + ")";
            }
            default -> { }
        }
        if (address.isPresent()) return "addr(" + address.get() + ")";
        return "raw(" + Hex.encode(b) + ")";
    }

    private static Optional<String> multi(Script script) {
        var chunks = script.chunks().orElse(java.util.List.of());
        if (chunks.size() < 4) return Optional.empty();
        int required = Opcodes.decodeSmallInt(chunks.get(0).opcode());
        StringBuilder out = new StringBuilder("multi(").append(required);
        for (int i = 1; i < chunks.size() - 2; i++) {
            byte[] key = chunks.get(i).data();
            if (key == null || !PublicKeys.hasValidLength(key)) return Optional.empty();
            out.append(',').append(Hex.encode(key));
        }
        return Optional.of(out.append(')').toString());
    }

    /** An x-only key is usable when it is the x coordinate of a curve point (BIP340 lift_x). */
    private static boolean isValidXOnly(byte[] xonly) {
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(xonly, 0, compressed, 1, 32);
        try {
            Secp256k1.get().pubkeyParse(compressed);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** bitcoind's ScriptToUniv with hex and address: {asm, desc, hex, address?, type}. */
    public static ObjectNode scriptPubKey(Script script, NetworkParams params) {
        return (ObjectNode) RpcJson.tree(out -> writeScriptPubKey(out, script, params));
    }

    /** Writes {@link #scriptPubKey}'s object (the address is encoded once, for the descriptor and the field). */
    public static void writeScriptPubKey(JsonGenerator out, Script script, NetworkParams params) throws IOException {
        ScriptType type = ScriptType.classify(script);
        Optional<String> address = address(script, type, params);
        out.writeStartObject();
        out.writeFieldName("asm");
        writeAsm(out, script, false);
        out.writeStringField("desc", inferDescriptor(script, type, address));
        JsonHex.writeField(out, "hex", script.rawBytes());
        if (address.isPresent()) out.writeStringField("address", address.get());
        out.writeStringField("type", type.rpcName());
        out.writeEndObject();
    }
}
