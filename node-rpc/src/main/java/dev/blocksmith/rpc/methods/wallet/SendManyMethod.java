package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.CreatedTransaction;
import dev.blocksmith.wallet.Recipient;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sendmany "" {"address":amount,...} ( minconf "comment" ["address",...] replaceable conf_target
 * "estimate_mode" fee_rate verbose )}: one transaction paying several addresses.
 */
public final class SendManyMethod extends WalletMethod {
    public SendManyMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "sendmany";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.withHint("dummy", RpcParamType.STR, "\"\\\"\\\"\"", "Must be set to \"\" for backwards compatibility."),
                RpcParamSpec.required("amounts", RpcParamType.OBJ_USER_KEYS, "The addresses and amounts"),
                RpcParamSpec.optional("minconf", RpcParamType.NUM, "Ignored dummy value"),
                RpcParamSpec.optional("comment", RpcParamType.STR, "A comment"),
                RpcParamSpec.optional("subtractfeefrom", RpcParamType.ARR, "The addresses.\nThe fee will be equally deducted from the amount of each selected address."),
                RpcParamSpec.withHint("replaceable", RpcParamType.BOOL, "wallet default", "Signal that this transaction can be replaced by a transaction (BIP 125)"),
                RpcParamSpec.withHint("conf_target", RpcParamType.NUM, "wallet -txconfirmtarget", "Confirmation target in blocks"),
                RpcParamSpec.withDefaultText("estimate_mode", RpcParamType.STR, "unset", "The fee estimate mode"),
                RpcParamSpec.withHint("fee_rate", RpcParamType.AMOUNT, "not set, fall back to wallet fee estimation", "Specify a fee rate in sat/vB."),
                RpcParamSpec.withDefault("verbose", RpcParamType.BOOL, false, "If true, return extra information about the transaction."));
    }

    @Override
    public String description() {
        return "Send multiple times. Amounts are double-precision floating point numbers.\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.";
    }

    @Override
    public String resultHelp() {
        return "Result (if verbose is not set or set to false):\n\"hex\"    (string) The transaction id for the send. Only 1 transaction is created regardless of\n                  the number of addresses.";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        if (!request.arg("dummy").isNull() && !request.arg("dummy").asString().isEmpty()) {
            throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Dummy value must be set to \"\"");
        }
        JsonNode amounts = request.arg("amounts").asObject();
        List<String> destinations = new ArrayList<>();
        List<Script> scripts = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        Set<Script> seen = new HashSet<>();
        // Every pair, a repeated key's too: bitcoind refuses {"addr":1,"addr":2} as a duplicated address.
        for (Map.Entry<String, JsonNode> e : RpcJson.entries(amounts)) {
            Script to = WalletRpc.destination(manager, e.getKey());
            if (!seen.add(to)) throw RpcException.invalidParameter("Invalid parameter, duplicated address: " + e.getKey());
            destinations.add(e.getKey());
            scripts.add(to);
            values.add(WalletRpc.sendAmount(new RpcParam("amount", e.getValue())).sats());
        }
        Set<Integer> subtractFrom = subtractFeeFromPositions(request.arg("subtractfeefrom"), destinations);
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) recipients.add(new Recipient(scripts.get(i), values.get(i), subtractFrom.contains(i)));
        boolean replaceable = request.arg("replaceable").asBoolOr(manager.policy().walletRbf());
        SendToAddressMethod.FeeChoice fee = SendToAddressMethod.feeChoice(manager, w, request.arg("conf_target"), request.arg("estimate_mode"), request.arg("fee_rate"),
                RpcErrorCode.WALLET_INSUFFICIENT_FUNDS);
        if (w.isLocked()) {
            throw new RpcException(RpcErrorCode.WALLET_UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        // bitcoind's sendmany leaves coin control's m_avoid_address_reuse at false.
        CreatedTransaction created = SendToAddressMethod.send(w, manager, recipients, fee.rate(), replaceable, false,
                SendToAddressMethod.optionalText(request.arg("comment")), Optional.empty());
        if (request.arg("verbose").asBool()) {
            ObjectNode out = RpcJson.object();
            out.put("txid", created.tx().txid().toHex());
            out.put("fee_reason", fee.reason());
            return out;
        }
        return new TextNode(created.tx().txid().toHex());
    }

    /**
     * bitcoind's InterpretSubtractFeeFromOutputInstructions: each entry names an output by its address or by its
     * position among the amounts; a position is given once and must exist.
     */
    static Set<Integer> subtractFeeFromPositions(RpcParam instructions, List<String> destinations) throws RpcException {
        Set<Integer> positions = new java.util.LinkedHashSet<>();
        if (instructions.isNull()) return positions;
        for (JsonNode v : instructions.asArray()) {
            int pos;
            if (v.isTextual()) {
                pos = destinations.indexOf(v.asText());
                if (pos < 0) {
                    throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', destination " + v.asText()
                            + " not found in tx outputs");
                }
            } else if (v.isNumber()) {
                pos = new RpcParam("subtractfeefrom", v).asInt();
            } else {
                throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', invalid value type: " + dev.blocksmith.rpc.json.JsonType.of(v).uniValueName());
            }
            if (positions.contains(pos)) throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', duplicated position: " + pos);
            if (pos < 0) throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', negative position: " + pos);
            if (pos >= destinations.size()) {
                throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', position too large: " + pos);
            }
            positions.add(pos);
        }
        return positions;
    }
}
