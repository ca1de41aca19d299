package dev.blocksmith.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.json.RpcJson;
import org.junit.jupiter.api.Test;

class NetInfoReportTest {
    private static JsonNode json(String s) {
        return RpcJson.parse(s).orElseThrow();
    }

    private static final JsonNode NETWORK = json("{\"protocolversion\":70016,\"subversion\":\"/Blocksmith:0.1.0/\","
            + "\"localservicesnames\":[\"NETWORK\",\"WITNESS\",\"NETWORK_LIMITED\"],\"localaddresses\":[],"
            + "\"networks\":[{\"name\":\"ipv4\",\"reachable\":true},{\"name\":\"ipv6\",\"reachable\":true},"
            + "{\"name\":\"onion\",\"reachable\":false}]}");
    private static final JsonNode PEERS = json("[{\"network\":\"ipv4\",\"inbound\":true,\"connection_type\":\"inbound\"},"
            + "{\"network\":\"ipv4\",\"inbound\":false,\"connection_type\":\"block-relay-only\"},"
            + "{\"network\":\"not_publicly_routable\",\"inbound\":false,\"connection_type\":\"manual\"}]");

    @Test
    void levelZeroDashboard() {
        String out = NetInfoReport.format("Blocksmith client v0.1.0 regtest", 0, PEERS, NETWORK);
        assertThat(out).isEqualTo("Blocksmith client v0.1.0 regtest - server 70016/Blocksmith:0.1.0/\n\n"
                + "         ipv4    ipv6     npr   total   block  manual\n"
                + "in          1       0       0       1\n"
                + "out         1       0       1       2       1       1\n"
                + "total       2       0       1       3\n\n"
                + "Local services: network, witness, network limited\n\nLocal addresses: n/a\n");
    }

    @Test
    void detailsMoveServicesIntoTheHeader() {
        String out = NetInfoReport.format("Blocksmith client v0.1.0", 1, json("[]"), NETWORK);
        assertThat(out.lines().findFirst().orElseThrow()).isEqualTo("Blocksmith client v0.1.0 - server 70016/Blocksmith:0.1.0/ - services nwl");
        assertThat(out).doesNotContain("Local services:");
    }

    @Test
    void levelArgument() {
        assertThat(NetInfoReport.parseLevel("2")).isEqualTo(2);
        assertThat(NetInfoReport.parseLevel("255")).isEqualTo(4);
        assertThatThrownBy(() -> NetInfoReport.parseLevel("x")).hasMessageStartingWith("invalid -netinfo level argument: x");
        assertThatThrownBy(() -> NetInfoReport.parseLevel("256")).hasMessageStartingWith("invalid -netinfo level argument: 256");
    }
}
