package dev.blocksmith.rpc.methods.rawtransactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtSigner;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import dev.blocksmith.wallet.keys.Secp;
import dev.blocksmith.wallet.sign.KeySigningProvider;
import dev.blocksmith.wallet.sign.PsbtSignatureCreator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PSBT RPCs over a real chain: a 2-of-3 P2WSH spend passed through createpsbt, utxoupdatepsbt, three
 * key-only signers, combinepsbt and finalizepsbt, then validated by the script interpreter and mined;
 * plus the Creator/Updater variants and bitcoind's errors.
 */
class PsbtRpcTest {
    @TempDir
    Path dir;

    private static PrivateKeyBytes key(String label) {
        return new PrivateKeyBytes(Hashes.sha256(("psbt rpc test " + label).getBytes()), true);
    }

    private static Script multisig(List<PrivateKeyBytes> keys) {
        ScriptBuilder b = new ScriptBuilder().op(Opcodes.OP_2);
        for (PrivateKeyBytes k : keys) b.data(Secp.publicKey(k.secret()));
        return b.op(Opcodes.OP_3).op(Opcodes.OP_CHECKMULTISIG).build();
    }

    private static Script p2wsh(Script witnessScript) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(witnessScript.rawBytes())).build();
    }

    /** One co-signer: its key and the multisig script, nothing else (like a hardware wallet). */
    private static String sign(String base64, PrivateKeyBytes k, Script witnessScript) throws RpcException {
        Psbt p = PsbtBase64.decode(base64);
        PrecomputedTransactionData data = PsbtSigner.precompute(p);
        KeySigningProvider party = new KeySigningProvider(List.of(k), List.of(witnessScript));
        for (int i = 0; i < p.inputs().size(); i++) {
            p = PsbtSigner.signInput(p, i, party, PsbtSignatureCreator.factory(SignatureHasher.SIGHASH_ALL), data, false).psbt();
        }
        return PsbtBase64.encode(p);
    }

    @Test
    void twoOfThreeP2wshThroughTheRoles() throws Exception {
        try (PsbtRpcFixture f = new PsbtRpcFixture(dir.resolve("mempool.dat"), true)) {
            List<PrivateKeyBytes> keys = List.of(key("a"), key("b"), key("c"));
            Script ws = multisig(keys);
            Block funding = f.mine(p2wsh(ws), 0);
            f.mineEmpty(100);
            Transaction cb = funding.coinbase();
            String to = Address.fromScriptPubKey(new ScriptBuilder().op(Opcodes.OP_0).data(new byte[20]).build(), PsbtRpcFixture.PARAMS)
                    .orElseThrow().encode();

            JsonNode created = f.call("createpsbt", "[[{\"txid\":\"" + cb.txid().toHex() + "\",\"vout\":0}], [{\"" + to + "\": 49.999}]]");
            OpenRpcSchema.assertValidResult("createpsbt", created);
            JsonNode updated = f.call("utxoupdatepsbt", "[\"" + created.asText() + "\"]");
            OpenRpcSchema.assertValidResult("utxoupdatepsbt", updated);
            JsonNode decoded = f.call("decodepsbt", "[\"" + updated.asText() + "\"]");
            OpenRpcSchema.assertValidResult("decodepsbt", decoded);
            // With -txindex the whole previous transaction is found; the fee follows from it.
            assertThat(decoded.at("/inputs/0/non_witness_utxo/txid").asText()).isEqualTo(cb.txid().toHex());
            assertThat(decoded.get("fee").decimalValue()).isEqualByComparingTo("0.001");
            JsonNode before = f.call("analyzepsbt", "[\"" + updated.asText() + "\"]");
            OpenRpcSchema.assertValidResult("analyzepsbt", before);
            assertThat(before.at("/inputs/0/missing/witnessscript").asText()).isEqualTo(p2wsh(ws).toHex().substring(4));
            assertThat(before.get("next").asText()).isEqualTo("updater");

            List<String> signed = new ArrayList<>();
            for (PrivateKeyBytes k : keys) signed.add(sign(updated.asText(), k, ws));
            JsonNode one = f.call("analyzepsbt", "[\"" + signed.get(0) + "\"]");
            assertThat(one.get("next").asText()).isEqualTo("signer");
            assertThat(one.at("/inputs/0/missing/signatures")).hasSize(2);
            JsonNode notYet = f.call("finalizepsbt", "[\"" + signed.get(0) + "\"]");
            OpenRpcSchema.assertValidResult("finalizepsbt", notYet);
            assertThat(notYet.get("complete").asBoolean()).isFalse();
            assertThat(notYet.has("hex")).isFalse();

            JsonNode combined = f.call("combinepsbt", "[[\"" + signed.get(0) + "\",\"" + signed.get(2) + "\"]]");
            OpenRpcSchema.assertValidResult("combinepsbt", combined);
            assertThat(f.call("decodepsbt", "[\"" + combined.asText() + "\"]").at("/inputs/0/partial_signatures")).hasSize(2);
            assertThat(f.call("analyzepsbt", "[\"" + combined.asText() + "\"]").get("next").asText()).isEqualTo("finalizer");
            JsonNode finalPsbt = f.call("finalizepsbt", "[\"" + combined.asText() + "\", false]");
            assertThat(finalPsbt.get("complete").asBoolean()).isTrue();
            assertThat(f.call("decodepsbt", "[\"" + finalPsbt.get("psbt").asText() + "\"]").at("/inputs/0/final_scriptwitness")).hasSize(4);
            JsonNode done = f.call("finalizepsbt", "[\"" + combined.asText() + "\"]");
            OpenRpcSchema.assertValidResult("finalizepsbt", done);
            assertThat(done.get("complete").asBoolean()).isTrue();

            Transaction tx = Transaction.fromHex(done.get("hex").asText());
            List<TxOut> spent = List.of(cb.output(0));
            assertThat(ScriptValidation.uncached().verifyTransaction(tx, spent, ScriptFlags.STANDARD, false)).isEmpty();
            // The same witness with one signature blanked must fail the same check.
            Witness w = tx.input(0).witness();
            Witness broken = Witness.of(w.item(0), w.item(1), new byte[0], w.item(3));
            Transaction bad = new Transaction(tx.version(), List.of(tx.input(0).withWitness(broken)), tx.outputs(), tx.lockTime());
            assertThat(ScriptValidation.uncached().verifyTransaction(bad, spent, ScriptFlags.STANDARD, false)).isPresent();
            // Mined with full block validation.
            f.mine(new ScriptBuilder().op(Opcodes.OP_TRUE).build(), 100_000, tx);
            assertThat(f.chain.coin(new OutPoint(tx.txid(), 0))).isPresent();
        }
    }

    private static void rpcError(ThrowingCall call, RpcErrorCode code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static Script p2wpkh(PrivateKeyBytes k) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(Secp.publicKey(k.secret()))).build();
    }

    @Test
    void creatorsUpdaterJoinerAndErrors() throws Exception {
        try (PsbtRpcFixture f = new PsbtRpcFixture(dir.resolve("mempool.dat"), false)) {
            PrivateKeyBytes k = key("single");
            Block segwit = f.mine(p2wpkh(k), 0);
            Script legacy = new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(Hashes.hash160(Secp.publicKey(k.secret())))
                    .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
            Block nonSegwit = f.mine(legacy, 0);
            f.mineEmpty(100);
            String a = segwit.coinbase().txid().toHex();
            String b = nonSegwit.coinbase().txid().toHex();
            String out = "[{\"data\":\"00\"}]";

            String created = f.call("createpsbt", "[[{\"txid\":\"" + a + "\",\"vout\":0},{\"txid\":\"" + b + "\",\"vout\":0}], " + out + "]").asText();
            String raw = f.call("createrawtransaction", "[[{\"txid\":\"" + a + "\",\"vout\":0},{\"txid\":\"" + b + "\",\"vout\":0}], " + out + "]").asText();
            JsonNode converted = f.call("converttopsbt", "[\"" + raw + "\"]");
            OpenRpcSchema.assertValidResult("converttopsbt", converted);
            assertThat(converted.asText()).isEqualTo(created);

            // Without -txindex and with nothing in the mempool: the UTXO set, and only for the segwit output.
            JsonNode updated = f.call("decodepsbt", "[\"" + f.call("utxoupdatepsbt", "[\"" + created + "\"]").asText() + "\"]");
            assertThat(updated.at("/inputs/0/witness_utxo/amount").decimalValue()).isEqualByComparingTo("50");
            assertThat(updated.at("/inputs/1").isEmpty()).isTrue();
            assertThat(updated.has("fee")).isFalse();

            // A descriptor adds the key's origin: its own fingerprint and an empty path, as bitcoind writes for a bare key.
            String pub = dev.blocksmith.core.primitives.Hex.encode(Secp.publicKey(k.secret()));
            JsonNode withDesc = f.call("decodepsbt", "[\"" + f.call("utxoupdatepsbt", "[\"" + created + "\", [\"wpkh(" + pub + ")\"]]")
                    .asText() + "\"]");
            JsonNode deriv = withDesc.at("/inputs/0/bip32_derivs/0");
            assertThat(deriv.get("pubkey").asText()).isEqualTo(pub);
            assertThat(deriv.get("master_fingerprint").asText())
                    .isEqualTo(dev.blocksmith.core.primitives.Hex.encode(Hashes.hash160(Secp.publicKey(k.secret()))).substring(0, 8));
            assertThat(deriv.get("path").asText()).isEqualTo("m");
            rpcError(() -> f.call("utxoupdatepsbt", "[\"" + created + "\", [{\"desc\":\"wpkh(" + pub + ")\",\"range\":5}]]"),
                    RpcErrorCode.INVALID_PARAMETER, "Range should not be specified for an un-ranged descriptor");

            // A parent still in the mempool becomes the non-witness UTXO (and, being segwit, the witness UTXO too).
            Transaction unsignedParent = new Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(new OutPoint(segwit.coinbase().txid(), 0),
                    Script.EMPTY, 0xfffffffdL)), List.of(new TxOut(4_999_000_000L, p2wpkh(k))), 0);
            Transaction parent = dev.blocksmith.wallet.sign.TransactionSigner.sign(unsignedParent, List.of(segwit.coinbase().output(0)),
                    java.util.Map.of(0, k), SignatureHasher.SIGHASH_ALL);
            assertThat(f.call("sendrawtransaction", "[\"" + parent.toHex() + "\"]").asText()).isEqualTo(parent.txid().toHex());
            String child = f.call("createpsbt", "[[{\"txid\":\"" + parent.txid().toHex() + "\",\"vout\":0}], " + out + "]").asText();
            JsonNode fromPool = f.call("decodepsbt", "[\"" + f.call("utxoupdatepsbt", "[\"" + child + "\"]").asText() + "\"]");
            assertThat(fromPool.at("/inputs/0/non_witness_utxo/txid").asText()).isEqualTo(parent.txid().toHex());
            assertThat(fromPool.at("/inputs/0/witness_utxo/amount").decimalValue()).isEqualByComparingTo("49.99");
            assertThat(fromPool.get("fee").decimalValue()).isEqualByComparingTo("49.99");

            String other = f.call("createpsbt", "[[{\"txid\":\"" + b + "\",\"vout\":1}], " + out + "]").asText();
            JsonNode joined = f.call("joinpsbts", "[[\"" + created + "\",\"" + other + "\"]]");
            OpenRpcSchema.assertValidResult("joinpsbts", joined);
            assertThat(f.call("decodepsbt", "[\"" + joined.asText() + "\"]").at("/tx/vin")).hasSize(3);
            rpcError(() -> f.call("joinpsbts", "[[\"" + created + "\"]]"), RpcErrorCode.INVALID_PARAMETER,
                    "At least two PSBTs are required to join PSBTs.");
            rpcError(() -> f.call("joinpsbts", "[[\"" + created + "\",\"" + created + "\"]]"), RpcErrorCode.INVALID_PARAMETER,
                    "Input " + a + ":0 exists in multiple PSBTs");

            rpcError(() -> f.call("decodepsbt", "[\"not base64!\"]"), RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed invalid base64");
            String truncated = created.substring(0, 40);
            rpcError(() -> f.call("decodepsbt", "[\"" + truncated + "\"]"), RpcErrorCode.DESERIALIZATION_ERROR,
                    "TX decode failed DataStream::read(): end of data: iostream error");
            rpcError(() -> f.call("decodepsbt", "[42]"), RpcErrorCode.TYPE_ERROR,
                    "Wrong type passed:\n{\n    \"Position 1 (psbt)\": \"JSON value of type number is not of expected type string\"\n}");
            rpcError(() -> f.call("finalizepsbt", "[\"cHNidP8=\"]"), RpcErrorCode.DESERIALIZATION_ERROR,
                    "TX decode failed Separator is missing at the end of the global map: iostream error");
            rpcError(() -> f.call("combinepsbt", "[[]]"), RpcErrorCode.INVALID_PARAMETER, "Parameter 'txs' cannot be empty");
            rpcError(() -> f.call("combinepsbt", "[[\"" + created + "\", 1]]"), RpcErrorCode.TYPE_ERROR,
                    "JSON value of type number is not of expected type string");
            rpcError(() -> f.call("combinepsbt", "[[\"" + created + "\",\"" + other + "\"]]"), RpcErrorCode.INVALID_PARAMETER,
                    "PSBTs not compatible (different transactions)");
            rpcError(() -> f.call("createpsbt", "[[], " + out + ", 0, true, 4]"), RpcErrorCode.INVALID_PARAMETER,
                    "Invalid parameter, version out of range(1~3)");

            Transaction signedSpend = Transaction.fromHex(raw);
            Transaction withSig = new Transaction(signedSpend.version(), List.of(signedSpend.input(0).withScriptSig(
                    new ScriptBuilder().data(new byte[] {1, 2}).build())), signedSpend.outputs(), 0);
            rpcError(() -> f.call("converttopsbt", "[\"" + withSig.toHex() + "\"]"), RpcErrorCode.DESERIALIZATION_ERROR,
                    "Inputs must not have scriptSigs and scriptWitnesses");
            assertThat(f.call("converttopsbt", "[\"" + withSig.toHex() + "\", true]").asText()).startsWith("cHNidP8");
            rpcError(() -> f.call("converttopsbt", "[\"zz\"]"), RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed");
        }
    }
}
