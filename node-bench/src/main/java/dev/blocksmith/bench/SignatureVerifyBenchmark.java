package dev.blocksmith.bench;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.crypto.BouncyCastleEcdsaVerifier;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import fr.acinq.secp256k1.Secp256k1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signature verification speed.
 *
 * <ul>
 *   <li>{@code ecdsaBouncyCastle}, {@code ecdsaLibsecp256k1}, {@code schnorrLibsecp256k1}: single
 *       verifications per second on one thread, cycling over 64 distinct valid (hash, key, signature)
 *       triples, through the same consensus entry points the interpreter uses.
 *   <li>{@code blockOf2000P2wpkh}: whole-block script validation with {@link ParallelScriptVerifier}
 *       (one worker per core, no signature cache); one operation is one input, so the score is inputs
 *       per second over the whole block.
 * </ul>
 *
 * <p>Run: {@code java -jar node-bench/target/benchmarks.jar SignatureVerifyBenchmark -f 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SignatureVerifyBenchmark {
    private static final Secp256k1 SECP = Secp256k1.get();
    static final int KEYS = 64;
    static final int BLOCK_INPUTS = 2000;

    /** Signed messages, one thread each. */
    @State(Scope.Thread)
    public static class Signatures {
        final byte[][] hashes = new byte[KEYS][];
        final byte[][] pubkeys = new byte[KEYS][];
        final byte[][] derSigs = new byte[KEYS][];
        final byte[][] xOnly = new byte[KEYS][];
        final byte[][] schnorrSigs = new byte[KEYS][];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < KEYS; i++) {
                byte[] priv = Hashes.sha256(("bench key " + i).getBytes());
                hashes[i] = Hashes.sha256(("bench message " + i).getBytes());
                pubkeys[i] = SECP.pubKeyCompress(SECP.pubkeyCreate(priv));
                derSigs[i] = SECP.compact2der(SECP.sign(hashes[i], priv));
                xOnly[i] = Arrays.copyOfRange(pubkeys[i], 1, 33);
                schnorrSigs[i] = SECP.signSchnorr(hashes[i], priv, null);
                if (!Secp256k1Verifier.INSTANCE.verify(derSigs[i], hashes[i], pubkeys[i])
                        || !BouncyCastleEcdsaVerifier.INSTANCE.verify(derSigs[i], hashes[i], pubkeys[i])
                        || !Secp256k1Verifier.INSTANCE.verifySchnorr(schnorrSigs[i], hashes[i], xOnly[i])) {
                    throw new IllegalStateException("benchmark signature does not verify");
                }
            }
        }

        int index() {
            int i = next;
            next = (i + 1) & (KEYS - 1);
            return i;
        }
    }

    @Benchmark
    @Threads(1)
    public boolean ecdsaBouncyCastle(Signatures s) {
        int i = s.index();
        return BouncyCastleEcdsaVerifier.INSTANCE.verify(s.derSigs[i], s.hashes[i], s.pubkeys[i]);
    }

    @Benchmark
    @Threads(1)
    public boolean ecdsaLibsecp256k1(Signatures s) {
        int i = s.index();
        return Secp256k1Verifier.INSTANCE.verify(s.derSigs[i], s.hashes[i], s.pubkeys[i]);
    }

    @Benchmark
    @Threads(1)
    public boolean schnorrLibsecp256k1(Signatures s) {
        int i = s.index();
        return Secp256k1Verifier.INSTANCE.verifySchnorr(s.schnorrSigs[i], s.hashes[i], s.xOnly[i]);
    }

    /** A block of 2000 single-input P2WPKH spends, each signed with libsecp256k1. */
    @State(Scope.Benchmark)
    public static class SignedBlock {
        Block block;
        List<List<TxOut>> spent;
        ParallelScriptVerifier verifier;
        final int flags = ScriptFlags.MANDATORY | ScriptFlags.DERSIG | ScriptFlags.NULLDUMMY | ScriptFlags.CHECKLOCKTIMEVERIFY
                | ScriptFlags.CHECKSEQUENCEVERIFY;

        @Setup(Level.Trial)
        public void setUp() throws ValidationException {
            byte[] priv = Hashes.sha256("bench block key".getBytes());
            byte[] pub = SECP.pubKeyCompress(SECP.pubkeyCreate(priv));
            byte[] keyHash = Hashes.hash160(pub);
            Script spk = new ScriptBuilder().op(0).data(keyHash).build();
            Script scriptCode = Script.fromHex("76a914" + Hex.encode(keyHash) + "88ac");
            List<Transaction> txs = new ArrayList<>();
            spent = new ArrayList<>();
            TxIn cbIn = new TxIn(OutPoint.NULL, Script.fromHex("0151"), TxIn.SEQUENCE_FINAL);
            txs.add(new Transaction(2, List.of(cbIn), List.of(new TxOut(50_0000_0000L, Script.fromHex("51"))), 0));
            spent.add(List.of());
            for (int i = 0; i < BLOCK_INPUTS; i++) {
                long amount = 100_000L + i;
                TxOut prev = new TxOut(amount, spk);
                OutPoint op = new OutPoint(Sha256Hash.wrap(Hashes.sha256(("prev" + i).getBytes())), 0);
                TxIn in = new TxIn(op, Script.EMPTY, TxIn.SEQUENCE_FINAL);
                Transaction unsigned = new Transaction(2, List.of(in), List.of(new TxOut(amount - 1000, spk)), 0);
                PrecomputedTransactionData data = new PrecomputedTransactionData(unsigned, List.of(prev));
                byte[] sighash = SignatureHasher.hash(scriptCode, unsigned, 0, SignatureHasher.SIGHASH_ALL, amount, SigVersion.WITNESS_V0, data);
                byte[] der = SECP.compact2der(SECP.sign(sighash, priv));
                byte[] sig = Arrays.copyOf(der, der.length + 1);
                sig[der.length] = SignatureHasher.SIGHASH_ALL;
                txs.add(new Transaction(2, List.of(in.withWitness(Witness.of(sig, pub))), unsigned.outputs(), 0));
                spent.add(List.of(prev));
            }
            BlockHeader header = new BlockHeader(4, Sha256Hash.ZERO, Sha256Hash.ZERO, 1_700_000_000L, 0x207fffffL, 0);
            block = new Block(header.withMerkleRoot(new Block(header, txs).computeMerkle().root()), txs);
            verifier = new ParallelScriptVerifier(ScriptValidation.uncached());
            verifier.verify(block, spent, flags);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            verifier.close();
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BLOCK_INPUTS)
    public Block blockOf2000P2wpkh(SignedBlock b) throws ValidationException {
        b.verifier.verify(b.block, b.spent, b.flags);
        return b.block;
    }
}
