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
        Transaction tx = construct(request.arg("inputs").asArray(), request.arg("outputs").json(), request.arg("locktime").asLong(),
                request.arg("replaceable").asBool(), request.arg("version").asLong(), params);
        // bitcoind's ConstructTransaction: an explicit replaceable=true needs an input that signals BIP125.
        if (request.arg("replaceable").isPresent() && request.arg("replaceable").asBool() && !tx.inputs().isEmpty()
                && tx.inputs().stream().noneMatch(in -> in.sequence() <= 0xfffffffdL)) {
            throw RpcException.invalidParameter("Invalid parameter combination: Sequence number(s) contradict replaceable option");
        }
        return tx;
    }

    /**
     * bitcoind's NormalizeOutputs: one object, or an array of one-key objects joined into one; every pair is
     * kept, a key given twice (UniValue keeps both) included, so that the caller can refuse the repeat.
     */
    private static List<Map.Entry<String, JsonNode>> outputPairs(JsonNode outputs) throws RpcException {
        if (outputs.isObject()) return dev.blocksmith.rpc.json.RpcJson.entries(outputs);
        // bitcoind reads a non-object outputs argument with get_array(): a JSON type error (-3).
        if (!outputs.isArray()) {
            throw RpcException.typeError(dev.blocksmith.rpc.json.JsonType.mismatchMessage(outputs, dev.blocksmith.rpc.json.JsonType.ARRAY));
        }
        List<Map.Entry<String, JsonNode>> pairs = new ArrayList<>();
        for (JsonNode pair : outputs) {
            if (!pair.isObject()) throw RpcException.invalidParameter("Invalid parameter, key-value pair not an object as expected");
            List<Map.Entry<String, JsonNode>> kv = dev.blocksmith.rpc.json.RpcJson.entries(pair);
            if (kv.size() != 1) throw RpcException.invalidParameter("Invalid parameter, key-value pair must contain exactly one key");
            pairs.addAll(kv);
        }
        return pairs;
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
        List<TxOut> outs = new ArrayList<>();
        Set<Script> destinations = new HashSet<>();
        boolean hasData = false;
        // bitcoind's ParseOutputs, in its order: amount, then address, then the duplicate check (by destination).
        for (Map.Entry<String, JsonNode> e : outputPairs(outputs)) {
            if (e.getKey().equals("data")) {
                if (hasData) throw RpcException.invalidParameter("Invalid parameter, duplicate key: data");
                hasData = true;
                String hex = e.getValue().asText();
                if (!Hex.isHex(hex)) throw RpcException.invalidParameter("Data must be hexadecimal string (not '" + hex + "')");
                outs.add(new TxOut(0, new ScriptBuilder().op(Opcodes.OP_RETURN).data(Hex.decode(hex)).build()));
                continue;
            }
            long amount = AmountValues.fromJson(e.getValue()).sats();
            Script script;
            try {
                script = Address.decode(e.getKey(), params).toScriptPubKey();
            } catch (AddressFormatException ex) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + e.getKey());
            }
            if (!destinations.add(script)) throw RpcException.invalidParameter("Invalid parameter, duplicated address: " + e.getKey());
            outs.add(new TxOut(amount, script));
        }
        return new Transaction((int) version, ins, outs, lockTime);
    }
}
