package dev.blocksmith.zmq;

import java.util.Objects;

/**
 * One {@code -zmqpub<topic>=<address>}: what to publish, where, and the socket's outbound high water mark
 * ({@code -zmqpub<topic>hwm}, 1000 by default as bitcoind's DEFAULT_ZMQ_SNDHWM). The address is kept as
 * bitcoind reports it: a {@code unix:} prefix already turned into libzmq's {@code ipc://}.
 */
public record ZmqNotifierConfig(ZmqTopic topic, String address, int highWaterMark) {
    /** bitcoind's DEFAULT_ZMQ_SNDHWM. */
    public static final int DEFAULT_HIGH_WATER_MARK = 1000;
    /** bitcoind's ADDR_PREFIX_UNIX and ADDR_PREFIX_IPC. */
    private static final String UNIX_PREFIX = "unix:";
    private static final String IPC_PREFIX = "ipc://";

    public ZmqNotifierConfig {
        Objects.requireNonNull(topic);
        Objects.requireNonNull(address);
    }

    /** An option value as given, with bitcoind's {@code unix:PATH} to {@code ipc://PATH} rewrite. */
    public static ZmqNotifierConfig of(ZmqTopic topic, String optionValue, int highWaterMark) {
        String address = optionValue.startsWith(UNIX_PREFIX) ? IPC_PREFIX + optionValue.substring(UNIX_PREFIX.length()) : optionValue;
        return new ZmqNotifierConfig(topic, address, highWaterMark);
    }

    /** Whether the address is a UNIX domain socket path ({@code ipc://PATH}). */
    public boolean isIpc() {
        return address.startsWith(IPC_PREFIX);
    }

    /** The socket path of an ipc address. */
    public String ipcPath() {
        return address.substring(IPC_PREFIX.length());
    }
}
