package dev.blocksmith.core.address;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds up to two substituted characters in a string whose Bech32/Bech32m checksum fails, so that
 * validateaddress can point at them (Core's bech32::LocateErrors). The checksum is a BCH code whose
 * generator has (e)^997, (e)^998 and (e)^999 as roots, where e generates GF(1024) = GF(32)[x]/(x^2 + 9x +
 * 23) and GF(32) = GF(2)[a]/(a^5 + a^3 + 1). Evaluating the residue at those roots gives three syndromes
 * from which one or two error positions follow. Error values are deliberately not reported: suggesting
 * corrections to an address would be dangerous.
 */
final class Bech32ErrorLocator {
    private static final int[] GF32_EXP = new int[31];
    private static final int[] GF32_LOG = new int[32];
    private static final int[] EXP = new int[1023];
    private static final int[] LOG = new int[1024];
    private static final int[] SYNDROME_CONSTANTS = new int[25];

    static {
        GF32_LOG[0] = -1;
        int v = 1;
        GF32_EXP[0] = 1;
        for (int i = 1; i < 31; i++) {
            v <<= 1;
            if ((v & 32) != 0) v ^= 0b101001;
            GF32_EXP[i] = v;
            GF32_LOG[v] = i;
        }
        LOG[0] = -1;
        EXP[0] = 1;
        v = 1;
        for (int i = 1; i < 1023; i++) {
            // v = hi*e + lo; e*v = hi*e^2 + lo*e and e^2 = 9e + 23, so hi' = 9*hi + lo, lo' = 23*hi.
            int lo = v & 31;
            int hi = v >> 5;
            int newLo = gf32Mul(hi, 23);
            int newHi = gf32Mul(hi, 9) ^ lo;
            v = newHi << 5 | newLo;
            EXP[i] = v;
            LOG[v] = i;
        }
        // Bit `shift` of residue coefficient k (x^k) contributes 2^shift * e^(j*k) to syndrome j.
        for (int k = 1; k <= 5; k++) {
            for (int shift = 0; shift < 5; shift++) {
                int b = LOG[1 << shift];
                int s997 = EXP[(997 * k + b) % 1023];
                int s998 = EXP[(998 * k + b) % 1023];
                int s999 = EXP[(999 * k + b) % 1023];
                SYNDROME_CONSTANTS[5 * (k - 1) + shift] = s999 << 20 | s998 << 10 | s997;
            }
        }
    }

    private Bech32ErrorLocator() {
    }

    private static int gf32Mul(int a, int b) {
        if (a == 0 || b == 0) return 0;
        return GF32_EXP[(GF32_LOG[a] + GF32_LOG[b]) % 31];
    }

    /** The three syndromes packed as s999 | s998 | s997, ten bits each. */
    private static int syndrome(int residue) {
        int low = residue & 31;
        int result = low ^ (low << 10) ^ (low << 20);
        for (int i = 0; i < 25; i++) {
            if (((residue >>> (5 + i)) & 1) != 0) result ^= SYNDROME_CONSTANTS[i];
        }
        return result;
    }

    /**
     * Positions (indexes into the whole string, ascending) of one or two substitution errors that would
     * explain {@code residue}, or an empty list if none fits. {@code dataLength} is the number of
     * characters after the separator; {@code totalLength} the string length.
     */
    static List<Integer> locate(int residue, int dataLength, int totalLength) {
        List<Integer> out = new ArrayList<>(2);
        int syn = syndrome(residue);
        int s0 = syn & 0x3ff;
        int s1 = (syn >>> 10) & 0x3ff;
        int s2 = syn >>> 20;
        int l0 = LOG[s0];
        int l1 = LOG[s1];
        int l2 = LOG[s2];
        // One error e1*x^p gives s1/s0 == s2/s1 == e^p.
        if (l0 != -1 && l1 != -1 && l2 != -1 && (2 * l1 - l2 - l0 + 2046) % 1023 == 0) {
            int p = (l1 - l0 + 1023) % 1023;
            int logE = l0 + (1023 - 997) * p;
            // The error value must lie in GF(32), the subgroup of powers of e that are multiples of 33.
            if (p < dataLength && logE % 33 == 0) out.add(totalLength - p - 1);
            return out;
        }
        for (int p1 = 0; p1 < dataLength; p1++) {
            int a = s2 ^ (s1 == 0 ? 0 : EXP[(l1 + p1) % 1023]);
            if (a == 0) continue;
            int b = s1 ^ (s0 == 0 ? 0 : EXP[(l0 + p1) % 1023]);
            if (b == 0) continue;
            int la = LOG[a];
            int lb = LOG[b];
            int p2 = (la - lb + 1023) % 1023;
            if (p2 >= dataLength || p1 == p2) continue;
            int c = s1 ^ (s0 == 0 ? 0 : EXP[(l0 + p2) % 1023]);
            if (c == 0) continue;
            int lc = LOG[c];
            int invSum = 1023 - LOG[EXP[p1] ^ EXP[p2]];
            if ((lb + invSum + (1023 - 997) * p2) % 33 != 0) continue;
            if ((lc + invSum + (1023 - 997) * p1) % 33 != 0) continue;
            int a1 = totalLength - p1 - 1;
            int a2 = totalLength - p2 - 1;
            out.add(Math.min(a1, a2));
            out.add(Math.max(a1, a2));
            break;
        }
        return out;
    }
}
