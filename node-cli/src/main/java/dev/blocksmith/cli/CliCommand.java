package dev.blocksmith.cli;

import dev.blocksmith.cli.bitcoincli.BitcoinCli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code blocksmith cli [OPTIONS] METHOD ARGS...}: bitcoin-cli for a Blocksmith (or any bitcoind-compatible) node.
 * bitcoin-cli's command line follows bitcoind's argument rules rather than picocli's, so {@link Main} hands the
 * arguments to {@link BitcoinCli} unparsed; this entry only lists the command in {@code blocksmith --help} and
 * passes through when the command tree is driven directly.
 */
@Command(name = "cli", description = "Send a JSON-RPC command to a running node, as bitcoin-cli does (bitcoin-cli's options, "
        + "bitcoin.conf, -getinfo, -netinfo, -generate, -named, -stdin, -rpcwait...).")
public final class CliCommand implements Callable<Integer> {
    @Unmatched
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() {
        return BitcoinCli.run(words.toArray(String[]::new), System.getenv(), System.in, System.out, System.err);
    }
}
