package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.TransactionSignatureChecker;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * BIP325 block signatures. A signet block carries a solution (scriptSig and witness) in a push that
 * starts with {@link #SIGNET_HEADER} inside its coinbase witness-commitment output. The solution must
 * satisfy the network's challenge script when it "spends" a virtual transaction that commits to the
 * block header without its nonce and to a merkle root computed with the solution removed, so the
 * proof of work can be searched after signing.
 */
public final class SignetBlockSolution {
    /** Marks the solution push in the witness commitment output (BIP325). */
    public static final byte[] SIGNET_HEADER = {(byte) 0xec, (byte) 0xc7, (byte) 0xda, (byte) 0xa2};

    /** The flags the challenge is verified with (BIP325, bitcoind's signet.cpp): no taproot, no CSV/CLTV. */
    public static final int FLAGS = ScriptFlags.P2SH | ScriptFlags.WITNESS | ScriptFlags.DERSIG | ScriptFlags.NULLDUMMY;

    private SignetBlockSolution() {
    }

    /**
     * The two virtual transactions: {@code toSpend} pays 0 to the challenge with a scriptSig of OP_0
     * and the 72 committed header bytes; {@code toSign} spends it with the block's solution.
     */
    public record SignetTxs(Transaction toSpend, Transaction toSign) {
    }

    /** The block with its solution removed, the solution's bytes, and whether one was found. */
    private record Extracted(Transaction modifiedCoinbase, byte[] solution, boolean found) {
    }

    /**
     * Builds the virtual transactions for {@code block} under {@code challenge}; empty when the block
     * has no coinbase, no witness commitment, or a solution that does not parse as a scriptSig and a
     * witness stack with nothing after them (all of which make the block invalid on a signet).
     */
    public static Optional<SignetTxs> create(Block block, Script challenge) {
        if (block.transactions().isEmpty()) return Optional.empty();
        Transaction coinbase = block.transactions().get(0);
        Optional<Integer> commitmentIndex = Block.witnessCommitmentIndex(coinbase);
        if (commitmentIndex.isEmpty()) return Optional.empty();
        Extracted extracted = extract(coinbase, commitmentIndex.get());

        Script scriptSig = Script.EMPTY;
        Witness witness = Witness.EMPTY;
        if (extracted.found()) {
            // No solution at all is allowed: a challenge such as OP_TRUE needs none.
            try {
                ByteReader r = new ByteReader(extracted.solution());
                scriptSig = Script.of(r.varBytes());
                witness = Witness.read(r);
                if (r.hasRemaining()) return Optional.empty();
            } catch (SerializationException | IndexOutOfBoundsException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        List<Sha256Hash> leaves = new ArrayList<>(block.transactions().size());
        leaves.add(extracted.modifiedCoinbase().txid());
        for (int i = 1; i < block.transactions().size(); i++) leaves.add(block.transactions().get(i).txid());
        Sha256Hash signetMerkle = MerkleTree.root(leaves);

        ByteWriter committed = new ByteWriter(72);
        committed.i32le(block.header().version());
        committed.hash(block.header().prevHash());
        committed.hash(signetMerkle);
        committed.u32le(block.header().time());
        Script toSpendSig = new ScriptBuilder().op(Opcodes.OP_0).data(committed.toByteArray()).build();

        Transaction toSpend = new Transaction(0,
                List.of(new TxIn(OutPoint.NULL, toSpendSig, 0)),
                List.of(new TxOut(0, challenge)), 0);
        Transaction toSign = new Transaction(0,
                List.of(new TxIn(new OutPoint(toSpend.txid(), 0), scriptSig, 0, witness)),
                List.of(new TxOut(0, Script.of(new byte[] {(byte) Opcodes.OP_RETURN}))), 0);
        return Optional.of(new SignetTxs(toSpend, toSign));
    }

    /** True when the block's solution satisfies {@code challenge} (the genesis block needs none). */
    public static boolean isValid(Block block, Script challenge, Sha256Hash genesisHash) {
        if (block.hash().equals(genesisHash)) return true;
        Optional<SignetTxs> txs = create(block, challenge);
        if (txs.isEmpty()) return false;
        Transaction toSign = txs.get().toSign();
        TxOut spent = txs.get().toSpend().output(0);
        PrecomputedTransactionData data = new PrecomputedTransactionData(toSign, List.of(spent));
        TransactionSignatureChecker checker = new TransactionSignatureChecker(toSign, 0, spent.value(), data);
        TxIn in = toSign.input(0);
        return ScriptInterpreter.verify(in.scriptSig(), spent.scriptPubKey(), in.witness(), FLAGS, checker) == ScriptError.OK;
    }

    /**
     * bitcoind's CheckBlock rule for signet networks; a no-op on other networks.
     *
     * @throws ValidationException {@code bad-signet-blksig} when the solution is missing or wrong
     */
    public static void check(Block block, NetworkParams params) throws ValidationException {
        Optional<Script> challenge = params.signetChallenge();
        if (challenge.isEmpty()) return;
        if (!isValid(block, challenge.get(), params.genesisHash())) {
            throw new ValidationException("bad-signet-blksig", "signet block signature validation failure");
        }
    }

    /**
     * Finds the first push in the commitment script that starts with the header and carries more
     * bytes, takes those bytes as the solution and keeps only the header in the push. Every push is
     * re-encoded as bitcoind's CScript does (smallest push opcode, OP_n left as opcodes), and parsing
     * stops at a truncated push, so the modified coinbase hashes exactly as bitcoind's.
     */
    private static Extracted extract(Transaction coinbase, int index) {
        byte[] program = coinbase.output(index).scriptPubKey().rawBytes();
        ScriptBuilder replacement = new ScriptBuilder();
        byte[] solution = new byte[0];
        boolean found = false;
        int pc = 0;
        while (pc < program.length) {
            ScriptChunk chunk = Script.readChunk(program, pc);
            if (chunk == null) break;
            pc = chunk.end();
            byte[] data = chunk.data();
            if (data != null && data.length > 0) {
                if (!found && data.length > SIGNET_HEADER.length
                        && Arrays.equals(data, 0, SIGNET_HEADER.length, SIGNET_HEADER, 0, SIGNET_HEADER.length)) {
                    solution = Arrays.copyOfRange(data, SIGNET_HEADER.length, data.length);
                    data = SIGNET_HEADER.clone();
                    found = true;
                }
                replacement.data(data);
            } else {
                replacement.op(chunk.opcode());
            }
        }
        if (!found) return new Extracted(coinbase, solution, false);
        List<TxOut> outputs = new ArrayList<>(coinbase.outputs());
        outputs.set(index, new TxOut(outputs.get(index).value(), replacement.build()));
        Transaction modified = new Transaction(coinbase.version(), coinbase.inputs(), outputs, coinbase.lockTime());
        return new Extracted(modified, solution, true);
    }
}
