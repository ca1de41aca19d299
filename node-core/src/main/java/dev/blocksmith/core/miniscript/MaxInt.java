package dev.blocksmith.core.miniscript;

/** The maximum of a set of counts, or no value for an empty set (bitcoind's MaxInt, for op counts). */
record MaxInt(boolean valid, long value) {
    static final MaxInt NONE = new MaxInt(false, 0);

    static MaxInt of(long v) {
        return new MaxInt(true, v);
    }

    MaxInt plus(MaxInt o) {
        return valid && o.valid ? of(value + o.value) : NONE;
    }

    MaxInt or(MaxInt o) {
        if (!valid) return o;
        if (!o.valid) return this;
        return of(Math.max(value, o.value));
    }
}
