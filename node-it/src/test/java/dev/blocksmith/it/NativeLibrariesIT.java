package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JNI libraries of RocksDB, secp256k1 and sqlite load in place from the distribution's native/ directory
 * (scripts/native-libs.sh): a node started by the launcher writes no copy of them into its temporary directory, where a
 * node killed with kill -9 used to leave one behind at every start (17 MB for RocksDB).
 */
class NativeLibrariesIT {
    @TempDir
    Path dir;

    @Test
    void launcherLoadsTheNativeLibrariesInPlaceAndAKilledNodeLeavesNoCopyBehind() throws Exception {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").equals("Linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "the distribution carries the libraries for Linux x86_64 and aarch64 only");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        // The JVM takes java.io.tmpdir from its option, not from TMPDIR: both point at the private directory.
        Map<String, String> env = Map.of("TMPDIR", tmp.toString(), "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp,
                "BLOCKSMITH_CDS", "0");
        String maps;
        try (NodeProcess node = new NodeProcess(dir.resolve("node"), "regtest", List.of()).viaLauncher(env).start()) {
            node.rpc("createwallet", "w"); // opens the wallet's sqlite file: loads sqlite's library
            node.rpc("generatetoaddress", 1, node.rpc("getnewaddress").asText());
            maps = Files.readString(Path.of("/proc", Long.toString(node.pid()), "maps"));
            node.kill();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("left in the node's temporary directory")
                    .noneMatch(name -> name.contains(".so") || name.contains("rocksdb") || name.contains("secp256k1")
                            || name.contains("sqlite"));
        }
        Path nativeDir = NodeProcess.distribution().resolve("native");
        assertThat(maps.lines().filter(line -> line.contains(nativeDir.toString())))
                .as("libraries mapped from %s", nativeDir)
                .anyMatch(line -> line.contains("/librocksdbjni-linux"))
                .anyMatch(line -> line.endsWith("/libsecp256k1-jni.so"))
                .anyMatch(line -> line.endsWith("/libsqlitejdbc.so"));
    }
}
