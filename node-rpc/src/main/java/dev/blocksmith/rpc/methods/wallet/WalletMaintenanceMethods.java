package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.WalletOptions;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.nio.file.Path;
import java.util.List;

/** walletpassphrasechange, backupwallet, rescanblockchain and keypoolrefill. */
public final class WalletMaintenanceMethods {
    private WalletMaintenanceMethods() {
    }

    /** {@code walletpassphrasechange "oldpassphrase" "newpassphrase"}. */
    public static final class ChangePassphrase extends WalletMethod {
        public ChangePassphrase(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "walletpassphrasechange";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("oldpassphrase", RpcParamType.STR, "The current passphrase"),
                    RpcParamSpec.required("newpassphrase", RpcParamType.STR, "The new passphrase"));
        }

        @Override
        public String description() {
            return "Changes the wallet passphrase from 'oldpassphrase' to 'newpassphrase'.";
        }

        @Override
        public String resultHelp() {
            return "null    (json null)";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            String oldPass = request.arg("oldpassphrase").asString();
            String newPass = request.arg("newpassphrase").asString();
            if (!w.keys().isEncrypted()) {
                throw new RpcException(RpcErrorCode.WALLET_WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletpassphrasechange was called.");
            }
            if (oldPass.isEmpty() || newPass.isEmpty()) throw RpcException.invalidParameter("passphrase cannot be empty");
            WalletRpc.run(() -> w.changePassphrase(oldPass.toCharArray(), newPass.toCharArray()));
            return NullNode.getInstance();
        }
    }

    /** {@code backupwallet "destination"}. */
    public static final class Backup extends WalletMethod {
        public Backup(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "backupwallet";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("destination", RpcParamType.STR, "The destination directory or file"));
        }

        @Override
        public String description() {
            return "Safely copies the current wallet file to the specified destination, which can either be a directory or a path with a filename.";
        }

        @Override
        public String resultHelp() {
            return "null    (json null)";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            try {
                w.backup(Path.of(request.arg("destination").asString()));
            } catch (WalletStoreException e) {
                throw new RpcException(RpcErrorCode.WALLET_ERROR, "Error: Wallet backup failed!");
            }
            return NullNode.getInstance();
        }
    }

    /** {@code rescanblockchain ( start_height stop_height )}. */
    public static final class Rescan extends WalletMethod {
        public Rescan(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "rescanblockchain";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.withDefault("start_height", RpcParamType.NUM, 0, "block height where the rescan should start"),
                    RpcParamSpec.optional("stop_height", RpcParamType.NUM, "the last block height that should be scanned. If none is provided it will rescan up to the tip at return time of this call."));
        }

        @Override
        public String description() {
            return "Rescan the local blockchain for wallet related transactions.\nNote: Use \"getwalletinfo\" to query the scanning progress.";
        }

        @Override
        public String resultHelp() {
            return "{                        (json object)\n  \"start_height\" : n,    (numeric) The block height where the rescan started (the requested height or 0)\n  \"stop_height\" : n      (numeric) The height of the last rescanned block.\n}";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            // bitcoind reserves the rescan with the passphrase: a locked wallet is refused first.
            if (w.isLocked()) throw WalletRpc.unlockNeeded();
            int tip = manager.chain().tip().height();
            int start = request.arg("start_height").asInt();
            int stop = request.arg("stop_height").isNull() ? tip : request.arg("stop_height").asInt();
            if (start < 0 || start > tip) throw RpcException.invalidParameter("Invalid start_height");
            if (stop < 0 || stop > tip) throw RpcException.invalidParameter("Invalid stop_height");
            if (stop < start) throw RpcException.invalidParameter("stop_height must be greater than start_height");
            // bitcoind checks that every block of the range is there before scanning any.
            if (!manager.chain().hasBlockData(start, stop)) {
                if (manager.chain().havePruned() && manager.chain().lastPrunedHeight().orElse(-1) >= start) {
                    throw RpcException.misc("Can't rescan beyond pruned data. Use RPC call getblockchaininfo to determine your pruned height.");
                }
                throw RpcException.misc("Failed to rescan unavailable blocks, potentially caused by data corruption. "
                        + "If the issue persists you may want to reindex (see -reindex option).");
            }
            int scanned;
            try {
                scanned = w.rescan(manager.chain(), start, stop);
            } catch (WalletStoreException e) {
                throw WalletRpc.storeError(e);
            }
            ObjectNode o = RpcJson.object();
            o.put("start_height", start);
            o.put("stop_height", scanned);
            return o;
        }
    }

    /** {@code keypoolrefill ( newsize )}. */
    public static final class KeypoolRefill extends WalletMethod {
        public KeypoolRefill(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "keypoolrefill";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.withHint("newsize", RpcParamType.NUM, "1000, or as set by -keypool", "The new keypool size"));
        }

        @Override
        public String description() {
            return "Refills each descriptor keypool in the wallet up to the specified number of new keys.\n"
                    + "By default, descriptor wallets have 4 active ranged descriptors (\"legacy\", \"p2sh-segwit\", \"bech32\", \"bech32m\"), "
                    + "each with 1000 entries.\n\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.";
        }

        @Override
        public String resultHelp() {
            return "null    (json null)";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            // Absent, 0 asks for the wallet's -keypool size (bitcoind's kpSize = 0).
            int size = request.arg("newsize").asIntOr(0);
            if (size < 0) throw RpcException.invalidParameter("Invalid parameter, expected valid size.");
            if (size > WalletOptions.MAX_KEYPOOL) throw RpcException.invalidParameter("Invalid parameter, size above " + WalletOptions.MAX_KEYPOOL);
            WalletRpc.run(() -> w.refillKeypool(size));
            return NullNode.getInstance();
        }
    }
}
