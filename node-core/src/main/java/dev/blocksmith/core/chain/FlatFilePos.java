package dev.blocksmith.core.chain;

/**
 * Where a record's payload starts in a numbered block or undo file (bitcoind's FlatFilePos): file number
 * {@code file} ({@code blk}/{@code rev}{@code NNNNN.dat}) and byte offset {@code pos}, just after the record's
 * 8-byte header (network magic, length).
 */
public record FlatFilePos(int file, int pos) {
    public FlatFilePos {
        if (file < 0 || pos < 0) throw new IllegalArgumentException("negative file position " + file + "/" + pos);
    }

    @Override
    public String toString() {
        // bitcoind's FlatFilePos::ToString, as its log lines print positions.
        return "FlatFilePos(nFile=" + file + ", nPos=" + pos + ")";
    }
}
