package dev.blocksmith.rpc.methods.zmq;

/** One active ZMQ publisher as getzmqnotifications reports it: {@code pubhashblock}, its address, its high water mark. */
public record ZmqNotification(String type, String address, int hwm) {
}
