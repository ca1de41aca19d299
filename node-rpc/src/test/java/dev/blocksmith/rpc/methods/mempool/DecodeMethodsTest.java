package dev.blocksmith.rpc.methods.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import dev.blocksmith.wallet.keys.Secp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** decoderawtransaction and decodescript on regtest. */
class DecodeMethodsTest {
    @TempDir
    Path dir;
    private MempoolRpcFixture f;
    private final byte[] pubA = Secp.publicKey(Hashes.sha256("a".getBytes()));
    private final byte[] pubB = Secp.publicKey(Hashes.sha256("b".getBytes()));

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolRpcFixture(dir.resolve("mempool.dat"));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private JsonNode decodeScript(Script s) throws RpcException {
        JsonNode r = f.call("decodescript", "[\"" + s.toHex() + "\"]");
        OpenRpcSchema.assertValidResult("decodescript", r);
        return r;
    }

    @Test
    void decodesASignedWitnessTransaction() throws Exception {
        Transaction tx = f.spend(f.coinbase(1), 1_000);
        JsonNode r = f.call("decoderawtransaction", "[\"" + tx.toHex() + "\"]");
        OpenRpcSchema.assertValidResult("decoderawtransaction", r);
        assertThat(r.get("txid").asText()).isEqualTo(tx.txid().toHex());
        assertThat(r.get("hash").asText()).isEqualTo(tx.wtxid().toHex());
        assertThat(r.has("hex")).isFalse();
        assertThat(r.get("vin").get(0).get("txinwitness").size()).isEqualTo(2);
        assertThat(r.get("vout").get(0).get("scriptPubKey").get("type").asText()).isEqualTo("witness_v0_keyhash");
        assertThatThrownBy(() -> f.call("decoderawtransaction", "[\"" + tx.toHex() + "\", false]"))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.DESERIALIZATION_ERROR);
                    assertThat(e.getMessage()).isEqualTo("TX decode failed");
                });
    }

    @Test
    void aLegacyTransactionWithoutInputsDecodesUnlessForcedToWitness() throws Exception {
        Transaction noInputs = new Transaction(2, List.of(), List.of(new TxOut(5_000, f.p2wpkh)), 0);
        String hex = Hex.encode(noInputs.serialize(false));
        JsonNode r = f.call("decoderawtransaction", "[\"" + hex + "\"]");
        OpenRpcSchema.assertValidResult("decoderawtransaction", r);
        assertThat(r.get("vin").size()).isZero();
        assertThat(r.get("vout").get(0).get("value").toString()).isEqualTo("0.00005000");
        assertThat(f.call("decoderawtransaction", "[\"" + hex + "\", false]")).isEqualTo(r);
        assertThatThrownBy(() -> f.call("decoderawtransaction", "[\"" + hex + "\", true]")).isInstanceOf(RpcException.class);
        // sendrawtransaction decodes it the same way and the mempool refuses it by consensus.
        assertThatThrownBy(() -> f.call("sendrawtransaction", "[\"" + hex + "\"]"))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.VERIFY_REJECTED);
                    assertThat(e.getMessage()).isEqualTo("bad-txns-vin-empty");
                });
    }

    @Test
    void pubkeyHashWrapsInP2shAndP2wpkh() throws Exception {
        byte[] hash = Hashes.hash160(pubA);
        Script p2pkh = new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(hash).op(Opcodes.OP_EQUALVERIFY)
                .op(Opcodes.OP_CHECKSIG).build();
        JsonNode r = decodeScript(p2pkh);
        assertThat(r.get("type").asText()).isEqualTo("pubkeyhash");
        assertThat(r.get("asm").asText()).isEqualTo("OP_DUP OP_HASH160 " + Hex.encode(hash) + " OP_EQUALVERIFY OP_CHECKSIG");
        assertThat(r.get("address").asText()).startsWith("m").hasSize(34);
        assertThat(r.get("p2sh").asText()).startsWith("2");
        JsonNode segwit = r.get("segwit");
        assertThat(segwit.get("type").asText()).isEqualTo("witness_v0_keyhash");
        assertThat(segwit.get("hex").asText()).isEqualTo("0014" + Hex.encode(hash));
        assertThat(segwit.get("desc").asText()).startsWith("addr(" + segwit.get("address").asText() + ")#");
        assertThat(segwit.get("p2sh-segwit").asText()).startsWith("2");
    }

    @Test
    void multisigWrapsInP2wshWithItsDescriptor() throws Exception {
        Script multi = new ScriptBuilder().op(Opcodes.OP_1).data(pubA).data(pubB).op(Opcodes.OP_2).op(Opcodes.OP_CHECKMULTISIG).build();
        JsonNode r = decodeScript(multi);
        assertThat(r.get("type").asText()).isEqualTo("multisig");
        assertThat(r.has("address")).isFalse();
        assertThat(r.get("desc").asText()).startsWith("multi(1," + Hex.encode(pubA) + "," + Hex.encode(pubB) + ")#");
        JsonNode segwit = r.get("segwit");
        assertThat(segwit.get("type").asText()).isEqualTo("witness_v0_scripthash");
        assertThat(segwit.get("hex").asText()).isEqualTo("0020" + Hex.encode(Hashes.sha256(multi.rawBytes())));
        assertThat(segwit.get("address").asText()).startsWith("bcrt1q");
        assertThat(segwit.get("desc").asText()).startsWith("wsh(multi(1," + Hex.encode(pubA) + "," + Hex.encode(pubB) + "))#");
    }

    @Test
    void outputsInTheirOwnRightAreNotWrapped() throws Exception {
        JsonNode opReturn = decodeScript(new ScriptBuilder().op(Opcodes.OP_RETURN).data(new byte[] {1, 2}).build());
        assertThat(opReturn.get("type").asText()).isEqualTo("nulldata");
        assertThat(opReturn.has("p2sh")).isFalse();

        JsonNode p2wpkh = decodeScript(f.p2wpkh);
        assertThat(p2wpkh.get("type").asText()).isEqualTo("witness_v0_keyhash");
        assertThat(p2wpkh.has("p2sh")).isTrue();
        assertThat(p2wpkh.has("segwit")).isFalse();

        JsonNode uncompressedKey = decodeScript(new ScriptBuilder().data(Secp.publicKeyUncompressed(Hashes.sha256("a".getBytes())))
                .op(Opcodes.OP_CHECKSIG).build());
        assertThat(uncompressedKey.get("type").asText()).isEqualTo("pubkey");
        assertThat(uncompressedKey.has("address")).isFalse();
        assertThat(uncompressedKey.has("p2sh")).isTrue();
        assertThat(uncompressedKey.has("segwit")).isFalse();

        JsonNode tapscriptOnly = decodeScript(new ScriptBuilder().op(Opcodes.OP_1).op(Opcodes.OP_CHECKSIGADD).build());
        assertThat(tapscriptOnly.has("p2sh")).isFalse();

        JsonNode empty = f.call("decodescript", "[\"\"]");
        OpenRpcSchema.assertValidResult("decodescript", empty);
        assertThat(empty.get("type").asText()).isEqualTo("nonstandard");
        assertThat(empty.get("segwit").get("type").asText()).isEqualTo("witness_v0_scripthash");
        assertThat(empty.get("segwit").get("desc").asText()).startsWith("addr(");

        assertThatThrownBy(() -> f.call("decodescript", "[\"zz\"]")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).isEqualTo("argument must be hexadecimal string (not 'zz') and length of it must be divisible by 2");
        });
    }
}
