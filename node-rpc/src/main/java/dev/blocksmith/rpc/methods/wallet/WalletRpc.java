package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.store.WalletStoreException;

/** Shared steps of the wallet methods: finding the addressed wallet and mapping wallet errors to bitcoind codes. */
final class WalletRpc {
    private WalletRpc() {
    }

    /**
     * The addressed wallet, once the chain's queued notifications of work finished before the call reached it
     * (bitcoind's wallet RPCs call BlockUntilSyncedToCurrentChain first): wallets hear blocks on the validation
     * queue's thread, so a call right after generatetoaddress answers for the new tip.
     */
    static Wallet wallet(WalletManager manager, RpcRequest request) throws RpcException {
        manager.chain().awaitNotifications();
        try {
            return manager.forRequest(request.walletName());
        } catch (WalletException e) {
            throw toRpc(e);
        }
    }

    static RpcException toRpc(WalletException e) {
        RpcErrorCode code = switch (e.kind()) {
            case MISC_ERROR -> RpcErrorCode.MISC_ERROR;
            case WALLET_ERROR -> RpcErrorCode.WALLET_ERROR;
            case INVALID_PARAMETER -> RpcErrorCode.INVALID_PARAMETER;
            case INSUFFICIENT_FUNDS -> RpcErrorCode.WALLET_INSUFFICIENT_FUNDS;
            case UNLOCK_NEEDED -> RpcErrorCode.WALLET_UNLOCK_NEEDED;
            case PASSPHRASE_INCORRECT -> RpcErrorCode.WALLET_PASSPHRASE_INCORRECT;
            case WRONG_ENC_STATE -> RpcErrorCode.WALLET_WRONG_ENC_STATE;
            case NOT_FOUND, BAD_FORMAT -> RpcErrorCode.WALLET_NOT_FOUND;
            case NOT_SPECIFIED -> RpcErrorCode.WALLET_NOT_SPECIFIED;
            case ALREADY_LOADED -> RpcErrorCode.WALLET_ALREADY_LOADED;
            case ALREADY_EXISTS -> RpcErrorCode.WALLET_ALREADY_EXISTS;
            case REJECTED -> RpcErrorCode.VERIFY_REJECTED;
            case KEYPOOL_RAN_OUT -> RpcErrorCode.WALLET_KEYPOOL_RAN_OUT;
            case ENCRYPTION_FAILED -> RpcErrorCode.WALLET_ENCRYPTION_FAILED;
            case INVALID_ADDRESS_OR_KEY -> RpcErrorCode.INVALID_ADDRESS_OR_KEY;
            case INVALID_LABEL_NAME -> RpcErrorCode.WALLET_INVALID_LABEL_NAME;
            case DESERIALIZATION_ERROR -> RpcErrorCode.DESERIALIZATION_ERROR;
            case TRANSACTION_ERROR -> RpcErrorCode.VERIFY_ERROR;
        };
        return new RpcException(code, e.getMessage());
    }

    static RpcException storeError(WalletStoreException e) {
        return new RpcException(RpcErrorCode.WALLET_ERROR, e.getMessage());
    }

    /** A wallet operation that may be refused by the wallet's rules or fail to write the wallet file. */
    @FunctionalInterface
    interface WalletCall<T> {
        T call() throws WalletException, WalletStoreException;
    }

    /** A {@link WalletCall} without a result. */
    @FunctionalInterface
    interface WalletAction {
        void run() throws WalletException, WalletStoreException;
    }

    /** Runs {@code op} as {@link #call} does. */
    static void run(WalletAction op) throws RpcException {
        call(() -> {
            op.run();
            return null;
        });
    }

    /** Runs {@code op}: a refusal becomes its bitcoind error, a failed write RPC_WALLET_ERROR. */
    static <T> T call(WalletCall<T> op) throws RpcException {
        try {
            return op.call();
        } catch (WalletException e) {
            throw toRpc(e);
        } catch (WalletStoreException e) {
            throw storeError(e);
        }
    }

    /** A send destination (bitcoind's ParseRecipients wording). */
    static Script destination(WalletManager manager, String address) throws RpcException {
        try {
            return Address.decode(address, manager.params()).toScriptPubKey();
        } catch (AddressFormatException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + address);
        }
    }

    /**
     * A send amount, with AmountFromValue's -3 errors for what is not an amount. Zero passes, as in bitcoind 30:
     * the wallet then refuses it as "Transaction amount too small", like any output below the dust threshold.
     */
    static Amount sendAmount(RpcParam p) throws RpcException {
        return p.asAmount();
    }

    /** bitcoind's LabelFromValue: a string, and never "*" (which means "all labels" where labels filter). */
    static String label(RpcParam p) throws RpcException {
        String label = p.asString();
        if (label.equals("*")) throw new RpcException(RpcErrorCode.WALLET_INVALID_LABEL_NAME, "Invalid label name");
        return label;
    }

    /** An address of the node's network, with bitcoind's getaddressinfo / setlabel wording when it is not one. */
    static Script address(WalletManager manager, String text) throws RpcException {
        try {
            return Address.decode(text, manager.params()).toScriptPubKey();
        } catch (AddressFormatException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address");
        }
    }

    /** The descriptors of the wallet that produce this script ("parent_descs"), normalized public form. */
    static ArrayNode parentDescriptors(Wallet w, Script script) {
        ArrayNode a = RpcJson.array();
        w.locate(script).flatMap(at -> w.keys().descriptor(at.descriptor())).ifPresent(d -> a.add(d.descriptor().toString()));
        return a;
    }

    /**
     * bitcoind's GetAvoidReuseFlag: an avoid_reuse argument defaults to the wallet's flag, and asking to avoid reuse
     * in a wallet without the flag is an error.
     */
    static boolean avoidReuse(Wallet w, RpcParam param) throws RpcException {
        boolean canAvoid = w.flags().avoidReuse();
        boolean avoid = param.isNull() ? canAvoid : param.asBool();
        if (avoid && !canAvoid) throw new RpcException(RpcErrorCode.WALLET_ERROR, "wallet does not have the \"avoid reuse\" feature enabled");
        return avoid;
    }

    static RpcException unlockNeeded() {
        return new RpcException(RpcErrorCode.WALLET_UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
    }

    static ObjectNode lastProcessedBlock(Wallet w) {
        ObjectNode o = RpcJson.object();
        o.put("hash", w.lastBlockHash().toHex());
        o.put("height", w.lastBlockHeight());
        return o;
    }

    static JsonNode amount(long sats) {
        return RpcJson.amount(Amount.ofSats(sats));
    }
}
