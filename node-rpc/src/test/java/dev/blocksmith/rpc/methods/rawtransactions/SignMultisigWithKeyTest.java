package dev.blocksmith.rpc.methods.rawtransactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.util.CreateMultisigMethod;
import dev.blocksmith.wallet.keys.Secp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * signrawtransactionwithkey on 2-of-3 multisig outputs as rpc_createmultisig.py does it: one key per call
 * gives bitcoind's partial input, combinerawtransaction's merge completes it, and the prevtx's
 * redeemScript/witnessScript are checked with bitcoind's messages.
 */
class SignMultisigWithKeyTest {
    private static final String TO = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    private final ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), (b, s, f) -> { },
            ChainOptions.defaults(), () -> 1_700_000_000L);
    private final RpcMethod sign = new SignRawTransactionWithKeyMethod(Networks.REGTEST, chain.utxoView());
    private final RpcMethod create = new CreateMultisigMethod(Networks.REGTEST);

    private static JsonNode call(RpcMethod m, Object... params) throws RpcException {
        ArrayNode args = RpcJson.array();
        for (Object p : params) args.add(RpcJson.mapper().valueToTree(p));
        return m.execute(new RpcRequest(m.name(), args, m.params(), Optional.empty(), "test"));
    }

    private static PrivateKeyBytes key(int i) {
        return new PrivateKeyBytes(Hashes.sha256(("multisig key " + i).getBytes()), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "p2sh-segwit", "bech32"})
    void partialSignaturesCombineIntoAValidSpend(String type) throws Exception {
        List<String> pubs = new ArrayList<>();
        List<String> wifs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pubs.add(Hex.encode(Secp.publicKey(key(i).secret())));
            wifs.add(Wif.encode(key(i), Networks.REGTEST));
        }
        JsonNode ms = call(create, 2, pubs, type);
        Script spk = Address.decode(ms.get("address").asText(), Networks.REGTEST).toScriptPubKey();
        OutPoint prev = new OutPoint(dev.blocksmith.core.primitives.Sha256Hash.fromHex("11".repeat(32)), 0);
        TxOut spent = new TxOut(100_000, spk);
        Transaction unsigned = new Transaction(2, List.of(new TxIn(prev, Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(90_000, Address.decode(TO, Networks.REGTEST).toScriptPubKey())), 0);
        Map<String, Object> prevtx = new HashMap<>(Map.of("txid", prev.txid().toHex(), "vout", 0, "scriptPubKey", spk.toHex(),
                "amount", "0.00100000", "redeemScript", ms.get("redeemScript").asText()));

        JsonNode one = call(sign, unsigned.toHex(), List.of(wifs.get(0)), List.of(prevtx));
        assertThat(one.get("complete").asBoolean()).isFalse();
        JsonNode two = call(sign, unsigned.toHex(), List.of(wifs.get(2)), List.of(prevtx));
        assertThat(two.get("complete").asBoolean()).isFalse();
        Transaction combined = SignatureCombiner.combine(
                List.of(Transaction.fromHex(one.get("hex").asText()), Transaction.fromHex(two.get("hex").asText())), List.of(spent));
        assertThat(ScriptValidation.uncached().verifyInput(combined, 0, List.of(spent), ScriptFlags.STANDARD,
                new dev.blocksmith.core.script.PrecomputedTransactionData(combined, List.of(spent)), false)).isEqualTo(ScriptError.OK);

        // Both keys at once complete the input; signing the partial one again with the other key does too.
        assertThat(call(sign, unsigned.toHex(), List.of(wifs.get(0), wifs.get(1)), List.of(prevtx)).get("complete").asBoolean()).isTrue();
        assertThat(call(sign, one.get("hex").asText(), List.of(wifs.get(1)), List.of(prevtx)).get("complete").asBoolean()).isTrue();

        Map<String, Object> noScript = new HashMap<>(prevtx);
        noScript.remove("redeemScript");
        assertError(() -> call(sign, unsigned.toHex(), List.of(wifs.get(0)), List.of(noScript)), "Missing redeemScript/witnessScript");
        Map<String, Object> wrong = new HashMap<>(prevtx);
        wrong.put("redeemScript", "6a");
        assertError(() -> call(sign, unsigned.toHex(), List.of(wifs.get(0)), List.of(wrong)),
                "redeemScript/witnessScript does not match scriptPubKey");
        Map<String, Object> mismatch = new HashMap<>(prevtx);
        mismatch.put("witnessScript", ms.get("redeemScript").asText());
        mismatch.put("redeemScript", "6a");
        assertError(() -> call(sign, unsigned.toHex(), List.of(wifs.get(0)), List.of(mismatch)),
                "redeemScript does not correspond to witnessScript");
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertError(Call c, String message) {
        assertThatThrownBy(c::run).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
