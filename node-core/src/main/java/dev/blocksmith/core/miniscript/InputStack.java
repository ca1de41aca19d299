package dev.blocksmith.core.miniscript;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A candidate witness for (part of) a miniscript, as bitcoind's miniscript InputStack: its items (bottom
 * first), whether it can be had at all, whether it holds a signature, whether a third party could turn it
 * into another valid witness (malleable), whether it uses a construction no canonical satisfaction needs,
 * and its serialized size (each item with its one-byte length). Immutable.
 */
record InputStack(boolean available, boolean hasSig, boolean malleable, boolean nonCanon, long size, List<byte[]> items) {
    static final InputStack EMPTY = new InputStack(true, false, false, false, 0, List.of());
    static final InputStack INVALID = new InputStack(false, false, false, false, Long.MAX_VALUE, List.of());
    /** One empty item: a 0 in numeric context. */
    static final InputStack ZERO = of(new byte[0]);
    /** One 0x01 item: a 1 in numeric context. */
    static final InputStack ONE = of(new byte[] {1});
    /** 32 zero bytes, a hash challenge's dissatisfaction; anyone could put another non-preimage there. */
    static final InputStack ZERO32 = of(new byte[32]).withMalleable(true);

    InputStack {
        items = Collections.unmodifiableList(items);
    }

    static InputStack of(byte[] item) {
        return new InputStack(true, false, false, false, item.length + 1L, List.of(item));
    }

    /** An item that may be missing: {@link #INVALID} when it is. */
    static InputStack maybe(java.util.Optional<byte[]> item) {
        return item.map(InputStack::of).orElse(INVALID);
    }

    InputStack withSig() {
        return available ? new InputStack(true, true, malleable, nonCanon, size, items) : this;
    }

    InputStack withMalleable(boolean m) {
        return available ? new InputStack(true, hasSig, m, nonCanon, size, items) : this;
    }

    InputStack withNonCanon() {
        return available ? new InputStack(true, hasSig, malleable, true, size, items) : this;
    }

    /** Concatenation: this stack's items below {@code top}'s. */
    InputStack plus(InputStack top) {
        if (!available || !top.available) return INVALID;
        List<byte[]> all = new ArrayList<>(items.size() + top.items.size());
        all.addAll(items);
        all.addAll(top.items);
        return new InputStack(true, hasSig || top.hasSig, malleable || top.malleable, nonCanon || top.nonCanon, size + top.size, all);
    }

    /**
     * bitcoind's choice between two stacks: the available one; the one without a signature (a third party
     * could always use it, so the other is no better); between two without, either, and the result is
     * malleable; between two with, the non-malleable one; then the smaller.
     */
    InputStack or(InputStack b) {
        InputStack a = this;
        if (!a.available) return b;
        if (!b.available) return a;
        if (!a.hasSig && b.hasSig) return a;
        if (!b.hasSig && a.hasSig) return b;
        if (!a.hasSig) {
            a = a.withMalleable(true);
            b = b.withMalleable(true);
        } else {
            if (b.malleable && !a.malleable) return a;
            if (a.malleable && !b.malleable) return b;
        }
        return a.size <= b.size ? a : b;
    }
}
