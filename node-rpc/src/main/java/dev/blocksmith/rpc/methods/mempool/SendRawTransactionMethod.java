package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.mempool.AcceptOptions;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.RawTransactions;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sendrawtransaction "hexstring" ( maxfeerate maxburnamount )}: accepts a transaction into the
 * mempool and announces it to peers, as bitcoind's BroadcastTransaction. A transaction already in the
 * mempool is announced again (its txid is returned); one whose outputs are in the UTXO set is refused
 * with -27.
 */
public final class SendRawTransactionMethod implements RpcMethod {
    private static final Logger LOG = LoggerFactory.getLogger(SendRawTransactionMethod.class);

    private final ChainManager chain;
    private final Mempool mempool;
    private final TransactionBroadcaster broadcaster;

    public SendRawTransactionMethod(ChainManager chain, Mempool mempool, TransactionBroadcaster broadcaster) {
        this.chain = chain;
        this.mempool = mempool;
        this.broadcaster = broadcaster;
    }

    @Override public String name() { return "sendrawtransaction"; }
    @Override public RpcCategory category() { return RpcCategory.RAWTRANSACTIONS; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexstring", RpcParamType.STR_HEX, "The hex string of the raw transaction"),
                RpcParamSpec.withDefaultText("maxfeerate", RpcParamType.AMOUNT, "0.10",
                        "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB.\n"
                                + "Fee rates larger than 1BTC/kvB are rejected.\nSet to 0 to accept any fee rate."),
                RpcParamSpec.withDefaultText("maxburnamount", RpcParamType.AMOUNT, "0.00",
                        "Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the OP_RETURN opcode) greater than the specified value, expressed in BTC.\n"
                                + "If burning funds through unspendable outputs is desired, increase this value.\n"
                                + "This check is based on heuristics and does not guarantee spendability of outputs.\n"));
    }

    @Override
    public String description() {
        return """
                Submit a raw transaction (serialized, hex-encoded) to local node and network.

                The transaction will be sent unconditionally to all peers, so using sendrawtransaction
                for manual rebroadcast may degrade privacy by leaking the transaction's origin, as
                nodes will normally not rebroadcast non-wallet transactions already in their mempool.

                A specific exception, RPC_TRANSACTION_ALREADY_IN_UTXO_SET, may throw if the transaction cannot be added to the mempool.

                Related RPCs: createrawtransaction, signrawtransactionwithkey""";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                "hex"    (string) The transaction hash in hex""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"signedhex\"", "[\"signedhex\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // Arguments are checked in bitcoind's order, so that a call with several faults reports the same one.
        Amount maxBurn = request.arg("maxburnamount").asAmount();
        Transaction tx = RawTransactions.decode(request.arg("hexstring").asString()).orElseThrow(() -> new RpcException(
                RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input."));
        for (TxOut out : tx.outputs()) {
            if ((out.scriptPubKey().isUnspendable() || !RawTransactions.hasValidOps(out.scriptPubKey())) && out.value() > maxBurn.sats()) {
                throw new RpcException(RpcErrorCode.VERIFY_ERROR,
                        "Unspendable output exceeds maximum configured by user (maxburnamount)");
            }
        }
        FeeRate maxFeeRate = FeeRateArgs.maxFeeRate(request.arg("maxfeerate"));
        for (int o = 0; o < tx.outputs().size(); o++) {
            // An output of this txid in the UTXO set means the transaction is already confirmed.
            if (chain.coin(new OutPoint(tx.txid(), o)).isPresent()) {
                throw new RpcException(RpcErrorCode.VERIFY_ALREADY_IN_CHAIN, "Transaction outputs already in utxo set");
            }
        }
        Optional<MempoolEntry> known = mempool.entry(tx.txid());
        if (known.isPresent()) {
            // Same txid (possibly another witness) already pooled: announce the pooled one again.
            MempoolEntry e = known.get();
            announce(e.tx(), FeeRate.of(e.modifiedFee(), e.vsize()));
            return TextNode.valueOf(tx.txid().toHex());
        }
        try {
            var accepted = mempool.accept(tx, AcceptOptions.rpc(maxFeeRate));
            // Tracked until a peer asks for it, so that it is announced again if nobody did.
            mempool.addUnbroadcast(tx.txid());
            announce(tx, accepted.effectiveFeeRate());
        } catch (ValidationException e) {
            LOG.debug("sendrawtransaction {} rejected: {}", tx.txid(), e.getMessage());
            throw rejection(e);
        }
        return TextNode.valueOf(tx.txid().toHex());
    }

    /**
     * The transaction is in the mempool whatever happens here: a failed announcement (network stopping)
     * leaves it unbroadcast, as a node without peers would, rather than failing the call.
     */
    private void announce(Transaction tx, FeeRate feeRate) {
        try {
            broadcaster.announce(tx, feeRate);
        } catch (RuntimeException e) {
            LOG.warn("Could not announce {} to peers: {}", tx.txid(), e.toString());
        }
    }

    /** bitcoind's HandleATMPError with JSONRPCTransactionError's codes. */
    private static RpcException rejection(ValidationException e) {
        if (e.kind() == ValidationException.Kind.MISSING_INPUTS) {
            return new RpcException(RpcErrorCode.VERIFY_ERROR, e.getMessage());
        }
        if (TestMempoolAcceptMethod.MAX_FEE_EXCEEDED.equals(e.reason())) {
            return new RpcException(RpcErrorCode.VERIFY_ERROR, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }
        if ("txn-already-known".equals(e.reason())) {
            return new RpcException(RpcErrorCode.VERIFY_ALREADY_IN_CHAIN, "Transaction outputs already in utxo set");
        }
        return new RpcException(RpcErrorCode.VERIFY_REJECTED, e.getMessage());
    }
}
