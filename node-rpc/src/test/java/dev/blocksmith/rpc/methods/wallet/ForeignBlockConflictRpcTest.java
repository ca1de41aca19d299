package dev.blocksmith.rpc.methods.wallet;

import static dev.blocksmith.rpc.methods.wallet.WalletRpcFixture.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block transaction that is not the wallet's, spending the input of a payment the wallet received, conflicts that
 * payment (bitcoind's MarkConflicted from AddToWalletIfInvolvingMe); listsinceblock still lists it as removed when
 * its block left the chain (wallet_listsinceblock's double spend).
 */
class ForeignBlockConflictRpcTest {
    @TempDir
    Path dir;
    private WalletRpcFixture f;
    private Script minerA;

    @BeforeEach
    void setUp() throws Exception {
        f = new WalletRpcFixture(dir);
        minerA = f.walletsAAndBMinedToA(102);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Block blockOn(BlockIndex parent, List<Transaction> txs, int tag) throws Exception {
        Block b = TestBlocks.nextBlock(WalletRpcFixture.PARAMS, parent, minerA, txs, 0, tag);
        f.chain().processBlock(b);
        return b;
    }

    @Test
    void aForeignDoubleSpendInTheBestChainConflictsThePaymentWhichListsinceblockStillShowsRemoved() throws Exception {
        String toB = f.call("getnewaddress", "B").asText();
        String paid = f.call("sendtoaddress", "A", toB, 1).asText();
        Transaction payment = Transaction.parse(Hex.decode(f.call("gettransaction", "A", paid).get("hex").asText()));
        // The same coin, paid to a stranger: B has no part in it.
        f.call("createwallet", null, "C");
        String stranger = f.call("getnewaddress", "C").asText();
        var in = payment.inputs().get(0).prevout();
        Transaction unsigned = new Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(in, new dev.blocksmith.core.script.ScriptBuilder().build(),
                0xfffffffdL)), List.of(new dev.blocksmith.core.tx.TxOut(49_0000_0000L, script(stranger))), 0);
        String raw = Hex.encode(unsigned.serialize(true));
        Transaction rival = Transaction.parse(Hex.decode(f.call("signrawtransactionwithwallet", "A", raw).get("hex").asText()));

        f.mine(minerA, 0);
        BlockIndex withPayment = f.chain().tip().index();
        assertThat(f.call("gettransaction", "B", paid).get("confirmations").asInt()).isEqualTo(1);

        // A longer branch from the parent confirms the rival.
        Block first = blockOn(withPayment.prev(), List.of(rival), 9001);
        BlockIndex fork = f.chain().index(first.header().hash()).orElseThrow();
        blockOn(fork, List.of(), 9002);
        assertThat(f.chain().tip().height()).isEqualTo(withPayment.height() + 1);

        JsonNode tx = f.call("gettransaction", "B", paid);
        assertThat(tx.get("confirmations").asInt()).isEqualTo(-2);
        assertThat(f.call("getbalances", "B").get("mine").get("untrusted_pending").decimalValue()).isZero();

        JsonNode since = f.call("listsinceblock", "B", withPayment.hash().toHex());
        assertThat(since.get("removed").findValuesAsText("txid")).contains(paid);
        assertThat(since.get("transactions").findValuesAsText("txid")).doesNotContain(paid);
    }
}
