package dev.blocksmith.cli.options;

import dev.blocksmith.cli.config.ConfigException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which network and where its data lives: {@code -datadir}, {@code -conf}, {@code -chain} and shortcuts. */
public final class ChainSelectionOptions {
    @Option(names = {"-datadir", "--datadir"}, paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:HOME:-${sys:user.home}}/${env:BLOCKSMITH_DEFAULT_DATADIR_NAME:-.blocksmith}")
    Path datadir;

    @Option(names = {"-conf", "--conf"}, paramLabel = "FILE",
            description = "Configuration file, relative to the datadir unless absolute (default: blocksmith.conf)")
    Path conf;

    @Option(names = {"-settings", "--settings"}, paramLabel = "FILE",
            description = "Read-write settings file (bitcoind's settings.json: the wallets to load at start), relative to the network directory; -nosettings: none (default: settings.json)")
    String settings;

    /** The settings file Main resolved and initialised; empty with -nosettings (or when the node was not started through Main). */
    public Optional<Path> settingsFile() {
        return settings == null || settings.isEmpty() ? Optional.empty() : Optional.of(Path.of(settings));
    }

    @Option(names = {"-chain", "--chain"}, paramLabel = "NAME|FILE",
            description = "main, testnet4, signet, regtest, or a custom network params file (JSON)")
    String chain;

    @Option(names = {"-params", "--params"}, paramLabel = "FILE", description = "Custom network params file (same as -chain=FILE)")
    Path params;

    @Option(names = {"-regtest", "--regtest"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", description = "Use the regression test network")
    Boolean regtest;

    @Option(names = {"-testnet", "--testnet"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", description = "Use testnet3")
    Boolean testnet;

    @Option(names = {"-testnet4", "--testnet4"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", description = "Use testnet4")
    Boolean testnet4;

    @Option(names = {"-signet", "--signet"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", description = "Use the default signet")
    Boolean signet;

    @Option(names = {"-signetchallenge", "--signetchallenge"}, paramLabel = "HEX",
            description = "Custom signet: the block challenge script (hex); signet only")
    java.util.List<String> signetchallenge = new java.util.ArrayList<>();

    @Option(names = {"-signetseednode", "--signetseednode"}, paramLabel = "HOST[:PORT]",
            description = "Custom signet: a seed node (replaces the default signet's seeds). Repeatable")
    java.util.List<String> signetseednode;

    @Option(names = {"-testactivationheight", "--testactivationheight"}, paramLabel = "NAME@HEIGHT",
            description = "Regtest only: activate a buried deployment (segwit, bip34, dersig, cltv, csv) at this height. Repeatable")
    java.util.List<String> testactivationheight = new java.util.ArrayList<>();

    /**
     * The network with the options that change its rules: a custom signet's challenge and seeds, regtest's
     * activation heights; bitcoind's errors where they do not apply.
     */
    public dev.blocksmith.core.params.NetworkParams params() throws ConfigException {
        dev.blocksmith.core.params.NetworkParams p = dev.blocksmith.cli.NetworkResolver.resolve(chainName());
        if (p.name().equals("signet")) {
            try {
                p = dev.blocksmith.core.params.SignetOptions.parse(signetchallenge,
                        java.util.Optional.ofNullable(signetseednode)).params();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        if (!testactivationheight.isEmpty()) {
            if (!p.name().equals("regtest")) {
                throw new ConfigException("-testactivationheight can only be used on regtest");
            }
            try {
                p = p.withActivationHeights(dev.blocksmith.core.params.TestActivationHeights.parse(testactivationheight));
            } catch (dev.blocksmith.core.params.TestActivationHeights.InvalidActivationHeightException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        return p;
    }

    @Option(names = {"-minimumchainwork", "--minimumchainwork"}, paramLabel = "HEX",
            description = "Minimum work assumed to exist on a valid chain in hex (default: the network's)")
    String minimumchainwork;

    /**
     * The network's parameters with -minimumchainwork applied (bitcoind: below it, headers are only
     * pre-synchronised and unrequested blocks are not stored).
     */
    public dev.blocksmith.core.params.NetworkParams applyOverrides(dev.blocksmith.core.params.NetworkParams params) throws ConfigException {
        dev.blocksmith.core.params.NetworkParams p = params;
        if (minimumchainwork != null) {
            // bitcoind's uint256::FromUserHex: an optional "0x", then up to 64 hex digits (none is zero).
            String hex = minimumchainwork.startsWith("0x") ? minimumchainwork.substring(2) : minimumchainwork;
            if (hex.length() > 64 || !hex.matches("[0-9a-fA-F]*")) {
                throw new ConfigException("Invalid minimum work specified (" + minimumchainwork + "), must be up to 64 hex digits");
            }
            p = p.toBuilder().minimumChainWork(hex.isEmpty() ? java.math.BigInteger.ZERO : new java.math.BigInteger(hex, 16)).build();
        }
        if (assumevalid != null) p = p.toBuilder().assumeValid(parseAssumeValid(assumevalid)).build();
        return p;
    }

    @Option(names = {"-assumevalid", "--assumevalid"}, paramLabel = "HEX",
            description = "If this block is in the chain assume that it and its ancestors are valid and potentially skip "
                    + "their script verification (0 to verify all; default: the network's)")
    String assumevalid;

    /**
     * bitcoind's uint256::FromUserHex: an optional 0x, then up to 64 hex digits, zero-padded on the left; the zero
     * hash (e.g. {@code 0}) turns assumevalid off.
     */
    static java.util.Optional<dev.blocksmith.core.primitives.Sha256Hash> parseAssumeValid(String value) throws ConfigException {
        String hex = value.startsWith("0x") ? value.substring(2) : value;
        if (hex.isEmpty() || hex.length() > 64 || !hex.matches("[0-9a-fA-F]+")) {
            throw new ConfigException("Invalid assumevalid block hash specified (" + value
                    + "), must be up to 64 hex digits (or 0 to disable)");
        }
        dev.blocksmith.core.primitives.Sha256Hash hash =
                dev.blocksmith.core.primitives.Sha256Hash.fromHex("0".repeat(64 - hex.length()) + hex.toLowerCase(java.util.Locale.ROOT));
        return hash.isZero() ? java.util.Optional.empty() : java.util.Optional.of(hash);
    }

    public Path datadir() {
        return datadir;
    }

    public Optional<Path> conf() {
        return Optional.ofNullable(conf);
    }

    /** The chosen network name or params file; bitcoind refuses more than one choice. */
    public String chainName() throws ConfigException {
        int n = 0;
        String chosen = "main";
        if (Boolean.TRUE.equals(regtest)) {
            n++;
            chosen = "regtest";
        }
        if (Boolean.TRUE.equals(testnet)) {
            n++;
            chosen = "test";
        }
        if (Boolean.TRUE.equals(testnet4)) {
            n++;
            chosen = "testnet4";
        }
        if (Boolean.TRUE.equals(signet)) {
            n++;
            chosen = "signet";
        }
        if (params != null) {
            n++;
            chosen = params.toString();
        }
        if (chain != null && !chain.isBlank()) {
            if (n > 0 && !chain.equals(chosen)) {
                throw new ConfigException("Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
            }
            chosen = chain;
            n = 1;
        }
        if (n > 1) {
            throw new ConfigException("Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
        }
        return chosen;
    }
}
