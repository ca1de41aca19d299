package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.InputSigningError;
import dev.blocksmith.rpc.methods.rawtransactions.PrevTx;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code signrawtransactionwithwallet "hexstring" ( [{"txid","vout","scriptPubKey","amount"},...] "sighashtype" )}.
 * Spent outputs come from prevtxs, the wallet's transactions or the chain's UTXO set. "complete" is true when
 * every input then passes the standard script checks.
 */
public final class SignRawTransactionWithWalletMethod extends WalletMethod {
    public SignRawTransactionWithWalletMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "signrawtransactionwithwallet";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("hexstring", RpcParamType.STR, "The transaction hex string"),
                RpcParamSpec.optional("prevtxs", RpcParamType.ARR, "The previous dependent transaction outputs"),
                RpcParamSpec.withHint("sighashtype", RpcParamType.STR, "\"DEFAULT for Taproot, ALL otherwise\"", "The signature hash type."));
    }

    @Override
    public String description() {
        return "Sign inputs for raw transaction (serialized, hex-encoded).\nThe second optional argument (may be null) is an array of previous transaction outputs that\nthis transaction depends on but may not yet be in the block chain.\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.";
    }

    @Override
    public String resultHelp() {
        return "{                             (json object)\n  \"hex\" : \"hex\",              (string) The hex-encoded raw transaction with signature(s)\n  \"complete\" : true|false,     (boolean) If the transaction has a complete set of signatures\n  \"errors\" : [ ... ]           (json array, optional) Script verification errors (if there are any)\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Transaction tx;
        try {
            tx = Transaction.parse(Hex.decode(request.arg("hexstring").asString()));
        } catch (SerializationException | IllegalArgumentException e) {
            throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input.");
        }
        // As bitcoind: a locked wallet refuses before looking at the inputs, even when it could sign none of them.
        if (w.isLocked()) throw WalletRpc.unlockNeeded();
        Map<OutPoint, TxOut> given = new HashMap<>();
        if (!request.arg("prevtxs").isNull()) {
            for (JsonNode p : request.arg("prevtxs").asArray()) {
                PrevTx prev = PrevTx.parse(p);
                given.put(prev.outPoint(), prev.output());
            }
        }
        int hashType = sighash(request.arg("sighashtype").asStringOr("DEFAULT"));
        List<Optional<TxOut>> found = new ArrayList<>();
        for (TxIn in : tx.inputs()) {
            OutPoint op = in.prevout();
            Optional<TxOut> o = Optional.ofNullable(given.get(op));
            if (o.isEmpty()) o = w.knownOutput(op);
            if (o.isEmpty()) o = manager.findCoin(op);
            found.add(o);
        }
        // As bitcoind's SignTransaction: the inputs whose spent outputs are known are signed even when another's
        // is not. Without every spent output there is no BIP341 signature hash, so taproot inputs then stay unsigned
        // (their outputs are withheld from the signer as unknown).
        boolean allKnown = found.stream().allMatch(Optional::isPresent);
        List<TxOut> spent = found.stream().map(o -> o.orElse(UNKNOWN)).toList();
        List<TxOut> signable = allKnown ? spent
                : spent.stream().map(o -> o.scriptPubKey().isP2TR() ? UNKNOWN : o).toList();
        Transaction signed;
        try {
            signed = w.signOwnedInputs(tx, signable, hashType);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        Optional<RpcException> noAmount = PrevTx.missingAmount(signed, spent);
        if (noAmount.isPresent()) throw noAmount.get();
        ArrayNode errors = RpcJson.array();
        PrecomputedTransactionData data = new PrecomputedTransactionData(signed, spent);
        ScriptValidation v = ScriptValidation.uncached();
        for (int i = 0; i < signed.inputs().size(); i++) {
            Optional<String> error = found.get(i).isEmpty() ? Optional.of(InputSigningError.NOT_FOUND)
                    : InputSigningError.of(v.verifyInput(signed, i, spent, ScriptFlags.STANDARD, data, false));
            if (error.isPresent()) errors.add(error(signed.input(i), error.get()));
        }
        ObjectNode out = RpcJson.object();
        out.put("hex", signed.toHex());
        out.put("complete", errors.isEmpty());
        if (!errors.isEmpty()) out.set("errors", errors);
        return out;
    }

    /** Stands for a spent output that is not known: no script of ours, so nothing signs it. */
    private static final TxOut UNKNOWN = new TxOut(0, Script.EMPTY);

    private static ObjectNode error(TxIn in, String message) {
        ObjectNode e = RpcJson.object();
        e.put("txid", in.prevout().txid().toHex());
        e.put("vout", in.prevout().index());
        ArrayNode wit = e.putArray("witness");
        for (byte[] item : in.witness().rawItems()) wit.add(Hex.encode(item));
        e.put("scriptSig", Hex.encode(in.scriptSig().rawBytes()));
        e.put("sequence", in.sequence());
        e.put("error", message);
        return e;
    }

    /** bitcoind's ParseSighashString. */
    public static int sighash(String s) throws RpcException {
        return switch (s) {
            case "DEFAULT", "ALL" -> SignatureHasher.SIGHASH_ALL;
            case "NONE" -> SignatureHasher.SIGHASH_NONE;
            case "SINGLE" -> SignatureHasher.SIGHASH_SINGLE;
            case "ALL|ANYONECANPAY" -> SignatureHasher.SIGHASH_ALL | SignatureHasher.SIGHASH_ANYONECANPAY;
            case "NONE|ANYONECANPAY" -> SignatureHasher.SIGHASH_NONE | SignatureHasher.SIGHASH_ANYONECANPAY;
            case "SINGLE|ANYONECANPAY" -> SignatureHasher.SIGHASH_SINGLE | SignatureHasher.SIGHASH_ANYONECANPAY;
            default -> throw RpcException.invalidParameter("'" + s + "' is not a valid sighash parameter.");
        };
    }
}
