package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.chain.UtxoView;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.AmountValues;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.psbt.RawInputSigner;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.wallet.sign.KeySigningProvider;
import dev.blocksmith.wallet.sign.PsbtSignatureCreator;
import dev.blocksmith.wallet.sign.SigningException;
import dev.blocksmith.wallet.sign.TransactionSigner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code signrawtransactionwithkey "hexstring" ["privatekey",...] ( [prevtx,...] "sighashtype" )}: signs the
 * inputs the given WIF keys can sign (P2PKH, P2WPKH, P2SH-P2WPKH, P2TR key path, and multisig in P2SH, P2WSH
 * or P2SH-P2WSH with the prevtx's redeemScript/witnessScript, partially when keys are missing, as bitcoind).
 * Spent outputs come from {@code prevtxs} or the chain and mempool UTXO set.
 */
public final class SignRawTransactionWithKeyMethod implements RpcMethod {
    private final NetworkParams params;
    private final UtxoView utxos;

    public SignRawTransactionWithKeyMethod(NetworkParams params, UtxoView utxos) {
        this.params = params;
        this.utxos = utxos;
    }

    @Override
    public String name() {
        return "signrawtransactionwithkey";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexstring", RpcParamType.STR, "The transaction hex string"),
                RpcParamSpec.required("privkeys", RpcParamType.ARR, "The base58-encoded private keys for signing"),
                RpcParamSpec.optional("prevtxs", RpcParamType.ARR, "The previous dependent transaction outputs: [{\"txid\",\"vout\",\"scriptPubKey\",\"amount\"},...]"),
                RpcParamSpec.withHint("sighashtype", RpcParamType.STR, "\"DEFAULT for Taproot, ALL otherwise\"", "The signature hash type. Must be one of: DEFAULT, ALL, NONE, SINGLE, ALL|ANYONECANPAY, NONE|ANYONECANPAY, SINGLE|ANYONECANPAY"));
    }

    @Override
    public String description() {
        return "Sign inputs for raw transaction (serialized, hex-encoded).\nThe second argument is an array of base58-encoded private\n"
                + "keys that will be the only keys used to sign the transaction.";
    }

    @Override
    public String resultHelp() {
        return "{ \"hex\" : \"hex\", \"complete\" : true|false, \"errors\" : [ ... ] }";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Transaction tx;
        try {
            tx = Transaction.fromHex(request.arg("hexstring").asString());
        } catch (SerializationException | IllegalArgumentException e) {
            throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input.");
        }
        List<PrivateKeyBytes> keys = new ArrayList<>();
        for (JsonNode k : request.arg("privkeys").asArray()) {
            try {
                keys.add(Wif.decode(k.asText(), params));
            } catch (AddressFormatException e) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid private key");
            }
        }
        // bitcoind's ParseSighashString: its names, and its error for anything else (case matters).
        int hashType = dev.blocksmith.rpc.methods.wallet.SignRawTransactionWithWalletMethod.sighash(request.arg("sighashtype").asStringOr("DEFAULT"));
        Map<OutPoint, TxOut> given = new HashMap<>();
        List<Script> scripts = new ArrayList<>();
        if (request.arg("prevtxs").isPresent()) {
            for (JsonNode p : request.arg("prevtxs").asArray()) {
                PrevTx prev = PrevTx.parse(p);
                given.put(prev.outPoint(), prev.output());
                Script spk = prev.output().scriptPubKey();
                if (spk.isP2SH() || spk.isP2WSH()) scripts.addAll(prevoutScripts(p, spk));
            }
        }
        List<TxOut> spent = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < tx.inputs().size(); i++) {
            OutPoint op = tx.input(i).prevout();
            Optional<TxOut> out = Optional.ofNullable(given.get(op)).or(() -> utxos.coin(op).map(c -> c.output()));
            if (out.isEmpty()) missing.add(i);
            spent.add(out.orElse(new TxOut(0, Script.EMPTY)));
        }
        ScriptValidation validation = ScriptValidation.uncached();
        Transaction signed = tx;
        // As bitcoind's SignTransaction: every input whose coin is known is signed, and only the unknown ones
        // are reported as not found. Without every spent output there is no taproot signature hash (BIP341
        // commits to all of them), so then taproot inputs stay unsigned, as bitcoind leaves them.
        {
            KeySigningProvider provider = new KeySigningProvider(keys, scripts);
            for (int i = 0; i < tx.inputs().size(); i++) {
                if (missing.contains(i)) continue;
                if (!missing.isEmpty() && spent.get(i).scriptPubKey().isP2TR()) continue;
                if (verifies(validation, signed, i, spent)) continue;
                Transaction before = signed;
                for (PrivateKeyBytes key : keys) {
                    try {
                        signed = TransactionSigner.sign(signed, spent, Map.of(i, key), hashType);
                        break;
                    } catch (SigningException notThisKey) {
                        // The key does not control this input's script: try the next one.
                    }
                }
                if (verifies(validation, signed, i, spent)) continue;
                // Scripts (multisig in P2SH, P2WSH, P2SH-P2WSH): bitcoind's ProduceSignature, partial or not,
                // merged with what the input already carried (bitcoind's DataFromTransaction).
                signed = before;
                RawInputSigner.Signed r = RawInputSigner.sign(signed, i, spent.get(i), provider,
                        PsbtSignatureCreator.factory(hashType), new PrecomputedTransactionData(signed, spent));
                Transaction produced = withInput(signed, i, r);
                TxIn old = signed.input(i);
                boolean hadData = !old.scriptSig().isEmpty() || !old.witness().isEmpty();
                signed = hadData && !r.complete() ? SignatureCombiner.combine(List.of(produced, signed), spent) : produced;
            }
        }
        Optional<RpcException> noAmount = PrevTx.missingAmount(signed, spent);
        if (noAmount.isPresent()) throw noAmount.get();
        ArrayNode errors = RpcJson.array();
        for (int i = 0; i < signed.inputs().size(); i++) {
            TxIn in = signed.input(i);
            String error = null;
            if (missing.contains(i)) {
                error = InputSigningError.NOT_FOUND;
            } else {
                ScriptError e = validation.verifyInput(signed, i, spent, ScriptFlags.STANDARD,
                        new dev.blocksmith.core.script.PrecomputedTransactionData(signed, spent), false);
                error = InputSigningError.of(e).orElse(null);
            }
            if (error != null) {
                ObjectNode o = errors.addObject();
                o.put("txid", in.prevout().txid().toHex());
                o.put("vout", in.prevout().index());
                ArrayNode w = o.putArray("witness");
                for (byte[] item : in.witness().rawItems()) w.add(dev.blocksmith.core.primitives.Hex.encode(item));
                o.put("scriptSig", in.scriptSig().toHex());
                o.put("sequence", in.sequence());
                o.put("error", error);
            }
        }
        ObjectNode o = RpcJson.object();
        o.put("hex", signed.toHex());
        o.put("complete", errors.isEmpty());
        if (!errors.isEmpty()) o.set("errors", errors);
        return o;
    }

    private static boolean verifies(ScriptValidation validation, Transaction tx, int index, List<TxOut> spent) {
        TxIn in = tx.input(index);
        if (in.scriptSig().isEmpty() && in.witness().isEmpty()) return false;
        return validation.verifyInput(tx, index, spent, ScriptFlags.STANDARD, new PrecomputedTransactionData(tx, spent), false)
                == ScriptError.OK;
    }

    private static Transaction withInput(Transaction tx, int index, RawInputSigner.Signed r) {
        List<TxIn> inputs = new ArrayList<>(tx.inputs());
        TxIn in = inputs.get(index);
        inputs.set(index, new TxIn(in.prevout(), r.scriptSig(), in.sequence()).withWitness(r.witness()));
        return new Transaction(tx.version(), inputs, tx.outputs(), tx.lockTime());
    }

    /**
     * bitcoind's ParsePrevouts for a P2SH or P2WSH output: the redeem or witness script the signer needs (the
     * witness script preferred), with its P2WSH form for P2SH-P2WSH, checked against the output as bitcoind does.
     */
    private static List<Script> prevoutScripts(JsonNode prevout, Script scriptPubKey) throws RpcException {
        JsonNode rs = prevout.get("redeemScript");
        JsonNode ws = prevout.get("witnessScript");
        boolean hasRs = rs != null && !rs.isNull();
        boolean hasWs = ws != null && !ws.isNull();
        if (!hasRs && !hasWs) throw RpcException.invalidParameter("Missing redeemScript/witnessScript");
        Script script = Script.of(hexField(hasWs ? ws : rs, hasWs ? "witnessScript" : "redeemScript"));
        Script p2wsh = new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(script.rawBytes())).build();
        if (hasWs && hasRs && !ws.asText().equals(rs.asText())) {
            Script redeem = Script.of(hexField(rs, "redeemScript"));
            if (!redeem.equals(p2wsh)) throw RpcException.invalidParameter("redeemScript does not correspond to witnessScript");
        }
        boolean matches;
        if (scriptPubKey.isP2SH()) {
            matches = scriptPubKey.equals(p2sh(script)) || scriptPubKey.equals(p2sh(p2wsh));
        } else {
            matches = scriptPubKey.equals(p2wsh);
        }
        if (!matches) throw RpcException.invalidParameter("redeemScript/witnessScript does not match scriptPubKey");
        return List.of(script, p2wsh);
    }

    private static Script p2sh(Script redeem) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(redeem.rawBytes())).op(Opcodes.OP_EQUAL).build();
    }

    private static byte[] hexField(JsonNode v, String name) throws RpcException {
        String hex = v.asText();
        if (!v.isTextual() || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
            throw RpcException.invalidParameter(name + " must be hexadecimal string (not '" + hex + "')");
        }
        return dev.blocksmith.core.primitives.Hex.decode(hex);
    }
}
