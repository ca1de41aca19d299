package dev.blocksmith.wallet.ledger;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.Objects;
import java.util.Optional;

/**
 * One transaction the wallet keeps (it pays to our scripts or spends our coins), with where it stands:
 * confirmed in a block of the best chain, pending (unconfirmed, e.g. sent by us or moved back by a reorg),
 * or conflicted (a confirmed transaction spends one of its inputs, so it can never confirm).
 *
 * @param timeReceived unix seconds when the wallet first saw it (Core's timereceived)
 */
public record WalletTx(Transaction tx, State state, Optional<BlockPosition> block, long timeReceived) {
    public enum State { CONFIRMED, PENDING, CONFLICTED }

    /** Where a confirmed transaction sits. */
    public record BlockPosition(Sha256Hash blockHash, int height, int index, long blockTime) {
    }

    public WalletTx {
        Objects.requireNonNull(tx);
        Objects.requireNonNull(state);
        Objects.requireNonNull(block);
        if ((state == State.CONFIRMED) != block.isPresent()) throw new IllegalArgumentException("only confirmed transactions have a block");
    }

    public Sha256Hash txid() {
        return tx.txid();
    }

    /** Depth in the best chain whose tip is at {@code tipHeight}: 0 when pending, -1 when conflicted (as Core). */
    public int confirmations(int tipHeight) {
        return switch (state) {
            case CONFIRMED -> tipHeight - block.get().height() + 1;
            case PENDING -> 0;
            case CONFLICTED -> -1;
        };
    }

    public WalletTx confirmedAt(BlockPosition at) {
        return new WalletTx(tx, State.CONFIRMED, Optional.of(at), timeReceived);
    }

    public WalletTx withState(State s) {
        return new WalletTx(tx, s, Optional.empty(), timeReceived);
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter();
        w.u8(state.ordinal());
        w.i64le(timeReceived);
        if (block.isPresent()) {
            BlockPosition b = block.get();
            w.hash(b.blockHash()).i32le(b.height()).i32le(b.index()).i64le(b.blockTime());
        }
        w.varBytes(tx.serialize(true));
        return w.toByteArray();
    }

    public static WalletTx deserialize(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        State s = State.values()[r.u8()];
        long received = r.i64le();
        Optional<BlockPosition> at = Optional.empty();
        if (s == State.CONFIRMED) at = Optional.of(new BlockPosition(r.hash(), r.i32le(), r.i32le(), r.i64le()));
        Transaction tx = Transaction.parse(r.varBytes());
        return new WalletTx(tx, s, at, received);
    }
}
