package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.testing.TestWallet;
import dev.blocksmith.core.testing.TestWallet.Kind;
import dev.blocksmith.core.testing.TestWallet.SignOptions;
import dev.blocksmith.core.testing.TestWallet.Utxo;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consensus rules end to end on a regtest chain: a real {@link ChainManager} with the real
 * parallel script verifier, every standard output type created and spent with real signatures, and
 * each kind of invalid block refused with bitcoind's reject reason without touching the chain state.
 */
class ConsensusChainTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long FEE = 1_000;
    private static final long COIN = 100_000_000L;
    private static final String SCRIPT_FAILED = "block-script-verify-flag-failed (";

    private final TestWallet wallet = new TestWallet();
    private final ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2);
    private ChainManager cm;
    private final List<Utxo> coinbases = new ArrayList<>();
    private int tag = 1;
    /** Mature coinbases from here on are not used directly by the lock-time and sigop tests. */
    private int nextCoinbase = 3;

    @BeforeEach
    void mineMatureCoinbases() throws ValidationException {
        cm = ChainManager.open(PARAMS, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(), () -> 1_900_000_000L);
        for (int i = 0; i < 110; i++) {
            Block b = mine(List.of(), 0);
            coinbases.add(new Utxo(new OutPoint(b.coinbase().txid(), 0), b.coinbase().output(0), Kind.P2PKH));
        }
    }

    @AfterEach
    void close() {
        verifier.close();
    }

    // ---------------------------------------------------------------- helpers

    private Block block(List<Transaction> txs, long fees) {
        return TestBlocks.nextBlock(PARAMS, cm.tip().index(), wallet.mainScript(), txs, fees, tag++);
    }

    private Block mine(List<Transaction> txs, long fees) throws ValidationException {
        Block b = block(txs, fees);
        assertThat(cm.processBlock(b)).isEqualTo(BlockAcceptance.CONNECTED);
        return b;
    }

    private static Transaction unsigned(List<Utxo> in, List<TxOut> out, long lockTime, long sequence, int version) {
        List<TxIn> ins = new ArrayList<>();
        for (Utxo u : in) ins.add(new TxIn(u.outPoint(), Script.EMPTY, sequence));
        return new Transaction(version, ins, out, lockTime);
    }

    private static long total(List<Utxo> in) {
        return in.stream().mapToLong(u -> u.output().value()).sum();
    }

    /** Spends {@code in} to one output of {@code kind}, paying {@link #FEE}. */
    private Transaction spend(List<Utxo> in, Kind kind, SignOptions opts) {
        Transaction tx = unsigned(in, List.of(new TxOut(total(in) - FEE, wallet.scriptPubKey(kind))), 0, TxIn.SEQUENCE_FINAL, 2);
        return wallet.sign(tx, in, opts);
    }

    /** Confirms one output of every kind, funded by the first coinbase. */
    private List<Utxo> fundEveryKind() throws ValidationException {
        List<TxOut> outs = new ArrayList<>();
        for (Kind k : Kind.values()) outs.add(new TxOut(COIN, wallet.scriptPubKey(k)));
        Utxo cb = coinbases.get(0);
        outs.add(new TxOut(cb.output().value() - Kind.values().length * COIN - FEE, wallet.mainScript()));
        Transaction tx = wallet.sign(unsigned(List.of(cb), outs, 0, TxIn.SEQUENCE_FINAL, 2), List.of(cb));
        mine(List.of(tx), FEE);
        List<Utxo> utxos = new ArrayList<>();
        for (Kind k : Kind.values()) utxos.add(new Utxo(new OutPoint(tx.txid(), k.ordinal()), tx.output(k.ordinal()), k));
        return utxos;
    }

    private Utxo confirm(Transaction tx, int index, Kind kind) throws ValidationException {
        mine(List.of(tx), FEE);
        return new Utxo(new OutPoint(tx.txid(), index), tx.output(index), kind);
    }

    private record State(Sha256Hash tip, UtxoStats stats, long balance) {
    }

    private State state() {
        return new State(cm.tip().hash(), cm.utxoStats(), cm.addressIndex().orElseThrow().balance(wallet.mainScript()).balance());
    }

    /** The block is refused with exactly {@code reason} and tip, UTXO set and address index are unchanged. */
    private void assertRejected(Block block, String reason) {
        State before = state();
        assertThatThrownBy(() -> cm.processBlock(block)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).reason()).isEqualTo(reason);
        assertThat(state()).isEqualTo(before);
    }

    private static String scriptFailure(ScriptError e) {
        return SCRIPT_FAILED + e.message() + ")";
    }

    // ---------------------------------------------------------------- valid spends

    @Test
    void everyOutputTypeIsCreatedConfirmedAndSpent() throws ValidationException {
        List<Utxo> utxos = fundEveryKind();
        for (Utxo u : utxos) assertThat(cm.coin(u.outPoint())).map(Coin::output).contains(u.output());

        Transaction spendAll = spend(utxos, Kind.P2WPKH, SignOptions.DEFAULT);
        long before = cm.utxoStats().txouts();
        mine(List.of(spendAll), FEE);
        for (Utxo u : utxos) assertThat(cm.coin(u.outPoint())).isEmpty();
        assertThat(cm.coin(new OutPoint(spendAll.txid(), 0))).isPresent();
        // Seven spent, one created, plus the new coinbase output.
        assertThat(cm.utxoStats().txouts()).isEqualTo(before - utxos.size() + 2);

        // Each type again, one transaction each, with SIGHASH_DEFAULT for taproot.
        List<Utxo> again = new ArrayList<>();
        for (int i = 0; i < Kind.values().length; i++) {
            Kind k = Kind.values()[i];
            Transaction t = spend(List.of(coinbases.get(1 + i)), k, SignOptions.DEFAULT);
            again.add(confirm(t, 0, k));
        }
        for (Utxo u : again) {
            int hashType = u.kind() == Kind.P2TR_KEY || u.kind() == Kind.P2TR_SCRIPT ? 0 : 1;
            mine(List.of(spend(List.of(u), Kind.P2PKH, SignOptions.DEFAULT.withHashType(hashType))), FEE);
            assertThat(cm.coin(u.outPoint())).as("%s spent", u.kind()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- script failures

    @Test
    void badSignaturesAreRejectedForEveryType() throws ValidationException {
        List<Utxo> utxos = fundEveryKind();
        for (Utxo u : utxos) {
            // NULLFAIL is policy, so in a block a failed ECDSA check just leaves false on the stack;
            // BIP340 signatures in taproot must be valid whenever they are non-empty.
            ScriptError expected = switch (u.kind()) {
                case P2TR_KEY, P2TR_SCRIPT -> ScriptError.SCHNORR_SIG;
                default -> ScriptError.EVAL_FALSE;
            };
            Transaction bad = spend(List.of(u), Kind.P2PKH, SignOptions.DEFAULT.corrupted());
            assertRejected(block(List.of(bad), FEE), scriptFailure(expected));
        }
        // The same outputs stay spendable by correct signatures.
        mine(List.of(spend(utxos, Kind.P2PKH, SignOptions.DEFAULT)), FEE);
    }

    @Test
    void signaturesCommitToTheSpentAmountInSegwitAndTaproot() throws ValidationException {
        List<Utxo> utxos = fundEveryKind();
        for (Utxo u : utxos) {
            Transaction wrongAmount = spend(List.of(u), Kind.P2PKH, SignOptions.DEFAULT.withAmountDelta(1));
            switch (u.kind()) {
                case P2PKH, P2SH_MULTISIG -> {
                    // Legacy signatures do not commit to amounts (the reason for BIP143): confirmed below.
                }
                case P2TR_KEY, P2TR_SCRIPT -> assertRejected(block(List.of(wrongAmount), FEE), scriptFailure(ScriptError.SCHNORR_SIG));
                default -> assertRejected(block(List.of(wrongAmount), FEE), scriptFailure(ScriptError.EVAL_FALSE));
            }
        }
        Transaction legacy = spend(utxos.subList(0, 2), Kind.P2PKH, SignOptions.DEFAULT.withAmountDelta(1));
        mine(List.of(legacy), FEE);
    }

    @Test
    void missingWitnessIsRejected() throws ValidationException {
        List<Utxo> utxos = fundEveryKind();
        for (Utxo u : utxos) {
            if (u.kind() == Kind.P2PKH || u.kind() == Kind.P2SH_MULTISIG) continue;
            Transaction signed = spend(List.of(u), Kind.P2PKH, SignOptions.DEFAULT);
            Transaction stripped = new Transaction(2, List.of(signed.input(0).withWitness(Witness.EMPTY)), signed.outputs(), 0);
            // Core's VerifyWitnessProgram: P2WPKH wants exactly two items (else "hash mismatch"),
            // P2WSH and taproot refuse an empty stack outright.
            ScriptError expected = u.kind() == Kind.P2WPKH || u.kind() == Kind.P2SH_P2WPKH
                    ? ScriptError.WITNESS_PROGRAM_MISMATCH : ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY;
            assertRejected(block(List.of(stripped), FEE), scriptFailure(expected));
        }
    }

    /**
     * Undefined hash types: BIP341 makes them invalid in taproot signatures, but for ECDSA (legacy
     * and segwit v0) only STRICTENC rejects them, and STRICTENC is policy; a block may carry them.
     */
    @Test
    void undefinedHashTypeIsInvalidInTaprootButConsensusValidForEcdsa() throws ValidationException {
        List<Utxo> utxos = fundEveryKind();
        SignOptions undefined = SignOptions.DEFAULT.withHashType(0x04);
        for (Kind k : List.of(Kind.P2TR_KEY, Kind.P2TR_SCRIPT)) {
            Transaction bad = spend(List.of(utxos.get(k.ordinal())), Kind.P2PKH, undefined);
            assertRejected(block(List.of(bad), FEE), scriptFailure(ScriptError.SCHNORR_SIG_HASHTYPE));
        }
        List<Utxo> ecdsa = utxos.subList(0, 5);
        Transaction tx = spend(ecdsa, Kind.P2PKH, undefined);
        assertThat(policyErrors(tx, ecdsa)).containsOnly(ScriptError.SIG_HASHTYPE);
        mine(List.of(tx), FEE);
        for (Utxo u : ecdsa) assertThat(cm.coin(u.outPoint())).isEmpty();
    }

    /**
     * LOW_S (BIP146's rule) is a standardness rule, not consensus: a high-S signature is valid in a
     * block, although the mempool (standard flags) refuses the same transaction.
     */
    @Test
    void highSSignatureIsValidInABlockButNotStandard() throws ValidationException {
        List<Utxo> utxos = fundEveryKind();
        List<Utxo> ecdsa = utxos.subList(0, 5);
        Transaction tx = spend(ecdsa, Kind.P2PKH, SignOptions.DEFAULT.withHighS());
        assertThat(policyErrors(tx, ecdsa)).containsOnly(ScriptError.SIG_HIGH_S);
        mine(List.of(tx), FEE);
        for (Utxo u : ecdsa) assertThat(cm.coin(u.outPoint())).isEmpty();
    }

    private static List<ScriptError> policyErrors(Transaction tx, List<Utxo> spent) {
        List<TxOut> outs = spent.stream().map(Utxo::output).toList();
        PrecomputedTransactionData data = new PrecomputedTransactionData(tx, outs);
        List<ScriptError> errors = new ArrayList<>();
        for (int i = 0; i < tx.inputs().size(); i++) {
            errors.add(ScriptValidation.uncached().verifyInput(tx, i, outs, ScriptFlags.STANDARD, data, false));
        }
        return errors;
    }

    // ---------------------------------------------------------------- transaction and block rules

    @Test
    void nonFinalLockTimeIsRejected() throws ValidationException {
        Utxo cb = coinbases.get(0);
        int height = cm.tip().height() + 1;
        // IsFinalTx: a height lock time must be below the block's height unless every input is final.
        Transaction tx = wallet.sign(unsigned(List.of(cb), List.of(new TxOut(cb.output().value() - FEE, wallet.mainScript())),
                height, 0xfffffffeL, 2), List.of(cb));
        assertRejected(block(List.of(tx), FEE), "bad-txns-nonfinal");
        // With every input's sequence final the lock time is ignored.
        Transaction finalSequence = wallet.sign(unsigned(List.of(cb), List.of(new TxOut(cb.output().value() - FEE, wallet.mainScript())),
                height, TxIn.SEQUENCE_FINAL, 2), List.of(cb));
        assertThat(cm.processBlock(block(List.of(finalSequence), FEE))).isEqualTo(BlockAcceptance.CONNECTED);
    }

    @Test
    void coinbaseRulesAreEnforced() throws ValidationException {
        assertRejected(block(List.of(), 1), "bad-cb-amount");
        // Coinbase of height tip-98 has 99 confirmations at the next block: one short of maturity.
        Utxo young = coinbases.get(cm.tip().height() - 99);
        assertRejected(block(List.of(spend(List.of(young), Kind.P2PKH, SignOptions.DEFAULT)), FEE),
                "bad-txns-premature-spend-of-coinbase");
        Utxo mature = coinbases.get(cm.tip().height() - 100);
        mine(List.of(spend(List.of(mature), Kind.P2PKH, SignOptions.DEFAULT)), FEE);
    }

    @Test
    void doubleSpendsAndDuplicateInputsAreRejected() {
        Utxo cb = coinbases.get(0);
        Transaction a = spend(List.of(cb), Kind.P2PKH, SignOptions.DEFAULT);
        Transaction b = spend(List.of(cb), Kind.P2WPKH, SignOptions.DEFAULT);
        assertRejected(block(List.of(a, b), 2 * FEE), "bad-txns-inputs-missingorspent");

        Transaction dup = wallet.sign(unsigned(List.of(cb, cb), List.of(new TxOut(cb.output().value(), wallet.mainScript())),
                0, TxIn.SEQUENCE_FINAL, 2), List.of(cb, cb));
        assertRejected(block(List.of(dup), 0), "bad-txns-inputs-duplicate");
    }

    @Test
    void connectBlockFailuresNameTheTransactionAsBitcoind() throws ValidationException {
        Utxo cb = coinbases.get(0);
        Transaction a = spend(List.of(cb), Kind.P2PKH, SignOptions.DEFAULT);
        Transaction b = spend(List.of(cb), Kind.P2WPKH, SignOptions.DEFAULT);
        // feature_block.py reads this text from generateblock: "<debug> in transaction <txid>".
        assertThatThrownBy(() -> cm.processBlock(block(List.of(a, b), 2 * FEE)))
                .hasFieldOrPropertyWithValue("debug", "CheckTxInputs: inputs missing/spent in transaction " + b.txid());

        Transaction tooMuch = wallet.sign(unsigned(List.of(cb), List.of(new TxOut(cb.output().value() + 1, wallet.mainScript())),
                0, TxIn.SEQUENCE_FINAL, 2), List.of(cb));
        assertThatThrownBy(() -> cm.processBlock(block(List.of(tooMuch), 0)))
                .hasFieldOrPropertyWithValue("reason", "bad-txns-in-belowout")
                .hasFieldOrPropertyWithValue("debug", "value in (" + dev.blocksmith.core.primitives.Amount.ofSats(cb.output().value()).formatMoney()
                        + ") < value out (" + dev.blocksmith.core.primitives.Amount.ofSats(cb.output().value() + 1).formatMoney()
                        + ") in transaction " + tooMuch.txid());

        Utxo u = confirm(spend(List.of(coinbases.get(1)), Kind.P2WPKH, SignOptions.DEFAULT), 0, Kind.P2WPKH);
        Transaction rel = wallet.sign(unsigned(List.of(u), List.of(new TxOut(u.output().value() - FEE, wallet.mainScript())),
                0, 3, 2), List.of(u));
        assertThatThrownBy(() -> cm.processBlock(block(List.of(rel), FEE)))
                .hasFieldOrPropertyWithValue("debug", "contains a non-BIP68-final transaction " + rel.txid());
    }

    @Test
    void oversizedBlocksAreRejected() {
        // Over 1,000,000 bytes without witness data: CheckBlock's size limit.
        List<Transaction> big = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Script data = Script.of(filler(Opcodes.OP_RETURN, 600_000));
            big.add(unsigned(List.of(coinbases.get(i)), List.of(new TxOut(0, data)), 0, TxIn.SEQUENCE_FINAL, 2));
        }
        assertRejected(block(big, 0), "bad-blk-length");

        // Small without witness, but over 4,000,000 weight units with it: ContextualCheckBlock.
        Transaction heavy = spend(List.of(coinbases.get(2)), Kind.P2PKH, SignOptions.DEFAULT);
        Transaction bloated = new Transaction(2, List.of(heavy.input(0).withWitness(Witness.of(new byte[4_000_000]))),
                heavy.outputs(), 0);
        assertRejected(block(List.of(bloated), FEE), "bad-blk-weight");
    }

    @Test
    void tooManySigopsAreRejected() {
        // 20,001 legacy sigops count 80,004 cost: over MAX_BLOCK_SIGOPS_COST in CheckBlock.
        Script checksigs = Script.of(filler(Opcodes.OP_CHECKSIG, 20_001));
        Transaction tx = spendTo(coinbases.get(0), checksigs);
        assertRejected(block(List.of(tx), FEE), "bad-blk-sigops");
    }

    @Test
    void witnessSigopsCountTowardsTheBlockCostInConnectBlock() throws ValidationException {
        // Witness sigops cost 1 each and are only known once the spent outputs are: ConnectBlock's check.
        Script manySigops = Script.of(filler(Opcodes.OP_CHECKSIG, 5_000));
        Utxo witness = fundScript(manySigops);
        // 19,000 legacy sigops (76,000 cost) pass CheckBlock; with 5,000 witness sigops the block costs 81,000.
        Transaction legacy = spendTo(coinbases.get(1), Script.of(filler(Opcodes.OP_CHECKSIG, 19_000)));
        Transaction spendWitness = spendScript(witness, manySigops, 0, TxIn.SEQUENCE_FINAL);
        assertRejected(block(List.of(legacy, spendWitness), 2 * FEE), "bad-blk-sigops");
    }

    private Transaction spendTo(Utxo u, Script out) {
        return wallet.sign(unsigned(List.of(u), List.of(new TxOut(u.output().value() - FEE, out)), 0, TxIn.SEQUENCE_FINAL, 2), List.of(u));
    }

    private static byte[] filler(int opcode, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) opcode);
        return b;
    }

    // ---------------------------------------------------------------- relative and absolute lock times

    @Test
    void bip68RelativeLockTimeMustBeMet() throws ValidationException {
        Utxo u = confirm(spend(List.of(coinbases.get(0)), Kind.P2WPKH, SignOptions.DEFAULT), 0, Kind.P2WPKH);
        // Sequence 3: the output must be 3 blocks deep when spent (BIP68, version 2 transactions).
        Transaction rel = wallet.sign(unsigned(List.of(u), List.of(new TxOut(u.output().value() - FEE, wallet.mainScript())),
                0, 3, 2), List.of(u));
        assertRejected(block(List.of(rel), FEE), "bad-txns-nonfinal");
        // Core compares the version unsigned: version 0xffffffff is "2 or more" for BIP68.
        Transaction negativeVersion = wallet.sign(unsigned(List.of(u), List.of(new TxOut(u.output().value() - FEE, wallet.mainScript())),
                0, 3, -1), List.of(u));
        assertRejected(block(List.of(negativeVersion), FEE), "bad-txns-nonfinal");
        mine(List.of(), 0);
        assertRejected(block(List.of(rel), FEE), "bad-txns-nonfinal");
        mine(List.of(), 0);
        mine(List.of(rel), FEE);
        // Version 1 transactions are not subject to BIP68: the same sequence at depth 1 is accepted.
        Utxo w = confirm(spend(List.of(coinbases.get(1)), Kind.P2WPKH, SignOptions.DEFAULT), 0, Kind.P2WPKH);
        Transaction v1 = wallet.sign(unsigned(List.of(w), List.of(new TxOut(w.output().value() - FEE, wallet.mainScript())),
                0, 3, 1), List.of(w));
        mine(List.of(v1), FEE);
    }

    private Utxo fundScript(Script witnessScript) throws ValidationException {
        Utxo cb = coinbases.get(nextCoinbase++);
        Transaction tx = spendTo(cb, TestWallet.p2wsh(witnessScript));
        mine(List.of(tx), FEE);
        return new Utxo(new OutPoint(tx.txid(), 0), tx.output(0), Kind.P2WPKH);
    }

    private Transaction spendScript(Utxo u, Script witnessScript, long lockTime, long sequence) {
        Transaction t = unsigned(List.of(u), List.of(new TxOut(u.output().value() - FEE, wallet.mainScript())), lockTime, sequence, 2);
        return new Transaction(2, List.of(t.input(0).withWitness(Witness.of(witnessScript.bytes()))), t.outputs(), lockTime);
    }

    @Test
    void checkSequenceVerifyFailsBelowTheScriptsDelay() throws ValidationException {
        Script csv = new ScriptBuilder().number(10).op(Opcodes.OP_CHECKSEQUENCEVERIFY).op(Opcodes.OP_DROP).op(Opcodes.OP_1).build();
        Utxo u = fundScript(csv);
        for (int i = 0; i < 10; i++) mine(List.of(), 0);
        // BIP68 lets a sequence of 5 through (the output is 11 deep) but the script asks for 10.
        assertRejected(block(List.of(spendScript(u, csv, 0, 5)), FEE), scriptFailure(ScriptError.UNSATISFIED_LOCKTIME));
        // A disabled relative lock time also fails CSV.
        assertRejected(block(List.of(spendScript(u, csv, 0, TxIn.SEQUENCE_FINAL)), FEE), scriptFailure(ScriptError.UNSATISFIED_LOCKTIME));
        mine(List.of(spendScript(u, csv, 0, 10)), FEE);
    }

    @Test
    void checkLockTimeVerifyFailsBelowTheScriptsHeight() throws ValidationException {
        int lockHeight = cm.tip().height() + 1;
        Script cltv = new ScriptBuilder().number(lockHeight).op(Opcodes.OP_CHECKLOCKTIMEVERIFY).op(Opcodes.OP_DROP).op(Opcodes.OP_1).build();
        Utxo u = fundScript(cltv);
        assertRejected(block(List.of(spendScript(u, cltv, lockHeight - 1, 0xfffffffeL)), FEE),
                scriptFailure(ScriptError.UNSATISFIED_LOCKTIME));
        // A final sequence disables lock time, so CLTV fails whatever nLockTime says.
        assertRejected(block(List.of(spendScript(u, cltv, lockHeight, TxIn.SEQUENCE_FINAL)), FEE),
                scriptFailure(ScriptError.UNSATISFIED_LOCKTIME));
        mine(List.of(spendScript(u, cltv, lockHeight, 0xfffffffeL)), FEE);
    }

    @Test
    void subsidyIsPaidOnlyOnce() {
        long expected = 0;
        for (int h = 1; h <= cm.tip().height(); h++) expected += Subsidy.at(h, PARAMS);
        assertThat(cm.utxoStats().totalAmount()).isEqualTo(expected);
    }
}
