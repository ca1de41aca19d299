package dev.blocksmith.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bitcoin-cli -netinfo's dashboard from getpeerinfo and getnetworkinfo: the header (with the local services
 * when details are asked for), the peer counts per reachable network, the local services line and the local
 * addresses. The per-peer listing of levels 1 to 4 is not drawn yet; those levels show the rest as level 0
 * does, with the services moved into the header as bitcoin-cli moves them.
 */
public final class NetInfoReport {
    /** bitcoind's network names in GetNetworkName order, and the short names of the two that are never reachable. */
    private static final List<String> NETWORKS = List.of("not_publicly_routable", "ipv4", "ipv6", "onion", "i2p", "cjdns", "internal");
    private static final List<String> SHORT_NAMES = List.of("npr", "ipv4", "ipv6", "onion", "i2p", "cjdns", "int");
    private static final int[] UNREACHABLE = {0, 6};
    public static final int MAX_LEVEL = 4;

    private NetInfoReport() {
    }

    /**
     * bitcoin-cli's level argument: an integer 0..255, capped at {@link #MAX_LEVEL}.
     *
     * @throws IllegalArgumentException bitcoin-cli's text for anything else
     */
    public static int parseLevel(String arg) {
        if (arg.matches("[0-9]{1,3}") && Integer.parseInt(arg) <= 255) return Math.min(Integer.parseInt(arg), MAX_LEVEL);
        throw new IllegalArgumentException("invalid -netinfo level argument: " + arg
                + "\nFor more information, run: bitcoin-cli -netinfo help");
    }

    /**
     * @param clientHeader e.g. "Blocksmith client v0.1.0 regtest": the client's name, version and chain
     */
    public static String format(String clientHeader, int level, JsonNode peers, JsonNode network) {
        int n = NETWORKS.size();
        int[][] counts = new int[3][n + 1];
        int blockRelay = 0;
        int manual = 0;
        for (JsonNode peer : peers) {
            int id = NETWORKS.indexOf(peer.path("network").asText());
            if (id < 0) continue;
            int dir = peer.path("inbound").asBoolean() ? 0 : 1;
            counts[dir][id]++;
            counts[dir][n]++;
            counts[2][id]++;
            counts[2][n]++;
            String type = peer.path("connection_type").asText();
            if (type.equals("block-relay-only")) blockRelay++;
            if (type.equals("manual")) manual++;
        }
        StringBuilder out = new StringBuilder();
        out.append(clientHeader).append(" - server ").append(network.path("protocolversion").asInt())
                .append(network.path("subversion").asText());
        if (level > 0) out.append(" - services ").append(shortServices(network.path("localservicesnames")));
        out.append("\n\n");

        out.append("     ");
        List<Integer> columns = new ArrayList<>();
        for (JsonNode net : network.path("networks")) {
            if (!net.path("reachable").asBoolean()) continue;
            int id = NETWORKS.indexOf(net.path("name").asText());
            if (id < 0) continue;
            out.append(String.format(Locale.ROOT, "%8s", net.path("name").asText()));
            columns.add(id);
        }
        for (int id : UNREACHABLE) {
            if (counts[2][id] == 0) continue;
            out.append(String.format(Locale.ROOT, "%8s", SHORT_NAMES.get(id)));
            columns.add(id);
        }
        out.append("   total   block");
        if (manual > 0) out.append("  manual");
        String[] rows = {"in", "out", "total"};
        for (int i = 0; i < rows.length; i++) {
            out.append(String.format(Locale.ROOT, "\n%-5s", rows[i]));
            for (int id : columns) out.append(String.format(Locale.ROOT, "%8d", counts[i][id]));
            out.append(String.format(Locale.ROOT, "   %5d", counts[i][n]));
            if (i == 1) {
                out.append(String.format(Locale.ROOT, "   %5d", blockRelay));
                if (manual > 0) out.append(String.format(Locale.ROOT, "   %5d", manual));
            }
        }
        if (level == 0) out.append("\n\nLocal services: ").append(servicesList(network.path("localservicesnames")));
        out.append("\n\nLocal addresses");
        JsonNode local = network.path("localaddresses");
        if (local.isEmpty()) {
            out.append(": n/a\n");
        } else {
            int width = 0;
            for (JsonNode a : local) width = Math.max(width, a.path("address").asText().length() + 1);
            for (JsonNode a : local) {
                out.append(String.format(Locale.ROOT, "\n%-" + width + "s    port %6d    score %6d",
                        a.path("address").asText(), a.path("port").asInt(), a.path("score").asInt()));
            }
        }
        return out.toString();
    }

    /** One letter per service: NETWORK_LIMITED is l, P2P_V2 is 2, others their first letter. */
    static String shortServices(JsonNode names) {
        StringBuilder s = new StringBuilder();
        for (JsonNode x : names) {
            String name = x.asText();
            if (name.equals("NETWORK_LIMITED")) s.append('l');
            else if (name.equals("P2P_V2")) s.append('2');
            else if (!name.isEmpty()) s.append(Character.toLowerCase(name.charAt(0)));
        }
        return s.toString();
    }

    /** "network, witness, network limited". */
    static String servicesList(JsonNode names) {
        List<String> parts = new ArrayList<>();
        for (JsonNode x : names) parts.add(x.asText().replace('_', ' ').toLowerCase(Locale.ROOT));
        return String.join(", ", parts);
    }
}
