package dev.blocksmith.cli;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.miner.CpuMiner;
import dev.blocksmith.miner.MiningJob;
import dev.blocksmith.miner.Solution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code blocksmith genesis -params=FILE}: mines the genesis block of a custom network with the
 * mining engine and writes its time, nonce and hash back into the params file.
 */
@Command(name = "genesis", sortOptions = false, usageHelpWidth = 110,
        description = "Mine the genesis block of a custom network and record nonce and hash in its params file.")
public final class GenesisCommand implements Callable<Integer> {
    @Option(names = {"-help", "--help", "-h", "-?"}, usageHelp = true, description = "Print this help and exit")
    boolean help;

    @Option(names = {"-params", "--params"}, paramLabel = "FILE", required = true, description = "The network's params file (JSON)")
    Path params;

    @Option(names = {"-threads", "--threads"}, paramLabel = "N", defaultValue = "0", description = "Hashing threads (default: all cores)")
    int threads;

    @Override
    public Integer call() throws Exception {
        CustomNetworks.Loaded loaded;
        try {
            loaded = CustomNetworks.read(params);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        NetworkParams p = loaded.params();
        BlockHeader base = p.genesis().header();
        if (loaded.genesisSolved()) {
            System.out.println("Genesis already solved: " + base.hash() + " (nonce " + base.nonce() + ")");
            return 0;
        }
        int n = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
        CompletableFuture<Solution> found = new CompletableFuture<>();
        // Exhausting the 32-bit nonce moves the timestamp on by one second: the coinbase is fixed.
        MiningJob job = new MiningJob("genesis-" + p.name(), base.time(),
                (extraNonce, time) -> base.withTime(base.time() + extraNonce).withNonce(0));
        long start = System.nanoTime();
        try (CpuMiner miner = CpuMiner.builder().threads(n).onSolution(found::complete).clockSeconds(base::time).build()) {
            miner.start();
            miner.submit(job);
            Solution s = found.get();
            BlockHeader h = s.header();
            double seconds = (System.nanoTime() - start) / 1e9;
            Path tmp = params.resolveSibling(params.getFileName() + ".tmp");
            Files.writeString(tmp, CustomNetworks.pretty(CustomNetworks.withGenesis(loaded.json(), h.time(), h.nonce(), h.hash())));
            Files.move(tmp, params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("Genesis of %s: hash %s nonce %d time %d (%.1f s, %d hashes)%n", p.name(), h.hash(), h.nonce(),
                    h.time(), seconds, miner.totalHashes());
        }
        return 0;
    }
}
