package dev.blocksmith.rpc.server;

import java.util.Objects;

/**
 * Whether the node still starts up. While it does, every call is answered with error -28 and the
 * current status ("Loading block index…", "Verifying blocks…"), as bitcoind does; clients such as
 * {@code blocksmith cli -rpcwait} retry on that code.
 */
public final class RpcWarmup {
    private volatile boolean inWarmup = true;
    private volatile String status = "RPC server started";

    public boolean inWarmup() {
        return inWarmup;
    }

    public String status() {
        return status;
    }

    public void setStatus(String newStatus) {
        status = Objects.requireNonNull(newStatus);
    }

    /** Startup is complete: calls run from now on. */
    public void finish() {
        inWarmup = false;
    }
}
