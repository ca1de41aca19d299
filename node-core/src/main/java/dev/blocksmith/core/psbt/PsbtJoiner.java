package dev.blocksmith.core.psbt;

import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * joinpsbts (Core's logic): the inputs and outputs of several PSBTs in one, in random order, with the
 * highest transaction version and the lowest lock time. Joined inputs lose their signatures and final
 * fields (the joined transaction is a different one); the global unknown records are kept, the global
 * xpubs and proprietary records are not, as in bitcoind.
 */
public final class PsbtJoiner {
    private PsbtJoiner() {
    }

    /** The joined PSBT, or the input found in more than one of them. */
    public record Joined(Optional<Psbt> psbt, Optional<TxIn> duplicateInput) {
    }

    public static Joined join(List<Psbt> psbts, RandomGenerator random) {
        long version = 1;
        long lockTime = 0xffffffffL;
        for (Psbt p : psbts) {
            version = Math.max(version, Integer.toUnsignedLong(p.unsignedTx().version()));
            lockTime = Math.min(lockTime, p.unsignedTx().lockTime());
        }
        List<TxIn> ins = new ArrayList<>();
        List<PsbtInput> inMaps = new ArrayList<>();
        List<TxOut> outs = new ArrayList<>();
        List<PsbtOutput> outMaps = new ArrayList<>();
        TreeMap<Bytes, Bytes> unknown = new TreeMap<>();
        for (Psbt p : psbts) {
            Transaction tx = p.unsignedTx();
            for (int i = 0; i < tx.inputs().size(); i++) {
                // Core compares whole inputs (outpoint, scriptSig, sequence).
                if (ins.contains(tx.input(i))) return new Joined(Optional.empty(), Optional.of(tx.input(i)));
                ins.add(tx.input(i));
                inMaps.add(p.input(i).toBuilder().clearPartialSignatures().finalScriptSig(Optional.empty())
                        .finalScriptWitness(Optional.empty()).build());
            }
            for (int i = 0; i < tx.outputs().size(); i++) {
                outs.add(tx.output(i));
                outMaps.add(p.output(i));
            }
            p.unknown().forEach(unknown::putIfAbsent);
        }
        List<Integer> inOrder = shuffled(ins.size(), random);
        List<Integer> outOrder = shuffled(outs.size(), random);
        List<TxIn> shuffledIns = new ArrayList<>();
        List<PsbtInput> shuffledInMaps = new ArrayList<>();
        for (int i : inOrder) {
            shuffledIns.add(ins.get(i));
            shuffledInMaps.add(inMaps.get(i));
        }
        List<TxOut> shuffledOuts = new ArrayList<>();
        List<PsbtOutput> shuffledOutMaps = new ArrayList<>();
        for (int i : outOrder) {
            shuffledOuts.add(outs.get(i));
            shuffledOutMaps.add(outMaps.get(i));
        }
        Transaction joined = new Transaction((int) version, shuffledIns, shuffledOuts, lockTime);
        return new Joined(Optional.of(new Psbt(joined, List.of(), new TreeSet<>(), unknown, shuffledInMaps, shuffledOutMaps)), Optional.empty());
    }

    private static List<Integer> shuffled(int n, RandomGenerator random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, random);
        return order;
    }
}
