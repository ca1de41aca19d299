package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.peer.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BIP157 serving as bitcoind's net_processing does it (ProcessGetCFilters, ProcessGetCFHeaders, ProcessGetCFCheckPt):
 * a request for a type we do not serve, an unknown or unservable stop block, a start above the stop or too long a
 * range disconnects the peer, with bitcoind's debug log lines.
 */
public final class CompactFilterServer {
    private static final Logger LOG = LoggerFactory.getLogger(CompactFilterServer.class);
    /** bitcoind's MAX_GETCFILTERS_SIZE and MAX_GETCFHEADERS_SIZE. */
    static final int MAX_GETCFILTERS_SIZE = 1000;
    static final int MAX_GETCFHEADERS_SIZE = 2000;
    /** BIP157's checkpoint interval. */
    static final int CFCHECKPT_INTERVAL = 1000;

    private final PeerNetwork network;
    private final Optional<CompactFilterSource> source;

    /** @param source the filters served; empty without -peerblockfilters (every request then disconnects) */
    public CompactFilterServer(PeerNetwork network, Optional<CompactFilterSource> source) {
        this.network = network;
        this.source = source;
    }

    public void onGetCFilters(Peer peer, Message.GetCFilters m) {
        Optional<CompactFilterSource> s = prepare(peer, m.filterType(), m.startHeight(), m.stopHash(), MAX_GETCFILTERS_SIZE);
        if (s.isEmpty()) return;
        Optional<List<BlockFilter>> filters = s.get().filters((int) m.startHeight(), m.stopHash());
        if (filters.isEmpty()) {
            LOG.debug("Failed to find block filter in index: filter_type={}, start_height={}, stop_hash={}",
                    BlockFilterType.BASIC.label(), m.startHeight(), m.stopHash());
            return;
        }
        long now = network.nowMillis();
        for (BlockFilter f : filters.get()) {
            peer.send(new Message.CFilter(m.filterType(), f.blockHash(), f.encoded()), now);
        }
    }

    public void onGetCFHeaders(Peer peer, Message.GetCFHeaders m) {
        Optional<CompactFilterSource> s = prepare(peer, m.filterType(), m.startHeight(), m.stopHash(), MAX_GETCFHEADERS_SIZE);
        if (s.isEmpty()) return;
        Sha256Hash previous = Sha256Hash.ZERO;
        if (m.startHeight() > 0) {
            Optional<Sha256Hash> h = s.get().filterHeader((int) m.startHeight() - 1, m.stopHash());
            if (h.isEmpty()) {
                LOG.debug("Failed to find block filter header in index: filter_type={}, block_hash={}",
                        BlockFilterType.BASIC.label(), m.stopHash());
                return;
            }
            previous = h.get();
        }
        Optional<List<Sha256Hash>> hashes = s.get().filterHashes((int) m.startHeight(), m.stopHash());
        if (hashes.isEmpty()) {
            LOG.debug("Failed to find block filter hashes in index: filter_type={}, start_height={}, stop_hash={}",
                    BlockFilterType.BASIC.label(), m.startHeight(), m.stopHash());
            return;
        }
        peer.send(new Message.CFHeaders(m.filterType(), m.stopHash(), previous, hashes.get()), network.nowMillis());
    }

    public void onGetCFCheckpt(Peer peer, Message.GetCFCheckpt m) {
        Optional<CompactFilterSource> s = prepare(peer, m.filterType(), 0, m.stopHash(), Integer.MAX_VALUE);
        if (s.isEmpty()) return;
        int stopHeight = s.get().requestableHeight(m.stopHash()).orElseThrow();
        List<Sha256Hash> headers = new ArrayList<>();
        for (int height = CFCHECKPT_INTERVAL; height <= stopHeight; height += CFCHECKPT_INTERVAL) {
            Optional<Sha256Hash> h = s.get().filterHeader(height, m.stopHash());
            if (h.isEmpty()) {
                LOG.debug("Failed to find block filter header in index: filter_type={}, block_hash={}",
                        BlockFilterType.BASIC.label(), m.stopHash());
                return;
            }
            headers.add(h.get());
        }
        peer.send(new Message.CFCheckpt(m.filterType(), m.stopHash(), headers), network.nowMillis());
    }

    /** bitcoind's PrepareBlockFilterRequest: the source when the request may be served, else the peer is dropped. */
    private Optional<CompactFilterSource> prepare(Peer peer, int filterType, long startHeight, Sha256Hash stopHash,
                                                  long maxHeightDiff) {
        if (filterType != BlockFilterType.BASIC.id() || source.isEmpty()) {
            network.disconnect(peer, "peer requested unsupported block filter type: " + filterType);
            return Optional.empty();
        }
        OptionalInt stopHeight = source.get().requestableHeight(stopHash);
        if (stopHeight.isEmpty()) {
            network.disconnect(peer, "peer requested invalid block hash: " + stopHash);
            return Optional.empty();
        }
        if (startHeight > stopHeight.getAsInt()) {
            network.disconnect(peer, "peer sent invalid getcfilters/getcfheaders with start height " + startHeight
                    + " and stop height " + stopHeight.getAsInt());
            return Optional.empty();
        }
        if (stopHeight.getAsInt() - startHeight >= maxHeightDiff) {
            network.disconnect(peer, "peer requested too many cfilters/cfheaders: " + (stopHeight.getAsInt() - startHeight + 1)
                    + " / " + maxHeightDiff);
            return Optional.empty();
        }
        return source;
    }
}
