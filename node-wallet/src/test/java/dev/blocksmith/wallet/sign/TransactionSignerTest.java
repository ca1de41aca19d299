package dev.blocksmith.wallet.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.TestKeys;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signs one input of each supported kind and checks the result with the consensus script interpreter. */
class TransactionSignerTest {
    private record Owned(TxOut out, PrivateKeyBytes key) {
    }

    private static Owned owned(AddressType type, int index, long value) {
        Account a = Account.fromMaster(TestKeys.abandonAboutMaster(), type, Networks.REGTEST, 0);
        PrivateKeyBytes k = a.privateDescriptor(Account.Chain.RECEIVE).key().privateKey(index).orElseThrow();
        return new Owned(new TxOut(value, a.scriptPubKey(Account.Chain.RECEIVE, index)), k);
    }

    private static Transaction spend(int inputs) {
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            byte[] h = new byte[32];
            h[0] = (byte) (i + 1);
            ins.add(new TxIn(new OutPoint(Sha256Hash.wrap(h), i), Script.EMPTY, 0xfffffffdL));
        }
        return new Transaction(2, ins, List.of(new TxOut(90_000, Script.fromHex("0014" + "11".repeat(20)))), 0);
    }

    private static final int FLAGS = ScriptFlags.STANDARD;

    @Test
    void allFourKindsVerifyUnderStandardFlags() throws Exception {
        List<Owned> owned = List.of(owned(AddressType.LEGACY, 0, 30_000), owned(AddressType.P2SH_SEGWIT, 1, 30_000),
                owned(AddressType.BECH32, 2, 30_000), owned(AddressType.BECH32M, 3, 30_000));
        Transaction unsigned = spend(owned.size());
        List<TxOut> spent = owned.stream().map(Owned::out).toList();
        Map<Integer, PrivateKeyBytes> keys = new HashMap<>();
        for (int i = 0; i < owned.size(); i++) keys.put(i, owned.get(i).key());
        Transaction signed = TransactionSigner.sign(unsigned, spent, keys, SignatureHasher.SIGHASH_ALL);
        assertThat(ScriptValidation.uncached().verifyTransaction(signed, spent, FLAGS, false)).isEmpty();
        assertThat(signed.input(3).witness().item(0)).hasSize(64);
        assertThat(signed.input(0).witness().isEmpty()).isTrue();

        // Changing what was signed must break every signature.
        Transaction tampered = new Transaction(2, signed.inputs(), List.of(new TxOut(89_999, signed.output(0).scriptPubKey())), 0);
        for (int i = 0; i < owned.size(); i++) {
            var data = new PrecomputedTransactionData(tampered, spent);
            assertThat(ScriptValidation.uncached().verifyInput(tampered, i, spent, FLAGS, data, false)).as("input %d", i).isNotEqualTo(ScriptError.OK);
        }
    }

    @Test
    void taprootWithExplicitHashTypeAppendsIt() throws Exception {
        Owned o = owned(AddressType.BECH32M, 0, 50_000);
        Transaction signed = TransactionSigner.sign(spend(1), List.of(o.out()), Map.of(0, o.key()),
                SignatureHasher.SIGHASH_SINGLE | SignatureHasher.SIGHASH_ANYONECANPAY);
        assertThat(signed.input(0).witness().item(0)).hasSize(65);
        assertThat(ScriptValidation.uncached().verifyTransaction(signed, List.of(o.out()), FLAGS, false)).isEmpty();
    }

    @Test
    void wrongKeyIsRefused() {
        Owned a = owned(AddressType.BECH32, 0, 50_000);
        Owned b = owned(AddressType.BECH32, 1, 50_000);
        assertThatThrownBy(() -> TransactionSigner.sign(spend(1), List.of(a.out()), Map.of(0, b.key()), SignatureHasher.SIGHASH_ALL))
                .isInstanceOf(SigningException.class).hasMessage("key does not match the spent output");
    }

    /**
     * signrawtransactionwithwallet with a 2-of-2 P2WSH multisig whose keys are in two wallets: the second signer
     * keeps the first one's signature (Core's DataFromTransaction) and completes the input.
     */
    @Test
    void aCosignerAddsItsSignatureToTheOneInTheInput() throws Exception {
        PrivateKeyBytes k1 = owned(AddressType.BECH32, 0, 1).key();
        PrivateKeyBytes k2 = owned(AddressType.BECH32, 1, 1).key();
        byte[] p1 = dev.blocksmith.wallet.keys.Secp.publicKey(k1.secret());
        byte[] p2 = dev.blocksmith.wallet.keys.Secp.publicKey(k2.secret());
        Script ws = new dev.blocksmith.core.script.ScriptBuilder().op(dev.blocksmith.core.script.Opcodes.OP_2).data(p1).data(p2)
                .op(dev.blocksmith.core.script.Opcodes.OP_2).op(dev.blocksmith.core.script.Opcodes.OP_CHECKMULTISIG).build();
        Script spk = new dev.blocksmith.core.script.ScriptBuilder().op(dev.blocksmith.core.script.Opcodes.OP_0)
                .data(dev.blocksmith.core.crypto.Hashes.sha256(ws.rawBytes())).build();
        List<TxOut> spent = List.of(new TxOut(100_000, spk));
        Transaction unsigned = spend(1);
        var factory = PsbtSignatureCreator.factory(SignatureHasher.SIGHASH_ALL);
        var first = dev.blocksmith.core.psbt.RawInputSigner.sign(unsigned, 0, spent.get(0), new KeySigningProvider(List.of(k1), List.of(ws)),
                factory, new PrecomputedTransactionData(unsigned, spent));
        assertThat(first.complete()).isFalse();
        Transaction partly = withInput(unsigned, first);
        var second = dev.blocksmith.core.psbt.RawInputSigner.sign(partly, 0, spent.get(0), new KeySigningProvider(List.of(k2), List.of(ws)),
                factory, new PrecomputedTransactionData(partly, spent));
        assertThat(second.complete()).isTrue();
        Transaction done = withInput(partly, second);
        // The dummy, both signatures in key order, the witness script.
        assertThat(done.input(0).witness().rawItems()).hasSize(4);
        assertThat(ScriptValidation.uncached().verifyTransaction(done, spent, FLAGS, false)).isEmpty();
    }

    private static Transaction withInput(Transaction tx, dev.blocksmith.core.psbt.RawInputSigner.Signed r) {
        TxIn in = tx.input(0);
        return new Transaction(tx.version(), List.of(new TxIn(in.prevout(), r.scriptSig(), in.sequence()).withWitness(r.witness())),
                tx.outputs(), tx.lockTime());
    }
}
