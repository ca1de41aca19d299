package dev.blocksmith.wallet;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.labels.AddressBook;
import dev.blocksmith.wallet.labels.DestinationOrder;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the wallet's addresses have received (bitcoind's GetReceived and ListReceived): the value of every
 * output paying them in transactions at least {@code minDepth} deep, spent or not. A coinbase counts only while
 * in the best chain, and once mature unless immature ones are asked for. Addresses are listed from the address
 * book (so change never shows), in bitcoind's destination order; labels in their sorted order.
 */
public final class ReceivedTally {
    private ReceivedTally() {
    }

    /** One address's total: the smallest depth of the transactions counted, 0 when none was. */
    public record AddressTotal(Address address, String label, long amount, int confirmations, List<Sha256Hash> txids) {
        public AddressTotal {
            txids = List.copyOf(txids);
        }
    }

    /** One label's total over its addresses. */
    public record LabelTotal(String label, long amount, int confirmations) {
    }

    /** What to count. */
    public record Filter(int minDepth, boolean includeEmpty, boolean includeImmatureCoinbase) {
    }

    private static final class Tally {
        long amount;
        int confirmations = Integer.MAX_VALUE;
        final List<Sha256Hash> txids = new ArrayList<>();
    }

    /** getreceivedbyaddress / getreceivedbylabel: the total paid to these scripts (the caller keeps only ours). */
    public static long received(Wallet w, Collection<Script> scripts, int minDepth, boolean includeImmatureCoinbase) {
        Set<Script> targets = Set.copyOf(scripts);
        long sum = 0;
        for (WalletTx t : counted(w, minDepth, includeImmatureCoinbase)) {
            for (TxOut o : t.tx().outputs()) if (targets.contains(o.scriptPubKey())) sum += o.value();
        }
        return sum;
    }

    /** listreceivedbyaddress; with {@code only}, that address alone, and only if it is in the address book. */
    public static List<AddressTotal> byAddress(Wallet w, Filter f, Optional<Address> only) {
        Map<Script, Tally> tallies = tally(w, f, only.map(Address::toScriptPubKey));
        List<AddressTotal> out = new ArrayList<>();
        for (Map.Entry<Address, AddressBook.Entry> e : book(w, only).entrySet()) {
            Tally t = tallies.get(e.getKey().toScriptPubKey());
            if (t == null && !f.includeEmpty()) continue;
            out.add(t == null ? new AddressTotal(e.getKey(), e.getValue().label(), 0, 0, List.of())
                    : new AddressTotal(e.getKey(), e.getValue().label(), t.amount, depth(t.confirmations), t.txids));
        }
        return out;
    }

    /** listreceivedbylabel: the totals of {@link #byAddress} summed per label. */
    public static List<LabelTotal> byLabel(Wallet w, Filter f) {
        Map<Script, Tally> tallies = tally(w, f, Optional.empty());
        Map<String, Tally> byLabel = new TreeMap<>();
        for (Map.Entry<Address, AddressBook.Entry> e : book(w, Optional.empty()).entrySet()) {
            Tally t = tallies.get(e.getKey().toScriptPubKey());
            if (t == null && !f.includeEmpty()) continue;
            Tally sum = byLabel.computeIfAbsent(e.getValue().label(), l -> new Tally());
            if (t != null) {
                sum.amount += t.amount;
                sum.confirmations = Math.min(sum.confirmations, t.confirmations);
            }
        }
        List<LabelTotal> out = new ArrayList<>();
        byLabel.forEach((label, t) -> out.add(new LabelTotal(label, t.amount, depth(t.confirmations))));
        return out;
    }

    private static int depth(int tallied) {
        return tallied == Integer.MAX_VALUE ? 0 : tallied;
    }

    /** Our outputs with an address, per script, in the transactions that count. */
    private static Map<Script, Tally> tally(Wallet w, Filter f, Optional<Script> only) {
        Map<Script, Tally> out = new java.util.HashMap<>();
        int tip = w.lastBlockHeight();
        // bitcoind walks its transaction map, keyed by a salted txid hash: the txids come in no chronological order
        // (wallet_resendwallettransactions grinds a child listed before its parent). Ours go in txid order, likewise
        // unrelated to arrival.
        List<WalletTx> byTxid = new ArrayList<>(counted(w, f.minDepth(), f.includeImmatureCoinbase()));
        byTxid.sort(java.util.Comparator.comparing((WalletTx t) -> t.txid().toHex()));
        for (WalletTx t : byTxid) {
            int depth = t.confirmations(tip);
            for (TxOut o : t.tx().outputs()) {
                Script s = o.scriptPubKey();
                if (only.isPresent() && !only.get().equals(s)) continue;
                if (Address.fromScriptPubKey(s, w.keys().network()).isEmpty() || w.locate(s).isEmpty()) continue;
                Tally tally = out.computeIfAbsent(s, k -> new Tally());
                tally.amount += o.value();
                tally.confirmations = Math.min(tally.confirmations, depth);
                tally.txids.add(t.txid());
            }
        }
        return out;
    }

    /** The transactions whose outputs count: deep enough, a coinbase only in the chain and (unless asked) mature. */
    private static List<WalletTx> counted(Wallet w, int minDepth, boolean includeImmatureCoinbase) {
        int tip = w.lastBlockHeight();
        List<WalletTx> out = new ArrayList<>();
        for (WalletTx t : w.transactions()) {
            int depth = t.confirmations(tip);
            if (depth < minDepth) continue;
            if (t.tx().isCoinbase() && depth < 1) continue;
            if (!includeImmatureCoinbase && w.isImmatureCoinbase(t)) continue;
            out.add(t);
        }
        return out;
    }

    /** The address book entries with an address (ours and others'), in bitcoind's order, or the one asked for. */
    private static Map<Address, AddressBook.Entry> book(Wallet w, Optional<Address> only) {
        Map<Address, AddressBook.Entry> out = new TreeMap<>(DestinationOrder.INSTANCE);
        for (Map.Entry<Script, AddressBook.Entry> e : w.addressBookEntries()) {
            if (only.isPresent() && !only.get().toScriptPubKey().equals(e.getKey())) continue;
            Address.fromScriptPubKey(e.getKey(), w.keys().network()).ifPresent(a -> out.put(a, e.getValue()));
        }
        return out;
    }
}
