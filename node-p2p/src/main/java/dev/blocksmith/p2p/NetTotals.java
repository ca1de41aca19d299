package dev.blocksmith.p2p;

/** getnettotals: bytes over all connections ever made, and the time of the snapshot (Unix millis). */
public record NetTotals(long totalBytesRecv, long totalBytesSent, long timeMillis) {
}
