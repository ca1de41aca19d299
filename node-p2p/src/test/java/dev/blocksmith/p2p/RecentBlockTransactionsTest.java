package dev.blocksmith.p2p;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.InvType;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bitcoind's FindTxForGetData also answers from the most recent block: a peer that saw a transaction announced and
 * asks for it after it was mined still gets it (it may need it for a compact block).
 */
class RecentBlockTransactionsTest {
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    private static Transaction tx(int tag) {
        byte[] prev = new byte[32];
        prev[0] = (byte) tag;
        return new Transaction(2, List.of(new TxIn(new OutPoint(Sha256Hash.wrap(prev), 0), Script.of(new byte[]{0x51}), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(1000, Script.of(new byte[]{0x51}))), 0);
    }

    /** The answer to a getdata before the pong that follows it: the tx, or the notfound. */
    private static Message answer(RawClient c, InvItem item, long nonce) throws IOException {
        c.send(new Message.GetData(List.of(item)));
        c.send(new Message.Ping(nonce));
        while (true) {
            Message m = c.read();
            if (m instanceof Message.Tx || m instanceof Message.NotFound) return m;
            if (m instanceof Message.Pong p && p.nonce() == nonce) return m;
        }
    }

    /** Asks until the answer is of the expected kind or ten seconds have passed; the last answer. */
    private static Message eventually(RawClient c, InvItem item, Class<? extends Message> expected) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Message m;
        long nonce = 100;
        do {
            m = answer(c, item, nonce++);
        } while (!expected.isInstance(m) && System.nanoTime() < deadline);
        return m;
    }

    @Test
    void aTransactionOfTheMostRecentBlockIsServed() throws IOException {
        FakeChain chain = new FakeChain();
        chain.mine(1, 1);
        node = new TestNode(chain, true);
        Transaction mined = tx(1);
        try (RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            Block block = chain.nextBlock(chain.tip().hash(), 2, List.of(mined));
            chain.submitBlock(block);
            // The node learns of the block on its event loop: ask until that has happened.
            assertThat(eventually(c, new InvItem(InvType.MSG_WTX, mined.wtxid()), Message.Tx.class))
                    .isInstanceOfSatisfying(Message.Tx.class, t -> assertThat(t.transaction().txid()).isEqualTo(mined.txid()));
            assertThat(answer(c, new InvItem(InvType.MSG_WITNESS_TX, mined.txid()), 2)).isInstanceOf(Message.Tx.class);
            // A transaction of no recent block is not served.
            assertThat(answer(c, new InvItem(InvType.MSG_WTX, tx(3).wtxid()), 3)).isInstanceOf(Message.NotFound.class);
            // Once another block is the most recent, the older one's transactions are not served either.
            chain.mine(1, 4);
            assertThat(eventually(c, new InvItem(InvType.MSG_WTX, mined.wtxid()), Message.NotFound.class)).isInstanceOf(Message.NotFound.class);
        }
    }
}
