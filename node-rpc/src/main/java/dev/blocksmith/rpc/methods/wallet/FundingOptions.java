package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec.NamedOption;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import dev.blocksmith.wallet.funding.ChangeRequest;
import dev.blocksmith.wallet.funding.FundingRequest;
import dev.blocksmith.wallet.funding.PresetInput;
import dev.blocksmith.wallet.funding.SolvingDataProvider;
import dev.blocksmith.wallet.funding.TransactionFunder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.HashSet;
import java.util.Set;

/**
 * The funding options bitcoind's fundrawtransaction, send and walletcreatefundedpsbt share (wallet/rpc/spend.cpp
 * FundTransaction): the options object checked key by key with bitcoind's messages, turned with the
 * transaction's inputs and outputs into the wallet's {@link FundingRequest}.
 */
public final class FundingOptions {
    /** The keys and JSON types bitcoind accepts in the options object (RPCTypeCheckObj, strict); null means any. */
    private static final Map<String, JsonType> KEYS = keys();
    /** Core's minimum input weight: outpoint, sequence and an empty scriptSig (41 bytes) times 4, plus an empty witness. */
    private static final int MIN_INPUT_WEIGHT = 165;

    private FundingOptions() {
    }

    private static Map<String, JsonType> keys() {
        Map<String, JsonType> m = new LinkedHashMap<>();
        m.put("add_inputs", JsonType.BOOL);
        m.put("include_unsafe", JsonType.BOOL);
        m.put("add_to_wallet", JsonType.BOOL);
        m.put("changeAddress", JsonType.STRING);
        m.put("change_address", JsonType.STRING);
        m.put("changePosition", JsonType.NUMBER);
        m.put("change_position", JsonType.NUMBER);
        m.put("change_type", JsonType.STRING);
        m.put("includeWatching", JsonType.BOOL);
        m.put("include_watching", JsonType.BOOL);
        m.put("inputs", JsonType.ARRAY);
        m.put("lockUnspents", JsonType.BOOL);
        m.put("lock_unspents", JsonType.BOOL);
        m.put("locktime", JsonType.NUMBER);
        m.put("fee_rate", null);
        m.put("feeRate", null);
        m.put("psbt", JsonType.BOOL);
        m.put("solving_data", JsonType.OBJECT);
        m.put("subtractFeeFromOutputs", JsonType.ARRAY);
        m.put("subtract_fee_from_outputs", JsonType.ARRAY);
        m.put("replaceable", JsonType.BOOL);
        m.put("conf_target", JsonType.NUMBER);
        m.put("estimate_mode", JsonType.STRING);
        m.put("minconf", JsonType.NUMBER);
        m.put("maxconf", JsonType.NUMBER);
        m.put("input_weights", JsonType.ARRAY);
        m.put("max_tx_weight", JsonType.NUMBER);
        return m;
    }

    /**
     * The funding request for {@code tx} (its inputs preset, its outputs kept, its version and lock time) under
     * {@code options}, an object or absent (a boolean, the old includeWatching form, means no options).
     *
     * @param addInputsDefault whether wallet coins may be added when the options do not say (true for
     *     fundrawtransaction; walletcreatefundedpsbt adds them only when the transaction has no inputs)
     */
    /**
     * bitcoind's FundTxDoc(): the fee and replaceability keys every funding options object declares, and the
     * solving data. conf_target and estimate_mode are also positional arguments of send and sendall.
     */
    static final java.util.List<NamedOption> FUND_TX_DOC = java.util.List.of(new NamedOption("conf_target", RpcParamType.NUM),
            new NamedOption("estimate_mode", RpcParamType.STR), new NamedOption("replaceable", RpcParamType.BOOL),
            new NamedOption("solving_data", RpcParamType.OBJ));

    /**
     * The options of fundrawtransaction, which may also be given as named arguments (bitcoind's OBJ_NAMED_PARAMS);
     * walletcreatefundedpsbt declares the same but input_weights.
     */
    static final java.util.List<NamedOption> FUNDRAWTRANSACTION_OPTIONS = concat(java.util.List.of(
            new NamedOption("add_inputs", RpcParamType.BOOL), new NamedOption("include_unsafe", RpcParamType.BOOL),
            new NamedOption("minconf", RpcParamType.NUM), new NamedOption("maxconf", RpcParamType.NUM),
            new NamedOption("changeAddress", RpcParamType.STR), new NamedOption("changePosition", RpcParamType.NUM),
            new NamedOption("change_type", RpcParamType.STR), new NamedOption("includeWatching", RpcParamType.BOOL),
            new NamedOption("lockUnspents", RpcParamType.BOOL), new NamedOption("fee_rate", RpcParamType.AMOUNT),
            new NamedOption("feeRate", RpcParamType.AMOUNT), new NamedOption("subtractFeeFromOutputs", RpcParamType.ARR),
            new NamedOption("input_weights", RpcParamType.ARR), new NamedOption("max_tx_weight", RpcParamType.NUM)), FUND_TX_DOC);

    static final java.util.List<NamedOption> WALLETCREATEFUNDEDPSBT_OPTIONS = FUNDRAWTRANSACTION_OPTIONS.stream()
            .filter(o -> !o.name().equals("input_weights")).toList();

    static java.util.List<NamedOption> concat(java.util.List<NamedOption> own, java.util.List<NamedOption> shared) {
        java.util.List<NamedOption> all = new java.util.ArrayList<>(own);
        all.addAll(shared);
        return java.util.List.copyOf(all);
    }

    public static FundingRequest request(WalletManager manager, Wallet wallet, Transaction tx, JsonNode options, boolean addInputsDefault)
            throws RpcException {
        return request(manager, wallet, tx, options, addInputsDefault, true);
    }

    /**
     * @param overrideMinFee bitcoind's FundTransaction override_min_fee: an explicit fee rate may be under the wallet's
     *     minimum (fundrawtransaction, walletcreatefundedpsbt), not for send
     */
    public static FundingRequest request(WalletManager manager, Wallet wallet, Transaction tx, JsonNode options, boolean addInputsDefault,
                                         boolean overrideMinFee) throws RpcException {
        JsonNode o = options != null && options.isObject() ? options : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        checkKeys(o);
        boolean addInputs = bool(o, "add_inputs", addInputsDefault);
        boolean includeUnsafe = bool(o, "include_unsafe", false);
        int minConf = 0;
        if (o.has("minconf")) {
            minConf = new RpcParam("minconf", o.get("minconf")).asInt();
            if (minConf < 0) throw RpcException.invalidParameter("Negative minconf");
        }
        OptionalInt maxConf = OptionalInt.empty();
        if (o.has("maxconf")) {
            int max = new RpcParam("maxconf", o.get("maxconf")).asInt();
            if (max < minConf) throw RpcException.invalidParameter("maxconf can't be lower than minconf: " + max + " < " + minConf);
            maxConf = OptionalInt.of(max);
        }
        Optional<Script> changeScript = Optional.empty();
        String changeKey = o.has("changeAddress") ? "changeAddress" : "change_address";
        if (o.has(changeKey)) {
            try {
                changeScript = Optional.of(Address.decode(o.get(changeKey).textValue(), manager.params()).toScriptPubKey());
            } catch (AddressFormatException e) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Change address must be a valid bitcoin address");
            }
        }
        OptionalInt changePosition = OptionalInt.empty();
        String positionKey = o.has("changePosition") ? "changePosition" : "change_position";
        if (o.has(positionKey)) {
            int pos = new RpcParam(positionKey, o.get(positionKey)).asInt();
            if (pos != -1 && (pos < 0 || pos > tx.outputs().size())) throw RpcException.invalidParameter("changePosition out of bounds");
            if (pos != -1) changePosition = OptionalInt.of(pos);
        }
        Optional<AddressType> changeType = Optional.empty();
        if (o.has("change_type")) {
            if (changeScript.isPresent()) throw RpcException.invalidParameter("Cannot specify both change address and address type options");
            String t = o.get("change_type").textValue();
            changeType = Optional.of(AddressType.byRpcName(t)
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown change type '" + t + "'")));
        }
        boolean lockUnspents = bool(o, "lockUnspents", bool(o, "lock_unspents", false));
        Optional<FeeRate> btcPerKvB = Optional.empty();
        if (o.has("feeRate")) {
            if (o.has("fee_rate")) throw RpcException.invalidParameter("Cannot specify both fee_rate (sat/vB) and feeRate (BTC/kvB)");
            if (o.has("conf_target")) {
                throw RpcException.invalidParameter("Cannot specify both conf_target and feeRate. Please provide either a confirmation target in blocks "
                        + "for automatic fee estimation, or an explicit fee rate.");
            }
            if (o.has("estimate_mode")) throw RpcException.invalidParameter("Cannot specify both estimate_mode and feeRate");
            btcPerKvB = Optional.of(new FeeRate(new RpcParam("feeRate", o.get("feeRate")).asAmount().sats()));
        }
        Map<OutPoint, Integer> weights = new HashMap<>();
        if (o.has("solving_data")) solvingData(manager, wallet, tx, o.get("solving_data"), weights);
        Set<Integer> subtract = subtractFeeFrom(o, tx.outputs().size());
        long sequence = bool(o, "replaceable", manager.policy().walletRbf()) ? Wallet.MAX_BIP125_RBF_SEQUENCE : Wallet.NON_RBF_SEQUENCE;
        FeeRate rate = btcPerKvB.isPresent() ? btcPerKvB.get()
                : SendToAddressMethod.feeChoice(manager, wallet, param(o, "conf_target"), param(o, "estimate_mode"), param(o, "fee_rate")).rate();
        if (o.has("input_weights")) inputWeights(o.get("input_weights"), weights);
        int maxWeight = FundingRequest.MAX_STANDARD_TX_WEIGHT;
        if (o.has("max_tx_weight")) {
            // Checked when the transaction is made (bitcoind's CreateTransaction), a wallet error.
            maxWeight = new RpcParam("max_tx_weight", o.get("max_tx_weight")).asInt();
        }
        List<PresetInput> presets = new ArrayList<>();
        Set<OutPoint> given = new HashSet<>();
        for (TxIn in : tx.inputs()) {
            presets.add(PresetInput.of(in));
            given.add(in.prevout());
        }
        // bitcoind's CCoinControl::SetInputWeight selects the outpoint as it weighs it: an input_weights entry that is
        // not an input of the transaction becomes one, after the transaction's own and with the sequence of added inputs.
        if (o.has("input_weights")) {
            for (OutPoint op : weights.keySet().stream().sorted(java.util.Comparator.comparing((OutPoint p) -> p.txid().toHex())
                    .thenComparingLong(OutPoint::index)).toList()) {
                if (given.add(op)) presets.add(new PresetInput(op, sequence, Script.EMPTY, dev.blocksmith.core.tx.Witness.EMPTY));
            }
        }
        return new FundingRequest(tx.version(), tx.lockTime(), presets, tx.outputs(), subtract, rate,
                new ChangeRequest(changeScript, changeType, changePosition), addInputs, includeUnsafe, minConf, maxConf, sequence,
                lockUnspents, weights, maxWeight, overrideMinFee && (o.has("fee_rate") || o.has("feeRate")));
    }

    private static void checkKeys(JsonNode o) throws RpcException {
        var it = o.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!KEYS.containsKey(k)) throw RpcException.typeError("Unexpected key " + k);
            JsonType expected = KEYS.get(k);
            JsonNode v = o.get(k);
            // bitcoind's RPCTypeCheckObj lets a null through; reading it as its type then fails without the field's
            // name, except for the fee options SetFeeEstimateMode takes null as absent.
            if (expected != null && v.isNull()) {
                if (k.equals("conf_target") || k.equals("estimate_mode") || k.equals("fee_rate")) continue;
                throw RpcException.typeError(JsonType.mismatchMessage(v, expected));
            }
            if (expected != null && JsonType.of(v) != expected) {
                throw RpcException.typeError("JSON value of type " + JsonType.of(v).uniValueName() + " for field " + k
                        + " is not of expected type " + expected.uniValueName());
            }
        }
    }

    private static boolean bool(JsonNode o, String key, boolean fallback) {
        return o.has(key) ? o.get(key).booleanValue() : fallback;
    }

    private static RpcParam param(JsonNode o, String key) {
        return new RpcParam(key, o.has(key) ? o.get(key) : null);
    }

    private static Set<Integer> subtractFeeFrom(JsonNode o, int outputs) throws RpcException {
        String key = o.has("subtractFeeFromOutputs") ? "subtractFeeFromOutputs" : "subtract_fee_from_outputs";
        Set<Integer> out = new LinkedHashSet<>();
        if (!o.has(key)) return out;
        for (JsonNode v : o.get(key)) {
            int pos = new RpcParam(key, v).asInt();
            if (out.contains(pos)) throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', duplicated position: " + pos);
            if (pos < 0) throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', negative position: " + pos);
            if (pos >= outputs) throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', position too large: " + pos);
            out.add(pos);
        }
        return out;
    }

    private static void inputWeights(JsonNode list, Map<OutPoint, Integer> weights) throws RpcException {
        for (JsonNode input : list) {
            var txid = new RpcParam("txid", input.path("txid").isMissingNode() ? null : input.get("txid")).asHash();
            JsonNode vout = input.path("vout");
            if (!vout.isNumber()) throw RpcException.invalidParameter("Invalid parameter, missing vout key");
            int n = new RpcParam("vout", vout).asInt();
            if (n < 0) throw RpcException.invalidParameter("Invalid parameter, vout cannot be negative");
            JsonNode weight = input.path("weight");
            if (!weight.isNumber()) throw RpcException.invalidParameter("Invalid parameter, missing weight key");
            long w = new RpcParam("weight", weight).asLong();
            if (w < MIN_INPUT_WEIGHT) {
                throw RpcException.invalidParameter("Invalid parameter, weight cannot be less than 165 (41 bytes (size of outpoint + sequence + "
                        + "empty scriptSig) * 4 (witness scaling factor)) + 1 (empty witness)");
            }
            if (w > FundingRequest.MAX_STANDARD_TX_WEIGHT) {
                throw RpcException.invalidParameter("Invalid parameter, weight cannot be greater than the maximum standard tx weight of "
                        + FundingRequest.MAX_STANDARD_TX_WEIGHT);
            }
            weights.put(new OutPoint(txid, n), (int) w);
        }
    }

    /**
     * solving_data: public keys and descriptors that say how to spend external preset inputs. An input whose
     * script one of them produces (a key as P2PKH, P2WPKH, P2SH-P2WPKH or P2TR; a descriptor at any of its
     * first keypool positions) gets the signed size of that kind, as input_weights would give it.
     */
    private static void solvingData(WalletManager manager, Wallet wallet, Transaction tx, JsonNode data, Map<OutPoint, Integer> weights)
            throws RpcException {
        List<Descriptor> solvers = new ArrayList<>();
        List<byte[]> givenKeys = new ArrayList<>();
        List<Script> givenScripts = new ArrayList<>();
        for (JsonNode pk : data.path("pubkeys")) {
            String hex = new RpcParam("pubkeys", pk).asString();
            // bitcoind's HexToPubKey, with its messages.
            byte[] raw = dev.blocksmith.rpc.methods.util.CreateMultisigMethod.publicKey(hex);
            givenKeys.add(raw);
            for (String f : List.of("pkh(%s)", "wpkh(%s)", "sh(wpkh(%s))", "tr(%s)")) {
                try {
                    solvers.add(Descriptor.parse(String.format(f, hex), manager.params(), false));
                } catch (DescriptorException e) {
                    // An uncompressed key has only its P2PKH form.
                }
            }
        }
        for (JsonNode s : data.path("scripts")) {
            String hex = new RpcParam("scripts", s).asString();
            if (!Hex.isHex(hex) || hex.length() % 2 != 0) throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "'" + hex + "' is not hex");
            givenScripts.add(Script.of(Hex.decode(hex)));
        }
        SolvingDataProvider given = new SolvingDataProvider(givenKeys, givenScripts);
        for (JsonNode d : data.path("descriptors")) {
            String text = new RpcParam("descriptors", d).asString();
            try {
                solvers.add(Descriptor.parse(text, manager.params(), false));
            } catch (DescriptorException e) {
                throw RpcException.invalidParameter("Unable to parse descriptor '" + text + "': " + e.getMessage());
            }
        }
        for (TxIn in : tx.inputs()) {
            Optional<TxOut> spent = wallet.knownOutput(in.prevout()).or(() -> manager.findCoin(in.prevout()));
            if (spent.isEmpty() || wallet.locate(spent.get().scriptPubKey()).isPresent()) continue;
            for (Descriptor d : solvers.stream().flatMap(x -> x.expansions().stream()).toList()) {
                if (solves(d, spent.get().scriptPubKey(), manager.keypool())) {
                    // bitcoind's UseMaxSig: an input it does not sign itself is sized with 72-byte signatures.
                    weights.putIfAbsent(in.prevout(), d.maxInputWeight(true).segwitTxWeight());
                    break;
                }
            }
            // Keys and scripts that solve the output together (a redeem script, its witness script, the key).
            if (!weights.containsKey(in.prevout())) given.signedInputWeight(spent.get()).ifPresent(w -> weights.put(in.prevout(), w));
        }
    }

    private static boolean solves(Descriptor d, Script script, int positions) {
        if (!d.isDerivable()) return false;
        for (int i = 0; i < (d.isRange() ? positions : 1); i++) if (d.scriptPubKey(i).equals(script)) return true;
        return false;
    }
}
