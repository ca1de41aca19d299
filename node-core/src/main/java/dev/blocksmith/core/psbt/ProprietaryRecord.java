package dev.blocksmith.core.psbt;

/**
 * A PSBT_*_PROPRIETARY record (type 0xFC): the whole key as serialized, the identifier and subtype
 * read from it, and the value. Records are unique and ordered by their key bytes.
 */
public record ProprietaryRecord(Bytes key, Bytes identifier, long subtype, Bytes value) implements Comparable<ProprietaryRecord> {
    @Override
    public int compareTo(ProprietaryRecord o) {
        return key.compareTo(o.key);
    }
}
