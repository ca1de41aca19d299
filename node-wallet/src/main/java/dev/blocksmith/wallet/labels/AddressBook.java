package dev.blocksmith.wallet.labels;

import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wallet's labels (Core's address book): an entry per output script with a label ("" by default) and a
 * purpose. getnewaddress enters the addresses it hands out; setlabel enters ours as receive and others' as
 * send. Whether one of our scripts has an entry is also Core's change test: a script of ours that is not in
 * the address book is change. Not thread-safe; the owning wallet serialises access.
 */
public final class AddressBook {
    private static final String PREFIX = "label/";

    /** One entry. */
    public record Entry(String label, AddressPurpose purpose) {
    }

    private final Map<Script, Entry> entries = new LinkedHashMap<>();

    public void set(Script script, String label, AddressPurpose purpose) {
        entries.put(script, new Entry(label, purpose));
    }

    public Optional<Entry> get(Script script) {
        return Optional.ofNullable(entries.get(script));
    }

    /** All entries, in the order they were entered. */
    public List<Map.Entry<Script, Entry>> entries() {
        List<Map.Entry<Script, Entry>> out = new ArrayList<>();
        for (Map.Entry<Script, Entry> e : entries.entrySet()) out.add(Map.entry(e.getKey(), e.getValue()));
        return out;
    }

    /** The scripts with this label, in the order they were entered. */
    public List<Map.Entry<Script, Entry>> withLabel(String label) {
        List<Map.Entry<Script, Entry>> out = new ArrayList<>();
        for (Map.Entry<Script, Entry> e : entries.entrySet()) if (e.getValue().label().equals(label)) out.add(Map.entry(e.getKey(), e.getValue()));
        return out;
    }

    /** The distinct labels, sorted, optionally of one purpose only (listlabels). */
    public Set<String> labels(Optional<AddressPurpose> purpose) {
        Set<String> out = new TreeSet<>();
        for (Entry e : entries.values()) if (purpose.isEmpty() || purpose.get() == e.purpose()) out.add(e.label());
        return out;
    }

    /** The records to persist: "label/&lt;script hex&gt;" → purpose | label UTF-8. */
    public Map<String, byte[]> records() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        entries.forEach((s, e) -> {
            byte[] label = e.label().getBytes(StandardCharsets.UTF_8);
            byte[] v = new byte[label.length + 1];
            v[0] = (byte) e.purpose().ordinal();
            System.arraycopy(label, 0, v, 1, label.length);
            out.put(PREFIX + Hex.encode(s.rawBytes()), v);
        });
        return out;
    }

    /** Reads the entries back from a wallet snapshot's records. */
    public static AddressBook fromRecords(Map<String, byte[]> records) {
        AddressBook b = new AddressBook();
        records.forEach((k, v) -> {
            if (!k.startsWith(PREFIX) || v.length == 0) return;
            Script s = Script.fromHex(k.substring(PREFIX.length()));
            b.set(s, new String(v, 1, v.length - 1, StandardCharsets.UTF_8), AddressPurpose.values()[v[0]]);
        });
        return b;
    }
}
