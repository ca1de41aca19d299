package dev.blocksmith.wallet;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.labels.DestinationOrder;
import dev.blocksmith.wallet.ledger.WalletCoin;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * listaddressgroupings (bitcoind's GetAddressGroupings and GetAddressBalances): addresses whose common ownership
 * the chain reveals. The addresses of our inputs to one transaction form a group together with its change
 * outputs; every address of ours that received an output is a group of its own; groups that share an address
 * are merged. Each address comes with its balance: its trusted, mature unspent coins.
 */
public final class AddressGroupings {
    private AddressGroupings() {
    }

    /** One address of a group, with its balance and its label when it has an address book entry. */
    public record Member(Address address, long balance, Optional<String> label) {
    }

    public static List<List<Member>> of(Wallet w) {
        NetworkParams net = w.keys().network();
        List<Set<Address>> groups = new ArrayList<>();
        for (WalletTx t : w.transactions()) {
            Set<Address> group = new TreeSet<>(DestinationOrder.INSTANCE);
            boolean anyMine = false;
            for (TxIn in : t.tx().inputs()) {
                Optional<TxOut> prev = w.knownOutput(in.prevout()).filter(o -> w.locate(o.scriptPubKey()).isPresent());
                if (prev.isEmpty()) continue;
                Optional<Address> a = Address.fromScriptPubKey(prev.get().scriptPubKey(), net);
                if (a.isEmpty()) continue;
                group.add(a.get());
                anyMine = true;
            }
            if (anyMine) {
                for (TxOut o : t.tx().outputs()) {
                    if (w.isChange(o.scriptPubKey())) Address.fromScriptPubKey(o.scriptPubKey(), net).ifPresent(group::add);
                }
            }
            if (!group.isEmpty()) groups.add(group);
            for (TxOut o : t.tx().outputs()) {
                if (w.locate(o.scriptPubKey()).isEmpty()) continue;
                Address.fromScriptPubKey(o.scriptPubKey(), net).ifPresent(a -> {
                    Set<Address> lone = new TreeSet<>(DestinationOrder.INSTANCE);
                    lone.add(a);
                    groups.add(lone);
                });
            }
        }
        Map<Address, Long> balances = balances(w, net);
        List<List<Member>> out = new ArrayList<>();
        for (Set<Address> g : merge(groups)) {
            List<Member> members = new ArrayList<>();
            for (Address a : g) {
                Script s = a.toScriptPubKey();
                members.add(new Member(a, balances.getOrDefault(a, 0L), w.addressBookEntry(s).map(e -> e.label())));
            }
            out.add(members);
        }
        return out;
    }

    /** Unions the groups that share an address, keeping the order in which each merged group first appeared. */
    private static List<Set<Address>> merge(List<Set<Address>> groups) {
        List<Set<Address>> merged = new ArrayList<>();
        Map<Address, Set<Address>> owner = new java.util.TreeMap<>(DestinationOrder.INSTANCE);
        for (Set<Address> g : groups) {
            Set<Address> into = new TreeSet<>(DestinationOrder.INSTANCE);
            into.addAll(g);
            for (Address a : g) {
                Set<Address> existing = owner.get(a);
                if (existing != null && existing != into) {
                    into.addAll(existing);
                    merged.removeIf(m -> m == existing);
                }
            }
            merged.add(into);
            for (Address a : into) owner.put(a, into);
        }
        return merged;
    }

    /** GetAddressBalances: trusted, mature, unspent outputs of ours per address. */
    private static Map<Address, Long> balances(Wallet w, NetworkParams net) {
        Map<Address, Long> out = new java.util.TreeMap<>(DestinationOrder.INSTANCE);
        for (WalletCoin c : w.unspent()) {
            if (!c.trusted() || !c.mature()) continue;
            Address.fromScriptPubKey(c.output().scriptPubKey(), net).ifPresent(a -> out.merge(a, c.output().value(), Long::sum));
        }
        return out;
    }
}
