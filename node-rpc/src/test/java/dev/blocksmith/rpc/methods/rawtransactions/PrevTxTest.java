package dev.blocksmith.rpc.methods.rawtransactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bitcoind's ParsePrevouts and its "Missing amount" failure (wallet_signrawtransactionwithwallet). */
class PrevTxTest {
    private static final String TXID = "1d1d4e24ed99057e84c3f80fd8fbec79ed9e1acee37da269356ecea000000000";
    private static final String P2WPKH = "0014" + "11".repeat(20);

    private static PrevTx parse(String json) throws RpcException {
        return PrevTx.parse(RpcJson.parse(json).orElseThrow());
    }

    @Test
    void eachMissingFieldIsNamedAsATypeError() {
        for (String[] c : new String[][] {
                {"{\"txid\":\"" + TXID + "\",\"scriptPubKey\":\"" + P2WPKH + "\",\"amount\":1}", "Missing vout"},
                {"{\"scriptPubKey\":\"" + P2WPKH + "\",\"vout\":3,\"amount\":1}", "Missing txid"},
                {"{\"txid\":\"" + TXID + "\",\"vout\":3,\"amount\":1}", "Missing scriptPubKey"},
                {"{\"txid\":\"" + TXID + "\",\"scriptPubKey\":\"" + P2WPKH + "\",\"vout\":\"3\"}",
                        "JSON value of type string for field vout is not of expected type number"}}) {
            assertThatThrownBy(() -> parse(c[0])).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(RpcErrorCode.TYPE_ERROR);
                assertThat(e.getMessage()).isEqualTo(c[1]);
            });
        }
    }

    @Test
    void withoutAnAmountASignedSegwitInputFailsTheCall() throws Exception {
        PrevTx noAmount = parse("{\"txid\":\"" + TXID + "\",\"scriptPubKey\":\"" + P2WPKH + "\",\"vout\":3}");
        assertThat(noAmount.output().value()).isEqualTo(Amount.MAX_MONEY);
        assertThat(parse("{\"txid\":\"" + TXID + "\",\"scriptPubKey\":\"" + P2WPKH + "\",\"vout\":3,\"amount\":1}").output().value())
                .isEqualTo(Amount.COIN);
        TxIn in = new TxIn(noAmount.outPoint(), Script.EMPTY, 1000);
        Transaction unsigned = new Transaction(2, List.of(in), List.of(new TxOut(1, Script.EMPTY)), 0);
        assertThat(PrevTx.missingAmount(unsigned, List.of(noAmount.output()))).isEmpty();
        Transaction withWitness = new Transaction(2, List.of(in.withWitness(Witness.of(List.of(new byte[] {1})))),
                unsigned.outputs(), 0);
        assertThat(PrevTx.missingAmount(withWitness, List.of(noAmount.output()))).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.TYPE_ERROR);
            assertThat(e.getMessage()).isEqualTo("Missing amount for CTxOut(nValue=21000000.00000000, scriptPubKey=0014" + "1".repeat(26) + ")");
        });
    }
}
