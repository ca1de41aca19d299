package dev.blocksmith.zmq;

/**
 * bitcoind's five ZMQ publisher kinds, in the order bitcoind creates (and getzmqnotifications lists) them: its
 * factory map is sorted by the option's name.
 */
public enum ZmqTopic {
    HASHBLOCK("hashblock"),
    HASHTX("hashtx"),
    RAWBLOCK("rawblock"),
    RAWTX("rawtx"),
    SEQUENCE("sequence");

    private final String topic;

    ZmqTopic(String topic) {
        this.topic = topic;
    }

    /** The first frame of every message of this kind, and what subscribers filter on. */
    public String topic() {
        return topic;
    }

    /** getzmqnotifications' {@code type}: "pubhashblock", ... */
    public String type() {
        return "pub" + topic;
    }

    /** The option that sets its addresses: {@code -zmqpubhashblock}, ... (the high water mark adds "hwm"). */
    public String optionName() {
        return "zmqpub" + topic;
    }
}
