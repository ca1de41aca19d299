package dev.blocksmith.wallet.ledger;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One transaction the wallet keeps (it pays to our scripts or spends our coins), with where it stands:
 * confirmed in a block of the best chain; pending (unconfirmed, e.g. sent by us or moved back by a reorg);
 * inactive (unconfirmed but out of the mempool for good: replaced there by a conflicting transaction, or
 * abandoned); or conflicted (a confirmed transaction spends one of its inputs, so it can never confirm).
 * Inactive and conflicted transactions neither create coins nor spend them.
 *
 * @param timeReceived unix seconds when the wallet first saw it (Core's timereceived)
 * @param conflictHeight for a conflicted transaction, the height of the block that conflicts it when known
 *     (Core shows minus the depth of that block as its confirmations); derived, not stored
 */
public record WalletTx(Transaction tx, State state, Optional<BlockPosition> block, long timeReceived, Notes notes,
                       OptionalInt conflictHeight) {
    public enum State { CONFIRMED, PENDING, CONFLICTED, INACTIVE }

    /** Where a confirmed transaction sits. */
    public record BlockPosition(Sha256Hash blockHash, int height, int index, long blockTime) {
    }

    /**
     * What the wallet learned about a transaction besides the chain (Core's mapValue entries and flags).
     *
     * @param mempoolReplacement the transaction the mempool took in place of this one (a fee bump, or any
     *     conflicting transaction seen entering it later)
     * @param replacedByTxid bumpfee's "replaced_by_txid"
     * @param replacesTxid bumpfee's "replaces_txid" on the replacement
     * @param abandoned abandontransaction was called on it or an ancestor
     * @param comment the sender's "comment" (sendtoaddress, sendmany), kept by a fee bump
     * @param commentTo the sender's "to" (sendtoaddress's comment_to), kept by a fee bump
     */
    public record Notes(Optional<Sha256Hash> mempoolReplacement, Optional<Sha256Hash> replacedByTxid, Optional<Sha256Hash> replacesTxid,
                        boolean abandoned, Optional<String> comment, Optional<String> commentTo) {
        public static final Notes NONE = new Notes(Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());

        public Notes {
            Objects.requireNonNull(mempoolReplacement);
            Objects.requireNonNull(replacedByTxid);
            Objects.requireNonNull(replacesTxid);
            Objects.requireNonNull(comment);
            Objects.requireNonNull(commentTo);
        }

        public Notes replacedInMempoolBy(Optional<Sha256Hash> txid) {
            return new Notes(txid, replacedByTxid, replacesTxid, abandoned, comment, commentTo);
        }

        public Notes bumpedBy(Sha256Hash txid) {
            return new Notes(Optional.of(txid), Optional.of(txid), replacesTxid, abandoned, comment, commentTo);
        }

        public Notes bumping(Sha256Hash txid) {
            return new Notes(mempoolReplacement, replacedByTxid, Optional.of(txid), abandoned, comment, commentTo);
        }

        public Notes abandon() {
            return new Notes(mempoolReplacement, replacedByTxid, replacesTxid, true, comment, commentTo);
        }

        /** The sender's comments; an empty text is no comment (bitcoind stores only non-empty ones). */
        public Notes withComments(Optional<String> comment, Optional<String> commentTo) {
            return new Notes(mempoolReplacement, replacedByTxid, replacesTxid, abandoned, comment.filter(c -> !c.isEmpty()),
                    commentTo.filter(c -> !c.isEmpty()));
        }

        /** No longer abandoned: bitcoind keeps that flag in the inactive state, which another state replaces. */
        public Notes unabandoned() {
            return new Notes(mempoolReplacement, replacedByTxid, replacesTxid, false, comment, commentTo);
        }

        /** Back in the mempool: bitcoind's new in-mempool state replaces the abandoned one. */
        public Notes backInMempool() {
            return new Notes(Optional.empty(), replacedByTxid, replacesTxid, false, comment, commentTo);
        }
    }

    public WalletTx {
        Objects.requireNonNull(tx);
        Objects.requireNonNull(state);
        Objects.requireNonNull(block);
        Objects.requireNonNull(notes);
        Objects.requireNonNull(conflictHeight);
        if ((state == State.CONFIRMED) != block.isPresent()) throw new IllegalArgumentException("only confirmed transactions have a block");
    }

    public WalletTx(Transaction tx, State state, Optional<BlockPosition> block, long timeReceived) {
        this(tx, state, block, timeReceived, Notes.NONE, OptionalInt.empty());
    }

    public Sha256Hash txid() {
        return tx.txid();
    }

    /** Creates or spends coins: confirmed or pending (Core's neither conflicted nor inactive). */
    public boolean isActive() {
        return state == State.CONFIRMED || state == State.PENDING;
    }

    /**
     * Depth in the best chain whose tip is at {@code tipHeight}: 0 when pending or inactive, and when conflicted
     * minus the depth of the conflicting block (-1 when that is not known).
     */
    public int confirmations(int tipHeight) {
        return switch (state) {
            case CONFIRMED -> tipHeight - block.get().height() + 1;
            case PENDING, INACTIVE -> 0;
            case CONFLICTED -> conflictHeight.isPresent() ? -(tipHeight - conflictHeight.getAsInt() + 1) : -1;
        };
    }

    /**
     * Whether its outputs paying us are listed as received (listtransactions, listsinceblock, gettransaction's
     * details): bitcoind's ListTransactions lists them only at a depth of 0 or more, so not for a transaction a
     * block conflicts (negative depth). An orphaned coinbase is inactive (depth 0) and listed as "orphan".
     */
    public boolean listsReceivedOutputs() {
        return state != State.CONFLICTED;
    }

    public WalletTx confirmedAt(BlockPosition at) {
        return new WalletTx(tx, State.CONFIRMED, Optional.of(at), timeReceived, notes, OptionalInt.empty());
    }

    /** An unconfirmed state; a block position is dropped. */
    public WalletTx withState(State s) {
        return new WalletTx(tx, s, Optional.empty(), timeReceived, notes, OptionalInt.empty());
    }

    public WalletTx conflictedAt(OptionalInt height) {
        return new WalletTx(tx, State.CONFLICTED, Optional.empty(), timeReceived, notes, height);
    }

    public WalletTx withNotes(Notes n) {
        return new WalletTx(tx, state, block, timeReceived, n, conflictHeight);
    }

    /**
     * state(1) | timeReceived(8) [| block hash, height, index, time] | varBytes tx | flags(1) [| replacement
     * txids] [| varBytes UTF-8 comment] [| varBytes UTF-8 comment_to], the trailer absent in files written before it
     * existed.
     */
    public byte[] serialize() {
        ByteWriter w = new ByteWriter();
        w.u8(state.ordinal());
        w.i64le(timeReceived);
        if (block.isPresent()) {
            BlockPosition b = block.get();
            w.hash(b.blockHash()).i32le(b.height()).i32le(b.index()).i64le(b.blockTime());
        }
        w.varBytes(tx.serialize(true));
        int flags = (notes.mempoolReplacement.isPresent() ? 1 : 0) | (notes.replacedByTxid.isPresent() ? 2 : 0)
                | (notes.replacesTxid.isPresent() ? 4 : 0) | (notes.abandoned ? 8 : 0) | (notes.comment.isPresent() ? 16 : 0)
                | (notes.commentTo.isPresent() ? 32 : 0);
        w.u8(flags);
        notes.mempoolReplacement.ifPresent(w::hash);
        notes.replacedByTxid.ifPresent(w::hash);
        notes.replacesTxid.ifPresent(w::hash);
        notes.comment.ifPresent(c -> w.varBytes(c.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        notes.commentTo.ifPresent(c -> w.varBytes(c.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return w.toByteArray();
    }

    public static WalletTx deserialize(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        State s = State.values()[r.u8()];
        long received = r.i64le();
        Optional<BlockPosition> at = Optional.empty();
        if (s == State.CONFIRMED) at = Optional.of(new BlockPosition(r.hash(), r.i32le(), r.i32le(), r.i64le()));
        Transaction tx = Transaction.parse(r.varBytes());
        Notes notes = Notes.NONE;
        if (r.hasRemaining()) {
            int flags = r.u8();
            Optional<Sha256Hash> replacement = (flags & 1) != 0 ? Optional.of(r.hash()) : Optional.empty();
            Optional<Sha256Hash> replacedBy = (flags & 2) != 0 ? Optional.of(r.hash()) : Optional.empty();
            Optional<Sha256Hash> replaces = (flags & 4) != 0 ? Optional.of(r.hash()) : Optional.empty();
            Optional<String> comment = (flags & 16) != 0 ? Optional.of(new String(r.varBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    : Optional.empty();
            Optional<String> commentTo = (flags & 32) != 0 ? Optional.of(new String(r.varBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    : Optional.empty();
            notes = new Notes(replacement, replacedBy, replaces, (flags & 8) != 0, comment, commentTo);
        }
        return new WalletTx(tx, s, at, received, notes, OptionalInt.empty());
    }
}
