package dev.blocksmith.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.rpc.json.RpcJson;
import org.junit.jupiter.api.Test;

class CliCommandTest {
    private static CliResult format(String reply) {
        return CliCommand.formatReply(RpcJson.parse(reply).orElseThrow());
    }

    @Test
    void stringsPrintRawWithoutQuotes() {
        assertThat(format("{\"jsonrpc\":\"2.0\",\"result\":\"00ab\\ncd\",\"id\":1}"))
                .isEqualTo(new CliResult(0, "00ab\ncd\n", ""));
    }

    @Test
    void numbersAndObjectsPrintAsJson() {
        assertThat(format("{\"result\":0,\"error\":null,\"id\":1}")).isEqualTo(new CliResult(0, "0\n", ""));
        assertThat(format("{\"result\":{\"a\":[],\"b\":0.50000000},\"id\":1}").stdout())
                .isEqualTo("{\n  \"a\": [\n  ],\n  \"b\": 0.50000000\n}\n");
        assertThat(format("{\"result\":true,\"id\":1}").stdout()).isEqualTo("true\n");
    }

    @Test
    void nullResultPrintsNothing() {
        assertThat(format("{\"result\":null,\"error\":null,\"id\":1}")).isEqualTo(new CliResult(0, "", ""));
        assertThat(format("{\"jsonrpc\":\"2.0\",\"id\":1}")).isEqualTo(new CliResult(0, "", ""));
    }

    @Test
    void errorsGoToStderrWithAbsoluteCodeAsExitStatus() {
        CliResult r = format("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-8,\"message\":\"Block height out of range\"},\"id\":1}");
        assertThat(r).isEqualTo(new CliResult(8, "", "error code: -8\nerror message:\nBlock height out of range\n"));
        assertThat(format("{\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}").exitCode())
                .isEqualTo(32601);
        assertThat(format("{\"error\":{\"code\":-19,\"message\":\"Multiple wallets are loaded. Please select which wallet to use "
                + "by requesting the RPC through the /wallet/<walletname> URI path.\"},\"id\":1}").stderr())
                .contains("Or for the CLI, specify the \"-rpcwallet=<walletname>\" option before the command");
    }
}
