package dev.blocksmith.core.mempool;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict on a package (bitcoind's PackageMempoolAcceptResult): a package-wide state and the outcome of
 * each transaction validation reached, by wtxid.
 *
 * @param state whether the package as a whole failed, and how
 * @param reason bitcoind's package reject reason ("conflict-in-package", "transaction failed", ...);
 *     empty when the state is {@link State#VALID}
 * @param debug detail after the reason, or empty
 * @param results by wtxid; transactions validation did not reach have none
 */
public record PackageResult(State state, String reason, String debug, Map<Sha256Hash, TxOutcome> results) {
    public PackageResult {
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /** bitcoind's PackageValidationResult. */
    public enum State {
        /** Nothing failed package-wide (PCKG_RESULT_UNSET). */
        VALID,
        /** The package broke a package rule (PCKG_POLICY): well-formedness, topology, package limits, TRUC. */
        POLICY,
        /** A transaction in it failed (PCKG_TX); its result says why. */
        TX
    }

    static PackageResult valid(Map<Sha256Hash, TxOutcome> results) {
        return new PackageResult(State.VALID, "", "", results);
    }

    static PackageResult policy(String reason, String debug) {
        return new PackageResult(State.POLICY, reason, debug, Map.of());
    }

    static PackageResult txFailed(Map<Sha256Hash, TxOutcome> results) {
        return new PackageResult(State.TX, "transaction failed", "", results);
    }

    /** bitcoind's PackageValidationState::ToString: the reason, then the detail after a comma. */
    public String message() {
        return debug.isEmpty() ? reason : reason + ", " + debug;
    }

    public boolean isValid() {
        return state == State.VALID;
    }

    public Optional<TxOutcome> outcome(Sha256Hash wtxid) {
        return Optional.ofNullable(results.get(wtxid));
    }

    /** One transaction's outcome (bitcoind's MempoolAcceptResult::ResultType). */
    public sealed interface TxOutcome permits Valid, InMempool, DifferentWitness, Invalid {
    }

    /** Passed every check and (unless test-only) entered the mempool (VALID). */
    public record Valid(AcceptResult result) implements TxOutcome {
    }

    /** Already in the mempool before the package came (MEMPOOL_ENTRY): its size and base fee. */
    public record InMempool(Sha256Hash txid, int vsize, long fee) implements TxOutcome {
    }

    /** A transaction with the same txid but another witness is in the mempool (DIFFERENT_WITNESS). */
    public record DifferentWitness(Sha256Hash otherWtxid) implements TxOutcome {
    }

    /** Refused, with bitcoind's reason and kind (INVALID). */
    public record Invalid(ValidationException error) implements TxOutcome {
    }
}
