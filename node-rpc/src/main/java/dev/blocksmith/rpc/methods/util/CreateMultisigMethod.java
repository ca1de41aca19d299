package dev.blocksmith.rpc.methods.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.P2shAddress;
import dev.blocksmith.core.address.SegwitAddress;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.PublicKeys;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code createmultisig nrequired ["key",...] ( "address_type" )}: a bare m-of-n CHECKMULTISIG script
 * wrapped as P2SH, P2SH-P2WSH or P2WSH, with its address and descriptor, without a wallet. As bitcoind,
 * an uncompressed key forces the legacy (P2SH) form and a warning says so.
 */
public final class CreateMultisigMethod implements RpcMethod {
    /** bitcoind's MAX_PUBKEYS_PER_MULTISIG. */
    private static final int MAX_KEYS = 20;
    /** bitcoind's MAX_SCRIPT_ELEMENT_SIZE: a P2SH redeem script is pushed, so it must fit one push. */
    private static final int MAX_PUSH = 520;
    private static final String UNCOMPRESSED_WARNING =
            "Unable to make chosen address type, please ensure no uncompressed public keys are present.";

    private enum Type { LEGACY, P2SH_SEGWIT, BECH32 }

    private final NetworkParams params;

    public CreateMultisigMethod(NetworkParams params) {
        this.params = params;
    }

    @Override public String name() { return "createmultisig"; }
    @Override public RpcCategory category() { return RpcCategory.UTIL; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("nrequired", RpcParamType.NUM, "The number of required signatures out of the n keys."),
                RpcParamSpec.required("keys", RpcParamType.ARR, "The hex-encoded public keys."),
                RpcParamSpec.withDefaultText("address_type", RpcParamType.STR, "legacy",
                        "The address type to use. Options are \"legacy\", \"p2sh-segwit\", and \"bech32\"."));
    }

    @Override
    public String description() {
        return "Creates a multi-signature address with n signatures of m keys required.\n"
                + "It returns a json object with the address and redeemScript.";
    }

    @Override
    public String resultHelp() {
        return """
                {                            (json object)
                  "address" : "str",         (string) The value of the new multisig address.
                  "redeemScript" : "hex",    (string) The string value of the hex-encoded redemption script.
                  "descriptor" : "str",      (string) The descriptor for this multisig
                  "warnings" : [             (json array, optional) Any warnings resulting from the creation of this multisig
                    "str",                   (string)
                    ...
                  ]
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int required = request.arg("nrequired").asInt();
        List<String> hexKeys = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (JsonNode k : request.arg("keys").asArray()) {
            if (!k.isTextual()) throw RpcException.typeError(dev.blocksmith.rpc.json.JsonType.mismatchMessage(k, dev.blocksmith.rpc.json.JsonType.STRING));
            hexKeys.add(k.asText());
            keys.add(publicKey(k.asText()));
        }
        Type requested = parseType(request.arg("address_type").asString());

        if (required < 1) {
            throw RpcException.invalidParameter("a multisignature address must require at least one key to redeem");
        }
        if (keys.size() < required) {
            throw RpcException.invalidParameter("not enough keys supplied (got " + keys.size()
                    + " keys, but need at least " + required + " to redeem)");
        }
        if (keys.size() > MAX_KEYS) {
            throw RpcException.invalidParameter("Number of keys involved in the multisignature address creation > " + MAX_KEYS
                    + "\nReduce the number");
        }
        ScriptBuilder b = new ScriptBuilder().number(required);
        for (byte[] k : keys) b.data(k);
        Script redeem = b.number(keys.size()).op(Opcodes.OP_CHECKMULTISIG).build();

        Type type = keys.stream().allMatch(PublicKeys::isCompressed) ? requested : Type.LEGACY;
        if (type == Type.LEGACY && redeem.length() > MAX_PUSH) {
            throw RpcException.invalidParameter("redeemScript exceeds size limit: " + redeem.length() + " > " + MAX_PUSH);
        }
        byte[] witnessProgram = Hashes.sha256(redeem.rawBytes());
        Address address;
        String multi = "multi(" + required + "," + String.join(",", hexKeys) + ")";
        String descriptor;
        switch (type) {
            case LEGACY -> {
                address = new P2shAddress(params, Hashes.hash160(redeem.rawBytes()));
                descriptor = "sh(" + multi + ")";
            }
            case P2SH_SEGWIT -> {
                Script p2wsh = new ScriptBuilder().op(Opcodes.OP_0).data(witnessProgram).build();
                address = new P2shAddress(params, Hashes.hash160(p2wsh.rawBytes()));
                descriptor = "sh(wsh(" + multi + "))";
            }
            default -> {
                address = SegwitAddress.p2wsh(params, witnessProgram);
                descriptor = "wsh(" + multi + ")";
            }
        }
        ObjectNode out = RpcJson.object();
        out.put("address", address.encode());
        out.put("redeemScript", Hex.encode(redeem.rawBytes()));
        try {
            out.put("descriptor", DescriptorChecksum.append(descriptor));
        } catch (DescriptorException e) {
            // Only hex digits, commas and parentheses: always in the descriptor character set.
            throw new IllegalStateException(e);
        }
        if (type != requested) out.putArray("warnings").add(UNCOMPRESSED_WARNING);
        return out;
    }

    private static Type parseType(String s) throws RpcException {
        return switch (s) {
            case "legacy" -> Type.LEGACY;
            case "p2sh-segwit" -> Type.P2SH_SEGWIT;
            case "bech32" -> Type.BECH32;
            case "bech32m" -> throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                    "createmultisig cannot create bech32m multisig addresses");
            default -> throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown address type '" + s + "'");
        };
    }

    /** bitcoind's HexToPubKey, with its messages. */
    public static byte[] publicKey(String hex) throws RpcException {
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Pubkey \"" + hex + "\" must be a hex string");
        }
        if (hex.length() != 66 && hex.length() != 130) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Pubkey \"" + hex + "\" must have a length of either 33 or 65 bytes");
        }
        byte[] key = Hex.decode(hex);
        if (!PublicKeys.isFullyValid(key)) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Pubkey \"" + hex + "\" must be cryptographically valid.");
        }
        return key;
    }
}
