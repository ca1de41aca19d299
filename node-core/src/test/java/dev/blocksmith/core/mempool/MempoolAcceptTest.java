package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.consensus.ValidationException.Kind;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.mempool.MempoolFixture.Key;
import dev.blocksmith.core.mempool.MempoolFixture.Utxo;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MempoolAcceptTest {
    private MempoolFixture f;
    private Mempool pool;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        pool = f.mempool;
        f.mine(120);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ValidationException reject(Transaction tx, AcceptOptions opts) {
        return catchThrowableOfType(ValidationException.class, () -> pool.accept(tx, opts));
    }

    private ValidationException reject(Transaction tx) {
        return reject(tx, AcceptOptions.relay());
    }

    private static Script opReturn(int dataBytes) {
        return new ScriptBuilder().op(Opcodes.OP_RETURN).data(new byte[dataBytes]).build();
    }

    @Test
    void acceptsASignedSpendAndReportsTheEntry() throws Exception {
        Utxo cb = f.coinbase(1);
        Transaction tx = f.spend(1_000, cb);
        AcceptResult r = pool.accept(tx, AcceptOptions.rpc(AcceptOptions.DEFAULT_MAX_RAW_TX_FEE_RATE));
        assertThat(r.added()).isTrue();
        assertThat(r.fee()).isEqualTo(1_000);
        assertThat(r.vsize()).isEqualTo(tx.vsize());
        assertThat(r.effectiveFeeRate()).isEqualTo(FeeRate.of(1_000, tx.vsize()));

        MempoolEntry e = pool.entry(tx.txid()).orElseThrow();
        assertThat(e.wtxid()).isEqualTo(tx.wtxid());
        assertThat(e.height()).isEqualTo(120);
        assertThat(e.time()).isEqualTo(MempoolFixture.START);
        assertThat(e.ancestorCount()).isEqualTo(1);
        assertThat(e.descendantSize()).isEqualTo(tx.vsize());
        assertThat(e.bip125Replaceable()).isTrue();
        assertThat(pool.contains(tx.txid())).isTrue();
        assertThat(pool.containsWtxid(tx.wtxid())).isTrue();
        assertThat(pool.getByWtxid(tx.wtxid())).contains(tx);
        assertThat(f.events.log).containsExactly("added " + tx.txid());

        MempoolInfo info = pool.info();
        assertThat(info.size()).isEqualTo(1);
        assertThat(info.bytes()).isEqualTo(tx.vsize());
        assertThat(info.totalFee()).isEqualTo(1_000);
        assertThat(info.usage()).isGreaterThan(tx.totalSize());
        assertThat(info.minRelayTxFee()).isEqualTo(FeeRate.ofSatsPerKvB(100));
        assertThat(info.mempoolMinFee()).isEqualTo(FeeRate.ofSatsPerKvB(100));
        assertThat(info.fullRbf()).isTrue();

        // The chain+mempool view hides the spent coinbase and shows the new output.
        assertThat(pool.utxoView().coin(cb.outPoint())).isEmpty();
        Optional<Coin> created = pool.utxoView().coin(new OutPoint(tx.txid(), 0));
        assertThat(created).isPresent();
        assertThat(created.get().height()).isEqualTo(Mempool.MEMPOOL_HEIGHT);
        assertThat(pool.spenderOf(cb.outPoint())).contains(tx.txid());
    }

    @Test
    void testAcceptAddsNothing() throws Exception {
        Transaction tx = f.spend(1_000, f.coinbase(1));
        AcceptResult r = pool.accept(tx, AcceptOptions.testAccept(AcceptOptions.DEFAULT_MAX_RAW_TX_FEE_RATE));
        assertThat(r.added()).isFalse();
        assertThat(pool.size()).isZero();
    }

    @Test
    void duplicatesAndConfirmedTransactionsAreKnown() throws Exception {
        Transaction tx = f.spend(1_000, f.coinbase(1));
        pool.accept(tx, AcceptOptions.relay());
        ValidationException dup = reject(tx);
        assertThat(dup.reason()).isEqualTo("txn-already-in-mempool");
        assertThat(dup.kind()).isEqualTo(Kind.DUPLICATE);

        f.mineTx(tx);
        assertThat(pool.size()).isZero();
        assertThat(reject(tx).reason()).isEqualTo("txn-already-known");
    }

    @Test
    void unknownInputsAreAnOrphanSignal() {
        Utxo ghost = new Utxo(new OutPoint(Sha256Hash.wrap(Hashes.sha256("nothing".getBytes())), 0),
                new TxOut(100_000, f.key.p2wpkh));
        ValidationException e = reject(f.spend(1_000, ghost));
        assertThat(e.reason()).isEqualTo(Mempool.MISSING_INPUTS).isEqualTo("bad-txns-inputs-missingorspent");
        assertThat(e.kind()).isEqualTo(Kind.MISSING_INPUTS);
    }

    @Test
    void consensusInputRules() throws Exception {
        // Coinbase of block 30 has depth 91 at the next height (121): immature.
        assertThat(reject(f.spend(1_000, f.coinbase(30))).reason()).isEqualTo("bad-txns-premature-spend-of-coinbase");
        Utxo cb = f.coinbase(2);
        Transaction overspend = f.sign(2, List.of(cb), List.of(new TxOut(cb.value() + 1, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        assertThat(reject(overspend).reason()).isEqualTo("bad-txns-in-belowout");
        Transaction noOutputs = new Transaction(2, List.of(new TxIn(cb.outPoint(), Script.EMPTY, TxIn.SEQUENCE_FINAL)), List.of(), 0);
        assertThat(reject(noOutputs).reason()).isEqualTo("bad-txns-vout-empty");
    }

    @Test
    void standardnessOfTheTransaction() throws Exception {
        Utxo cb = f.coinbase(1);
        long v = cb.value() - 10_000;
        assertThat(reject(f.sign(4, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0)).reason())
                .isEqualTo("version");
        assertThat(reject(f.sign(0, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0)).reason())
                .isEqualTo("version");

        Transaction pushData = withScriptSig(f.spend(10_000, cb), new ScriptBuilder().data(new byte[1648]).build());
        assertThat(pushData.input(0).scriptSig().length()).isEqualTo(1651);
        assertThat(reject(pushData).reason()).isEqualTo("scriptsig-size");
        Transaction nonPush = withScriptSig(f.spend(10_000, cb), new ScriptBuilder().op(Opcodes.OP_NOP).build());
        assertThat(reject(nonPush).reason()).isEqualTo("scriptsig-not-pushonly");

        Transaction bareTrue = f.sign(2, List.of(cb), List.of(new TxOut(v, Script.fromHex("51"))), TxIn.SEQUENCE_FINAL, 0);
        ValidationException e = reject(bareTrue);
        assertThat(e.reason()).isEqualTo("scriptpubkey");
        assertThat(e.kind()).isEqualTo(Kind.POLICY);

        // 100 001 bytes of OP_RETURN data make the weight exceed 400 000.
        Transaction heavy = f.sign(2, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh), new TxOut(0, opReturn(100_001))),
                TxIn.SEQUENCE_FINAL, 0);
        assertThat(reject(heavy).reason()).isEqualTo("tx-size");

        Transaction tiny = f.sign(2, List.of(cb), List.of(new TxOut(0, Script.fromHex("6a"))), TxIn.SEQUENCE_FINAL, 0);
        assertThat(tiny.baseSize()).isLessThan(65);
        assertThat(reject(tiny).reason()).isEqualTo("tx-size-small");
    }

    private static Transaction withScriptSig(Transaction tx, Script scriptSig) {
        List<TxIn> ins = new ArrayList<>(tx.inputs());
        ins.set(0, ins.get(0).withScriptSig(scriptSig));
        return new Transaction(tx.version(), ins, tx.outputs(), tx.lockTime());
    }

    @Test
    void dustRules() throws Exception {
        Utxo cb = f.coinbase(1);
        // A P2WPKH output's dust threshold at 3 sat/vB is 294 sats.
        assertThat(StandardPolicy.dustThreshold(new TxOut(0, f.key.p2wpkh), FeeRate.ofSatsPerKvB(3000))).isEqualTo(294);
        assertThat(StandardPolicy.dustThreshold(new TxOut(0, Script.fromHex("76a914" + "00".repeat(20) + "88ac")),
                FeeRate.ofSatsPerKvB(3000))).isEqualTo(546);
        long v = cb.value() - 10_000;
        Transaction twoDust = f.sign(2, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh), new TxOut(293, f.key.p2wpkh),
                new TxOut(100, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        assertThat(reject(twoDust).reason()).isEqualTo("dust");
        Transaction oneDustWithFee = f.sign(2, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh), new TxOut(293, f.key.p2wpkh)),
                TxIn.SEQUENCE_FINAL, 0);
        ValidationException e = reject(oneDustWithFee);
        assertThat(e.reason()).isEqualTo("dust");
        assertThat(e.debug()).isEqualTo("tx with dust output must be 0-fee");
        Transaction atThreshold = f.sign(2, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh), new TxOut(294, f.key.p2wpkh)),
                TxIn.SEQUENCE_FINAL, 0);
        assertThat(pool.accept(atThreshold, AcceptOptions.relay()).added()).isTrue();
    }

    @Test
    void ephemeralDustMustBeSpentByTheChild() throws Exception {
        Utxo cb = f.coinbase(1);
        // Zero fee with one dust output: below the relay floor alone, so it is admitted without fee floors
        // (as after a reorg), standing in for a package whose child pays for it.
        Transaction parent = f.sign(3, List.of(cb), List.of(new TxOut(cb.value() - 100, f.key.p2wpkh), new TxOut(100, f.key.p2wpkh)),
                TxIn.SEQUENCE_FINAL, 0);
        assertThat(reject(parent).reason()).isEqualTo("min relay fee not met");
        pool.accept(parent, AcceptOptions.reorg());
        Utxo main = MempoolFixture.output(parent, 0);
        Transaction ignoresDust = f.sign(3, List.of(main), List.of(new TxOut(main.value() - 5_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        ValidationException e = reject(ignoresDust);
        assertThat(e.reason()).isEqualTo("missing-ephemeral-spends");
        Transaction sweeps = f.sign(3, List.of(main, MempoolFixture.output(parent, 1)),
                List.of(new TxOut(main.value() + 100 - 5_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        assertThat(pool.accept(sweeps, AcceptOptions.relay()).added()).isTrue();
    }

    @Test
    void opReturnFollowsCore30() throws Exception {
        Utxo cb = f.coinbase(1);
        long v = cb.value() - 20_000;
        // Core 30: several OP_RETURN outputs, large payloads within the 100 000-byte default.
        Transaction two = f.sign(2, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh), new TxOut(0, opReturn(1000)),
                new TxOut(0, opReturn(80))), TxIn.SEQUENCE_FINAL, 0);
        assertThat(pool.accept(two, AcceptOptions.testAccept(FeeRate.ZERO)).added()).isFalse();

        try (MempoolFixture legacy = new MempoolFixture(MempoolOptions.defaults().withDatacarrier(83, false))) {
            legacy.mine(105);
            Utxo c = legacy.coinbase(1);
            long lv = c.value() - 10_000;
            Transaction ok = legacy.sign(2, List.of(c), List.of(new TxOut(lv, legacy.key.p2wpkh), new TxOut(0, opReturn(80))),
                    TxIn.SEQUENCE_FINAL, 0);
            assertThat(legacy.mempool.accept(ok, AcceptOptions.testAccept(FeeRate.ZERO)).added()).isFalse();
            Transaction big = legacy.sign(2, List.of(c), List.of(new TxOut(lv, legacy.key.p2wpkh), new TxOut(0, opReturn(81))),
                    TxIn.SEQUENCE_FINAL, 0);
            assertThatThrownBy(() -> legacy.mempool.accept(big, AcceptOptions.relay())).hasMessage("datacarrier");
            // The budget is shared by all OP_RETURN outputs of the transaction.
            Transaction split = legacy.sign(2, List.of(c), List.of(new TxOut(lv, legacy.key.p2wpkh), new TxOut(0, opReturn(40)),
                    new TxOut(0, opReturn(40))), TxIn.SEQUENCE_FINAL, 0);
            assertThatThrownBy(() -> legacy.mempool.accept(split, AcceptOptions.relay())).hasMessage("datacarrier");
            Script multisig = new ScriptBuilder().op(Opcodes.OP_1).data(f.key.pub).op(Opcodes.OP_1).op(Opcodes.OP_CHECKMULTISIG).build();
            Transaction bare = legacy.sign(2, List.of(c), List.of(new TxOut(lv, multisig)), TxIn.SEQUENCE_FINAL, 0);
            assertThatThrownBy(() -> legacy.mempool.accept(bare, AcceptOptions.relay())).hasMessage("bare-multisig");
        }
    }

    @Test
    void finalityRules() throws Exception {
        Utxo cb = f.coinbase(1);
        long v = cb.value() - 1_000;
        Transaction locked = f.sign(2, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL - 1, 122);
        assertThat(reject(locked).reason()).isEqualTo("non-final");
        Transaction unlocked = f.sign(2, List.of(cb), List.of(new TxOut(v, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL - 1, 120);
        assertThat(pool.accept(unlocked, AcceptOptions.relay()).added()).isTrue();

        // BIP68: a relative lock of 5 blocks on a coin confirmed at 121 opens at height 126.
        f.mineTx(unlocked);
        Utxo fresh = MempoolFixture.output(unlocked, 0);
        Transaction relative = f.sign(2, List.of(fresh), List.of(new TxOut(fresh.value() - 1_000, f.key.p2wpkh)), 5, 0);
        assertThat(reject(relative).reason()).isEqualTo("non-BIP68-final");
        f.mine(3);
        assertThat(reject(relative).reason()).isEqualTo("non-BIP68-final");
        f.mine(1);
        assertThat(pool.accept(relative, AcceptOptions.relay()).added()).isTrue();
    }

    /** bitcoind's mempool enforces BIP68 with STANDARD_LOCKTIME_VERIFY_FLAGS even before CSV activates for blocks. */
    @Test
    void sequenceLocksAreMempoolPolicyBeforeCsvActivates() throws Exception {
        NetworkParams lateCsv = MempoolFixture.PARAMS.withActivationHeights(
                java.util.Map.of(dev.blocksmith.core.params.BuriedDeployment.CSV, 432));
        try (MempoolFixture late = new MempoolFixture(lateCsv, MempoolOptions.defaults())) {
            late.mine(120);
            Utxo cb = late.coinbase(1);
            Transaction parent = late.sign(2, List.of(cb), List.of(new TxOut(cb.value() - 1_000, late.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
            late.mineTx(parent);
            assertThat(late.chain.tip().height()).isLessThan(431);
            Utxo fresh = MempoolFixture.output(parent, 0);
            Transaction relative = late.sign(2, List.of(fresh), List.of(new TxOut(fresh.value() - 1_000, late.key.p2wpkh)), 5, 0);
            assertThatThrownBy(() -> late.mempool.accept(relative, AcceptOptions.relay())).hasMessage("non-BIP68-final");
            late.mine(4);
            assertThat(late.mempool.accept(relative, AcceptOptions.relay()).added()).isTrue();
        }
    }

    @Test
    void feeFloorsAndMaxFeeRate() throws Exception {
        Utxo cb = f.coinbase(1);
        Transaction free = f.spend(0, cb);
        ValidationException e = reject(free);
        assertThat(e.reason()).isEqualTo("min relay fee not met");
        assertThat(e.debug()).isEqualTo("0 < " + FeeRate.ofSatsPerKvB(100).feeFor(free.vsize()));

        // 0.5 BTC on ~110 vB is far above 0.10 BTC/kvB.
        Transaction generous = f.spend(50_000_000, cb);
        assertThat(reject(generous, AcceptOptions.rpc(AcceptOptions.DEFAULT_MAX_RAW_TX_FEE_RATE)).reason()).isEqualTo("max-fee-exceeded");
        assertThat(pool.accept(generous, AcceptOptions.rpc(FeeRate.ZERO)).added()).isTrue();
    }

    @Test
    void prioritisationCountsAsFee() throws Exception {
        Transaction free = f.spend(0, f.coinbase(1));
        assertThat(reject(free).reason()).isEqualTo("min relay fee not met");
        pool.prioritiseTransaction(free.txid(), 1_000);
        pool.accept(free, AcceptOptions.relay());
        MempoolEntry e = pool.entry(free.txid()).orElseThrow();
        assertThat(e.fee()).isZero();
        assertThat(e.modifiedFee()).isEqualTo(1_000);
        assertThat(e.ancestorFees()).isEqualTo(1_000);
        assertThat(pool.feeDeltas()).containsEntry(free.txid(), 1_000L);
    }

    @Test
    void scriptFailuresTellConsensusFromPolicy() throws Exception {
        Utxo cb = f.coinbase(1);
        Key other = new Key("someone else");
        Transaction wrongKey = MempoolFixture.signWith(other, 2, List.of(cb), List.of(new TxOut(cb.value() - 1_000, f.key.p2wpkh)),
                TxIn.SEQUENCE_FINAL, 0);
        ValidationException e = reject(wrongKey);
        assertThat(e.reason()).startsWith("mempool-script-verify-flag-failed (");
        assertThat(e.kind()).isEqualTo(Kind.CONSENSUS);
        assertThat(e.debug()).contains("input 0 of " + wrongKey.txid());

        // An uncompressed key in a P2WPKH spend is valid by consensus but not standard (WITNESS_PUBKEYTYPE).
        Key uncompressed = new Key("mempool fixture key", false);
        Transaction fund = f.sign(2, List.of(cb), List.of(new TxOut(cb.value() - 1_000, uncompressed.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        pool.accept(fund, AcceptOptions.relay());
        Utxo out = MempoolFixture.output(fund, 0);
        Transaction spendUncompressed = MempoolFixture.signWith(uncompressed, 2, List.of(out),
                List.of(new TxOut(out.value() - 1_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        ValidationException p = reject(spendUncompressed);
        assertThat(p.reason()).isEqualTo("mempool-script-verify-flag-failed (Using non-compressed keys in segwit)");
        assertThat(p.kind()).isEqualTo(Kind.POLICY);
    }

    /**
     * bitcoind's TX_WITNESS_STRIPPED: a witness spend sent without its witness fails as witness-stripped (so
     * relay keeps no reject entry for its txid), while a transaction that has a witness, or spends no
     * witness program, keeps the consensus/policy kind.
     */
    @Test
    void aWitnessSpendWithoutItsWitnessIsReportedAsWitnessStripped() throws Exception {
        Utxo cb = f.coinbase(1);
        Transaction spend = f.sign(2, List.of(cb), List.of(new TxOut(cb.value() - 1_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        assertThat(spend.hasWitness()).isTrue();
        Transaction stripped = new Transaction(spend.version(),
                spend.inputs().stream().map(in -> new TxIn(in.prevout(), in.scriptSig(), in.sequence())).toList(),
                spend.outputs(), spend.lockTime());
        ValidationException e = reject(stripped);
        // A P2WPKH spend needs exactly two witness items (bitcoind: WITNESS_PROGRAM_MISMATCH).
        assertThat(e.reason()).isEqualTo("mempool-script-verify-flag-failed (Witness program hash mismatch)");
        assertThat(e.kind()).isEqualTo(Kind.WITNESS_STRIPPED);

        Key other = new Key("someone else");
        Transaction wrongKey = MempoolFixture.signWith(other, 2, List.of(cb), List.of(new TxOut(cb.value() - 1_000, f.key.p2wpkh)),
                TxIn.SEQUENCE_FINAL, 0);
        assertThat(reject(wrongKey).kind()).isEqualTo(Kind.CONSENSUS);
    }

    @Test
    void aScriptFailingPolicyAndConsensusReportsThePolicyError() throws Exception {
        try (MempoolFixture nonstd = new MempoolFixture(MempoolOptions.defaults().withRequireStandard(false))) {
            nonstd.mine(105);
            Utxo cb = nonstd.coinbase(1);
            Transaction fund = nonstd.sign(2, List.of(cb), List.of(new TxOut(cb.value() - 1_000, Script.fromHex("51"))),
                    TxIn.SEQUENCE_FINAL, 0);
            nonstd.mineTx(fund);
            // p2p_invalid_tx's NonStandardAndInvalid: OP_CODESEPARATOR fails the policy flags before OP_RETURN fails consensus.
            Transaction tx = new Transaction(2, List.of(new TxIn(new OutPoint(fund.txid(), 0), Script.fromHex("000000ab6a"), TxIn.SEQUENCE_FINAL)),
                    List.of(new TxOut(cb.value() - 2_000, f.key.p2wpkh)), 0);
            ValidationException e = catchThrowableOfType(ValidationException.class, () -> nonstd.mempool.accept(tx, AcceptOptions.relay()));
            assertThat(e.reason()).isEqualTo("mempool-script-verify-flag-failed (Using OP_CODESEPARATOR in non-witness script)");
            assertThat(e.kind()).isEqualTo(Kind.CONSENSUS);
        }
    }

    @Test
    void inputAndWitnessStandardness() throws Exception {
        Utxo cb = f.coinbase(1);
        Script bareTrue = Script.fromHex("51");
        Script trueWitnessScript = Script.fromHex("51");
        Script p2wsh = new ScriptBuilder().op(0).data(Hashes.sha256(trueWitnessScript.bytes())).build();
        // A block may create outputs that relay policy would refuse.
        Transaction fund = f.sign(2, List.of(cb), List.of(new TxOut(100_000, bareTrue), new TxOut(100_000, p2wsh),
                new TxOut(cb.value() - 210_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        f.mineTx(fund);

        Transaction spendBare = new Transaction(2, List.of(new TxIn(new OutPoint(fund.txid(), 0), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(90_000, f.key.p2wpkh)), 0);
        ValidationException nonstandardInputs = reject(spendBare);
        assertThat(nonstandardInputs.reason()).isEqualTo("bad-txns-nonstandard-inputs");
        assertThat(nonstandardInputs.kind()).isEqualTo(Kind.INPUTS_NOT_STANDARD);

        TxIn wsh = new TxIn(new OutPoint(fund.txid(), 1), Script.EMPTY, TxIn.SEQUENCE_FINAL);
        Transaction bigItem = new Transaction(2, List.of(wsh.withWitness(Witness.of(new byte[81], trueWitnessScript.bytes()))),
                List.of(new TxOut(90_000, f.key.p2wpkh)), 0);
        assertThat(reject(bigItem).reason()).isEqualTo("bad-witness-nonstandard");
        Transaction good = new Transaction(2, List.of(wsh.withWitness(Witness.of(trueWitnessScript.bytes()))),
                List.of(new TxOut(90_000, f.key.p2wpkh)), 0);
        assertThat(pool.accept(good, AcceptOptions.relay()).added()).isTrue();
    }

    @Test
    void sigopCostLimit() throws Exception {
        try (MempoolFixture nonstd = new MempoolFixture(MempoolOptions.defaults().withRequireStandard(false))) {
            nonstd.mine(105);
            Utxo cb = nonstd.coinbase(1);
            ScriptBuilder b = new ScriptBuilder();
            for (int i = 0; i < 201; i++) b.op(Opcodes.OP_CHECKMULTISIG);
            // 201 inexact CHECKMULTISIGs count 20 sigops each, x4 legacy scale = 16 080, plus 1 for the P2WPKH input.
            Transaction tx = nonstd.sign(2, List.of(cb), List.of(new TxOut(cb.value() - 100_000, b.build())), TxIn.SEQUENCE_FINAL, 0);
            assertThatThrownBy(() -> nonstd.mempool.accept(tx, AcceptOptions.relay()))
                    .isInstanceOf(ValidationException.class).hasMessage("bad-txns-too-many-sigops, 16081");
        }
    }

    @Test
    void ancestorChainLimit() throws Exception {
        Utxo u = f.coinbase(1);
        for (int i = 0; i < 25; i++) {
            Transaction t = f.spend(1_000, u);
            pool.accept(t, AcceptOptions.relay());
            u = MempoolFixture.output(t, 0);
        }
        assertThat(pool.size()).isEqualTo(25);
        // The wallet asks first (bitcoind's checkChainLimits under -walletrejectlongchains), with the same text.
        Transaction tooLong = f.spend(1_000, u);
        assertThat(pool.chainLimitViolation(tooLong)).contains("too many unconfirmed ancestors [limit: 25]");
        assertThat(pool.chainLimitViolation(f.spend(1_000, f.coinbase(2)))).isEmpty();
        ValidationException e = reject(tooLong);
        assertThat(e.reason()).isEqualTo("too-long-mempool-chain");
        assertThat(e.debug()).isEqualTo("too many unconfirmed ancestors [limit: 25]");
        MempoolEntry root = pool.entry(pool.txids().get(0)).orElseThrow();
        assertThat(root.descendantCount()).isEqualTo(25);
        assertThat(root.descendantFees()).isEqualTo(25_000);
        assertThat(pool.descendantsOf(root.txid()).orElseThrow()).hasSize(24);
        MempoolEntry last = pool.entry(pool.txids().get(24)).orElseThrow();
        assertThat(last.ancestorCount()).isEqualTo(25);
        assertThat(pool.ancestorsOf(last.txid()).orElseThrow()).hasSize(24);
    }

    @Test
    void descendantLimitOfAParent() throws Exception {
        Transaction fan = f.split(f.coinbase(1), 30, 10_000);
        pool.accept(fan, AcceptOptions.relay());
        for (int i = 0; i < 24; i++) pool.accept(f.spend(1_000, MempoolFixture.output(fan, i)), AcceptOptions.relay());
        // bitcoind's CPFP carve-out: one more small child with no other unconfirmed ancestor still enters.
        pool.accept(f.spend(1_000, MempoolFixture.output(fan, 24)), AcceptOptions.relay());
        ValidationException e = reject(f.spend(1_000, MempoolFixture.output(fan, 25)));
        assertThat(e.reason()).isEqualTo("too-long-mempool-chain");
        assertThat(e.debug()).isEqualTo("too many descendants for tx " + fan.txid() + " [limit: 25]");
    }

    @Test
    void trucRules() throws Exception {
        Transaction parent = f.spend(1_000, f.coinbase(1));
        pool.accept(parent, AcceptOptions.relay());
        Utxo out = MempoolFixture.output(parent, 0);
        Transaction v3child = f.sign(3, List.of(out), List.of(new TxOut(out.value() - 1_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        ValidationException e = reject(v3child);
        assertThat(e.reason()).isEqualTo("TRUC-violation");
        assertThat(e.debug()).startsWith("version=3 tx " + v3child.txid()).contains("cannot spend from non-version=3 tx " + parent.txid());

        Utxo cb = f.coinbase(2);
        Transaction v3parent = f.sign(3, List.of(cb), List.of(new TxOut(cb.value() / 2, f.key.p2wpkh),
                new TxOut(cb.value() / 2 - 1_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        pool.accept(v3parent, AcceptOptions.relay());
        Utxo a = MempoolFixture.output(v3parent, 0);
        Utxo b = MempoolFixture.output(v3parent, 1);
        Transaction first = f.sign(3, List.of(a), List.of(new TxOut(a.value() - 1_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        pool.accept(first, AcceptOptions.relay());
        // A second child replaces the first only under the replacement rules (bitcoind's sibling eviction).
        Transaction sibling = f.sign(3, List.of(b), List.of(new TxOut(b.value() - 1_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        ValidationException low = reject(sibling);
        assertThat(low.reason()).isEqualTo("insufficient fee (including sibling eviction)");
        assertThat(low.kind()).isEqualTo(Kind.RECONSIDERABLE);
        Transaction richer = f.sign(3, List.of(b), List.of(new TxOut(b.value() - 20_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        assertThat(pool.accept(richer, AcceptOptions.relay()).replaced()).containsExactly(first.txid());
        assertThat(pool.contains(first.txid())).isFalse();
        pool.checkConsistency();
    }
}
