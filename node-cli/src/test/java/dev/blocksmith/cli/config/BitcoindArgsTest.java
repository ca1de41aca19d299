package dev.blocksmith.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bitcoind's ArgsManager rules, with the texts Bitcoin Core's feature_config_args.py checks. */
class BitcoindArgsTest {
    @TempDir
    Path dir;

    private BitcoindArgs args(String... a) throws ConfigException {
        String[] full = new String[a.length + 1];
        full[0] = "-datadir=" + dir;
        System.arraycopy(a, 0, full, 1, a.length);
        BitcoindArgs b = BitcoindArgs.parseCommandLine(full, Map.of("HOME", dir.toString()), Set.of("addressindex"));
        b.readConfigFiles();
        return b;
    }

    private void conf(String text) throws Exception {
        Files.writeString(dir.resolve("bitcoin.conf"), text);
    }

    @Test
    void commandLineLastWinsConfigFileFirstWins() throws Exception {
        conf("regtest=1\n[regtest]\ndbcache=100\ndbcache=200\n");
        assertThat(args().get("dbcache").orElseThrow().text()).isEqualTo("100");
        assertThat(args("-dbcache=5", "-dbcache=6").get("dbcache").orElseThrow().text()).isEqualTo("6");
        assertThat(args().chainName()).isEqualTo("regtest");
    }

    @Test
    void negationAndDoubleNegatives() throws Exception {
        BitcoindArgs a = args("-notxindex", "-nolisten=0");
        assertThat(a.getBool("txindex", true)).isFalse();
        assertThat(a.getBool("listen", false)).isTrue();
        assertThat(a.logLines()).contains("Warning: parsed potentially confusing double-negative -listen=0");
        // A negation clears the list values before it; later ones count.
        assertThat(args("-addnode=a", "-noaddnode", "-addnode=b").getList("addnode")).containsExactly("b");
    }

    @Test
    void unknownOptionsAreErrorsOnTheCommandLineAndIgnoredInTheFile() throws Exception {
        assertThatThrownBy(() -> args("-dash_cli=1")).hasMessage("Error parsing command line arguments: Invalid parameter -dash_cli=1");
        assertThatThrownBy(() -> args("-proxy")).hasMessage(
                "Error parsing command line arguments: Can not set -proxy with no value. Please specify value with -proxy=value.");
        assertThatThrownBy(() -> args("stray")).hasMessageContaining("Command line contains unexpected token 'stray'");
        conf("dash_conf=1\n");
        assertThat(args().logLines()).contains("Ignoring unknown configuration value dash_conf");
        // Blocksmith's own options are known too.
        assertThat(args("-noaddressindex").getBool("addressindex", true)).isFalse();
    }

    @Test
    void configFileErrorsCarryBitcoindsTexts() throws Exception {
        conf("garbage\n");
        assertThatThrownBy(this::args).hasMessage("Error reading configuration file: parse error on line 1: garbage");
        conf("nono\n");
        assertThatThrownBy(this::args).hasMessage(
                "Error reading configuration file: parse error on line 1: nono, if you intended to specify a negated option, use nono=1 instead");
        conf("-dash=1\n");
        assertThatThrownBy(this::args).hasMessage(
                "Error reading configuration file: parse error on line 1: -dash=1, options in configuration file must be specified without leading -");
        conf("server=1\nrpcuser=someuser\n[main]\nrpcpassword=some#pass");
        assertThatThrownBy(this::args).hasMessage(
                "Error reading configuration file: parse error on line 4, using # in rpcpassword can be ambiguous and should be avoided");
        conf("conf=other.conf\n");
        assertThatThrownBy(this::args).hasMessageContaining("conf cannot be set in the configuration file");
        assertThatThrownBy(() -> args("-conf=" + dir.resolve("none.conf"))).hasMessage(
                "Error reading configuration file: specified config file \"" + dir.resolve("none.conf") + "\" could not be opened.");
        assertThatThrownBy(() -> BitcoindArgs.parseCommandLine(new String[] {"-datadir=" + dir.resolve("nope")}, Map.of(), Set.of())
                .readConfigFiles()).hasMessage("Specified data directory \"" + dir.resolve("nope") + "\" does not exist.");
    }

    @Test
    void includesSectionsAndNetworkOnlyOptions() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "testnot.datadir=1\nrpcthreads=3\n");
        conf("regtest=1\nwallet=w\nincludeconf=inc.conf\n[regtest]\nport=1\n");
        BitcoindArgs a = args();
        assertThat(a.get("rpcthreads").orElseThrow().text()).isEqualTo("3");
        assertThat(a.unsuitableSectionOnlyArgs()).containsExactly("-wallet");
        assertThat(a.unrecognizedSections()).containsExactly(dir.resolve("inc.conf") + ":1 Section [testnot] is not recognized.");
        assertThat(a.get("port").orElseThrow().text()).isEqualTo("1");
        assertThatThrownBy(() -> args("-includeconf=x")).hasMessageContaining("-includeconf cannot be used from commandline; -includeconf=\"x\"");
        assertThatThrownBy(() -> args("-noincludeconf=0")).hasMessage(
                "Error parsing command line arguments: -includeconf cannot be used from commandline; -includeconf=true");
    }

    @Test
    void nestedIncludesAreIgnoredWithAConsoleWarning() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "rpcthreads=3\nincludeconf=inner.conf\n");
        Files.writeString(dir.resolve("inner.conf"), "rpcthreads=9\n");
        // As the framework writes it: the include sits in the [regtest] section, the nested one in the file's top.
        conf("regtest=1\n[regtest]\nincludeconf=inc.conf\n");
        BitcoindArgs a = args();
        assertThat(a.get("rpcthreads").orElseThrow().text()).isEqualTo("3");
        assertThat(a.consoleWarnings()).containsExactly(
                "warning: -includeconf cannot be used from included files; ignoring -includeconf=inner.conf");
    }

    @Test
    void argsAreLoggedWithSensitiveValuesHidden() throws Exception {
        conf("regtest=1\n[regtest]\nserver=1\n");
        List<String> log = args("-rpcpassword=secret", "-addnode=some.node").argsLog();
        assertThat(log).contains("Config file arg: regtest=\"1\"", "Config file arg: [regtest] server=\"1\"",
                "Command-line arg: rpcpassword=****", "Command-line arg: addnode=\"some.node\"");
        assertThat(String.join("\n", log)).doesNotContain("secret");
    }

    @Test
    void atMostOneNetwork() throws Exception {
        assertThatThrownBy(() -> args("-regtest", "-testnet").chainName())
                .hasMessage("Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
        assertThat(args("-testnet").chainName()).isEqualTo("test");
    }
}
