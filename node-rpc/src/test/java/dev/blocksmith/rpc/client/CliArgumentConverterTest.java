package dev.blocksmith.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CliArgumentConverterTest {
    private final CliArgumentConverter converter = CliArgumentConverter.builtIn();

    @Test
    void tableHoldsBitcoindRows() {
        ConvertParamTable table = ConvertParamTable.builtIn();
        assertThat(table.byPosition("getblockhash", 0)).hasValueSatisfying(e -> {
            assertThat(e.name()).isEqualTo("height");
            assertThat(e.format()).isEqualTo(ConvertParamTable.Format.JSON);
        });
        assertThat(table.byName("getblock", "verbose")).isPresent();
        assertThat(table.byPosition("getblock", 0)).isEmpty();
        assertThat(table.byPosition("getblockstats", 0).orElseThrow().format())
                .isEqualTo(ConvertParamTable.Format.JSON_OR_STRING);
        assertThat(table.byPosition("createwallet", 0).orElseThrow().format()).isEqualTo(ConvertParamTable.Format.STRING);
        assertThat(table.entries()).hasSizeGreaterThan(320);
    }

    @Test
    void positionalConvertsListedArgumentsOnly() {
        assertThat(converter.positional("getblockhash", List.of("1000")).toString()).isEqualTo("[1000]");
        assertThat(converter.positional("getblock", List.of("00ab", "2")).toString()).isEqualTo("[\"00ab\",2]");
        assertThat(converter.positional("gettxout", List.of("ab", "1", "true")).toString()).isEqualTo("[\"ab\",1,true]");
        assertThat(converter.positional("echo", List.of("1", "[2]")).toString()).isEqualTo("[\"1\",\"[2]\"]");
        assertThat(converter.positional("echojson", List.of("1", "[2]", "{\"a\":null}", "\"s\"")).toString())
                .isEqualTo("[1,[2],{\"a\":null},\"s\"]");
        assertThat(converter.positional("sendtoaddress", List.of("bcrt1x", "0.10000000")).toString())
                .isEqualTo("[\"bcrt1x\",0.10000000]");
        assertThat(converter.positional("unknownmethod", List.of("5")).toString()).isEqualTo("[\"5\"]");
    }

    @Test
    void jsonOrStringFallsBackToString() {
        String hash = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
        assertThat(converter.positional("getblockstats", List.of(hash)).toString()).isEqualTo("[\"" + hash + "\"]");
        assertThat(converter.positional("getblockstats", List.of("100")).toString()).isEqualTo("[100]");
    }

    @Test
    void unparsableJsonIsAnError() {
        assertThatThrownBy(() -> converter.positional("getblockhash", List.of("abc")))
                .hasMessage("Error parsing JSON: abc");
        assertThatThrownBy(() -> converter.named("getblockhash", List.of("height=abc")))
                .hasMessage("Error parsing JSON: abc");
    }

    @Test
    void namedArgumentsAndPositionalRemainder() {
        assertThat(converter.named("getblock", List.of("blockhash=00ab", "verbosity=2")).toString())
                .isEqualTo("{\"blockhash\":\"00ab\",\"verbosity\":2}");
        assertThat(converter.named("getblock", List.of("00ab", "verbosity=0")).toString())
                .isEqualTo("{\"verbosity\":0,\"args\":[\"00ab\"]}");
        // Later values replace earlier ones.
        assertThat(converter.named("getblock", List.of("verbosity=1", "verbosity=2")).toString())
                .isEqualTo("{\"verbosity\":2}");
        // An explicit args and collected positionals are both sent, for the server to refuse the doubled key;
        // "args" is not in the table, so it stays a string.
        assertThat(converter.namedJson("echojson", List.of("args=[1]", "7"))).isEqualTo("{\"args\":\"[1]\",\"args\":[7]}");
    }

    @Test
    void namedKeepsEqualsSignsInPositionalValuesWhereBitcoindDoes() {
        // Unknown name, next positional is a string parameter: the whole word is the value.
        assertThat(converter.named("createwallet", List.of("my=wallet")).toString())
                .isEqualTo("{\"args\":[\"my=wallet\"]}");
        // Unknown name, next positional is JSON and the word parses: positional JSON.
        assertThat(converter.named("echojson", List.of("[\"list\",\"with\",\"=\"]")).toString())
                .isEqualTo("{\"args\":[[\"list\",\"with\",\"=\"]]}");
        // Unknown name otherwise: a named argument the server will reject.
        assertThat(converter.named("getblock", List.of("foo=bar")).toString()).isEqualTo("{\"foo\":\"bar\"}");
        assertThat(converter.named("getblock", List.of("empty=")).toString()).isEqualTo("{\"empty\":\"\"}");
    }
}
