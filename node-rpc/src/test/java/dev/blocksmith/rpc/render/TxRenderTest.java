package dev.blocksmith.rpc.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TxRenderTest {
    private static final String PUBKEY = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private static final List<Script> SCRIPTS = List.of(
            Script.fromHex("0014" + "11".repeat(20)),                                      // P2WPKH
            Script.fromHex("5120" + PUBKEY.substring(2)),                                 // P2TR
            Script.fromHex("76a914" + "22".repeat(20) + "88ac"),                           // P2PKH
            Script.fromHex("21" + PUBKEY + "ac"),                                          // bare key
            Script.fromHex("5121" + PUBKEY + "21" + PUBKEY + "52ae"),                      // 1-of-2 multisig
            Script.fromHex("6a0568656c6c6f"),                                              // OP_RETURN
            Script.fromHex("0020" + "33".repeat(32)));                                     // P2WSH

    /** Bytes 0..31: shown reversed, so a hash written in its internal order would not pass. */
    private static final Sha256Hash PREVOUT = Sha256Hash.wrap(java.util.stream.IntStream.range(0, 32)
            .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::write, (x, y) -> { }).toByteArray());

    private static Transaction spend() {
        TxIn a = new TxIn(new OutPoint(PREVOUT, 1), Script.EMPTY, 0xfffffffdL)
                .withWitness(Witness.of(new byte[] {0x30, 0x44, 0x01}, new byte[33]));
        TxIn b = new TxIn(new OutPoint(Sha256Hash.wrap(new byte[32]), 2), Script.fromHex("0151"), 0xffffffffL);
        List<TxOut> outs = SCRIPTS.stream().map(s -> new TxOut(12_345_678L, s)).toList();
        return new Transaction(2, List.of(a, b), outs, 0);
    }

    private static String streamed(Transaction tx, Optional<List<Coin>> spent, boolean prevout) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = RpcJson.mapper().getFactory().createGenerator(bytes)) {
            TxRender.write(out, tx, Networks.REGTEST, Optional.of(Sha256Hash.wrap(new byte[32])), spent, prevout, true);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theStreamedTextIsTheTreeWrittenOut() throws Exception {
        Transaction tx = spend();
        Optional<List<Coin>> spent = Optional.of(List.of(new Coin(new TxOut(20_000_000L, SCRIPTS.get(0)), 7, false),
                new Coin(new TxOut(5_000_000L, SCRIPTS.get(3)), 8, true)));
        for (boolean prevout : new boolean[] {false, true}) {
            String text = streamed(tx, spent, prevout);
            ObjectNode tree = TxRender.toJson(tx, Networks.REGTEST, Optional.of(Sha256Hash.wrap(new byte[32])), spent, prevout, true);
            assertThat(text).isEqualTo(RpcJson.write(tree));
            JsonNode parsed = RpcJson.parse(text).orElseThrow();
            assertThat(parsed.get("hex").asText()).isEqualTo(tx.toHex());
            assertThat(parsed.get("txid").asText()).isEqualTo(tx.txid().toHex());
            assertThat(parsed.get("hash").asText()).isEqualTo(tx.wtxid().toHex());
            assertThat(parsed.get("vin").get(0).get("txid").asText()).isEqualTo(PREVOUT.toHex())
                    .startsWith("1f1e1d");
            assertThat(parsed.get("vin").get(0).get("txinwitness").get(0).asText()).isEqualTo("304401");
            assertThat(parsed.get("vin").get(1).get("scriptSig").get("hex").asText()).isEqualTo("0151");
            assertThat(parsed.get("vout").get(1).get("scriptPubKey").get("hex").asText()).isEqualTo("5120" + PUBKEY.substring(2));
            // bitcoind's ValueFromAmount: eight decimals, never exponent notation.
            assertThat(text).contains("\"value\":0.12345678,").contains("\"fee\":-0.61419746,");
        }
    }

    @Test
    void aScriptPubKeyHasTheAddressOnlyWhenBitcoindShowsOne() {
        for (Script s : SCRIPTS) {
            ObjectNode o = ScriptRender.scriptPubKey(s, Networks.REGTEST);
            boolean withAddress = o.has("address");
            String type = o.get("type").asText();
            assertThat(withAddress).as(type).isEqualTo(!type.equals("pubkey") && !type.equals("multisig") && !type.equals("nulldata"));
            if (withAddress) {
                String desc = o.get("desc").asText();
                assertThat(desc.startsWith("addr(" + o.get("address").asText() + ")#") || desc.startsWith("rawtr(")).as(desc).isTrue();
            }
        }
    }
}
