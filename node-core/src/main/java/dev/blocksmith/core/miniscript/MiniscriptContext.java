package dev.blocksmith.core.miniscript;

/** The script context a miniscript lives in: a P2WSH witness script or a tapscript leaf (BIP379). */
public enum MiniscriptContext {
    P2WSH, TAPSCRIPT;

    /** Standard P2WSH scripts are at most 3600 bytes. */
    static final int MAX_STANDARD_P2WSH_SCRIPT_SIZE = 3600;
    static final int MAX_OPS_PER_SCRIPT = 201;
    static final int MAX_STANDARD_P2WSH_STACK_ITEMS = 100;
    static final int MAX_STACK_SIZE = 1000;
    static final int MAX_PUBKEYS_PER_MULTISIG = 20;
    static final int MAX_PUBKEYS_PER_MULTI_A = 999;

    boolean isTapscript() {
        return this == TAPSCRIPT;
    }

    /**
     * bitcoind's size bound: 3600 bytes in P2WSH; in tapscript what leaves room, within the standard
     * transaction weight (400000), for a small spending transaction (378 weight units) and a maximal
     * witness (1000 elements of 65 bytes and a 4129-byte control block), less the size's own compact size.
     */
    long maxScriptSize() {
        if (!isTapscript()) return MAX_STANDARD_P2WSH_SCRIPT_SIZE;
        long leeway = (4 + 4 + 1 + (36 + 4 + 1) + 1 + (8 + 1 + 1 + 33)) * 4L + 2;
        long maxSat = 3 + (1 + 65) * 1000L + 3 + 4129;
        long max = 400_000 - leeway - maxSat;
        return max - 5;
    }
}
