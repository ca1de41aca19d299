package dev.blocksmith.p2p.traffic;

/**
 * bitcoind's -maxuploadtarget ({@code maxUploadTargetBytes}, 0 for no limit) and -capturemessages.
 */
public record TrafficOptions(long maxUploadTargetBytes, boolean captureMessages) {
    public TrafficOptions {
        if (maxUploadTargetBytes < 0) throw new IllegalArgumentException("negative -maxuploadtarget");
    }

    /** bitcoind's defaults: no upload target, no capture. */
    public static TrafficOptions none() {
        return new TrafficOptions(0, false);
    }
}
