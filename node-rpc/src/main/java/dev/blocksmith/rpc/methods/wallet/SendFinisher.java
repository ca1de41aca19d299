package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtFinalizer;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtBase64;
import dev.blocksmith.wallet.PsbtFill;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.util.Optional;

/**
 * The end of {@code send} and {@code sendall} (bitcoind's FinishTransaction): the funded transaction goes into a
 * PSBT the wallet fills and signs; a complete one is committed (kept and broadcast) unless the options ask for
 * {@code add_to_wallet: false} or {@code psbt: true}, in which case its hex comes back instead. An incomplete one
 * (a watch-only or locked wallet, inputs of others) comes back as a PSBT.
 */
final class SendFinisher {
    /** The result of send and sendall, as bitcoind documents it. */
    static final String RESULT_HELP = """
            {                             (json object)
              "complete" : true|false,    (boolean) If the transaction has a complete set of signatures
              "txid" : "hex",             (string, optional) The transaction id for the send. Only 1 transaction is created regardless of the number of addresses.
              "hex" : "hex",              (string, optional) If add_to_wallet is false, the hex-encoded raw transaction with signature(s)
              "psbt" : "str"              (string, optional) If more signatures are needed, or if add_to_wallet is false, the base64-encoded (partially) signed transaction
            }""";

    /**
     * send's and sendall's options object (argument 4) with the fee arguments 1-3 folded in and bitcoind's
     * refusal of outdated option names applied.
     */
    static com.fasterxml.jackson.databind.node.ObjectNode options(dev.blocksmith.rpc.methods.RpcRequest request)
            throws dev.blocksmith.rpc.RpcException {
        com.fasterxml.jackson.databind.node.ObjectNode options = request.arg("options").isNull()
                ? dev.blocksmith.rpc.json.RpcJson.object() : request.arg("options").asObject().deepCopy();
        interpretFeeEstimation(request.arg("conf_target").given(), request.arg("estimate_mode").given(), request.arg("fee_rate").given(),
                options);
        preventOutdatedOptions(options);
        return options;
    }

    private SendFinisher() {
    }

    /** Core's PreventOutdatedOptions: the camel-case option names of fundrawtransaction are refused here. */
    static void preventOutdatedOptions(JsonNode options) throws RpcException {
        if (options.has("feeRate")) throw RpcException.invalidParameter("Use fee_rate (sat/vB) instead of feeRate");
        if (options.has("changeAddress")) throw RpcException.invalidParameter("Use change_address instead of changeAddress");
        if (options.has("changePosition")) throw RpcException.invalidParameter("Use change_position instead of changePosition");
        if (options.has("includeWatching")) throw RpcException.invalidParameter("Use include_watching instead of includeWatching");
        if (options.has("lockUnspents")) throw RpcException.invalidParameter("Use lock_unspents instead of lockUnspents");
        if (options.has("subtractFeeFromOutputs")) {
            throw RpcException.invalidParameter("Use subtract_fee_from_outputs instead of subtractFeeFromOutputs");
        }
    }

    /**
     * Core's InterpretFeeEstimationInstructions: the positional conf_target, estimate_mode and fee_rate move into
     * the options, which must not name them as well; a confirmation target needs an estimate mode.
     */
    static void interpretFeeEstimation(JsonNode confTarget, JsonNode estimateMode, JsonNode feeRate, ObjectNode options) throws RpcException {
        boolean positionalTarget = present(confTarget) || present(estimateMode);
        if (options.has("conf_target") || options.has("estimate_mode")) {
            if (positionalTarget) {
                throw RpcException.invalidParameter("Pass conf_target and estimate_mode either as arguments or in the options object, but not both");
            }
        } else {
            if (present(confTarget)) options.set("conf_target", confTarget);
            if (present(estimateMode)) options.set("estimate_mode", estimateMode);
        }
        if (options.has("fee_rate")) {
            if (present(feeRate)) throw RpcException.invalidParameter("Pass the fee_rate either as an argument, or in the options object, but not both");
        } else if (present(feeRate)) {
            options.set("fee_rate", feeRate);
        }
        boolean target = options.has("conf_target") && !options.get("conf_target").isNull();
        boolean mode = options.has("estimate_mode") && !options.get("estimate_mode").isNull()
                && !options.get("estimate_mode").asText().equals("unset");
        if (target && !mode) throw RpcException.invalidParameter("Specify estimate_mode");
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    static JsonNode finish(Wallet w, WalletManager manager, JsonNode options, Transaction tx) throws RpcException {
        // bitcoind's FinishTransaction: without a locktime option, and with sequences that leave the lock time in
        // force, the lock time discourages fee sniping (DiscourageFeeSniping).
        boolean antiFeeSnipe = !options.has("locktime") && tx.inputs().stream()
                .allMatch(in -> in.sequence() == Wallet.NON_RBF_SEQUENCE || in.sequence() == Wallet.MAX_BIP125_RBF_SEQUENCE);
        if (antiFeeSnipe) tx = new Transaction(tx.version(), tx.inputs(), tx.outputs(), manager.feeSnipingLockTime(w));
        // A locked or watch-only wallet cannot sign: the PSBT comes back incomplete, as bitcoind's FillPSBT leaves it.
        boolean sign = !w.isLocked() && !w.flags().privateKeysDisabled();
        PsbtFill fill;
        try {
            fill = w.fillPsbt(Psbt.create(tx), SignatureHasher.SIGHASH_DEFAULT, sign, true, true);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        boolean psbtOptIn = options.has("psbt") && options.get("psbt").asBoolean();
        boolean addToWallet = !options.has("add_to_wallet") || options.get("add_to_wallet").asBoolean();
        Optional<Transaction> complete = fill.complete() ? PsbtFinalizer.extract(fill.psbt()) : Optional.empty();
        ObjectNode out = RpcJson.object();
        if (psbtOptIn || complete.isEmpty() || !addToWallet) out.put("psbt", PsbtBase64.encode(fill.psbt()));
        if (complete.isPresent()) {
            Transaction signed = complete.get();
            out.put("txid", signed.txid().toHex());
            if (addToWallet && !psbtOptIn) {
                try {
                    w.commit(signed, manager.broadcaster());
                } catch (WalletStoreException e) {
                    throw WalletRpc.storeError(e);
                }
            } else {
                out.put("hex", signed.toHex());
            }
        }
        out.put("complete", complete.isPresent());
        return out;
    }
}
