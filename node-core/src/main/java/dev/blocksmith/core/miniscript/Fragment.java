package dev.blocksmith.core.miniscript;

/**
 * Miniscript fragments as bitcoind represents them. The sugar forms are not fragments of their own:
 * and_n(X,Y) is andor(X,Y,0), t:X is and_v(X,1), l:X is or_i(0,X) and u:X is or_i(X,0).
 */
public enum Fragment {
    JUST_0, JUST_1, PK_K, PK_H, OLDER, AFTER, SHA256, HASH256, RIPEMD160, HASH160,
    WRAP_A, WRAP_S, WRAP_C, WRAP_D, WRAP_V, WRAP_J, WRAP_N,
    AND_V, AND_B, OR_B, OR_C, OR_D, OR_I, ANDOR, THRESH, MULTI, MULTI_A;

    boolean isWrapper() {
        return switch (this) {
            case WRAP_A, WRAP_S, WRAP_C, WRAP_D, WRAP_V, WRAP_J, WRAP_N -> true;
            default -> false;
        };
    }
}
