package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.BlockScriptFlags;
import dev.blocksmith.core.consensus.VersionBits;
import dev.blocksmith.core.consensus.VersionBits.State;
import dev.blocksmith.core.params.Bip9Deployment;
import dev.blocksmith.core.params.BuriedDeployment;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code getdeploymentinfo ( "blockhash" )}: the buried deployments (active when the block after the
 * given one enforces them) and the BIP9 deployments with their state, statistics and signalling, as
 * bitcoind's DeploymentInfo; plus the script flags the given block is validated with.
 */
public final class GetDeploymentInfoMethod implements RpcMethod {
    private final ChainManager chain;

    public GetDeploymentInfoMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getdeploymentinfo"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.withHint("blockhash", RpcParamType.STR_HEX, "\"hash of current chain tip\"",
                "The block hash at which to query deployment state"));
    }

    @Override
    public String description() {
        return "Returns an object containing various state info regarding deployments of consensus changes.";
    }

    @Override
    public String resultHelp() {
        return """
                {                                 (json object)
                  "hash" : "str",                 (string) requested block hash (or tip)
                  "height" : n,                   (numeric) requested block height (or tip)
                  "script_flags" : [ "str", ... ], (json array) script verify flags for the block
                  "deployments" : {               (json object)
                    "xxxx" : {                    (json object) name of the deployment
                      "type" : "str",             (string) one of "buried", "bip9"
                      "height" : n,               (numeric, optional) height of the first block which the rules are or will be enforced (only for "buried" type, or "bip9" type with "active" status)
                      "active" : true|false,      (boolean) true if the rules are enforced for the mempool and the next block
                      "bip9" : {                  (json object, optional) status of bip9 softforks (only for "bip9" type)
                        "bit" : n,                (numeric, optional) the bit (0-28) in the block version field used to signal this softfork (only for "started" and "locked_in" status)
                        "start_time" : xxx,       (numeric) the minimum median time past of a block at which the bit gains its meaning
                        "timeout" : xxx,          (numeric) the median time past of a block at which the deployment is considered failed if not yet locked in
                        "min_activation_height" : n, (numeric) minimum height of blocks for which the rules may be enforced
                        "status" : "str",         (string) status of deployment at specified block (one of "defined", "started", "locked_in", "active", "failed")
                        "since" : n,              (numeric) height of the first block to which the status applies
                        "status_next" : "str",    (string) status of deployment at the next block
                        "statistics" : {          (json object, optional) numeric statistics about signalling for a softfork (only for "started" and "locked_in" status)
                          "period" : n,           (numeric) the length in blocks of the signalling period
                          "threshold" : n,        (numeric, optional) the number of blocks with the version bit set required to activate the feature (only for "started" status)
                          "elapsed" : n,          (numeric) the number of blocks elapsed since the beginning of the current period
                          "count" : n,            (numeric) the number of blocks with the version bit set in the current period
                          "possible" : true|false (boolean, optional) returns false if there are not enough blocks left in this period to pass activation threshold (only for "started" status)
                        },
                        "signalling" : "str"      (string, optional) indicates blocks that signalled with a # and blocks that did not with a -
                      }
                    },
                    ...
                  }
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        BlockIndex block;
        if (request.arg("blockhash").isNull()) {
            block = chain.tip().index();
        } else {
            block = chain.index(request.arg("blockhash").asHash())
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found"));
        }
        NetworkParams params = chain.params();
        ObjectNode out = RpcJson.object();
        out.put("hash", block.hash().toHex());
        out.put("height", block.height());
        ArrayNode flags = out.putArray("script_flags");
        for (String name : flagNames(BlockScriptFlags.forBlock(block.hash(), block.height(), params))) flags.add(name);
        ObjectNode deployments = out.putObject("deployments");
        for (BuriedDeployment d : BuriedDeployment.values()) {
            int height = d.height(params.deployments());
            if (height == dev.blocksmith.core.params.Deployments.NEVER) continue;
            ObjectNode o = deployments.putObject(d.reportName());
            o.put("type", "buried");
            // bitcoind reports a buried deployment active once the next block enforces it.
            o.put("active", block.height() + 1 >= height);
            o.put("height", height);
        }
        VersionBits bits = chain.versionBits();
        for (Bip9Deployment d : VersionBits.enabled(params)) {
            deployments.set(d.name(), bip9(block, d, bits));
        }
        return out;
    }

    private static ObjectNode bip9(BlockIndex block, Bip9Deployment d, VersionBits bits) {
        State next = bits.state(block, d);
        State current = bits.state(block.prev(), d);
        boolean signalling = current == State.STARTED || current == State.LOCKED_IN;
        ObjectNode bip9 = RpcJson.object();
        if (signalling) bip9.put("bit", d.bit());
        bip9.put("start_time", d.startTime());
        bip9.put("timeout", d.timeout());
        bip9.put("min_activation_height", d.minActivationHeight());
        bip9.put("status", current.rpcName());
        bip9.put("since", bits.stateSinceHeight(block.prev(), d));
        bip9.put("status_next", next.rpcName());
        if (signalling) {
            VersionBits.Statistics stats = bits.statistics(block, d);
            ObjectNode s = bip9.putObject("statistics");
            s.put("period", stats.period());
            s.put("elapsed", stats.elapsed());
            s.put("count", stats.count());
            if (current != State.LOCKED_IN) {
                s.put("threshold", stats.threshold());
                s.put("possible", stats.possible());
            }
            StringBuilder sig = new StringBuilder();
            for (boolean b : stats.signals()) sig.append(b ? '#' : '-');
            bip9.put("signalling", sig.toString());
        }
        ObjectNode o = RpcJson.object();
        o.put("type", "bip9");
        if (next == State.ACTIVE) o.put("height", bits.stateSinceHeight(block, d));
        o.put("active", next == State.ACTIVE);
        o.set("bip9", bip9);
        return o;
    }

    /** The names of the set flags, sorted as bitcoind prints them. */
    static List<String> flagNames(int flags) {
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<String, Integer> e : ScriptFlags.all().entrySet()) {
            if (e.getValue() != 0 && (flags & e.getValue()) == e.getValue()) names.add(e.getKey());
        }
        return List.copyOf(names);
    }
}
