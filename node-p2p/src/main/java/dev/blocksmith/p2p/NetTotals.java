package dev.blocksmith.p2p;

import dev.blocksmith.p2p.traffic.UploadTarget;

/**
 * getnettotals: bytes over all connections ever made, the time of the snapshot (Unix millis) and the state of the
 * upload target (-maxuploadtarget).
 */
public record NetTotals(long totalBytesRecv, long totalBytesSent, long timeMillis, UploadTarget.Status uploadTarget) {
}
