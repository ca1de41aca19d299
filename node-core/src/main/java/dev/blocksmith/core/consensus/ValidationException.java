package dev.blocksmith.core.consensus;

/**
 * A block, header or transaction broke a rule. {@link #reason()} is the reject reason exactly as
 * bitcoind reports it (for example {@code bad-txns-inputs-missingorspent}); {@link #debug()} carries
 * detail for logs.
 */
public final class ValidationException extends Exception {
    /** How the failure affects the peer that sent the object, and whether it may become valid later. */
    public enum Kind {
        /** Invalid by consensus: the sender misbehaved (if it is not a mined block of ours). */
        CONSENSUS,
        /** Fails node policy only (mempool); not a consensus failure. */
        POLICY,
        /** Cannot be judged yet: missing parents, time too far in the future. */
        INCONCLUSIVE,
        /** Already known. */
        DUPLICATE,
        /**
         * A transaction without witness data failed its scripts while spending a witness program (bitcoind's
         * TX_WITNESS_STRIPPED): a relay may have stripped the witness, so the same txid with its witness can
         * still be valid and the failure says nothing about it.
         */
        WITNESS_STRIPPED,
        /**
         * Node policy refuses what the inputs spend or how their scriptSigs spend it (bitcoind's
         * TX_INPUTS_NOT_STANDARD): the witness plays no part, so every transaction with this txid fails too.
         */
        INPUTS_NOT_STANDARD,
        /**
         * A transaction spends an output we do not know (bitcoind's TX_MISSING_INPUTS): an orphan whose
         * parents may still come, or a double spend of a confirmed coin.
         */
        MISSING_INPUTS,
        /**
         * Fails only on fees that a package may make up for (bitcoind's TX_RECONSIDERABLE): below the
         * mempool minimum, or a replacement paying too little on its own. A fee-bumping child may carry it.
         */
        RECONSIDERABLE
    }

    private final String reason;
    private final String debug;
    private final Kind kind;

    public ValidationException(String reason) {
        this(Kind.CONSENSUS, reason, "");
    }

    public ValidationException(String reason, String debug) {
        this(Kind.CONSENSUS, reason, debug);
    }

    public ValidationException(Kind kind, String reason, String debug) {
        super(debug == null || debug.isEmpty() ? reason : reason + ", " + debug);
        this.kind = kind;
        this.reason = reason;
        this.debug = debug == null ? "" : debug;
    }

    public String reason() {
        return reason;
    }

    public String debug() {
        return debug;
    }

    public Kind kind() {
        return kind;
    }

    /** bitcoind's ValidationState::ToString: the reason, then the debug text if any (its log lines print this). */
    public String stateString() {
        return debug.isEmpty() ? reason : reason + ", " + debug;
    }
}
