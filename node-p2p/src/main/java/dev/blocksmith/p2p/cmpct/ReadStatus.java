package dev.blocksmith.p2p.cmpct;

/** bitcoind's ReadStatus of compact block reconstruction. */
public enum ReadStatus {
    OK,
    /** The peer sent something no honest peer sends: it is punished. */
    INVALID,
    /** Reconstruction did not work out (a short-id collision, a mutated result): the full block is fetched. */
    FAILED
}
