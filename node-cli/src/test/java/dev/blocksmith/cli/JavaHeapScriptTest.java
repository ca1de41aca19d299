package dev.blocksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/java-heap.sh, which the launcher and the container's entry point run to size the node's heap (issue 13):
 * it must find -dbcache and -maxmempool where the node finds them and print -Xmx = dbcache + maxmempool + allowance,
 * capped by the memory the process may use. The machine it reads is a stand-in directory (/proc and /sys).
 */
class JavaHeapScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("blocksmith.repo", "..")).toAbsolutePath().normalize()
            .resolve("scripts/java-heap.sh");
    /** Young generation 80 MiB plus the base 64 MiB; the networks' block index on top. */
    private static final int ALLOWANCE = 144;
    private static final int MAIN_BLOCK_INDEX = 512;
    /** -maxmempool's default, 300 MB, in MiB (rounded up). */
    private static final int MEMPOOL = 287;

    @TempDir
    Path tmp;
    private Path home;
    private Path datadir;
    private Path sys;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void machine() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        datadir = Files.createDirectories(home.resolve(".blocksmith"));
        sys = Files.createDirectories(tmp.resolve("sys-root"));
        // 64 GiB of RAM, no cgroup limit.
        write(sys.resolve("proc/meminfo"), "MemTotal:       67108864 kB\nMemFree:        1000 kB\n");
        write(sys.resolve("proc/self/cgroup"), "0::/\n");
        env.put("HOME", home.toString());
        env.put("BLOCKSMITH_HEAP_TEST_ROOT", sys.toString());
    }

    @Test
    void defaultsOnTheMainNetworkIncludeItsBlockIndex() throws Exception {
        assertThat(heap()).isEqualTo(new Heap(450 + MEMPOOL + ALLOWANCE + MAIN_BLOCK_INDEX, 80, 450));
    }

    @Test
    void eachNetworkHasItsBlockIndexAllowance() throws Exception {
        assertThat(heap("-regtest").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE);
        assertThat(heap("-testnet4").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE + 96);
        assertThat(heap("-signet").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE + 160);
        assertThat(heap("-testnet").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE + 2304);
        assertThat(heap("-chain=regtest").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE);
        assertThat(heap("--chain=signet").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE + 160);
        env.put("BLOCKSMITH_REGTEST", "1");
        assertThat(heap().xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE);
        // The command line's -regtest=0 wins over the environment's.
        assertThat(heap("-regtest=0").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE + MAIN_BLOCK_INDEX);
    }

    @Test
    void commandLineWinsOverEnvironmentWhichWinsOverTheConfigurationFile() throws Exception {
        write(datadir.resolve("bitcoin.conf"), "regtest=1\ndbcache=100\nmaxmempool=50\n");
        env.put("BLOCKSMITH_DBCACHE", "200");
        assertThat(heap("-dbcache=300", "--dbcache=400")).isEqualTo(new Heap(400 + 48 + ALLOWANCE, 80, 400));
        assertThat(heap("--dbcache=300")).isEqualTo(new Heap(300 + 48 + ALLOWANCE, 80, 300));
        assertThat(heap()).isEqualTo(new Heap(200 + 48 + ALLOWANCE, 80, 200));
        env.remove("BLOCKSMITH_DBCACHE");
        assertThat(heap()).isEqualTo(new Heap(100 + 48 + ALLOWANCE, 80, 100));
        env.put("BLOCKSMITH_MAXMEMPOOL", "5");
        assertThat(heap().xmx()).isEqualTo(100 + 5 + ALLOWANCE);
        assertThat(heap("-maxmempool=10").xmx()).isEqualTo(100 + 10 + ALLOWANCE);
    }

    @Test
    void theNetworksSectionWinsOverTheTopSectionAndOtherSectionsDoNotCount() throws Exception {
        write(datadir.resolve("bitcoin.conf"), """
                # comment
                dbcache = 100   # trailing comment
                signet.dbcache=250
                [main]
                dbcache=150
                [regtest]
                dbcache=200
                [test]
                dbcache=300
                """);
        assertThat(heap().dbcache()).isEqualTo(150);
        assertThat(heap("-regtest").dbcache()).isEqualTo(200);
        assertThat(heap("-testnet").dbcache()).isEqualTo(300);
        assertThat(heap("-signet").dbcache()).isEqualTo(250);
        assertThat(heap("-testnet4").dbcache()).isEqualTo(100);
    }

    @Test
    void theFirstValueInTheFileWinsAndANegationClearsWhatCameBefore() throws Exception {
        write(datadir.resolve("bitcoin.conf"), "regtest=1\ndbcache=100\ndbcache=200\n");
        assertThat(heap().dbcache()).isEqualTo(100);
        write(datadir.resolve("bitcoin.conf"), "regtest=1\ndbcache=100\nnodbcache=1\ndbcache=300\n");
        assertThat(heap().dbcache()).isEqualTo(300);
        write(datadir.resolve("bitcoin.conf"), "regtest=1\ndbcache=100\nnodbcache=1\n");
        assertThat(heap().dbcache()).isEqualTo(450);
    }

    @Test
    void theNetworkCanComeFromTheFilesTopSectionOnly() throws Exception {
        write(datadir.resolve("bitcoin.conf"), "chain=signet\n[signet]\ndbcache=222\n[regtest]\nregtest=1\n");
        assertThat(heap().dbcache()).isEqualTo(222);
        assertThat(heap().xmx()).isEqualTo(222 + MEMPOOL + ALLOWANCE + 160);
    }

    @Test
    void theFileIsFoundThroughDatadirConfAndTheEnvironment() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        write(other.resolve("bitcoin.conf"), "dbcache=111\n");
        write(other.resolve("my.conf"), "dbcache=122\nincludeconf=extra.conf\n");
        write(other.resolve("extra.conf"), "maxmempool=20\n");
        write(datadir.resolve("blocksmith.conf"), "dbcache=133\n");
        // The older file name is read when bitcoin.conf is missing.
        assertThat(heap().dbcache()).isEqualTo(133);
        assertThat(heap("-datadir=" + other).dbcache()).isEqualTo(111);
        // -conf is relative to the data directory; its includeconf= too.
        assertThat(heap("-datadir=" + other, "-conf=my.conf")).isEqualTo(new Heap(122 + 20 + ALLOWANCE + MAIN_BLOCK_INDEX, 80, 122));
        assertThat(heap("-conf=" + other.resolve("my.conf")).dbcache()).isEqualTo(122);
        assertThat(heap("-datadir=" + other, "-noconf").dbcache()).isEqualTo(450);
        env.put("BLOCKSMITH_DATADIR", other.toString());
        assertThat(heap().dbcache()).isEqualTo(111);
        env.put("BLOCKSMITH_DEFAULT_DATADIR_NAME", "elsewhere");
        env.remove("BLOCKSMITH_DATADIR");
        assertThat(heap().dbcache()).isEqualTo(450);
    }

    @Test
    void valuesTheNodeRejectsCountAsTheDefault() throws Exception {
        write(datadir.resolve("bitcoin.conf"), "dbcache=100\n");
        // The node reports these itself; the launcher must still start it.
        assertThat(heap("-dbcache=abc").dbcache()).isEqualTo(450);
        assertThat(heap("-dbcache=2").dbcache()).isEqualTo(450);
        assertThat(heap("-dbcache=99999999999").dbcache()).isEqualTo(450);
        assertThat(heap("-dbcache=").dbcache()).isEqualTo(450);
        assertThat(heap("-nodbcache").dbcache()).isEqualTo(450);
        assertThat(heap("-maxmempool=lots").xmx()).isEqualTo(100 + MEMPOOL + ALLOWANCE + MAIN_BLOCK_INDEX);
        env.put("BLOCKSMITH_DBCACHE", "1e3");
        assertThat(heap().dbcache()).isEqualTo(450);
    }

    @Test
    void theContainersMemoryLimitCapsTheHeap() throws Exception {
        // A 512 MiB container: 256 MiB are kept outside the heap, nothing is left aside for the UTXO cache (the node
        // gives it half of the heap).
        write(sys.resolve("sys/fs/cgroup/memory.max"), "536870912\n");
        assertThat(heap("-regtest")).isEqualTo(new Heap(256, 80, 0));
        // 2 GiB: room for the main network's defaults; testnet3's block index needs more than the cap of three quarters.
        write(sys.resolve("sys/fs/cgroup/memory.max"), "2147483648\n");
        assertThat(heap()).isEqualTo(new Heap(450 + MEMPOOL + ALLOWANCE + MAIN_BLOCK_INDEX, 80, 450));
        assertThat(heap("-testnet")).isEqualTo(new Heap(1536, 80, 0));
        assertThat(heap("-regtest", "-maxmempool=5", "-dbcache=1000")).isEqualTo(new Heap(1149, 80, 1000));
        // 256 MiB: a quarter, and the young generation at most a third of the heap.
        write(sys.resolve("sys/fs/cgroup/memory.max"), "268435456\n");
        assertThat(heap()).isEqualTo(new Heap(64, 21, 0));
        // "max": no limit there.
        write(sys.resolve("sys/fs/cgroup/memory.max"), "max\n");
        assertThat(heap("-regtest").xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE);
    }

    @Test
    void theTightestLimitOnTheWayToTheRootCounts() throws Exception {
        write(sys.resolve("proc/self/cgroup"), "0::/system.slice/node.service\n");
        write(sys.resolve("sys/fs/cgroup/system.slice/node.service/memory.max"), "max\n");
        write(sys.resolve("sys/fs/cgroup/system.slice/memory.max"), "1073741824\n");
        assertThat(heap().xmx()).isEqualTo(768);
        // Physical memory when it is smaller.
        write(sys.resolve("proc/meminfo"), "MemTotal:         786432 kB\n");
        assertThat(heap().xmx()).isEqualTo(512);
        // cgroup v1's limit.
        Files.delete(sys.resolve("sys/fs/cgroup/system.slice/memory.max"));
        write(sys.resolve("proc/meminfo"), "MemTotal:       67108864 kB\n");
        write(sys.resolve("sys/fs/cgroup/memory/memory.limit_in_bytes"), "1073741824\n");
        assertThat(heap().xmx()).isEqualTo(768);
        write(sys.resolve("sys/fs/cgroup/memory/memory.limit_in_bytes"), "9223372036854771712\n");
        assertThat(heap().xmx()).isEqualTo(450 + MEMPOOL + ALLOWANCE + MAIN_BLOCK_INDEX);
    }

    @Test
    void explainSaysWhereTheNumbersCameFrom() throws Exception {
        write(sys.resolve("sys/fs/cgroup/memory.max"), "536870912\n");
        List<String> lines = run("--explain", "-regtest", "-dbcache=100");
        assertThat(String.join("\n", lines)).contains("network: regtest", "-dbcache: 100 MiB", "memory limit: 512 MiB",
                "heap: 256 MiB (capped");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("-Xmx256m -Xmn80m -Dblocksmith.dbcacheHeapMiB=0");
    }

    /** What the script printed: -Xmx, -Xmn and the heap set aside for the UTXO cache, in MiB. */
    record Heap(int xmx, int xmn, int dbcache) {
    }

    private Heap heap(String... args) throws Exception {
        List<String> lines = run(args);
        assertThat(lines).hasSize(1);
        String[] words = lines.get(0).split(" ");
        assertThat(words).hasSize(3);
        assertThat(words[0]).matches("-Xmx[0-9]+m");
        assertThat(words[1]).matches("-Xmn[0-9]+m");
        assertThat(words[2]).startsWith("-Dblocksmith.dbcacheHeapMiB=");
        return new Heap(Integer.parseInt(words[0].substring(4, words[0].length() - 1)),
                Integer.parseInt(words[1].substring(4, words[1].length() - 1)),
                Integer.parseInt(words[2].substring(words[2].indexOf('=') + 1)));
    }

    private List<String> run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
