package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Bitcoin Core's own functional tests against Blocksmith: the subset named in
 * {@code node-it/core-functional/ci-subset.txt}, run unchanged through {@code scripts/bitcoind} and
 * {@code scripts/bitcoin-cli} by {@code node-it/core-functional/run.sh}. The suite is read from
 * {@code ../shared/core-functional} beside the project (or {@code CORE_FUNCTIONAL_DIR}); where it or a
 * Python 3 is missing the test is skipped, saying so.
 */
class CoreFunctionalIT {
    @Test
    void coreFunctionalSubsetPasses() throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("blocksmith.repo", "..")).toAbsolutePath().normalize();
        String fromEnv = System.getenv("CORE_FUNCTIONAL_DIR");
        Path suite = fromEnv != null ? Path.of(fromEnv) : repo.resolve("../shared/core-functional").normalize();
        Assumptions.assumeTrue(Files.isDirectory(suite.resolve("test/functional")),
                "Bitcoin Core's functional test suite is not at " + suite + " (set CORE_FUNCTIONAL_DIR to run it)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || onPath("python3"),
                "no python3 on this machine to run Bitcoin Core's functional tests");

        Path out = repo.resolve("node-it/target/core-functional-ci");
        Path log = repo.resolve("node-it/target/core-functional-ci.log");
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("node-it/core-functional/run.sh").toString(),
                "-j", "2", "--file", repo.resolve("node-it/core-functional/ci-subset.txt").toString())
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CORE_FUNCTIONAL_DIR", suite.toString());
        pb.environment().put("CORE_FUNCTIONAL_OUT", out.toString());
        Process p = pb.start();
        boolean finished = p.waitFor(40, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.forEach(l -> System.out.println("core-functional | " + l));
        assertThat(finished).as("the Core subset finished within 40 minutes").isTrue();
        // The failing tests' own lines lead the message: CI shows only the end of the build's output.
        String failed = lines.stream().filter(l -> l.matches("\\S+\\s+failed\\b.*")).collect(Collectors.joining("; "));
        assertThat(p.exitValue()).as("every test of ci-subset.txt passed; failed: [%s] (logs in %s/failed)", failed, out).isZero();
        assertThat(String.join("\n", lines)).contains(" passed, 0 failed");
    }

    private static boolean onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) if (Files.isExecutable(Path.of(dir, exe))) return true;
        return false;
    }
}
