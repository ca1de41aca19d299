package dev.blocksmith.core.miniscript;

/**
 * A set of execution traces summarised for stack-size limits (bitcoind's SatInfo): the largest net
 * stack decrease over the traces and the largest height above the final stack reached during
 * execution; {@code valid} is false for the empty set. {@code or} is union, {@code plus} concatenation.
 */
record SatInfo(boolean valid, long netdiff, long exec) {
    static final SatInfo NONE = new SatInfo(false, 0, 0);
    static final SatInfo EMPTY = of(0, 0);
    static final SatInfo PUSH = of(-1, 0);
    static final SatInfo HASH = of(0, 0);
    static final SatInfo NOP = of(0, 0);
    static final SatInfo IF = of(1, 1);
    static final SatInfo BINARY_OP = of(1, 1);
    static final SatInfo DUP = of(-1, 0);
    static final SatInfo EQUALVERIFY = of(2, 2);
    static final SatInfo EQUAL = of(1, 1);
    static final SatInfo SIZE = of(-1, 0);
    static final SatInfo CHECKSIG = of(1, 1);
    static final SatInfo ZERO_NOTEQUAL = of(0, 0);
    static final SatInfo VERIFY = of(1, 1);

    static SatInfo of(long netdiff, long exec) {
        return new SatInfo(true, netdiff, exec);
    }

    static SatInfo ifdup(boolean nonzero) {
        return of(nonzero ? -1 : 0, 0);
    }

    SatInfo or(SatInfo o) {
        if (!valid) return o;
        if (!o.valid) return this;
        return of(Math.max(netdiff, o.netdiff), Math.max(exec, o.exec));
    }

    SatInfo plus(SatInfo o) {
        if (!valid || !o.valid) return NONE;
        return of(netdiff + o.netdiff, Math.max(o.exec, o.netdiff + exec));
    }

    static SatInfo seq(SatInfo... parts) {
        SatInfo r = EMPTY;
        for (SatInfo p : parts) r = r.plus(p);
        return r;
    }
}
