package dev.blocksmith.core.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts vector cases and prints the per-file summary the project asks for: run, passed, skipped with reason. */
public final class VectorReport {
    private final String file;
    private int run;
    private int passed;
    private final Map<String, Integer> skipped = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    public VectorReport(String file) {
        this.file = file;
    }

    public void pass() {
        run++;
        passed++;
    }

    public void fail(String message) {
        run++;
        failures.add(message);
    }

    public void check(boolean ok, String message) {
        if (ok) pass();
        else fail(message);
    }

    public void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    /** Prints the summary and fails the test if any case failed (showing the first few). */
    public void finish() {
        int nSkipped = skipped.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder b = new StringBuilder();
        b.append(String.format("[vectors] %s: run=%d passed=%d failed=%d skipped=%d%n", file, run, passed, failures.size(), nSkipped));
        skipped.forEach((reason, n) -> b.append(String.format("[vectors]   skipped %d: %s%n", n, reason)));
        System.out.print(b);
        assertThat(run).as("cases run in " + file).isPositive();
        assertThat(failures()).as(file + " failures (first 25 of " + failures.size() + ")")
                .isEmpty();
    }

    public List<String> failures() {
        return failures.size() > 25 ? failures.subList(0, 25) : failures;
    }
}
