package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.methods.RpcParam;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the signing RPCs' "prevtxs" (bitcoind's ParsePrevouts): the output an input spends, given by the
 * caller. Without an amount the output is worth MAX_MONEY, which only a legacy input can be signed with: a
 * segwit signature commits to the amount, so signing one with it fails the whole call ({@link #missingAmount}).
 */
public record PrevTx(OutPoint outPoint, TxOut output) {
    /** RPCTypeCheckObj's keys in its (std::map) order, each with the JSON type it must have. */
    private static final List<String> REQUIRED = List.of("scriptPubKey", "txid", "vout");

    public static PrevTx parse(JsonNode p) throws RpcException {
        if (!p.isObject()) throw RpcException.typeError(JsonType.mismatchMessage(p, JsonType.OBJECT));
        for (String key : REQUIRED) {
            JsonNode v = p.get(key);
            if (v == null || v.isNull()) throw RpcException.typeError("Missing " + key);
            JsonType expected = key.equals("vout") ? JsonType.NUMBER : JsonType.STRING;
            if (JsonType.of(v) != expected) {
                throw RpcException.typeError("JSON value of type " + JsonType.of(v).uniValueName() + " for field " + key
                        + " is not of expected type " + expected.uniValueName());
            }
        }
        var txid = new RpcParam("txid", p.get("txid")).asHash();
        int vout = new RpcParam("vout", p.get("vout")).asInt();
        if (vout < 0) throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "vout cannot be negative");
        Script scriptPubKey = Script.of(new RpcParam("scriptPubKey", p.get("scriptPubKey")).asHexBytes());
        JsonNode amount = p.get("amount");
        long value = amount == null ? Amount.MAX_MONEY : new RpcParam("amount", amount).asAmount().sats();
        return new PrevTx(new OutPoint(txid, vout), new TxOut(value, scriptPubKey));
    }

    /**
     * bitcoind's "Missing amount" input error, which its SignTransactionResultToJSON turns into a failure of the
     * call: the first input that was given no amount (MAX_MONEY stands for it) yet carries a witness after signing.
     */
    public static Optional<RpcException> missingAmount(Transaction signed, List<TxOut> spent) {
        for (int i = 0; i < signed.inputs().size(); i++) {
            TxOut out = spent.get(i);
            if (out.value() == Amount.MAX_MONEY && !signed.input(i).witness().isEmpty()) {
                return Optional.of(RpcException.typeError("Missing amount for " + describe(out)));
            }
        }
        return Optional.empty();
    }

    /** bitcoind's CTxOut::ToString: the value in BTC and the first 30 hex digits of the script. */
    private static String describe(TxOut out) {
        String hex = Hex.encode(out.scriptPubKey().rawBytes());
        return String.format("CTxOut(nValue=%d.%08d, scriptPubKey=%s)", out.value() / Amount.COIN, out.value() % Amount.COIN,
                hex.substring(0, Math.min(30, hex.length())));
    }
}
