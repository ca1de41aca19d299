package dev.blocksmith.core.psbt;

/**
 * Bytes that are not a valid PSBT. The reason uses bitcoind's words so the RPC layer can answer with
 * its exact "TX decode failed ..." message; {@link #bitcoindText()} adds the suffix libstdc++ gives a
 * {@code std::ios_base::failure}, which bitcoind on Linux prints.
 */
public final class PsbtDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean streamFailure;

    /**
     * @param reason what bitcoind's PSBT decoder reports
     * @param streamFailure whether bitcoind raises it as a stream failure (most decoding errors) rather than
     *     returning it as plain text ("extra data after PSBT")
     */
    public PsbtDecodeException(String reason, boolean streamFailure) {
        super(reason, null, false, false);
        this.streamFailure = streamFailure;
    }

    static PsbtDecodeException stream(String reason) {
        return new PsbtDecodeException(reason, true);
    }

    /** The reason as bitcoind prints it after "TX decode failed ". */
    public String bitcoindText() {
        return streamFailure ? getMessage() + ": iostream error" : getMessage();
    }
}
