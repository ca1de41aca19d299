package dev.blocksmith.core.script;

import java.util.Optional;

/**
 * Per-input state that taproot signature hashing and tapscript execution need (Core's
 * ScriptExecutionData): the tapleaf hash, the last executed OP_CODESEPARATOR position, the annex hash
 * and the remaining BIP342 validation-weight budget. Mutable and confined to one verification.
 */
public final class ScriptExecutionData {
    /** BIP342: budget = witness size + 50; each executed signature check costs 50. */
    public static final long VALIDATION_WEIGHT_OFFSET = 50;
    public static final long VALIDATION_WEIGHT_PER_SIGOP_PASSED = 50;
    /** codesep_pos when no OP_CODESEPARATOR was executed. */
    public static final long NO_CODESEPARATOR = 0xffffffffL;

    private byte[] tapleafHash;
    private long codeSeparatorPos = NO_CODESEPARATOR;
    private byte[] annexHash;
    private boolean annexInit;
    private long validationWeightLeft;

    public Optional<byte[]> tapleafHash() {
        return Optional.ofNullable(tapleafHash);
    }

    void tapleafHash(byte[] h) {
        this.tapleafHash = h;
    }

    public long codeSeparatorPos() {
        return codeSeparatorPos;
    }

    void codeSeparatorPos(long pos) {
        this.codeSeparatorPos = pos;
    }

    /** SHA256 of the compact-size-prefixed annex, when the witness has one (BIP341). */
    public Optional<byte[]> annexHash() {
        return Optional.ofNullable(annexHash);
    }

    public boolean annexInitialized() {
        return annexInit;
    }

    void annex(byte[] hash) {
        this.annexHash = hash;
        this.annexInit = true;
    }

    long validationWeightLeft() {
        return validationWeightLeft;
    }

    void validationWeightLeft(long w) {
        this.validationWeightLeft = w;
    }

    /** Builds the data for signature hashing outside the interpreter (wallets, tests). */
    public static ScriptExecutionData forSighash(Optional<byte[]> annexHash, Optional<byte[]> tapleafHash, long codeSeparatorPos) {
        ScriptExecutionData d = new ScriptExecutionData();
        d.annexHash = annexHash.orElse(null);
        d.annexInit = true;
        d.tapleafHash = tapleafHash.orElse(null);
        d.codeSeparatorPos = codeSeparatorPos;
        return d;
    }
}
