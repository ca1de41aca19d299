package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.ledger.WalletBalances;

/** {@code getbalances}: trusted, untrusted_pending and immature balances of our outputs. */
public final class GetBalancesMethod extends WalletMethod {
    public GetBalancesMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "getbalances";
    }

    @Override
    public String description() {
        return "Returns an object with all balances in BTC.";
    }

    @Override
    public String resultHelp() {
        return "{                               (json object)\n  \"mine\" : {                    (json object) balances from outputs that the wallet can sign\n    \"trusted\" : n,               (numeric) trusted balance (outputs created by the wallet or confirmed outputs)\n    \"untrusted_pending\" : n,     (numeric) untrusted pending balance (outputs created by others that are in the mempool)\n    \"immature\" : n               (numeric) balance from immature coinbase outputs\n  },\n  \"lastprocessedblock\" : {      (json object) hash and height of the block this information was generated on\n    \"hash\" : \"hex\",             (string) hash of the block this information was generated on\n    \"height\" : n                (numeric) height of the block this information was generated on\n  }\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        WalletBalances b = w.balances(true);
        ObjectNode out = RpcJson.object();
        ObjectNode mine = out.putObject("mine");
        mine.set("trusted", RpcJson.amount(b.trusted()));
        mine.set("untrusted_pending", RpcJson.amount(b.untrustedPending()));
        mine.set("immature", RpcJson.amount(b.immature()));
        // bitcoind: under avoid_reuse the balances above leave out dirty coins; "used" is what they leave out.
        if (w.flags().avoidReuse()) {
            WalletBalances all = w.balances(false);
            long used = all.trusted().sats() + all.untrustedPending().sats() - b.trusted().sats() - b.untrustedPending().sats();
            mine.set("used", RpcJson.amount(dev.blocksmith.core.primitives.Amount.ofSats(used)));
        }
        out.set("lastprocessedblock", WalletRpc.lastProcessedBlock(w));
        return out;
    }
}
