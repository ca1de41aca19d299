package dev.blocksmith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.cli.options.ChainSelectionOptions;
import dev.blocksmith.cli.options.RpcClientOptions;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.miner.external.ExternalMiner;
import dev.blocksmith.miner.external.MiningRpc;
import dev.blocksmith.miner.external.RpcTemplate;
import dev.blocksmith.rpc.client.RpcClient;
import dev.blocksmith.rpc.client.RpcClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code blocksmith mine}: an external miner for any bitcoind-compatible node. Work comes from
 * {@code getblocktemplate} (long polling), hashing is local on all cores, solutions go back with
 * {@code submitblock}. Only standard BIP22/23 fields are used.
 */
@Command(name = "mine", sortOptions = false, usageHelpWidth = 110, abbreviateSynopsis = true,
        description = "Mine blocks for a node through getblocktemplate/submitblock, printing found blocks and the hash rate.")
public final class MineCommand implements Callable<Integer> {
    @Option(names = {"-help", "--help", "-h", "-?"}, usageHelp = true, description = "Print this help and exit")
    boolean help;

    @Mixin ChainSelectionOptions chain;

    @Mixin RpcClientOptions rpc;

    @Option(names = {"-address", "--address"}, paramLabel = "ADDR", required = true, description = "Address the coinbase pays")
    String address;

    @Option(names = {"-threads", "--threads"}, paramLabel = "N", defaultValue = "0", description = "Hashing threads (default: all cores)")
    int threads;

    @Option(names = {"-blocks", "--blocks"}, paramLabel = "K", defaultValue = "0", description = "Stop after K accepted blocks (default: 0, never)")
    int blocks;

    @Override
    public Integer call() throws Exception {
        NetworkParams params;
        dev.blocksmith.core.script.Script payTo;
        try {
            params = NetworkResolver.resolve(chain.chainName());
            payTo = Address.decode(address, params).toScriptPubKey();
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (AddressFormatException e) {
            System.err.println("error: invalid -address '" + address + "': " + e.getMessage());
            return 1;
        }
        if (threads < 0 || blocks < 0) {
            System.err.println("error: -threads and -blocks must not be negative");
            return 1;
        }
        RpcClient client = new RpcClient(rpc.toClientConfig(params, chain.datadir())
                .withWait(Duration.ofSeconds(30)).withClientTimeout(Duration.ofHours(1)));
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        try (ExternalMiner miner = new ExternalMiner(new JsonRpcMining(client), payTo, n, Duration.ofSeconds(5),
                ExternalMiner.printingTo(System.out))) {
            Runtime.getRuntime().addShutdownHook(new Thread(miner::close));
            int found = miner.run(blocks);
            System.out.println("Mined " + found + " blocks.");
        }
        return 0;
    }

    /** getblocktemplate and submitblock over JSON-RPC. */
    static final class JsonRpcMining implements MiningRpc {
        private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
        private final RpcClient client;

        JsonRpcMining(RpcClient client) {
            this.client = client;
        }

        private JsonNode call(String method, ArrayNode params) throws IOException {
            JsonNode reply;
            try {
                reply = client.call(method, params);
            } catch (RpcClientException e) {
                throw new IOException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            JsonNode error = reply.path("error");
            if (!error.isMissingNode() && !error.isNull()) {
                throw new IOException(method + " failed: " + error.path("message").asText() + " (code " + error.path("code").asInt() + ")");
            }
            return reply.path("result");
        }

        @Override
        public RpcTemplate getBlockTemplate(Optional<String> longPollId) throws IOException {
            ObjectNode req = JSON.objectNode();
            req.putArray("rules").add("segwit");
            longPollId.ifPresent(id -> req.put("longpollid", id));
            ArrayNode params = JSON.arrayNode();
            params.add(req);
            JsonNode t = call("getblocktemplate", params);
            List<String> txs = new ArrayList<>();
            for (JsonNode tx : t.path("transactions")) txs.add(tx.path("data").asText());
            boolean segwitActive = false;
            for (JsonNode rule : t.path("rules")) segwitActive |= rule.asText().equals("!segwit");
            try {
                return RpcTemplate.fromFields(t.path("version").asInt(), t.path("previousblockhash").asText(), txs,
                        t.path("coinbasevalue").asLong(), t.path("bits").asText(), t.path("curtime").asLong(),
                        t.path("mintime").asLong(), t.path("height").asInt(),
                        t.hasNonNull("default_witness_commitment") ? Optional.of(t.get("default_witness_commitment").asText()) : Optional.empty(),
                        segwitActive,
                        t.hasNonNull("longpollid") ? Optional.of(t.get("longpollid").asText()) : Optional.empty());
            } catch (RuntimeException e) {
                throw new IOException("unusable block template: " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<String> submitBlock(String blockHex) throws IOException {
            ArrayNode params = JSON.arrayNode();
            params.add(blockHex);
            JsonNode r = call("submitblock", params);
            return r.isNull() || r.isMissingNode() ? Optional.empty() : Optional.of(r.asText());
        }
    }
}
