package dev.blocksmith.miner.external;

import java.io.IOException;
import java.util.Optional;

/**
 * The two calls an external miner makes to a node (BIP22/BIP23). The CLI implements them over
 * JSON-RPC; tests implement them in-process.
 */
public interface MiningRpc {

    /**
     * {@code getblocktemplate {"rules": ["segwit"]}}, with {@code "longpollid"} when given: the node
     * then answers only once its template differs from the one that id named (a new tip, or changed
     * mempool contents after a while), which is how the miner hears of a new tip without polling.
     *
     * @throws IOException when the node cannot be reached or answers with an error
     */
    RpcTemplate getBlockTemplate(Optional<String> longPollId) throws IOException;

    /**
     * {@code submitblock <hex>}.
     *
     * @return empty when the node accepted the block (a null result), otherwise its reason string
     *     such as {@code "duplicate"}, {@code "inconclusive"} or a reject reason like {@code "high-hash"}
     * @throws IOException when the node cannot be reached or answers with an error
     */
    Optional<String> submitBlock(String blockHex) throws IOException;
}
