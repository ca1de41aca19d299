package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.AmountValues;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * bitcoind's ConstructTransaction, shared by createrawtransaction, createpsbt and walletcreatefundedpsbt:
 * inputs, outputs, lock time, replaceability (which sets the default sequences) and version.
 */
public final class TransactionConstructor {
    /** Policy's TX_MIN_STANDARD_VERSION and TX_MAX_STANDARD_VERSION (3 is TRUC, BIP431). */
    private static final long MIN_VERSION = 1;
    private static final long MAX_VERSION = 3;

    /** The parameters {@code inputs outputs ( locktime replaceable version )} as createrawtransaction and createpsbt declare them. */
    static final List<RpcParamSpec> PARAMS = List.of(RpcParamSpec.required("inputs", RpcParamType.ARR, "The inputs: [{\"txid\":\"hex\",\"vout\":n,\"sequence\":n},...]"),
                RpcParamSpec.required("outputs", RpcParamType.ANY, "The outputs: [{\"address\":amount},{\"data\":\"hex\"},...] or one object"),
                RpcParamSpec.withDefault("locktime", RpcParamType.NUM, 0, "Raw locktime. Non-0 value also locktime-activates inputs"),
                RpcParamSpec.withDefault("replaceable", RpcParamType.BOOL, true, "Marks this transaction as BIP125-replaceable."),
                RpcParamSpec.withDefault("version", RpcParamType.NUM, 2, "Transaction version"));

    private TransactionConstructor() {
    }

    /** The arguments {@code inputs outputs ( locktime replaceable version )} as {@link #PARAMS} declares them. */
    static Transaction construct(RpcRequest request, NetworkParams params) throws RpcException {
        return construct(request.arg("inputs").asArray(), request.arg("outputs").json(), request.arg("locktime").asLong(),
                request.arg("replaceable").asBool(), request.arg("version").asLong(), params);
    }

    public static Transaction construct(JsonNode inputs, JsonNode outputs, long lockTime, boolean replaceable, long version,
            NetworkParams params) throws RpcException {
        if (lockTime < 0 || lockTime > 0xffffffffL) throw RpcException.invalidParameter("Invalid parameter, locktime out of range");
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw RpcException.invalidParameter("Invalid parameter, version out of range(" + MIN_VERSION + "~" + MAX_VERSION + ")");
        }
        List<TxIn> ins = new ArrayList<>();
        for (JsonNode in : inputs) {
            // bitcoind reads each input with get_obj(): a non-object is a JSON type error (-3).
            if (!in.isObject()) {
                throw RpcException.typeError(dev.blocksmith.rpc.json.JsonType.mismatchMessage(in, dev.blocksmith.rpc.json.JsonType.OBJECT));
            }
            // bitcoind's ParseHashO: a string, 64 characters, hex.
            JsonNode txidNode = in.path("txid");
            if (!txidNode.isTextual()) {
                throw RpcException.typeError(dev.blocksmith.rpc.json.JsonType.mismatchMessage(
                        txidNode.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : txidNode,
                        dev.blocksmith.rpc.json.JsonType.STRING));
            }
            String txidHex = txidNode.asText();
            if (txidHex.length() != 64) {
                throw RpcException.invalidParameter("txid must be of length 64 (not " + txidHex.length() + ", for '" + txidHex + "')");
            }
            Sha256Hash txid;
            try {
                txid = Sha256Hash.fromHex(txidHex);
            } catch (IllegalArgumentException e) {
                throw RpcException.invalidParameter("txid must be hexadecimal string (not '" + txidHex + "')");
            }
            if (!in.path("vout").isIntegralNumber()) throw RpcException.invalidParameter("Invalid parameter, missing vout key");
            long vout = in.get("vout").asLong();
            if (vout < 0) throw RpcException.invalidParameter("Invalid parameter, vout cannot be negative");
            // bitcoind: MAX_BIP125_RBF_SEQUENCE when replaceable, else final-but-locktime-enabling values.
            long sequence = replaceable ? 0xfffffffdL : (lockTime != 0 ? 0xfffffffeL : 0xffffffffL);
            if (in.has("sequence")) {
                sequence = in.get("sequence").asLong();
                if (sequence < 0 || sequence > 0xffffffffL) throw RpcException.invalidParameter("Invalid parameter, sequence number is out of range");
            }
            ins.add(new TxIn(new OutPoint(txid, vout), Script.EMPTY, sequence));
        }
        List<JsonNode> entries = new ArrayList<>();
        if (outputs.isArray()) outputs.forEach(entries::add);
        else if (outputs.isObject()) entries.add(outputs);
        // bitcoind reads a non-object outputs argument with get_array(): a JSON type error (-3).
        else throw RpcException.typeError(dev.blocksmith.rpc.json.JsonType.mismatchMessage(outputs, dev.blocksmith.rpc.json.JsonType.ARRAY));
        List<TxOut> outs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean hasData = false;
        for (JsonNode entry : entries) {
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("data")) {
                    if (hasData) throw RpcException.invalidParameter("Invalid parameter, duplicate key: data");
                    hasData = true;
                    String hex = e.getValue().asText();
                    if (!Hex.isHex(hex)) throw RpcException.invalidParameter("Data must be hexadecimal string (not '" + hex + "')");
                    outs.add(new TxOut(0, new ScriptBuilder().op(Opcodes.OP_RETURN).data(Hex.decode(hex)).build()));
                    continue;
                }
                if (!seen.add(e.getKey())) throw RpcException.invalidParameter("Invalid parameter, duplicated address: " + e.getKey());
                Script script;
                try {
                    script = Address.decode(e.getKey(), params).toScriptPubKey();
                } catch (AddressFormatException ex) {
                    throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + e.getKey());
                }
                outs.add(new TxOut(AmountValues.fromJson(e.getValue()).sats(), script));
            }
        }
        return new Transaction((int) version, ins, outs, lockTime);
    }
}
