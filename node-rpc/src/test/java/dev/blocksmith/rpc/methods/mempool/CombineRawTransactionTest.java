package dev.blocksmith.rpc.methods.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.mempool.MempoolRpcFixture.Utxo;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import dev.blocksmith.wallet.keys.Secp;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * combinerawtransaction: two signers of a P2WSH 2-of-2 and a P2SH 2-of-3 each sign alone, and the
 * combination is a valid transaction the mempool accepts.
 */
class CombineRawTransactionTest {
    @TempDir
    Path dir;
    private MempoolRpcFixture f;
    private final byte[][] secrets = {Hashes.sha256("k1".getBytes()), Hashes.sha256("k2".getBytes()), Hashes.sha256("k3".getBytes())};
    private final byte[][] pubs = {Secp.publicKey(secrets[0]), Secp.publicKey(secrets[1]), Secp.publicKey(secrets[2])};
    private Script witnessScript;
    private Script redeemScript;
    private Transaction funding;
    private Transaction unsigned;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolRpcFixture(dir.resolve("mempool.dat"));
        witnessScript = new ScriptBuilder().op(Opcodes.OP_2).data(pubs[0]).data(pubs[1]).op(Opcodes.OP_2)
                .op(Opcodes.OP_CHECKMULTISIG).build();
        redeemScript = new ScriptBuilder().op(Opcodes.OP_2).data(pubs[0]).data(pubs[1]).data(pubs[2]).op(Opcodes.OP_3)
                .op(Opcodes.OP_CHECKMULTISIG).build();
        Script p2wsh = new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(witnessScript.rawBytes())).build();
        Script p2sh = new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(redeemScript.rawBytes())).op(Opcodes.OP_EQUAL).build();
        Utxo coin = f.coinbase(1);
        funding = f.sign(List.of(coin), List.of(new TxOut(1_000_000_000, p2wsh), new TxOut(1_000_000_000, p2sh),
                new TxOut(coin.value() - 2_000_000_000 - 10_000, f.p2wpkh)));
        f.mineTx(funding);
        unsigned = new Transaction(2, List.of(new TxIn(new OutPoint(funding.txid(), 0), Script.EMPTY, TxIn.SEQUENCE_FINAL),
                new TxIn(new OutPoint(funding.txid(), 1), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(2_000_000_000 - 20_000, f.p2wpkh)), 0);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private byte[] sig(int input, Script scriptCode, SigVersion version, int key) {
        PrecomputedTransactionData data = new PrecomputedTransactionData(unsigned, List.of(funding.output(0), funding.output(1)));
        byte[] hash = SignatureHasher.hash(scriptCode, unsigned, input, SignatureHasher.SIGHASH_ALL, 1_000_000_000, version, data);
        byte[] der = Secp.signEcdsaDer(hash, secrets[key]);
        byte[] sig = Arrays.copyOf(der, der.length + 1);
        sig[der.length] = SignatureHasher.SIGHASH_ALL;
        return sig;
    }

    /** The transaction as one signer leaves it: its own signature, empty placeholders for the others. */
    private Transaction signedBy(int key) {
        byte[] empty = new byte[0];
        Witness w = key == 0 ? Witness.of(empty, sig(0, witnessScript, SigVersion.WITNESS_V0, 0), empty, witnessScript.rawBytes())
                : Witness.of(empty, empty, sig(0, witnessScript, SigVersion.WITNESS_V0, key), witnessScript.rawBytes());
        ScriptBuilder ss = new ScriptBuilder().op(Opcodes.OP_0).data(sig(1, redeemScript, SigVersion.BASE, key)).op(Opcodes.OP_0)
                .data(redeemScript.rawBytes());
        return new Transaction(2, List.of(unsigned.input(0).withWitness(w), unsigned.input(1).withScriptSig(ss.build())),
                unsigned.outputs(), 0);
    }

    private String combine(Transaction... txs) throws RpcException {
        StringBuilder args = new StringBuilder("[[");
        for (int i = 0; i < txs.length; i++) args.append(i == 0 ? "" : ",").append('"').append(txs[i].toHex()).append('"');
        JsonNode r = f.call("combinerawtransaction", args.append("]]").toString());
        OpenRpcSchema.assertValidResult("combinerawtransaction", r);
        return r.textValue();
    }

    private boolean allowed(String hex) throws RpcException {
        return f.call("testmempoolaccept", "[[\"" + hex + "\"]]").get(0).get("allowed").asBoolean();
    }

    @Test
    void twoHalfSignedTransactionsCombineIntoAValidOne() throws Exception {
        Transaction a = signedBy(0);
        Transaction b = signedBy(1);
        assertThat(allowed(a.toHex())).isFalse();
        assertThat(allowed(combine(a))).isFalse();

        String combined = combine(a, b);
        Transaction tx = Transaction.fromHex(combined);
        assertThat(tx.inputs()).extracting(TxIn::prevout).containsExactly(unsigned.input(0).prevout(), unsigned.input(1).prevout());
        assertThat(tx.outputs()).isEqualTo(unsigned.outputs());
        assertThat(tx.input(0).witness().rawItems()).hasSize(4);
        assertThat(tx.input(0).witness().rawItems().get(0)).isEmpty();
        assertThat(allowed(combined)).isTrue();
        // The order of the variants does not matter: signatures are placed in key order.
        assertThat(combine(b, a)).isEqualTo(combined);
        assertThat(f.call("sendrawtransaction", "[\"" + combined + "\"]").textValue()).isEqualTo(tx.txid().toHex());
        // A complete transaction passes through unchanged, also once its inputs are spent in the mempool.
        assertThat(combine(tx)).isEqualTo(combined);
    }

    @Test
    void aLoneSignatureIsKeptWithPlaceholders() throws Exception {
        Transaction onlyB = Transaction.fromHex(combine(signedBy(1)));
        List<byte[]> w = onlyB.input(0).witness().rawItems();
        assertThat(w).hasSize(4);
        assertThat(w.get(1)).isEqualTo(sig(0, witnessScript, SigVersion.WITNESS_V0, 1));
        assertThat(w.get(2)).isEmpty();
        assertThat(w.get(3)).isEqualTo(witnessScript.rawBytes());
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> f.call("combinerawtransaction", "[[]]")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.DESERIALIZATION_ERROR);
            assertThat(e.getMessage()).isEqualTo("Missing transactions");
        });
        assertThatThrownBy(() -> f.call("combinerawtransaction", "[[\"" + unsigned.toHex() + "\", \"00\"]]"))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.DESERIALIZATION_ERROR);
                    assertThat(e.getMessage()).isEqualTo("TX decode failed for tx 1. Make sure the tx has at least one input.");
                });
        Transaction unknownInput = new Transaction(2, List.of(new TxIn(new OutPoint(funding.txid(), 7), Script.EMPTY, 0)),
                unsigned.outputs(), 0);
        assertThatThrownBy(() -> f.call("combinerawtransaction", "[[\"" + unknownInput.toHex() + "\"]]"))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.VERIFY_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Input not found or already spent");
                });
    }
}
