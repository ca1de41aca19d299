package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.wallet.coinselection.Candidate;
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bitcoind's output groups for partial spend avoidance (-avoidpartialspends, or avoid_reuse): the coins paid to one
 * script are offered to coin selection together, so that a payment never spends part of an address's coins and
 * leaves the rest to link it later. An address's coins form groups of at most {@link #MAX_ENTRIES} (bitcoind's
 * OUTPUT_GROUP_MAX_ENTRIES, which keeps a transaction from growing without bound); the last group of an address
 * with several is its partial one, offered only if the full groups cannot pay (bitcoind's m_include_partial_groups,
 * set in its last eligibility filters).
 */
final class OutputGroups {
    /** bitcoind's OUTPUT_GROUP_MAX_ENTRIES. */
    static final int MAX_ENTRIES = 100;

    private final Map<Script, List<List<WalletCoin>>> byScript = new LinkedHashMap<>();

    OutputGroups(List<WalletCoin> coins) {
        for (WalletCoin c : coins) {
            List<List<WalletCoin>> groups = byScript.computeIfAbsent(c.output().scriptPubKey(), s -> new ArrayList<>());
            if (groups.isEmpty() || groups.get(groups.size() - 1).size() >= MAX_ENTRIES) groups.add(new ArrayList<>());
            groups.get(groups.size() - 1).add(c);
        }
    }

    /**
     * The groups as selection candidates (value and input size summed), each named by its first coin.
     *
     * @param includePartial whether the last group of an address with several groups is offered
     */
    Offer offer(boolean includePartial) {
        List<Candidate> candidates = new ArrayList<>();
        Map<OutPoint, List<WalletCoin>> members = new HashMap<>();
        for (List<List<WalletCoin>> groups : byScript.values()) {
            for (int i = 0; i < groups.size(); i++) {
                if (!includePartial && groups.size() > 1 && i == groups.size() - 1) continue;
                List<WalletCoin> g = groups.get(i);
                long value = 0;
                int vbytes = 0;
                for (WalletCoin c : g) {
                    value += c.output().value();
                    vbytes += c.location().inputVBytes();
                }
                OutPoint name = g.get(0).outPoint();
                candidates.add(new Candidate(name, value, vbytes));
                members.put(name, g);
            }
        }
        return new Offer(candidates, members);
    }

    /** Group candidates and the coins each stands for. */
    record Offer(List<Candidate> candidates, Map<OutPoint, List<WalletCoin>> members) {
        /** The coins of the chosen groups, one candidate each. */
        List<Candidate> coinsOf(List<Candidate> chosenGroups) {
            List<Candidate> out = new ArrayList<>();
            for (Candidate g : chosenGroups) {
                for (WalletCoin c : members.get(g.outPoint())) {
                    out.add(new Candidate(c.outPoint(), c.output().value(), c.location().inputVBytes()));
                }
            }
            return out;
        }
    }
}
