package dev.blocksmith.core.miniscript;

import java.util.List;

/**
 * BIP379's type rules: the type of a fragment from its children's types, as bitcoind computes them
 * (including the timelock-mix property k and the tapscript difference for d:). An empty result means
 * the expression is not well typed.
 */
final class TypeRules {
    private static final long LOCKTIME_THRESHOLD = 500_000_000L;
    private static final long SEQUENCE_LOCKTIME_TYPE_FLAG = 1L << 22;

    private TypeRules() {
    }

    private static MsType t(String s) {
        return MsType.of(s);
    }

    /** k (no mixed timelocks) survives a conjunction only when the two sides do not mix time and height locks. */
    private static boolean noMix(MsType x, MsType y) {
        return !((x.has("g") && y.has("h")) || (x.has("h") && y.has("g")) || (x.has("i") && y.has("j")) || (x.has("j") && y.has("i")));
    }

    static MsType compute(Fragment f, long k, List<MsType> subs, int nKeys, MiniscriptContext ctx) {
        MsType x = subs.size() > 0 ? subs.get(0) : MsType.NONE;
        MsType y = subs.size() > 1 ? subs.get(1) : MsType.NONE;
        MsType z = subs.size() > 2 ? subs.get(2) : MsType.NONE;
        MsType ghij = t("ghij");
        MsType ghijk = t("ghijk");
        return switch (f) {
            case PK_K -> t("Konudemsxk");
            case PK_H -> t("Knudemsxk");
            case OLDER -> t("g").when((k & SEQUENCE_LOCKTIME_TYPE_FLAG) != 0).or(t("h").when((k & SEQUENCE_LOCKTIME_TYPE_FLAG) == 0))
                    .or(t("Bzfmxk"));
            case AFTER -> t("i").when(k >= LOCKTIME_THRESHOLD).or(t("j").when(k < LOCKTIME_THRESHOLD)).or(t("Bzfmxk"));
            case SHA256, RIPEMD160, HASH256, HASH160 -> t("Bonudmk");
            case JUST_1 -> t("Bzufmxk");
            case JUST_0 -> t("Bzudemsxk");
            case WRAP_A -> t("W").when(x.has("B")).or(x.and(ghijk)).or(x.and(t("udfems"))).or(t("x"));
            case WRAP_S -> t("W").when(x.has("Bo")).or(x.and(ghijk)).or(x.and(t("udfemsx")));
            case WRAP_C -> t("B").when(x.has("K")).or(x.and(ghijk)).or(x.and(t("ondfem"))).or(t("us"));
            // d: is u only in tapscript, where MINIMALIF is consensus (it is only policy in P2WSH).
            case WRAP_D -> t("B").when(x.has("Vz")).or(t("o").when(x.has("z"))).or(t("e").when(x.has("f")))
                    .or(x.and(ghijk)).or(x.and(t("ms"))).or(t("u").when(ctx.isTapscript())).or(t("ndx"));
            case WRAP_V -> t("V").when(x.has("B")).or(x.and(ghijk)).or(x.and(t("zonms"))).or(t("fx"));
            case WRAP_J -> t("B").when(x.has("Bn")).or(t("e").when(x.has("f"))).or(x.and(ghijk)).or(x.and(t("oums"))).or(t("ndx"));
            case WRAP_N -> x.and(ghijk).or(x.and(t("Bzondfems"))).or(t("ux"));
            case AND_V -> y.and(t("KVB")).when(x.has("V"))
                    .or(x.and(t("n"))).or(y.and(t("n")).when(x.has("z")))
                    .or(x.or(y).and(t("o")).when(x.or(y).has("z")))
                    .or(x.and(y).and(t("dmz")))
                    .or(x.or(y).and(t("s")))
                    .or(t("f").when(y.has("f") || x.has("s")))
                    .or(y.and(t("ux")))
                    .or(x.or(y).and(ghij))
                    .or(t("k").when(x.and(y).has("k") && noMix(x, y)));
            case AND_B -> x.and(t("B")).when(y.has("W"))
                    .or(x.or(y).and(t("o")).when(x.or(y).has("z")))
                    .or(x.and(t("n"))).or(y.and(t("n")).when(x.has("z")))
                    .or(x.and(y).and(t("e")).when(x.and(y).has("s")))
                    .or(x.and(y).and(t("dzm")))
                    .or(t("f").when(x.and(y).has("f") || x.has("sf") || y.has("sf")))
                    .or(x.or(y).and(t("s")))
                    .or(t("ux"))
                    .or(x.or(y).and(ghij))
                    .or(t("k").when(x.and(y).has("k") && noMix(x, y)));
            case OR_B -> t("B").when(x.has("Bd") && y.has("Wd"))
                    .or(x.or(y).and(t("o")).when(x.or(y).has("z")))
                    .or(x.and(y).and(t("m")).when(x.or(y).has("s") && x.and(y).has("e")))
                    .or(x.and(y).and(t("zse")))
                    .or(t("dux"))
                    .or(x.or(y).and(ghij))
                    .or(x.and(y).and(t("k")));
            case OR_D -> y.and(t("B")).when(x.has("Bdu"))
                    .or(x.and(t("o")).when(y.has("z")))
                    .or(x.and(y).and(t("m")).when(x.has("e") && x.or(y).has("s")))
                    .or(x.and(y).and(t("zs")))
                    .or(y.and(t("ufde")))
                    .or(t("x"))
                    .or(x.or(y).and(ghij))
                    .or(x.and(y).and(t("k")));
            case OR_C -> y.and(t("V")).when(x.has("Bdu"))
                    .or(x.and(t("o")).when(y.has("z")))
                    .or(x.and(y).and(t("m")).when(x.has("e") && x.or(y).has("s")))
                    .or(x.and(y).and(t("zs")))
                    .or(t("fx"))
                    .or(x.or(y).and(ghij))
                    .or(x.and(y).and(t("k")));
            case OR_I -> x.and(y).and(t("VBKufs"))
                    .or(t("o").when(x.and(y).has("z")))
                    .or(x.or(y).and(t("e")).when(x.or(y).has("f")))
                    .or(x.and(y).and(t("m")).when(x.or(y).has("s")))
                    .or(x.or(y).and(t("d")))
                    .or(t("x"))
                    .or(x.or(y).and(ghij))
                    .or(x.and(y).and(t("k")));
            case ANDOR -> y.and(z).and(t("BKV")).when(x.has("Bdu"))
                    .or(x.and(y).and(z).and(t("z")))
                    .or(x.or(y.and(z)).and(t("o")).when(x.or(y.and(z)).has("z")))
                    .or(y.and(z).and(t("u")))
                    .or(z.and(t("f")).when(x.has("s") || y.has("f")))
                    .or(z.and(t("d")))
                    .or(z.and(t("e")).when(x.has("s") || y.has("f")))
                    .or(x.and(y).and(z).and(t("m")).when(x.has("e") && x.or(y).or(z).has("s")))
                    .or(z.and(x.or(y)).and(t("s")))
                    .or(t("x"))
                    .or(x.or(y).or(z).and(ghij))
                    .or(t("k").when(x.and(y).and(z).has("k") && noMix(x, y)));
            case MULTI -> t("Bnudemsk");
            case MULTI_A -> t("Budemsk");
            case THRESH -> thresh(k, subs);
        };
    }

    private static MsType thresh(long k, List<MsType> subs) {
        boolean allE = true;
        boolean allM = true;
        int args = 0;
        int numS = 0;
        MsType acc = MsType.of("k");
        for (int i = 0; i < subs.size(); i++) {
            MsType s = subs.get(i);
            if (!s.has(i == 0 ? "Bdu" : "Wdu")) return MsType.NONE;
            if (!s.has("e")) allE = false;
            if (!s.has("m")) allM = false;
            if (s.has("s")) numS++;
            args += s.has("z") ? 0 : s.has("o") ? 1 : 2;
            boolean keepK = acc.and(s).has("k") && (k <= 1 || noMix(acc, s));
            acc = acc.or(s).and(MsType.of("ghij")).or(MsType.of("k").when(keepK));
        }
        int n = subs.size();
        return MsType.of("Bdu")
                .or(MsType.of("z").when(args == 0))
                .or(MsType.of("o").when(args == 1))
                .or(MsType.of("e").when(allE && numS == n))
                .or(MsType.of("m").when(allE && allM && numS >= n - k))
                .or(MsType.of("s").when(numS >= n - k + 1))
                .or(acc);
    }

    /**
     * bitcoind's SanitizeType: exactly one base type or none (then the whole type is invalid). The
     * property conflicts it asserts hold by construction of the rules above.
     */
    static MsType sanitize(MsType e) {
        int bases = (e.has("K") ? 1 : 0) + (e.has("V") ? 1 : 0) + (e.has("B") ? 1 : 0) + (e.has("W") ? 1 : 0);
        if (bases == 0) return MsType.NONE;
        if (bases != 1) throw new IllegalStateException("miniscript type with several base types: " + e);
        return e;
    }
}
