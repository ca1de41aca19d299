package dev.blocksmith.rpc.methods.rawtransactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.testing.TestWallet;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreateAndSignRawTransactionTest {
    private static final String TO = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    private static JsonNode call(RpcMethod m, Object... params) throws RpcException {
        ArrayNode args = RpcJson.array();
        for (Object p : params) args.add(RpcJson.mapper().valueToTree(p));
        return m.execute(new RpcRequest(m.name(), args, m.params(), Optional.empty(), "test"));
    }

    /** bitcoind's UniValue keeps a repeated key of the outputs object, and createrawtransaction refuses it. */
    @Test
    void repeatedOutputKeysOfTheRequestAreRefused() throws Exception {
        RpcMethod create = new CreateRawTransactionMethod(Networks.REGTEST);
        for (String[] c : new String[][] {{"{\"" + TO + "\":1,\"" + TO + "\":1}", "duplicated address: " + TO},
                {"{\"data\":\"aa\",\"data\":\"bb\"}", "duplicate key: data"}}) {
            JsonNode params = RpcJson.parse("[[]," + c[0] + "]").orElseThrow();
            assertThatThrownBy(() -> create.execute(new RpcRequest(create.name(), (ArrayNode) params, create.params(), Optional.empty(),
                    "test"))).isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(dev.blocksmith.rpc.RpcErrorCode.INVALID_PARAMETER);
                        assertThat(e.getMessage()).isEqualTo("Invalid parameter, " + c[1]);
                    });
        }
        // Without repeats the same outputs are fine.
        assertThat(call(create, List.of(), Map.of(TO, 1)).asText()).isNotEmpty();
        // bitcoind's NormalizeOutputs: an array holds one-key objects only.
        assertThatThrownBy(() -> call(create, List.of(), List.of(Map.of(TO, 1, "data", "00"))))
                .hasMessage("Invalid parameter, key-value pair must contain exactly one key");
        assertThatThrownBy(() -> call(create, List.of(), List.of(List.of("x"))))
                .hasMessage("Invalid parameter, key-value pair not an object as expected");
    }

    /** bitcoind: an explicit replaceable=true needs an input signalling BIP125; left out, nothing is checked. */
    @Test
    void replaceableMustAgreeWithTheSequences() throws Exception {
        RpcMethod create = new CreateRawTransactionMethod(Networks.REGTEST);
        String txid = "11".repeat(32);
        List<Map<String, Object>> finalInput = List.of(Map.of("txid", txid, "vout", 0, "sequence", 0xfffffffeL));
        assertThatThrownBy(() -> call(create, finalInput, Map.of(), 0, true))
                .hasMessage("Invalid parameter combination: Sequence number(s) contradict replaceable option");
        assertThat(call(create, finalInput, Map.of(), 0, false).asText()).isNotEmpty();
        assertThat(call(create, finalInput, Map.of()).asText()).isNotEmpty();
        assertThat(call(create, List.of(Map.of("txid", txid, "vout", 0)), Map.of(), 0, true).asText()).isNotEmpty();
    }

    @Test
    void createSignAndConfirmASpendOfACoinbase() throws Exception {
        try (ParallelScriptVerifier verifier = new ParallelScriptVerifier(new ScriptValidation(new SignatureCache(1000)), 2)) {
            ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(),
                    () -> 1_700_000_000L);
            TestWallet keys = new TestWallet();
            Block first = TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), keys.scriptPubKey(TestWallet.Kind.P2WPKH), List.of(), 0, 1);
            chain.processBlock(first);
            for (int i = 0; i < 100; i++) {
                chain.processBlock(TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), TestBlocks.p2wpkhScript(9), List.of(), 0, 100 + i));
            }
            String wif = Wif.encode(new PrivateKeyBytes(Hashes.sha256("blocksmith test wallet main".getBytes()), true), Networks.REGTEST);
            Transaction cb = first.coinbase();

            RpcMethod create = new CreateRawTransactionMethod(Networks.REGTEST);
            JsonNode raw = call(create, List.of(Map.of("txid", cb.txid().toHex(), "vout", 0)), List.of(Map.of(TO, 49.999)));
            OpenRpcSchema.assertValidResult("createrawtransaction", raw);
            RpcMethod sign = new SignRawTransactionWithKeyMethod(Networks.REGTEST, chain.utxoView());
            JsonNode unsignedResult = call(sign, raw.asText(), List.of());
            assertThat(unsignedResult.get("complete").asBoolean()).isFalse();
            // bitcoind's ParseSighashString: exact names only, and the signature carries the type asked for.
            assertThatThrownBy(() -> call(sign, raw.asText(), List.of(wif), List.of(), "all")).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("'all' is not a valid sighash parameter."));
            JsonNode signedNone = call(sign, raw.asText(), List.of(wif), List.of(), "NONE|ANYONECANPAY");
            assertThat(signedNone.get("complete").asBoolean()).as(signedNone.toString()).isTrue();
            byte[] noneSig = Transaction.fromHex(signedNone.get("hex").asText()).input(0).witness().rawItems().get(0);
            assertThat(noneSig[noneSig.length - 1]).isEqualTo((byte) 0x82);
            JsonNode signed = call(sign, raw.asText(), List.of(wif));
            OpenRpcSchema.assertValidResult("signrawtransactionwithkey", signed);
            assertThat(signed.get("complete").asBoolean()).as(signed.toString()).isTrue();

            Transaction tx = Transaction.fromHex(signed.get("hex").asText());
            chain.processBlock(TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), TestBlocks.p2wpkhScript(9), List.of(tx),
                    100_000, 999));
            assertThat(chain.txLocation(tx.txid())).isPresent();

            assertThatThrownBy(() -> call(create, List.of(), Map.of("notanaddress", 1))).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_ADDRESS_OR_KEY));
            assertThatThrownBy(() -> call(sign, "zz", List.of(wif))).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.code()).isEqualTo(RpcErrorCode.DESERIALIZATION_ERROR));
        }
    }

    /**
     * bitcoind's SignTransaction signs every input whose coin it knows and reports one error per input that
     * fails: an unknown coin does not leave the others unsigned (wallet_signrawtransactionwithwallet's vectors).
     */
    @Test
    void anUnknownCoinDoesNotKeepTheOtherInputsUnsigned() throws Exception {
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), (block, spent, flags) -> { },
                ChainOptions.defaults(), () -> 1_700_000_000L);
        String p2pkhTxid = "9b907ef1e3c26fc71fe4a4b3580bc75264112f95050014157059c736f0202e71";
        String badTxid = "5b8673686910442c644b1f4993d8f7753c7c8fcb5c87ee40d56eaeef25204547";
        RpcMethod create = new CreateRawTransactionMethod(Networks.REGTEST);
        String raw = call(create, List.of(Map.of("txid", p2pkhTxid, "vout", 0), Map.of("txid", badTxid, "vout", 7),
                Map.of("txid", p2pkhTxid, "vout", 1)), Map.of("mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB", 0.1)).asText();
        RpcMethod sign = new SignRawTransactionWithKeyMethod(Networks.REGTEST, chain.utxoView());
        JsonNode r = call(sign, raw, List.of("cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N"), List.of(
                Map.of("txid", p2pkhTxid, "vout", 0, "scriptPubKey", "76a91460baa0f494b38ce3c940dea67f3804dc52d1fb9488ac"),
                Map.of("txid", badTxid, "vout", 7, "scriptPubKey", "badbadbadbad")));
        assertThat(r.get("complete").asBoolean()).isFalse();
        assertThat(r.get("errors")).hasSize(2);
        assertThat(r.at("/errors/0/txid").asText()).isEqualTo(badTxid);
        assertThat(r.at("/errors/0/vout").asInt()).isEqualTo(7);
        assertThat(r.at("/errors/1/vout").asInt()).isEqualTo(1);
        assertThat(r.at("/errors/1/error").asText()).isEqualTo("Input not found or already spent");
        assertThat(Transaction.fromHex(r.get("hex").asText()).input(0).scriptSig().isEmpty()).isFalse();
    }
}
