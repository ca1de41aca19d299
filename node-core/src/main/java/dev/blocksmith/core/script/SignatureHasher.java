package dev.blocksmith.core.script;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.Optional;

/** The three signature-hash algorithms: legacy, BIP143 (segwit v0) and BIP341 (taproot). */
public final class SignatureHasher {
    public static final int SIGHASH_DEFAULT = 0;
    public static final int SIGHASH_ALL = 1;
    public static final int SIGHASH_NONE = 2;
    public static final int SIGHASH_SINGLE = 3;
    public static final int SIGHASH_ANYONECANPAY = 0x80;

    /**
     * The value the original client returned for SIGHASH_SINGLE without a matching output (and for an
     * out-of-range input): the number one. Consensus signs it as if it were a real hash.
     */
    private static final byte[] ONE = new byte[32];

    static {
        ONE[0] = 1;
    }

    private SignatureHasher() {
    }

    /** Legacy or BIP143 hash for ECDSA signatures, chosen by {@code sigVersion}. Internal byte order. */
    public static byte[] hash(Script scriptCode, Transaction tx, int inputIndex, int hashType, long amount,
            SigVersion sigVersion, PrecomputedTransactionData txData) {
        if (sigVersion == SigVersion.WITNESS_V0) {
            return witnessV0(scriptCode, tx, inputIndex, hashType, amount, txData);
        }
        return legacy(scriptCode, tx, inputIndex, hashType);
    }

    /**
     * The original algorithm: a modified copy of the transaction with the scriptCode (OP_CODESEPARATORs
     * removed) in the signed input, other inputs' scripts emptied, and outputs/sequences blanked
     * according to the hash type, followed by the 4-byte hash type.
     */
    public static byte[] legacy(Script scriptCode, Transaction tx, int inputIndex, int hashType) {
        if (inputIndex >= tx.inputs().size()) return ONE.clone();
        boolean anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) != 0;
        int base = hashType & 0x1f;
        boolean single = base == SIGHASH_SINGLE;
        boolean none = base == SIGHASH_NONE;
        if (single && inputIndex >= tx.outputs().size()) return ONE.clone();

        ByteWriter w = new ByteWriter(256);
        w.i32le(tx.version());
        int nInputs = anyoneCanPay ? 1 : tx.inputs().size();
        w.compactSize(nInputs);
        for (int i = 0; i < nInputs; i++) {
            int idx = anyoneCanPay ? inputIndex : i;
            TxIn in = tx.input(idx);
            in.prevout().write(w);
            if (idx == inputIndex) {
                w.varBytes(withoutCodeSeparators(scriptCode.rawBytes()));
            } else {
                w.compactSize(0);
            }
            if (idx != inputIndex && (single || none)) {
                w.u32le(0);
            } else {
                w.u32le(in.sequence());
            }
        }
        int nOutputs = none ? 0 : single ? inputIndex + 1 : tx.outputs().size();
        w.compactSize(nOutputs);
        for (int i = 0; i < nOutputs; i++) {
            if (single && i != inputIndex) {
                // Core serializes a default CTxOut: value -1 and an empty script.
                w.i64le(-1L).compactSize(0);
            } else {
                tx.output(i).write(w);
            }
        }
        w.u32le(tx.lockTime());
        w.i32le(hashType);
        return Hashes.sha256d(w.toByteArray());
    }

    /**
     * The script with every OP_CODESEPARATOR that parses as an opcode removed. Parsing stops at a
     * truncated push and the rest is kept verbatim, as Core's serializer does.
     */
    static byte[] withoutCodeSeparators(byte[] s) {
        ByteWriter w = new ByteWriter(s.length);
        int pc = 0;
        int copyFrom = 0;
        while (pc < s.length) {
            ScriptChunk c = Script.readChunk(s, pc);
            if (c == null) break;
            if (c.opcode() == Opcodes.OP_CODESEPARATOR) {
                w.bytes(s, copyFrom, c.start() - copyFrom);
                copyFrom = c.end();
            }
            pc = c.end();
        }
        w.bytes(s, copyFrom, s.length - copyFrom);
        return w.toByteArray();
    }

    /** BIP143: commits to the spent amount and uses the cached hashPrevouts/hashSequence/hashOutputs. */
    public static byte[] witnessV0(Script scriptCode, Transaction tx, int inputIndex, int hashType, long amount,
            PrecomputedTransactionData txData) {
        return Hashes.sha256d(witnessV0Preimage(scriptCode, tx, inputIndex, hashType, amount, txData));
    }

    /** The BIP143 message before double SHA-256 (exposed for checking against the BIP's examples). */
    static byte[] witnessV0Preimage(Script scriptCode, Transaction tx, int inputIndex, int hashType, long amount,
            PrecomputedTransactionData txData) {
        boolean anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) != 0;
        int base = hashType & 0x1f;
        byte[] zero = new byte[32];
        byte[] hashPrevouts = anyoneCanPay ? zero : txData.hashPrevouts();
        byte[] hashSequence = (!anyoneCanPay && base != SIGHASH_SINGLE && base != SIGHASH_NONE) ? txData.hashSequence() : zero;
        byte[] hashOutputs;
        if (base != SIGHASH_SINGLE && base != SIGHASH_NONE) {
            hashOutputs = txData.hashOutputs();
        } else if (base == SIGHASH_SINGLE && inputIndex < tx.outputs().size()) {
            ByteWriter o = new ByteWriter(64);
            tx.output(inputIndex).write(o);
            hashOutputs = Hashes.sha256d(o.toByteArray());
        } else {
            hashOutputs = zero;
        }
        TxIn in = tx.input(inputIndex);
        ByteWriter w = new ByteWriter(200 + scriptCode.length());
        w.i32le(tx.version());
        w.bytes(hashPrevouts);
        w.bytes(hashSequence);
        in.prevout().write(w);
        w.varBytes(scriptCode.rawBytes());
        w.i64le(amount);
        w.u32le(in.sequence());
        w.bytes(hashOutputs);
        w.u32le(tx.lockTime());
        w.i32le(hashType);
        return w.toByteArray();
    }

    /**
     * BIP341 SigMsg hashed with the "TapSighash" tag; {@code sigVersion} TAPROOT (key path) or TAPSCRIPT
     * (BIP342, ext_flag 1 adding tapleaf hash, key version and codesep position). Empty when the hash
     * type is undefined, SIGHASH_SINGLE has no matching output, or the spent outputs are unknown.
     */
    public static Optional<byte[]> taproot(Transaction tx, int inputIndex, int hashType, SigVersion sigVersion,
            ScriptExecutionData execData, PrecomputedTransactionData txData) {
        if (!txData.bip341Ready()) return Optional.empty();
        int extFlag = sigVersion == SigVersion.TAPSCRIPT ? 1 : 0;
        if (!(hashType <= 0x03 || (hashType >= 0x81 && hashType <= 0x83))) return Optional.empty();
        int outputType = hashType == SIGHASH_DEFAULT ? SIGHASH_ALL : (hashType & 0x03);
        boolean anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) != 0;

        ByteWriter w = new ByteWriter(256);
        w.u8(0); // epoch
        w.u8(hashType);
        w.i32le(tx.version());
        w.u32le(tx.lockTime());
        if (!anyoneCanPay) {
            w.bytes(txData.prevoutsSha());
            w.bytes(txData.spentAmountsSha());
            w.bytes(txData.spentScriptsSha());
            w.bytes(txData.sequencesSha());
        }
        if (outputType == SIGHASH_ALL) {
            w.bytes(txData.outputsSha());
        }
        Optional<byte[]> annex = execData.annexHash();
        w.u8((extFlag << 1) + (annex.isPresent() ? 1 : 0));
        if (anyoneCanPay) {
            TxIn in = tx.input(inputIndex);
            in.prevout().write(w);
            txData.spentOutput(inputIndex).orElseThrow().write(w);
            w.u32le(in.sequence());
        } else {
            w.u32le(inputIndex);
        }
        annex.ifPresent(w::bytes);
        if (outputType == SIGHASH_SINGLE) {
            if (inputIndex >= tx.outputs().size()) return Optional.empty();
            ByteWriter o = new ByteWriter(64);
            tx.output(inputIndex).write(o);
            w.bytes(Hashes.sha256(o.toByteArray()));
        }
        if (sigVersion == SigVersion.TAPSCRIPT) {
            w.bytes(execData.tapleafHash().orElseThrow());
            w.u8(0); // key_version 0: BIP342 32-byte public keys
            w.u32le(execData.codeSeparatorPos());
        }
        return Optional.of(Hashes.taggedHash("TapSighash", w.toByteArray()));
    }
}
