package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.core.block.MerkleBlock;
import dev.blocksmith.core.block.PartialMerkleTree;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.RawTransactions;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;
import java.util.Optional;

/** importprunedfunds and removeprunedfunds: a wallet on a pruned node takes in or forgets single transactions. */
public final class PrunedFundsMethods {
    private PrunedFundsMethods() {
    }

    /** {@code importprunedfunds "rawtransaction" "txoutproof"}: a payment proven by gettxoutproof's merkle block. */
    public static final class Import extends WalletMethod {
        public Import(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "importprunedfunds";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("rawtransaction", RpcParamType.STR, "A raw transaction in hex funding an already-existing address in wallet"),
                    RpcParamSpec.required("txoutproof", RpcParamType.STR, "The hex output from gettxoutproof that contains the transaction"));
        }

        @Override
        public String description() {
            return "Imports funds without rescan. Corresponding address or script must previously be included in wallet. Aimed towards pruned "
                    + "wallets. The end-user is responsible to import additional transactions that subsequently spend the imported outputs or "
                    + "rescan after the point in the blockchain the transaction is included.";
        }

        @Override
        public String resultHelp() {
            return "null    (json null)";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            Transaction tx = RawTransactions.decode(request.arg("rawtransaction").asString()).orElseThrow(() -> new RpcException(
                    RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input."));
            byte[] bytes = request.arg("txoutproof").asHexBytes();
            MerkleBlock proof;
            try {
                proof = MerkleBlock.read(new ByteReader(bytes));
            } catch (SerializationException | IllegalArgumentException e) {
                throw RpcException.misc("Proof decode failed: " + e.getMessage());
            }
            Optional<PartialMerkleTree.Extraction> found = proof.tree().extract();
            if (found.isEmpty() || !found.get().root().equals(proof.header().merkleRoot())) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Something wrong with merkleblock");
            }
            BlockIndex block = manager.chain().index(proof.header().hash())
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found in chain"));
            int at = found.get().matches().indexOf(tx.txid());
            java.util.OptionalInt position = at < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(found.get().positions().get(at));
            WalletRpc.run(() -> w.importPrunedFunds(tx, block, position, manager.chain()));
            return NullNode.getInstance();
        }
    }

    /** {@code removeprunedfunds "txid"}: deletes a transaction from the wallet (importprunedfunds' companion). */
    public static final class Remove extends WalletMethod {
        public Remove(WalletManager manager) {
            super(manager);
        }

        @Override
        public String name() {
            return "removeprunedfunds";
        }

        @Override
        public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The hex-encoded id of the transaction you are deleting"));
        }

        @Override
        public String description() {
            return "Deletes the specified transaction from the wallet. Meant for use with pruned wallets and as a companion to importprunedfunds. "
                    + "This will affect wallet balances.";
        }

        @Override
        public String resultHelp() {
            return "null    (json null)";
        }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            Wallet w = WalletRpc.wallet(manager, request);
            Sha256Hash txid = request.arg("txid").asHash();
            WalletRpc.run(() -> w.removePrunedFunds(txid));
            return NullNode.getInstance();
        }
    }
}
