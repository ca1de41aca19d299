package dev.blocksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.cli.node.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NodeConfigTest {
    @TempDir
    Path dir;

    private NodeConfig parse(Map<String, String> env, String... args) throws Exception {
        String[] full = new String[args.length + 1];
        full[0] = "node";
        System.arraycopy(args, 0, full, 1, args.length);
        Main.Prepared p = Main.prepare(full, env);
        CommandLine.ParseResult r = p.commandLine().parseArgs(p.args());
        NodeCommand cmd = (NodeCommand) r.subcommand().commandSpec().userObject();
        return cmd.toConfig();
    }

    private dev.blocksmith.cli.node.StartupReport startup(String... args) throws Exception {
        String[] full = new String[args.length + 1];
        full[0] = "node";
        System.arraycopy(args, 0, full, 1, args.length);
        Main.Prepared p = Main.prepare(full, Map.of());
        CommandLine.ParseResult r = p.commandLine().parseArgs(p.args());
        return ((NodeCommand) r.subcommand().commandSpec().userObject()).startupReport();
    }

    @Test
    void defaultsFollowTheNetwork() throws Exception {
        NodeConfig c = parse(Map.of(), "-regtest", "-datadir=" + dir);
        assertThat(c.params().name()).isEqualTo("regtest");
        assertThat(c.rpc().port()).isEqualTo(18443);
        assertThat(c.p2p().port()).isEqualTo(18444);
        assertThat(c.networkDir()).isEqualTo(dir.resolve("regtest"));
        assertThat(c.rpc().cookieFile()).isEqualTo(dir.resolve("regtest/.cookie"));
        NodeConfig main = parse(Map.of(), "--datadir=" + dir);
        assertThat(main.params().name()).isEqualTo("main");
        assertThat(main.rpc().port()).isEqualTo(8332);
        assertThat(main.networkDir()).isEqualTo(dir);
    }

    @Test
    void assumevalidDefaultsToTheNetworksBlockAndTakesBitcoindsHex() throws Exception {
        // bitcoind 30's defaults (src/kernel/chainparams.cpp): main 912683, signet 267665; none on regtest.
        assertThat(parse(Map.of(), "-datadir=" + dir).params().assumeValid()).contains(
                dev.blocksmith.core.primitives.Sha256Hash.fromHex("00000000000000000000611fd22f2df7c8fbd0688745c3a6c3bb5109cc2a12cb"));
        assertThat(parse(Map.of(), "-signet", "-datadir=" + dir).params().assumeValid()).contains(
                dev.blocksmith.core.primitives.Sha256Hash.fromHex("000000128586e26813922680309f04e1de713c7542fee86ed908f56368aefe2e"));
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir).params().assumeValid()).isEmpty();
        assertThat(parse(Map.of(), "-datadir=" + dir, "-assumevalid=0").params().assumeValid()).isEmpty();
        // Up to 64 hex digits, zero-padded on the left (uint256::FromUserHex), with or without 0x.
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-assumevalid=0xabc").params().assumeValid()).contains(
                dev.blocksmith.core.primitives.Sha256Hash.fromHex("0".repeat(61) + "abc"));
        for (String bad : new String[] {"xyz", "a".repeat(65), "0x"}) {
            assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-assumevalid=" + bad))
                    .hasMessageContaining("Invalid assumevalid block hash specified (" + bad
                            + "), must be up to 64 hex digits (or 0 to disable)");
        }
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
        // bitcoind's rules: network-only options (ports, addnode) belong in the network's section off main.
        Files.writeString(dir.resolve("bitcoin.conf"), String.join("\n",
                "# comment", "regtest=1", "dbcache=100", "maxconnections=9",
                "[regtest]", "rpcport=1111", "port=2222", "addnode=10.0.0.1", "addnode=10.0.0.2",
                "rpcuser=fromfile", "rpcpassword=secret", "maxconnections=7", "notxindex=1", ""));
        Map<String, String> env = new HashMap<>();
        env.put("BLOCKSMITH_PORT", "3333");
        env.put("BLOCKSMITH_DATADIR", dir.toString());
        NodeConfig c = parse(env, "-rpcport=4444");
        assertThat(c.params().name()).isEqualTo("regtest");
        assertThat(c.rpc().port()).isEqualTo(4444);
        assertThat(c.p2p().port()).isEqualTo(3333);
        assertThat(c.chainState().dbCacheMiB()).isEqualTo(100);
        assertThat(c.chainState().txIndex()).isFalse();
        assertThat(c.p2p().addNode()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(c.p2p().maxConnections()).isEqualTo(7);
        assertThat(c.rpc().user()).contains("fromfile");
    }

    @Test
    void negatedAndNumericBooleans() throws Exception {
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-notxindex").chainState().txIndex()).isFalse();
        assertThat(parse(Map.of(), "-regtest=1", "-datadir=" + dir, "-txindex=0").chainState().txIndex()).isFalse();
        assertThat(parse(Map.of(), "-chain=regtest", "-datadir=" + dir, "-printtoconsole=0").logging().printToConsole()).isFalse();
    }

    @Test
    void badInputGetsAClearError() {
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-testnet4", "-datadir=" + dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at most one");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-rpcport=70000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rpcport");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-rpcport=abc"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-frobnicate=1"))
                .isInstanceOf(ConfigException.class).hasMessage("Error parsing command line arguments: Invalid parameter -frobnicate=1");
        assertThatThrownBy(() -> parse(Map.of(), "-chain=nosuchnet", "-datadir=" + dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Unknown chain");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-mine"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("-mineaddress");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-mineaddress=bc1qnotregtest"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Invalid -mineaddress");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-loadblock=" + dir.resolve("missing.dat")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("-loadblock=").hasMessageContaining("no readable file");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-loadblock=" + dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no readable file");
    }

    @Test
    void maxMempoolMinimumFollowsTheDescendantSizeLimit() throws Exception {
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-maxmempool=4"))
                .isInstanceOf(ConfigException.class).hasMessage("-maxmempool must be at least 5 MB");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-maxmempool=9", "-limitdescendantsize=250"))
                .isInstanceOf(ConfigException.class).hasMessage("-maxmempool must be at least 10 MB");
        // feature_dbcrash turns the mempool off this way.
        NodeConfig off = parse(Map.of(), "-regtest", "-datadir=" + dir, "-maxmempool=0", "-limitdescendantsize=0");
        assertThat(off.mempool().policy().maxMempoolBytes()).isZero();
    }

    @Test
    void walletOptionsAsBitcoinds() throws Exception {
        NodeConfig defaults = parse(Map.of(), "-regtest", "-datadir=" + dir);
        assertThat(defaults.wallet().enabled()).isTrue();
        assertThat(defaults.wallet().keypool()).isEqualTo(1000);
        assertThat(defaults.wallet().fallbackFeePerKvB()).isEmpty();
        assertThat(defaults.wallet().startupWallets()).isEmpty();
        NodeConfig set = parse(Map.of("BLOCKSMITH_KEYPOOL", "50"), "-regtest", "-datadir=" + dir, "-disablewallet",
                "-wallet=a", "-wallet=b,c", "-fallbackfee=0.0001");
        assertThat(set.wallet().enabled()).isFalse();
        assertThat(set.wallet().keypool()).isEqualTo(50);
        assertThat(set.wallet().startupWallets()).containsExactly("a", "b", "c");
        // bitcoind's GetSettingsList: a command line negating -wallet ends the merge before settings.json, even with
        // names after the negation; a negation in bitcoin.conf does not.
        assertThat(defaults.wallet().startupWalletsFromSettings()).isTrue();
        assertThat(set.wallet().startupWalletsFromSettings()).isTrue();
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-nowallet").wallet().startupWalletsFromSettings()).isFalse();
        NodeConfig negatedThenNamed = parse(Map.of(), "-regtest", "-datadir=" + dir, "-nowallet", "-wallet=w1");
        assertThat(negatedThenNamed.wallet().startupWalletsFromSettings()).isFalse();
        assertThat(negatedThenNamed.wallet().startupWallets()).containsExactly("w1");
        Files.writeString(dir.resolve("bitcoin.conf"), "[regtest]\nnowallet=1\n");
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir).wallet().startupWalletsFromSettings()).isTrue();
        Files.delete(dir.resolve("bitcoin.conf"));
        // bitcoind's VerifyWallets: a wallet named twice is loaded once, with an init warning.
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-wallet=w1", "-wallet=w1").wallet().startupWallets()).containsExactly("w1");
        assertThat(startup("-regtest", "-datadir=" + dir, "-wallet=w1", "-wallet=./w1").initWarnings())
                .containsExactly("Ignoring duplicate -wallet ./w1.");
        // Options without effect in bitcoind 30 get its start-up warning; -paytxfee its deprecation warning.
        assertThat(startup("-regtest", "-datadir=" + dir, "-maxorphantx=5").initWarnings()).containsExactly(
                "Option '-maxorphantx' is set but no longer has any effect (see release notes). Please remove it from your configuration.");
        assertThat(startup("-regtest", "-datadir=" + dir, "-paytxfee=0.001").initWarnings())
                .containsExactly("-paytxfee is deprecated and will be fully removed in v31.0.");
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-paytxfee=0.001").wallet().policy().payTxFee())
                .contains(new dev.blocksmith.wallet.coinselection.FeeRate(100_000));
        assertThat(set.wallet().fallbackFeePerKvB()).contains(dev.blocksmith.core.primitives.Amount.ofSats(10_000));
        // bitcoind's max(-keypool, 1).
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-keypool=0").wallet().keypool()).isEqualTo(1);
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-keypool=-5").wallet().keypool()).isEqualTo(1);
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-keypool=1000001"))
                .isInstanceOf(ConfigException.class).hasMessage("-keypool must be at most 1000000");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-fallbackfee=lots"))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid amount for -fallbackfee=<amount>: 'lots'");
    }

    @Test
    void badConfigFileLineIsReportedWithItsNumber() throws Exception {
        Files.writeString(dir.resolve("blocksmith.conf"), "regtest=1\nthis line is wrong\n");
        assertThatThrownBy(() -> parse(Map.of(), "-datadir=" + dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 2");
    }

    @Test
    void connectZeroMeansNoAutomaticConnectionsAndBindStillListens() throws Exception {
        // bitcoind's InitParameterInteraction, as Core's test framework configures every node.
        NodeConfig noBind = parse(Map.of(), "-regtest", "-datadir=" + dir, "-connect=0");
        assertThat(noBind.p2p().connect()).containsExactly("0");
        assertThat(noBind.p2p().listen()).isFalse();
        assertThat(noBind.p2p().dnsSeed()).isFalse();
        assertThat(noBind.parameterInteractions()).contains("parameter interaction: -connect or -maxconnections=0 set -> setting -listen=0",
                "parameter interaction: -connect or -maxconnections=0 set -> setting -dnsseed=0");
        NodeConfig bound = parse(Map.of(), "-regtest", "-datadir=" + dir, "-noconnect", "-bind=127.0.0.1");
        assertThat(bound.p2p().connect()).containsExactly("0");
        assertThat(bound.p2p().listen()).isTrue();
        assertThat(bound.parameterInteractions()).contains("parameter interaction: -bind set -> setting -listen=1");
    }

    @Test
    void forceDnsSeedNeedsTheEffectiveDnsSeed() throws Exception {
        // bitcoind's AppInitParameterInteraction, read by p2p_dns_seeds.py: -connect soft-sets -dnsseed=0 first.
        for (String other : new String[] {"-dnsseed=0", "-connect=fakenodeaddr.fakedomain.invalid."}) {
            assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-forcednsseed=1", other))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Cannot set -forcednsseed to true when setting -dnsseed to false.");
        }
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-forcednsseed", "-dnsseed=1").p2p().forceDnsSeed()).isTrue();
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir).p2p().forceDnsSeed()).isFalse();
    }

    @Test
    void bitcoindsStartupRefusals() throws Exception {
        for (String v : new String[] {"0", "not_a_boolean"}) {
            assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-nowallet=" + v))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value detected for '-wallet' or '-nowallet'. '-wallet' requires a string value, "
                            + "while '-nowallet' accepts only '1' to disable all wallets");
        }
        // bitcoind refuses it where it makes its fee estimator, once debug.log is open: the start fails later.
        assertThat(startup("-testnet4", "-datadir=" + dir, "-acceptstalefeeestimates").lateInitError())
                .contains("acceptstalefeeestimates is not supported on testnet4 chain.");
        assertThat(startup("-regtest", "-datadir=" + dir, "-acceptstalefeeestimates").lateInitError()).isEmpty();
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-onlynet=ipv4"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("-onlynet=ipv4 without the other IP network");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-onlynet=i2p", "-dnsseed=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Incompatible options: -dnsseed=1 was explicitly specified, but -onlynet forbids connections to IPv4/IPv6");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-proxy=host:notaport"))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid port specified in -proxy: 'host:notaport'");
    }

    @Test
    void proxyTurnsListeningOffAndCarriesEveryConnection() throws Exception {
        NodeConfig c = parse(Map.of(), "-regtest", "-datadir=" + dir, "-proxy=127.0.0.1:1");
        assertThat(c.p2p().proxy()).isPresent();
        assertThat(((java.net.InetSocketAddress) c.p2p().proxy().orElseThrow().server()).getPort()).isEqualTo(1);
        assertThat(c.p2p().listen()).isFalse();
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-noproxy").p2p().proxy()).isEmpty();
        NodeConfig onion = parse(Map.of(), "-regtest", "-datadir=" + dir, "-onlynet=onion");
        assertThat(onion.p2p().connect()).containsExactly("0");
        assertThat(onion.p2p().dnsSeed()).isFalse();
    }

    @Test
    void pruneOptionsAsBitcoindChecksThem() throws Exception {
        NodeConfig off = parse(Map.of(), "-regtest", "-datadir=" + dir);
        assertThat(off.chainState().prune().enabled()).isFalse();
        // bitcoind's -txindex defaults to 0, so -prune alone is fine.
        assertThat(off.chainState().txIndex()).isFalse();
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-txindex").chainState().txIndex()).isTrue();

        NodeConfig manual = parse(Map.of(), "-regtest", "-datadir=" + dir, "-prune=1", "-fastprune");
        assertThat(manual.chainState().prune().enabled()).isTrue();
        assertThat(manual.chainState().prune().automatic()).isFalse();
        assertThat(manual.chainState().prune().pruneAfterHeight(manual.params())).isEqualTo(100);
        assertThat(manual.chainState().txIndex()).isFalse();
        NodeConfig auto = parse(Map.of(), "-regtest", "-datadir=" + dir, "-prune=550");
        assertThat(auto.chainState().prune().targetBytes()).isEqualTo(576_716_800L);

        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-prune=549"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Prune configured below the minimum of 550 MiB.  Please use a higher number.");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-prune=-1"))
                .isInstanceOf(ConfigException.class).hasMessage("Prune cannot be configured with a negative value.");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-prune=550", "-txindex"))
                .isInstanceOf(ConfigException.class).hasMessage("Prune mode is incompatible with -txindex.");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-prune=1", "-reindex-chainstate"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead.");
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-prune=1", "-reindex").chainState().reindex()).isTrue();
    }

    @Test
    void bindValuesAsBitcoindReadsThem() throws Exception {
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir, "-bind=127.0.0.1:13500=onion").p2p().bind())
                .containsExactly("127.0.0.1:13500=onion");
        assertThatThrownBy(() -> parse(Map.of(), "-regtest", "-datadir=" + dir, "-bind=127.0.0.1:notaport"))
                .isInstanceOf(ConfigException.class).hasMessage("Cannot resolve -bind address: '127.0.0.1:notaport'");
    }

    /**
     * The -zmqpub* options in bitcoind's order (by kind, then as given), unix: turned into ipc://, each kind's high
     * water mark (a negative one ignored, as bitcoind); the notification commands, an empty one meaning none.
     */
    @Test
    void zmqPublishersAndNotificationCommands() throws Exception {
        NodeConfig c = parse(Map.of(), "-regtest", "-datadir=" + dir, "-zmqpubsequence=tcp://127.0.0.1:3",
                "-zmqpubhashtx=tcp://127.0.0.1:2", "-zmqpubhashblock=tcp://127.0.0.1:1", "-zmqpubhashblock=unix:/tmp/b",
                "-zmqpubhashtxhwm=5", "-zmqpubsequencehwm=-1", "-blocknotify=echo %s", "-walletnotify=",
                "-shutdownnotify=echo a", "-shutdownnotify=echo b", "-startupnotify=echo up");
        assertThat(c.notifications().zmq()).extracting(z -> z.topic().type() + " " + z.address() + " " + z.highWaterMark())
                .containsExactly("pubhashblock tcp://127.0.0.1:1 1000", "pubhashblock ipc:///tmp/b 1000",
                        "pubhashtx tcp://127.0.0.1:2 5", "pubsequence tcp://127.0.0.1:3 1000");
        assertThat(c.notifications().blockNotify()).contains("echo %s");
        assertThat(c.notifications().walletNotify()).isEmpty();
        assertThat(c.notifications().alertNotify()).isEmpty();
        assertThat(c.notifications().startupNotify()).contains("echo up");
        assertThat(c.notifications().shutdownNotify()).containsExactly("echo a", "echo b");
        assertThat(parse(Map.of(), "-regtest", "-datadir=" + dir).notifications().zmq()).isEmpty();
    }
}
