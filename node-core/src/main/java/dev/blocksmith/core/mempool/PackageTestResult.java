package dev.blocksmith.core.mempool;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict of a package test-accept (bitcoind's PackageMempoolAcceptResult with test_accept).
 *
 * @param packageError a package-wide policy failure ("package-not-sorted", "conflict-in-package", ...);
 *     then no transaction has a result
 * @param results by wtxid, for the transactions whose validation finished: those that passed and the
 *     one that failed; transactions validation did not reach have none
 */
public record PackageTestResult(Optional<String> packageError, Map<Sha256Hash, Outcome> results) {
    public PackageTestResult {
        results = Map.copyOf(results);
    }

    /** One transaction's result: accepted, or refused with bitcoind's reason. */
    public sealed interface Outcome permits Accepted, Rejected {
    }

    public record Accepted(AcceptResult result) implements Outcome {
    }

    public record Rejected(ValidationException error) implements Outcome {
    }
}
