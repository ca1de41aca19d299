package dev.blocksmith.rpc.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A known place where bitcoind 30's real output differs from its generated schema
 * (src/test/resources/openrpc/README.md): at {@code path} of {@code method}'s result, a value
 * satisfying {@code alsoAccepts} is valid, and {@code optionalKeys} need not be present.
 *
 * @param path JSON path with array indices written as {@code []}, e.g. {@code $.tx[]}
 */
record Leniency(String method, String path, Predicate<JsonNode> alsoAccepts, Set<String> optionalKeys, boolean open) {

    static final List<Leniency> BITCOIND_30 = List.of(
            // "scanning" is false, not an object, when no rescan runs.
            new Leniency("getwalletinfo", "$.scanning", v -> v.isBoolean() && !v.booleanValue(), Set.of(), false),
            // rescanblockchain reports a null stop height when it was interrupted.
            new Leniency("rescanblockchain", "$.stop_height", JsonNode::isNull, Set.of(), false),
            // getblock verbosity 2 and 3 omit each transaction's fee when there is no undo data (always
            // for the coinbase). The verbosity 3 transaction schema also lost its "same as verbosity 2"
            // elision, so it is closed although every decoded-transaction field is present.
            new Leniency("getblock", "$.tx[]", v -> false, Set.of("fee"), true),
            // "prevout" is "(Only if undo information is available)": never for the coinbase input.
            new Leniency("getblock", "$.tx[].vin[]", v -> false, Set.of("prevout"), false),
            // The functional suite (Core 30.99, rpc_blockchain.py) expects getdeploymentinfo's newer
            // "script_flags" array, which bitcoind 30.0's closed schema does not list.
            new Leniency("getdeploymentinfo", "$", v -> false, Set.of(), true));
}
