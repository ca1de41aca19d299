package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.time.Duration;
import java.util.List;

/** {@code encryptwallet}, {@code walletpassphrase} and {@code walletlock}. */
public final class WalletPassphraseMethods {
    private WalletPassphraseMethods() {
    }

    /** {@code encryptwallet "passphrase"}. */
    public static final class Encrypt extends WalletMethod {
        public Encrypt(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "encryptwallet";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("passphrase", RpcParamType.STR, "The pass phrase to encrypt the wallet with. It must be at least 1 character, but should be long."));
        }

        @Override
        public String description() {
            return "Encrypts the wallet with 'passphrase'. This is for first time encryption.\nAfter this, any calls that interact with private keys such as sending or signing\nwill require the passphrase to be set prior to making these calls.";
        }

        @Override
        public String resultHelp() {
            return "\"str\"    (string) A string with further instructions";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            String pass = request.arg("passphrase").asString();
            if (pass.isEmpty()) throw RpcException.invalidParameter("passphrase cannot be empty");
            try {
                w.encrypt(pass.toCharArray(), manager.scrypt());
            } catch (WalletException e) {
                throw WalletRpc.toRpc(e);
            } catch (WalletStoreException e) {
                throw new RpcException(RpcErrorCode.WALLET_ENCRYPTION_FAILED, "Error: Failed to encrypt the wallet.");
            }
            return new TextNode("wallet encrypted; You need to make a new backup with the backupwallet RPC.");
        }
    }

    /** {@code walletpassphrase "passphrase" timeout}. */
    public static final class Unlock extends WalletMethod {
        public Unlock(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "walletpassphrase";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(
                    RpcParamSpec.required("passphrase", RpcParamType.STR, "The wallet passphrase"),
                    RpcParamSpec.required("timeout", RpcParamType.NUM, "The time to keep the decryption key in seconds; capped at 100000000 (~3 years)."));
        }

        @Override
        public String description() {
            return "Stores the wallet decryption key in memory for 'timeout' seconds.\nThis is needed prior to performing transactions related to private keys such as sending bitcoins";
        }

        @Override
        public String resultHelp() {
            return "null    (json null)";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            String pass = request.arg("passphrase").asString();
            // bitcoind's order: the encryption state first, so an unencrypted wallet says so even for an empty passphrase.
            if (w.keys().keystore().isEmpty()) {
                throw new RpcException(RpcErrorCode.WALLET_WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletpassphrase was called.");
            }
            long timeout = request.arg("timeout").asLong();
            if (timeout < 0) throw RpcException.invalidParameter("Timeout cannot be negative.");
            if (pass.isEmpty()) throw RpcException.invalidParameter("passphrase cannot be empty");
            try {
                // A zero timeout is accepted and leaves the wallet locked right away, as bitcoind.
                if (timeout == 0) {
                    w.unlock(pass.toCharArray(), Duration.ofMillis(1));
                    w.lock();
                } else {
                    w.unlock(pass.toCharArray(), Duration.ofSeconds(timeout));
                }
            } catch (WalletException e) {
                throw WalletRpc.toRpc(e);
            }
            return NullNode.getInstance();
        }
    }

    /** {@code walletlock}. */
    public static final class Lock extends WalletMethod {
        public Lock(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "walletlock";
        }

        @Override
        public String description() {
            return "Removes the wallet encryption key from memory, locking the wallet.\nAfter calling this method, you will need to call walletpassphrase again\nbefore being able to call any methods which require the wallet to be unlocked.";
        }

        @Override
        public String resultHelp() {
            return "null    (json null)";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            try {
                w.lock();
            } catch (WalletException e) {
                throw WalletRpc.toRpc(e);
            }
            return NullNode.getInstance();
        }
    }
}
