package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.consensus.VersionBits;
import dev.blocksmith.core.params.Bip9Deployment;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.miner.template.BlockTemplate;
import dev.blocksmith.miner.template.TemplateTransaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code getblocktemplate {"rules":["segwit"], "longpollid": ...}} (BIP22/BIP23), with long polling:
 * a request carrying the current long-poll id waits until the tip changes, or the mempool changed and
 * a minute passed, as bitcoind does.
 */
public final class GetBlockTemplateMethod implements RpcMethod {
    private static final long LONGPOLL_MEMPOOL_WAIT_MILLIS = 60_000;
    private final MiningContext ctx;
    private final Object tipChanged = new Object();

    public GetBlockTemplateMethod(MiningContext ctx) {
        this.ctx = ctx;
        ctx.chain().addListener(new dev.blocksmith.core.chain.ChainListener() {
            @Override
            public void tipChanged(ChainTip tip, boolean ibd) {
                synchronized (tipChanged) {
                    tipChanged.notifyAll();
                }
            }
        });
    }

    @Override
    public String name() {
        return "getblocktemplate";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.MINING;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("template_request", RpcParamType.OBJ,
                "Format of the template: {\"mode\": \"template\", \"capabilities\": [...], \"rules\": [\"segwit\"], \"longpollid\": \"str\"}"));
    }

    @Override
    public String description() {
        return "If the request parameters include a 'mode' key, that is used to explicitly select between the default 'template' request or a 'proposal'.\n"
                + "It returns data needed to construct a block to work on.\nFor full specification, see BIPs 22, 23, 9, and 145.";
    }

    @Override
    public String resultHelp() {
        return "{ \"version\" : n, \"rules\" : [...], \"previousblockhash\" : \"hex\", \"transactions\" : [...], \"coinbasevalue\" : n, "
                + "\"longpollid\" : \"str\", \"target\" : \"str\", \"mintime\" : xxx, \"curtime\" : xxx, \"bits\" : \"str\", \"height\" : n, "
                + "\"default_witness_commitment\" : \"str\", ... }";
    }

    private String longPollId() {
        return ctx.chain().tip().hash().toHex() + ctx.mempoolSequence().getAsLong();
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode req = request.arg("template_request").asObject();
        JsonNode modeNode = req.path("mode");
        // bitcoind: a missing or null mode is "template"; a mode that is not a string is invalid.
        if (!modeNode.isMissingNode() && !modeNode.isNull() && !modeNode.isTextual()) throw RpcException.invalidParameter("Invalid mode");
        String mode = modeNode.isTextual() ? modeNode.asText() : "template";
        if (mode.equals("proposal")) return BlockProposal.check(ctx.chain(), req.path("data"));
        if (!mode.equals("template")) throw RpcException.invalidParameter("Invalid mode");
        boolean segwit = false;
        boolean signet = false;
        for (JsonNode r : req.path("rules")) {
            if (r.asText().equals("segwit")) segwit = true;
            if (r.asText().equals("signet")) signet = true;
        }
        // bitcoind: a signet miner must know that blocks need a BIP325 solution.
        if (ctx.chain().params().isSignet() && !signet) {
            throw RpcException.invalidParameter("getblocktemplate must be called with the signet rule set (call with {\"rules\": [\"segwit\", \"signet\"]})");
        }
        if (!segwit) {
            throw RpcException.invalidParameter("getblocktemplate must be called with the segwit rule set (call with {\"rules\": [\"segwit\"]})");
        }
        // As bitcoind's IsTestChain() gate: only main refuses work while syncing; test and custom networks
        // must be able to mine from a genesis block that is days old.
        if (ctx.chain().params().name().equals("main") && ctx.chain().isInitialBlockDownload()) {
            throw new RpcException(RpcErrorCode.CLIENT_IN_INITIAL_DOWNLOAD, "Blocksmith is in initial sync and waiting for blocks...");
        }
        if (req.hasNonNull("longpollid")) waitForChange(req.get("longpollid").asText());
        return render(ctx.templates().build());
    }

    private void waitForChange(String id) throws RpcException {
        if (id.length() < 64) return;
        String tipHex = id.substring(0, 64);
        long sequence;
        try {
            sequence = Long.parseLong(id.substring(64));
        } catch (NumberFormatException e) {
            sequence = -1;
        }
        long start = System.currentTimeMillis();
        synchronized (tipChanged) {
            while (ctx.chain().tip().hash().toHex().equals(tipHex)) {
                boolean mempoolChanged = ctx.mempoolSequence().getAsLong() != sequence;
                long waited = System.currentTimeMillis() - start;
                if (mempoolChanged && waited >= LONGPOLL_MEMPOOL_WAIT_MILLIS) return;
                try {
                    tipChanged.wait(Math.max(100, Math.min(1000, LONGPOLL_MEMPOOL_WAIT_MILLIS - waited)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RpcException(RpcErrorCode.CLIENT_NOT_CONNECTED, "Shutting down");
                }
            }
        }
    }

    private JsonNode render(BlockTemplate t) {
        ObjectNode o = RpcJson.object();
        ArrayNode caps = o.putArray("capabilities");
        caps.add("proposal");
        o.put("version", t.version());
        NetworkParams params = ctx.chain().params();
        BlockIndex prev = ctx.chain().index(t.previousBlockHash()).orElseThrow();
        // bitcoind's fPreSegWit: the template's block does not enforce segwit yet.
        boolean preSegwit = t.height() < params.deployments().segwitHeight();
        ArrayNode rules = o.putArray("rules");
        rules.add("csv");
        if (!preSegwit) rules.add("!segwit");
        if (params.isSignet()) rules.add("!signet");
        ObjectNode vbavailable = RpcJson.object();
        for (Bip9Deployment d : VersionBits.enabled(params)) {
            // Every deployment bitcoind defines is an optional rule for getblocktemplate clients.
            switch (ctx.chain().versionBits().state(prev, d)) {
                case STARTED, LOCKED_IN -> vbavailable.put(d.name(), d.bit());
                case ACTIVE -> rules.add(d.name());
                default -> { }
            }
        }
        o.set("vbavailable", vbavailable);
        o.put("vbrequired", 0);
        o.put("previousblockhash", t.previousBlockHash().toHex());
        ArrayNode txs = o.putArray("transactions");
        Map<Sha256Hash, Integer> position = new HashMap<>();
        int i = 1;
        for (TemplateTransaction tt : t.transactions()) {
            ObjectNode e = txs.addObject();
            e.put("data", Hex.encode(tt.tx().serialize()));
            e.put("txid", tt.tx().txid().toHex());
            e.put("hash", tt.tx().wtxid().toHex());
            ArrayNode deps = e.putArray("depends");
            for (TxIn in : tt.tx().inputs()) {
                Integer p = position.get(in.prevout().txid());
                if (p != null && !contains(deps, p)) deps.add(p);
            }
            e.put("fee", tt.fee());
            // Before segwit bitcoind reports legacy sigops, not sigop cost (cost / WITNESS_SCALE_FACTOR).
            e.put("sigops", preSegwit ? tt.sigopCost() / 4 : tt.sigopCost());
            e.put("weight", tt.tx().weight());
            position.put(tt.tx().txid(), i++);
        }
        o.putObject("coinbaseaux");
        o.put("coinbasevalue", t.coinbaseValue());
        o.put("longpollid", longPollId());
        o.put("target", String.format("%064x", t.target()));
        o.put("mintime", t.minTime());
        ArrayNode mutable = o.putArray("mutable");
        mutable.add("time");
        mutable.add("transactions");
        mutable.add("prevblock");
        o.put("noncerange", "00000000ffffffff");
        // Before segwit the limits are the legacy ones: a quarter of the cost limits, and no weight limit.
        o.put("sigoplimit", preSegwit ? t.sigopLimit() / 4 : t.sigopLimit());
        o.put("sizelimit", preSegwit ? 1_000_000 : 4_000_000);
        if (!preSegwit) o.put("weightlimit", 4_000_000);
        o.put("curtime", t.curTime());
        o.put("bits", String.format("%08x", t.bits()));
        o.put("height", t.height());
        params.signetChallenge().ifPresent(c -> o.put("signet_challenge", c.toHex()));
        t.witnessCommitmentScript().ifPresent(s -> o.put("default_witness_commitment", s.toHex()));
        return o;
    }

    private static boolean contains(ArrayNode a, int v) {
        for (JsonNode n : a) {
            if (n.asInt() == v) return true;
        }
        return false;
    }
}
