package dev.blocksmith.core.psbt;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.PublicKeys;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Strict BIP174/BIP371 version 0 parser with bitcoind's checks in bitcoind's order, so a malformed PSBT
 * is refused with the same reason bitcoind gives: duplicate keys, key lengths that do not fit the type,
 * values whose contents do not fill their stated length, invalid public keys, a non-empty scriptSig in
 * the unsigned transaction, a non-witness UTXO that is not the transaction the outpoint names, and maps
 * missing their separator. Records of unknown types are kept as they are.
 */
public final class PsbtDecoder {
    static final byte[] MAGIC = {'p', 's', 'b', 't', (byte) 0xff};

    private PsbtDecoder() {
    }

    public static Psbt decode(byte[] data) throws PsbtDecodeException {
        ByteReader r = new ByteReader(data);
        Psbt psbt;
        try {
            psbt = read(r);
        } catch (SerializationException e) {
            throw streamError(e, "DataStream");
        }
        if (r.hasRemaining()) throw new PsbtDecodeException("extra data after PSBT", false);
        return psbt;
    }

    private static Psbt read(ByteReader r) throws PsbtDecodeException {
        if (!Arrays.equals(r.bytes(5), MAGIC)) throw PsbtDecodeException.stream("Invalid PSBT magic bytes");

        Set<Bytes> seen = new HashSet<>();
        List<GlobalXpub> xpubs = new ArrayList<>();
        TreeSet<ProprietaryRecord> proprietary = new TreeSet<>();
        TreeMap<Bytes, Bytes> unknown = new TreeMap<>();
        Optional<Transaction> tx = Optional.empty();
        boolean versionSeen = false;
        boolean separator = false;
        while (r.hasRemaining()) {
            byte[] key = r.varBytes();
            if (key.length == 0) {
                separator = true;
                break;
            }
            Bytes k = Bytes.of(key);
            int type = keyType(key);
            if (type == 0x00) {
                fixedKey(seen, k, "Duplicate Key, unsigned tx already provided", "Global unsigned tx key is more than one byte type");
                int size = r.length();
                int valueStart = r.position();
                Transaction t = Transaction.readWithoutWitness(r);
                statedSize(r, valueStart, size);
                for (TxIn in : t.inputs()) {
                    if (!in.scriptSig().isEmpty() || !in.witness().isEmpty()) {
                        throw PsbtDecodeException.stream("Unsigned tx does not have empty scriptSigs and scriptWitnesses.");
                    }
                }
                tx = Optional.of(t);
            } else if (type == 0x01) {
                if (key.length != GlobalXpub.SIZE + 1) {
                    throw PsbtDecodeException.stream("Size of key was not the expected size for the type global xpub");
                }
                GlobalXpub candidate = new GlobalXpub(Bytes.of(Arrays.copyOfRange(key, 1, key.length)), new Bip32Origin(0, List.of()));
                if (!PublicKeys.isFullyValid(candidate.publicKey().toByteArray())) throw PsbtDecodeException.stream("Invalid pubkey");
                for (GlobalXpub x : xpubs) {
                    if (x.sameKey(candidate)) throw PsbtDecodeException.stream("Duplicate key, global xpub already provided");
                }
                xpubs.add(new GlobalXpub(candidate.extendedKey(), keyOrigin(r, r.length())));
            } else if (type == 0xfb) {
                if (versionSeen) throw PsbtDecodeException.stream("Duplicate Key, version already provided");
                if (key.length != 1) throw PsbtDecodeException.stream("Global version key is more than one byte type");
                versionSeen = true;
                int size = r.length();
                int valueStart = r.position();
                long version = r.u32le();
                statedSize(r, valueStart, size);
                if (version > Psbt.VERSION) throw PsbtDecodeException.stream("Unsupported version number");
            } else if (type == 0xfc) {
                proprietary(r, key, proprietary);
            } else {
                unknown(r, k, unknown);
            }
        }
        if (!separator) throw PsbtDecodeException.stream("Separator is missing at the end of the global map");
        if (tx.isEmpty()) throw PsbtDecodeException.stream("No unsigned transaction was provided");
        Transaction unsigned = tx.get();

        List<PsbtInput> inputs = new ArrayList<>();
        while (r.hasRemaining() && inputs.size() < unsigned.inputs().size()) {
            PsbtInput in = readInput(r);
            TxIn txIn = unsigned.input(inputs.size());
            if (in.nonWitnessUtxo().isPresent()) {
                Transaction prev = in.nonWitnessUtxo().get();
                if (!prev.txid().equals(txIn.prevout().txid())) {
                    throw PsbtDecodeException.stream("Non-witness UTXO does not match outpoint hash");
                }
                if (txIn.prevout().index() >= prev.outputs().size()) {
                    throw PsbtDecodeException.stream("Input specifies output index that does not exist");
                }
            }
            inputs.add(in);
        }
        if (inputs.size() != unsigned.inputs().size()) {
            throw PsbtDecodeException.stream("Inputs provided does not match the number of inputs in transaction.");
        }
        List<PsbtOutput> outputs = new ArrayList<>();
        while (r.hasRemaining() && outputs.size() < unsigned.outputs().size()) outputs.add(readOutput(r));
        if (outputs.size() != unsigned.outputs().size()) {
            throw PsbtDecodeException.stream("Outputs provided does not match the number of outputs in transaction.");
        }
        return new Psbt(unsigned, xpubs, proprietary, unknown, inputs, outputs);
    }

    private static PsbtInput readInput(ByteReader r) throws PsbtDecodeException {
        PsbtInput.Builder b = new PsbtInput.Builder();
        Set<Bytes> seen = new HashSet<>();
        TreeSet<ProprietaryRecord> proprietary = new TreeSet<>();
        TreeMap<Bytes, Bytes> unknown = new TreeMap<>();
        boolean separator = false;
        while (r.hasRemaining()) {
            byte[] key = r.varBytes();
            if (key.length == 0) {
                separator = true;
                break;
            }
            Bytes k = Bytes.of(key);
            int type = keyType(key);
            switch (type) {
                case 0x00 -> {
                    fixedKey(seen, k, "Duplicate Key, input non-witness utxo already provided", "Non-witness utxo key is more than one byte type");
                    int size = r.length();
                    int start = r.position();
                    Transaction prev = Transaction.read(r);
                    statedSize(r, start, size);
                    b.nonWitnessUtxo(Optional.of(prev));
                }
                case 0x01 -> {
                    fixedKey(seen, k, "Duplicate Key, input witness utxo already provided", "Witness utxo key is more than one byte type");
                    int size = r.length();
                    int start = r.position();
                    TxOut out = TxOut.read(r);
                    statedSize(r, start, size);
                    // Core's CTxOut::IsNull: a value of -1 marks an unset output.
                    b.witnessUtxo(out.value() == -1 ? Optional.empty() : Optional.of(out));
                }
                case 0x02 -> {
                    byte[] pubkey = publicKeyFromKey(key, "Size of key was not the expected size for the type partial signature pubkey");
                    Bytes keyId = Bytes.of(Hashes.hash160(pubkey));
                    if (b.partialSignatures().containsKey(keyId)) {
                        throw PsbtDecodeException.stream("Duplicate Key, input partial signature for pubkey already provided");
                    }
                    b.addPartialSignature(keyId, new PartialSignature(Bytes.of(pubkey), Bytes.of(r.varBytes())));
                }
                case 0x03 -> {
                    fixedKey(seen, k, "Duplicate Key, input sighash type already provided", "Sighash type key is more than one byte type");
                    int size = r.length();
                    int start = r.position();
                    int sighash = r.i32le();
                    statedSize(r, start, size);
                    b.sighashType(Optional.of(sighash));
                }
                case 0x04 -> {
                    fixedKey(seen, k, "Duplicate Key, input redeemScript already provided", "Input redeemScript key is more than one byte type");
                    b.redeemScript(Optional.of(Script.ofOwned(r.varBytes())));
                }
                case 0x05 -> {
                    fixedKey(seen, k, "Duplicate Key, input witnessScript already provided", "Input witnessScript key is more than one byte type");
                    b.witnessScript(Optional.of(Script.ofOwned(r.varBytes())));
                }
                case 0x06 -> {
                    byte[] pubkey = publicKeyFromKey(key, "Size of key was not the expected size for the type BIP32 keypath");
                    if (b.bip32Derivations().containsKey(Bytes.of(pubkey))) {
                        throw PsbtDecodeException.stream("Duplicate Key, pubkey derivation path already provided");
                    }
                    b.addBip32Derivation(Bytes.of(pubkey), keyOrigin(r, r.length()));
                }
                case 0x07 -> {
                    fixedKey(seen, k, "Duplicate Key, input final scriptSig already provided", "Final scriptSig key is more than one byte type");
                    b.finalScriptSig(Optional.of(Script.ofOwned(r.varBytes())));
                }
                case 0x08 -> {
                    fixedKey(seen, k, "Duplicate Key, input final scriptWitness already provided", "Final scriptWitness key is more than one byte type");
                    int size = r.length();
                    int start = r.position();
                    Witness w = Witness.read(r);
                    statedSize(r, start, size);
                    b.finalScriptWitness(Optional.of(w));
                }
                case 0x0a -> preimage(r, key, 20, "ripemd160", b.ripemd160Preimages(), b::addRipemd160Preimage);
                case 0x0b -> preimage(r, key, 32, "sha256", b.sha256Preimages(), b::addSha256Preimage);
                case 0x0c -> preimage(r, key, 20, "hash160", b.hash160Preimages(), b::addHash160Preimage);
                case 0x0d -> preimage(r, key, 32, "hash256", b.hash256Preimages(), b::addHash256Preimage);
                case 0x13 -> {
                    fixedKey(seen, k, "Duplicate Key, input Taproot key signature already provided",
                            "Input Taproot key signature key is more than one byte type");
                    byte[] sig = r.varBytes();
                    schnorrLength(sig, "Input Taproot key path signature");
                    b.tapKeySig(Optional.of(Bytes.of(sig)));
                }
                case 0x14 -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, input Taproot script signature already provided");
                    if (key.length != 65) throw PsbtDecodeException.stream("Input Taproot script signature key is not 65 bytes");
                    byte[] sig = r.varBytes();
                    schnorrLength(sig, "Input Taproot script path signature");
                    b.addTapScriptSig(new TapScriptSigKey(Bytes.of(Arrays.copyOfRange(key, 1, 33)), Bytes.of(Arrays.copyOfRange(key, 33, 65))),
                            Bytes.of(sig));
                }
                case 0x15 -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, input Taproot leaf script already provided");
                    if (key.length < 34) throw PsbtDecodeException.stream("Taproot leaf script key is not at least 34 bytes");
                    // The control block is 33 bytes plus 32 per merkle path node (BIP341).
                    if ((key.length - 2) % 32 != 0) {
                        throw PsbtDecodeException.stream("Input Taproot leaf script key's control block size is not valid");
                    }
                    byte[] value = r.varBytes();
                    if (value.length == 0) throw PsbtDecodeException.stream("Input Taproot leaf script must be at least 1 byte");
                    TapLeafScript leaf = new TapLeafScript(Bytes.of(Arrays.copyOf(value, value.length - 1)), value[value.length - 1] & 0xff);
                    b.addTapLeafScript(leaf, List.of(Bytes.of(Arrays.copyOfRange(key, 1, key.length))));
                }
                case 0x16 -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, input Taproot BIP32 keypath already provided");
                    if (key.length != 33) throw PsbtDecodeException.stream("Input Taproot BIP32 keypath key is not at 33 bytes");
                    b.addTapBip32Derivation(Bytes.of(Arrays.copyOfRange(key, 1, 33)), tapKeyOrigin(r, "Input"));
                }
                case 0x17 -> {
                    fixedKey(seen, k, "Duplicate Key, input Taproot internal key already provided",
                            "Input Taproot internal key key is more than one byte type");
                    b.tapInternalKey(Optional.of(fixed32(r)));
                }
                case 0x18 -> {
                    fixedKey(seen, k, "Duplicate Key, input Taproot merkle root already provided",
                            "Input Taproot merkle root key is more than one byte type");
                    b.tapMerkleRoot(Optional.of(fixed32(r)));
                }
                case Musig2Fields.IN_PARTICIPANT_PUBKEYS -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, input participant pubkeys for an aggregate key already provided");
                    if (key.length != Musig2Fields.PUBKEY_SIZE + 1) {
                        throw PsbtDecodeException.stream("Input musig2 participants pubkeys aggregate key is not 34 bytes");
                    }
                    unknown.put(k, Bytes.of(participantPubkeys(r, "Input")));
                }
                case Musig2Fields.IN_PUB_NONCE -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, input musig2 pubnonce already provided");
                    if (!Musig2Fields.identifierSize(key.length)) {
                        throw PsbtDecodeException.stream("Input musig2 pubnonce key is not expected size of 67 or 99 bytes");
                    }
                    byte[] nonce = r.varBytes();
                    if (nonce.length != 66) throw PsbtDecodeException.stream("Input musig2 pubnonce value is not 66 bytes");
                    unknown.put(k, Bytes.of(nonce));
                }
                case Musig2Fields.IN_PARTIAL_SIG -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, input musig2 partial sig already provided");
                    if (!Musig2Fields.identifierSize(key.length)) {
                        throw PsbtDecodeException.stream("Input musig2 partial sig key is not expected size of 67 or 99 bytes");
                    }
                    unknown.put(k, fixed32(r));
                }
                case 0xfc -> proprietary(r, key, proprietary);
                default -> unknown(r, k, unknown);
            }
        }
        if (!separator) throw PsbtDecodeException.stream("Separator is missing at the end of an input map");
        proprietary.forEach(b::addProprietary);
        unknown.forEach(b::addUnknown);
        return b.build();
    }

    private static PsbtOutput readOutput(ByteReader r) throws PsbtDecodeException {
        PsbtOutput.Builder b = new PsbtOutput.Builder();
        Set<Bytes> seen = new HashSet<>();
        TreeMap<Bytes, Bip32Origin> derivations = new TreeMap<>();
        TreeSet<ProprietaryRecord> proprietary = new TreeSet<>();
        TreeMap<Bytes, Bytes> unknown = new TreeMap<>();
        boolean separator = false;
        while (r.hasRemaining()) {
            byte[] key = r.varBytes();
            if (key.length == 0) {
                separator = true;
                break;
            }
            Bytes k = Bytes.of(key);
            int type = keyType(key);
            switch (type) {
                case 0x00 -> {
                    fixedKey(seen, k, "Duplicate Key, output redeemScript already provided", "Output redeemScript key is more than one byte type");
                    b.redeemScript(Optional.of(Script.ofOwned(r.varBytes())));
                }
                case 0x01 -> {
                    fixedKey(seen, k, "Duplicate Key, output witnessScript already provided", "Output witnessScript key is more than one byte type");
                    b.witnessScript(Optional.of(Script.ofOwned(r.varBytes())));
                }
                case 0x02 -> {
                    byte[] pubkey = publicKeyFromKey(key, "Size of key was not the expected size for the type BIP32 keypath");
                    if (derivations.containsKey(Bytes.of(pubkey))) {
                        throw PsbtDecodeException.stream("Duplicate Key, pubkey derivation path already provided");
                    }
                    Bip32Origin origin = keyOrigin(r, r.length());
                    derivations.put(Bytes.of(pubkey), origin);
                    b.addBip32Derivation(Bytes.of(pubkey), origin);
                }
                case 0x05 -> {
                    fixedKey(seen, k, "Duplicate Key, output Taproot internal key already provided",
                            "Output Taproot internal key key is more than one byte type");
                    b.tapInternalKey(Optional.of(fixed32(r)));
                }
                case 0x06 -> {
                    fixedKey(seen, k, "Duplicate Key, output Taproot tree already provided", "Output Taproot tree key is more than one byte type");
                    b.tapTree(tapTree(r.varBytes()));
                }
                case 0x07 -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, output Taproot BIP32 keypath already provided");
                    if (key.length != 33) throw PsbtDecodeException.stream("Output Taproot BIP32 keypath key is not at 33 bytes");
                    b.addTapBip32Derivation(Bytes.of(Arrays.copyOfRange(key, 1, 33)), tapKeyOrigin(r, "Output"));
                }
                case Musig2Fields.OUT_PARTICIPANT_PUBKEYS -> {
                    if (!seen.add(k)) throw PsbtDecodeException.stream("Duplicate Key, output participant pubkeys for an aggregate key already provided");
                    if (key.length != Musig2Fields.PUBKEY_SIZE + 1) {
                        throw PsbtDecodeException.stream("Output musig2 participants pubkeys aggregate key is not 34 bytes");
                    }
                    unknown.put(k, Bytes.of(participantPubkeys(r, "Output")));
                }
                case 0xfc -> proprietary(r, key, proprietary);
                default -> unknown(r, k, unknown);
            }
        }
        if (!separator) throw PsbtDecodeException.stream("Separator is missing at the end of an output map");
        proprietary.forEach(b::addProprietary);
        unknown.forEach(b::addUnknown);
        return b.build();
    }

    /** BIP373 participant pubkeys: whole 33-byte keys (bitcoind checks the size only, not the points). */
    private static byte[] participantPubkeys(ByteReader r, String context) throws PsbtDecodeException {
        byte[] value = r.varBytes();
        if (value.length % Musig2Fields.PUBKEY_SIZE != 0) {
            throw PsbtDecodeException.stream(context + " musig2 participants pubkeys value size is not a multiple of 33");
        }
        return value;
    }

    /** The key type: a CompactSize at the start of the key, read as Core reads it from a SpanReader. */
    private static int keyType(byte[] key) throws PsbtDecodeException {
        try {
            return new ByteReader(key).length();
        } catch (SerializationException e) {
            throw streamError(e, "SpanReader");
        }
    }

    /** Types whose key is the type byte alone: a repeat is a duplicate, anything longer is refused. */
    private static void fixedKey(Set<Bytes> seen, Bytes key, String duplicate, String tooLong) throws PsbtDecodeException {
        if (!seen.add(key)) throw PsbtDecodeException.stream(duplicate);
        if (key.length() != 1) throw PsbtDecodeException.stream(tooLong);
    }

    /** Core's UnserializeFromVector: the value's contents must have used exactly its stated length. */
    private static void statedSize(ByteReader r, int start, int size) throws PsbtDecodeException {
        if (r.position() - start != size) throw PsbtDecodeException.stream("Size of value was not the stated size");
    }

    /** A public key carried in the key (partial signatures, BIP32 derivations): 33 or 65 bytes, on the curve. */
    private static byte[] publicKeyFromKey(byte[] key, String sizeError) throws PsbtDecodeException {
        if (key.length != 34 && key.length != 66) throw PsbtDecodeException.stream(sizeError);
        byte[] pubkey = Arrays.copyOfRange(key, 1, key.length);
        if (!PublicKeys.isFullyValid(pubkey)) throw PsbtDecodeException.stream("Invalid pubkey");
        return pubkey;
    }

    /** Core's DeserializeKeyOrigin: a 4-byte fingerprint and uint32 path steps, {@code length} bytes in all. */
    private static Bip32Origin keyOrigin(ByteReader r, long length) throws PsbtDecodeException {
        if (length % 4 != 0 || length == 0) throw PsbtDecodeException.stream("Invalid length for HD key path");
        int fingerprint = r.u16be() << 16 | r.u16be();
        List<Integer> path = new ArrayList<>();
        for (long i = 4; i < length; i += 4) path.add(r.i32le());
        return new Bip32Origin(fingerprint, path);
    }

    /** BIP371 TAP_BIP32_DERIVATION value: leaf hashes, then the key origin, inside one stated length. */
    private static TapKeyOrigin tapKeyOrigin(ByteReader r, String side) throws PsbtDecodeException {
        long valueLength = r.length();
        int before = r.position();
        int count = r.length();
        TreeSet<Bytes> hashes = new TreeSet<>();
        for (int i = 0; i < count; i++) hashes.add(Bytes.of(r.bytes(32)));
        long hashesLength = r.position() - before;
        if (hashesLength > valueLength) throw PsbtDecodeException.stream(side + " Taproot BIP32 keypath has an invalid length");
        return new TapKeyOrigin(hashes, keyOrigin(r, valueLength - hashesLength));
    }

    private static Bytes fixed32(ByteReader r) throws PsbtDecodeException {
        int size = r.length();
        int start = r.position();
        byte[] v = r.bytes(32);
        statedSize(r, start, size);
        return Bytes.of(v);
    }

    private static void schnorrLength(byte[] sig, String what) throws PsbtDecodeException {
        if (sig.length < 64) throw PsbtDecodeException.stream(what + " is shorter than 64 bytes");
        if (sig.length > 65) throw PsbtDecodeException.stream(what + " is longer than 65 bytes");
    }

    @FunctionalInterface
    private interface PreimageSink {
        void add(Bytes hash, Bytes preimage);
    }

    private static void preimage(ByteReader r, byte[] key, int hashLength, String name, Map<Bytes, Bytes> existing,
            PreimageSink sink) throws PsbtDecodeException {
        if (key.length != hashLength + 1) {
            throw PsbtDecodeException.stream("Size of key was not the expected size for the type " + name + " preimage");
        }
        Bytes hash = Bytes.of(Arrays.copyOfRange(key, 1, key.length));
        if (existing.containsKey(hash)) throw PsbtDecodeException.stream("Duplicate Key, input " + name + " preimage already provided");
        sink.add(hash, Bytes.of(r.varBytes()));
    }

    private static void proprietary(ByteReader r, byte[] key, TreeSet<ProprietaryRecord> into) throws PsbtDecodeException {
        byte[] identifier;
        long subtype;
        try {
            ByteReader k = new ByteReader(key);
            k.length();
            identifier = k.varBytes();
            subtype = k.length();
        } catch (SerializationException e) {
            throw streamError(e, "SpanReader");
        }
        Bytes keyBytes = Bytes.of(key);
        if (into.stream().anyMatch(p -> p.key().equals(keyBytes))) {
            throw PsbtDecodeException.stream("Duplicate Key, proprietary key already found");
        }
        into.add(new ProprietaryRecord(keyBytes, Bytes.of(identifier), subtype, Bytes.of(r.varBytes())));
    }

    private static void unknown(ByteReader r, Bytes key, TreeMap<Bytes, Bytes> into) throws PsbtDecodeException {
        if (into.containsKey(key)) throw PsbtDecodeException.stream("Duplicate Key, key for unknown value already provided");
        into.put(key, Bytes.of(r.varBytes()));
    }

    /** PSBT_OUT_TAP_TREE: (depth, leaf version, script) tuples that must form a complete tree. */
    private static List<TapTreeLeaf> tapTree(byte[] value) throws PsbtDecodeException {
        if (value.length == 0) throw PsbtDecodeException.stream("Output Taproot tree must not be empty");
        List<TapTreeLeaf> leaves = new ArrayList<>();
        ByteReader t = new ByteReader(value);
        try {
            while (t.hasRemaining()) {
                int depth = t.u8();
                int leafVersion = t.u8();
                byte[] script = t.varBytes();
                if (depth > TaprootTree.MAX_DEPTH) {
                    throw PsbtDecodeException.stream("Output Taproot tree has as leaf greater than Taproot maximum depth");
                }
                // BIP341: the low bit of the leaf version byte is the parity bit of the control block.
                if ((leafVersion & 1) != 0) throw PsbtDecodeException.stream("Output Taproot tree has a leaf with an invalid leaf version");
                leaves.add(new TapTreeLeaf(depth, leafVersion, Bytes.of(script)));
            }
        } catch (SerializationException e) {
            throw streamError(e, "SpanReader");
        }
        if (!TaprootTree.isComplete(leaves)) throw PsbtDecodeException.stream("Output Taproot tree is malformed");
        return leaves;
    }

    /** The stream errors of Core's serializers, in its words; {@code stream} names the reader class it reports. */
    private static PsbtDecodeException streamError(SerializationException e, String stream) {
        String text = switch (e.reason()) {
            case END_OF_DATA -> stream + "::read(): end of data";
            case NON_CANONICAL_SIZE -> "non-canonical ReadCompactSize()";
            case SIZE_TOO_LARGE -> "ReadCompactSize(): size too large";
            case SUPERFLUOUS_WITNESS -> "Superfluous witness record";
            case UNKNOWN_OPTIONAL_DATA -> "Unknown transaction optional data";
            case MALFORMED -> e.getMessage();
        };
        return PsbtDecodeException.stream(text);
    }
}
