package dev.blocksmith.p2p.peer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one connection for getpeerinfo. Times are Unix seconds; ping times are seconds as doubles
 * (bitcoind's units); absent values are empty Optionals. {@code presyncedHeaders} is the height reached by
 * the pre-synchronisation of the peer's low-work headers, -1 when none runs. {@code lastInvSequence} and
 * {@code invToSend} are 0 while transaction relay is not set up with the peer, as bitcoind reports them.
 * {@code bip152HbTo}: we asked the peer for BIP152 high-bandwidth announcements; {@code bip152HbFrom}: it asked us.
 * {@code transportProtocolType} is "detecting", "v1" or "v2"; {@code sessionId} the BIP324 session id in hex, empty
 * unless v2.
 */
public record PeerInfo(
        long id,
        String addr,
        String addrBind,
        long services,
        List<String> servicesNames,
        boolean relayTxes,
        long lastInvSequence,
        long invToSend,
        long lastSend,
        long lastRecv,
        long bytesSent,
        long bytesRecv,
        long connTime,
        long timeOffset,
        Optional<Double> pingTime,
        Optional<Double> minPing,
        Optional<Double> pingWait,
        int version,
        String subver,
        boolean inbound,
        boolean bip152HbTo,
        boolean bip152HbFrom,
        int startingHeight,
        int presyncedHeaders,
        int syncedHeaders,
        int syncedBlocks,
        List<Integer> inflight,
        String connectionType,
        boolean wtxidRelay,
        boolean sendAddrV2,
        long minFeeFilterPerKvB,
        Map<String, Long> bytesSentPerMsg,
        Map<String, Long> bytesRecvPerMsg,
        long lastBlock,
        long lastTransaction,
        boolean addrRelayEnabled,
        long addrProcessed,
        long addrRateLimited,
        List<String> permissions,
        String transportProtocolType,
        String sessionId) {

    public PeerInfo {
        servicesNames = List.copyOf(servicesNames);
        permissions = List.copyOf(permissions);
        inflight = List.copyOf(inflight);
        bytesSentPerMsg = Map.copyOf(bytesSentPerMsg);
        bytesRecvPerMsg = Map.copyOf(bytesRecvPerMsg);
    }
}
