package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.TxLocation;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtInput;
import dev.blocksmith.core.psbt.PsbtSigner;
import dev.blocksmith.core.psbt.SignatureCreator;
import dev.blocksmith.core.psbt.SigningProvider;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import dev.blocksmith.wallet.descriptor.DescriptorSigningProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code utxoupdatepsbt "psbt" ( descriptors )}: the BIP174 Updater with the node's data, as bitcoind's
 * ProcessPSBT: previous transactions from the transaction index (with -txindex) or the mempool become
 * non-witness UTXOs; otherwise a segwit output found among mempool outputs or in the UTXO set becomes
 * the witness UTXO. The descriptors add scripts and BIP32 origins; nothing is signed.
 */
public final class UtxoUpdatePsbtMethod implements RpcMethod {
    /** bitcoind's default range for ranged descriptors: indexes 0 to 1000. */
    private static final int DEFAULT_RANGE_END = 1000;

    private final ChainManager chain;
    private final Mempool mempool;

    public UtxoUpdatePsbtMethod(ChainManager chain, Mempool mempool) {
        this.chain = chain;
        this.mempool = mempool;
    }

    @Override
    public String name() {
        return "utxoupdatepsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("psbt", RpcParamType.STR, "A base64 string of a PSBT"),
                RpcParamSpec.optional("descriptors", RpcParamType.ARR,
                        "An array of output descriptors, each a string or {\"desc\": \"descriptor\", \"range\": end or [begin,end]} (default range 1000)"));
    }

    @Override
    public String description() {
        return "Updates all segwit inputs and outputs in a PSBT with data from output descriptors, the UTXO set, txindex, or the mempool.";
    }

    @Override
    public String resultHelp() {
        return "Result:\n\"str\"    (string) The base64-encoded partially signed transaction with inputs updated";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"psbt\"", "[\"psbt\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        SigningProvider provider = request.arg("descriptors").isNull() ? SigningProvider.NONE : descriptors(request.arg("descriptors").asArray());
        Psbt psbt = withUtxos(PsbtBase64.decode(request.arg("psbt").asString()), provider);
        Transaction tx = psbt.unsignedTx();
        PrecomputedTransactionData data = PsbtSigner.precompute(psbt);
        SigningProvider hidden = SigningProvider.hiding(provider, true, false);
        for (int i = 0; i < tx.inputs().size(); i++) {
            if (psbt.input(i).isFinalized()) continue;
            psbt = PsbtSigner.signInput(psbt, i, hidden, SignatureCreator.NONE, data, false).psbt();
        }
        for (int i = 0; i < tx.outputs().size(); i++) psbt = PsbtSigner.updateOutput(psbt, i, hidden);
        return TextNode.valueOf(PsbtBase64.encode(psbt.withoutUnneededNonWitnessUtxos(SignatureHasher.SIGHASH_ALL)));
    }

    /** The UTXO part of bitcoind's ProcessPSBT (also descriptorprocesspsbt's): see the class comment. */
    Psbt withUtxos(Psbt psbt, SigningProvider provider) {
        Transaction tx = psbt.unsignedTx();
        List<Integer> lookInUtxoSet = new ArrayList<>();
        for (int i = 0; i < tx.inputs().size(); i++) {
            PsbtInput in = psbt.input(i);
            if (in.nonWitnessUtxo().isPresent()) continue;
            Optional<Transaction> prev = previousTransaction(tx.input(i).prevout().txid());
            if (prev.isPresent()) psbt = psbt.withInput(i, in.toBuilder().nonWitnessUtxo(prev).build());
            else lookInUtxoSet.add(i);
        }
        for (int i : lookInUtxoSet) {
            Optional<TxOut> coin = coin(tx.input(i).prevout());
            if (coin.isPresent() && isSegwit(provider, coin.get().scriptPubKey())) {
                psbt = psbt.withInput(i, psbt.input(i).toBuilder().witnessUtxo(coin).build());
            }
        }
        return psbt;
    }

    /** The transaction index first (when enabled), then the mempool, as bitcoind looks. */
    private Optional<Transaction> previousTransaction(Sha256Hash txid) {
        if (chain.options().txIndex()) {
            Optional<TxLocation> at = chain.txLocation(txid);
            if (at.isPresent()) {
                Optional<Block> block = chain.block(at.get().blockHash());
                if (block.isPresent() && at.get().position() < block.get().transactions().size()) {
                    return Optional.of(block.get().transactions().get(at.get().position()));
                }
            }
        }
        return mempool.get(txid);
    }

    /**
     * bitcoind's FindCoins: outputs of mempool transactions, then the chain's UTXO set; an output already
     * spent by a mempool transaction is still found (the mempool view does not hide spends from it).
     */
    private Optional<TxOut> coin(OutPoint op) {
        Optional<Transaction> pooled = mempool.get(op.txid());
        if (pooled.isPresent()) {
            return op.index() < pooled.get().outputs().size() ? Optional.of(pooled.get().output((int) op.index())) : Optional.empty();
        }
        return chain.coin(op).map(c -> c.output());
    }

    /** Core's IsSegWitOutput: a witness program, or P2SH whose redeem script the provider knows to be one. */
    private static boolean isSegwit(SigningProvider provider, Script script) {
        if (script.isWitnessProgram()) return true;
        if (!script.isP2SH()) return false;
        return provider.script(Bytes.of(Arrays.copyOfRange(script.rawBytes(), 2, 22))).map(Script::isWitnessProgram).orElse(false);
    }

    /** bitcoind's EvalDescriptorStringOrObject over the array. */
    DescriptorSigningProvider descriptors(JsonNode array) throws RpcException {
        List<DescriptorSigningProvider.Expansion> out = new ArrayList<>();
        for (JsonNode d : array) {
            String text;
            JsonNode range = null;
            if (d.isTextual()) {
                text = d.textValue();
            } else if (d.isObject()) {
                text = new RpcParam("desc", d.get("desc")).asString();
                range = d.get("range");
            } else {
                throw RpcException.typeError("Invalid descriptor type, expected string or object");
            }
            Descriptor desc;
            try {
                desc = Descriptor.parse(text, chain.params(), false);
            } catch (DescriptorException e) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
            }
            int begin = 0;
            int end = DEFAULT_RANGE_END;
            if (range != null && !range.isNull()) {
                if (!desc.isRange()) throw RpcException.invalidParameter("Range should not be specified for an un-ranged descriptor");
                int[] r = parseRange(range);
                begin = r[0];
                end = r[1];
            }
            out.add(new DescriptorSigningProvider.Expansion(desc, begin, end));
        }
        return new DescriptorSigningProvider(out);
    }

    /** bitcoind's ParseDescriptorRange: an end, or [begin, end], within 0..2^31-1 and at most 10^6 wide. */
    private static int[] parseRange(JsonNode range) throws RpcException {
        long begin;
        long end;
        if (range.isIntegralNumber()) {
            begin = 0;
            end = range.asLong();
        } else if (range.isArray() && range.size() == 2 && range.get(0).isIntegralNumber() && range.get(1).isIntegralNumber()) {
            begin = range.get(0).asLong();
            end = range.get(1).asLong();
        } else {
            throw RpcException.invalidParameter("Range must be specified as end or as [begin,end]");
        }
        if (begin < 0) throw RpcException.invalidParameter("Range should be greater or equal than 0");
        if ((end >> 31) != 0) throw RpcException.invalidParameter("End of range is too high");
        if (end - begin >= 1_000_000) throw RpcException.invalidParameter("Range is too large");
        if (begin > end) throw RpcException.invalidParameter("Range specified as [begin,end] must not have begin after end");
        return new int[] {(int) begin, (int) end};
    }
}
