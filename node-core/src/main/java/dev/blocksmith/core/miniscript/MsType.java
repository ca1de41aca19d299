package dev.blocksmith.core.miniscript;

/**
 * A miniscript type (BIP379): one of the base types B, V, K, W plus the properties z o n d u e f s m
 * x and the timelock flags g h i j k, as a bit set. An empty set is an invalid type.
 */
public record MsType(int flags) {
    private static final String LETTERS = "BVKWzondue" + "fsmxghijk";

    public static final MsType NONE = new MsType(0);

    /** The type with the given property letters. */
    public static MsType of(String letters) {
        int f = 0;
        for (char c : letters.toCharArray()) {
            int i = LETTERS.indexOf(c);
            if (i < 0) throw new IllegalArgumentException("unknown miniscript type letter " + c);
            f |= 1 << i;
        }
        return new MsType(f);
    }

    public MsType or(MsType o) {
        return new MsType(flags | o.flags);
    }

    public MsType and(MsType o) {
        return new MsType(flags & o.flags);
    }

    /** Whether this type has every property of {@code o} (Core's {@code <<}). */
    public boolean has(MsType o) {
        return (o.flags & ~flags) == 0;
    }

    public boolean has(String letters) {
        return has(of(letters));
    }

    /** This type if {@code cond}, the empty type otherwise. */
    public MsType when(boolean cond) {
        return cond ? this : NONE;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LETTERS.length(); i++) if ((flags & (1 << i)) != 0) sb.append(LETTERS.charAt(i));
        return sb.toString();
    }
}
