package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.miniscript.MsKey;
import dev.blocksmith.wallet.keys.Secp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An output descriptor (BIP380-386, BIP383): the single-key {@code pkh(KEY)}, {@code wpkh(KEY)},
 * {@code sh(wpkh(KEY))} and {@code tr(KEY)} (key path only, BIP86 tweak), and {@code multi}/{@code sortedmulti}
 * inside {@code sh()}, {@code wsh()} or {@code sh(wsh())}. Parsed by {@link DescriptorParser} with Core's syntax
 * and error messages; derives the output script per position and prints in Core's three forms.
 */
public final class Descriptor {
    /** The output wrapper around the {@link ScriptExpression}; the names are the descriptor function names. */
    public enum Kind {
        PKH("pkh(", ")", false), WPKH("wpkh(", ")", false), SH_WPKH("sh(wpkh(", "))", false), TR("tr(", ")", false),
        /** rawtr(KEY) (BIP386): a taproot output whose output key is the key itself, untweaked. */
        RAWTR("rawtr(", ")", false),
        /** tr(KEY,TREE) (BIP386): a taproot output with a script tree of tapscript miniscripts. */
        TR_TREE("tr(", ")", false),
        /** sh(pk(KEY)): BIP16 P2SH around {@code <key> OP_CHECKSIG}. */
        SH_PK("sh(pk(", "))", false),
        /** sh(pkh(KEY)): BIP16 P2SH around the P2PKH script of the key. */
        SH_PKH("sh(pkh(", "))", false),
        /** sh(multi()) / sh(sortedmulti()): BIP16 P2SH around the multisig script. */
        SH_MULTI("sh(", ")", true),
        /** wsh(multi()) / wsh(sortedmulti()): BIP141 P2WSH around the multisig script. */
        WSH_MULTI("wsh(", ")", true),
        /** wsh(MINISCRIPT) (BIP379): P2WSH around the miniscript's script. */
        WSH_MINISCRIPT("wsh(", ")", false),
        /** sh(wsh(MINISCRIPT)): the miniscript's P2WSH nested in P2SH. */
        SH_WSH_MINISCRIPT("sh(wsh(", "))", false),
        /** sh(wsh(multi())): P2WSH nested in P2SH. */
        SH_WSH_MULTI("sh(wsh(", "))", true),
        /** multi()/sortedmulti() alone: a bare multisig output script (at most 3 keys). */
        BARE_MULTI("", "", true),
        /** pk(KEY): a bare P2PK output, {@code <key> OP_CHECKSIG}. */
        PK("pk(", ")", false),
        /**
         * combo(KEY) (BIP384): P2PK and P2PKH of the key and, when it is compressed, P2WPKH and P2SH-P2WPKH as
         * well. Several scripts per position: see {@link #expansions()}.
         */
        COMBO("combo(", ")", false),
        /** addr(ADDRESS) (BIP385): the output script of an address; no keys. */
        ADDR("addr(", ")", false),
        /** raw(HEX) (BIP385): a literal output script; no keys. */
        RAW("raw(", ")", false);

        private final String open;
        private final String close;
        private final boolean multisig;

        Kind(String open, String close, boolean multisig) {
            this.open = open;
            this.close = close;
            this.multisig = multisig;
        }

        public boolean isMultisig() {
            return multisig;
        }

        /** wsh(MINISCRIPT) or sh(wsh(MINISCRIPT)). */
        public boolean isMiniscript() {
            return this == WSH_MINISCRIPT || this == SH_WSH_MINISCRIPT;
        }

        /**
         * Whether outputs of this kind commit to a script over several keys or a policy (multisig, miniscript, a
         * taproot script tree) rather than to one key: the wallet indexes their keys and scripts, and signs them by script solving.
         */
        public boolean isScripted() {
            return multisig || isMiniscript() || this == TR_TREE || this == SH_PK || this == SH_PKH || this == RAWTR;
        }

        /** Whether outputs of this kind spend with a witness (Core's IsSegwit). */
        public boolean isSegwit() {
            return this == WPKH || this == SH_WPKH || this == TR || this == TR_TREE || this == RAWTR || this == WSH_MULTI || this == SH_WSH_MULTI || this == WSH_MINISCRIPT || this == SH_WSH_MINISCRIPT;
        }

        /** The function name whose key this is ("wpkh" for sh(wpkh())), as Core prefixes key errors. */
        public String keyFunction() {
            return switch (this) {
                case SH_WPKH -> "wpkh";
                case SH_PK -> "pk";
                case SH_PKH -> "pkh";
                default -> open.substring(0, open.length() - 1);
            };
        }

        String wrap(String inner) {
            return open + inner + close;
        }
    }

    private final Kind kind;
    private final ScriptExpression expression;
    private final NetworkParams params;

    /** A single-key descriptor. */
    public Descriptor(Kind kind, KeyExpression key, NetworkParams params) {
        this(kind, new SingleKeyExpression(key), params);
    }

    public Descriptor(Kind kind, ScriptExpression expression, NetworkParams params) {
        boolean fixedScript = kind == Kind.ADDR || kind == Kind.RAW;
        if (kind.isMultisig() != (expression instanceof MultisigExpression) || fixedScript != (expression instanceof FixedScriptExpression)
                || (kind == Kind.WSH_MINISCRIPT || kind == Kind.SH_WSH_MINISCRIPT) != (expression instanceof MiniscriptExpression)
                || (kind == Kind.TR_TREE) != (expression instanceof TaprootTreeExpression)) {
            throw new IllegalArgumentException(kind + " cannot wrap " + expression.getClass().getSimpleName());
        }
        this.kind = kind;
        this.expression = expression;
        this.params = params;
    }

    /**
     * Parses a descriptor. With {@code requireChecksum} a missing "#checksum" is an error (as importdescriptors
     * and deriveaddresses require); a present one is always verified.
     */
    public static Descriptor parse(String text, NetworkParams params, boolean requireChecksum) throws DescriptorException {
        return DescriptorParser.parse(text, params, requireChecksum);
    }

    /**
     * Parses a descriptor text into every descriptor it stands for: one, or for BIP389 multipath keys
     * ({@code <0;1>}) one per path, in order (importdescriptors makes the first receive and the second change).
     */
    public static List<Descriptor> parseAll(String text, NetworkParams params, boolean requireChecksum) throws DescriptorException {
        return DescriptorParser.parseAll(text, params, requireChecksum);
    }

    public Kind kind() {
        return kind;
    }

    public ScriptExpression expression() {
        return expression;
    }

    /** Every key expression, in the order written. */
    public List<KeyExpression> keys() {
        return expression.keys();
    }

    /**
     * The key of a single-key descriptor. Callers check {@link Kind#isMultisig()} (or match on
     * {@link #expression()}) first: asking a multisig descriptor for its one key is a programming error.
     */
    public KeyExpression key() {
        if (expression instanceof SingleKeyExpression s) return s.key();
        throw new IllegalStateException("a multisig descriptor has no single key");
    }

    /** The multisig expression of the multisig kinds. */
    public Optional<MultisigExpression> multisig() {
        return expression instanceof MultisigExpression m ? Optional.of(m) : Optional.empty();
    }

    public NetworkParams network() {
        return params;
    }

    public boolean isRange() {
        return keys().stream().anyMatch(KeyExpression::isRange);
    }

    /** Whether any key is private (getdescriptorinfo "hasprivatekeys": "at least one private key"). */
    public boolean hasPrivateKeys() {
        return keys().stream().anyMatch(KeyExpression::hasPrivateKey);
    }

    /** Whether every key is private (Core warns on imports that lack some). */
    public boolean hasAllPrivateKeys() {
        return keys().stream().allMatch(KeyExpression::hasPrivateKey);
    }

    /** Whether scripts can be derived from what the descriptor holds (no hardened step below an xpub). */
    public boolean isDerivable() {
        return keys().stream().allMatch(KeyExpression::isDerivable);
    }

    /**
     * The descriptors of the single output types a combo() stands for, in Core's order (P2PK, P2PKH, then for a
     * compressed key P2WPKH and P2SH-P2WPKH); for every other kind, this descriptor alone. An xpub-derived key
     * is always compressed; a fixed key is compressed or not at every position alike.
     */
    public List<Descriptor> expansions() {
        if (kind != Kind.COMBO) return List.of(this);
        boolean uncompressed = key() instanceof FixedKey f && f.publicKey(0).length == 65;
        List<Kind> kinds = uncompressed ? List.of(Kind.PK, Kind.PKH) : List.of(Kind.PK, Kind.PKH, Kind.WPKH, Kind.SH_WPKH);
        return kinds.stream().map(k -> new Descriptor(k, expression, params)).toList();
    }

    /**
     * The single-type descriptor of this one for an output of {@code type}: the matching {@link #expansions()}
     * member of a combo(), this descriptor otherwise. A wallet location records the type of the script it found,
     * so signing and script lookups go through here.
     */
    public Descriptor forKind(Kind type) {
        if (kind != Kind.COMBO || type == Kind.COMBO) return this;
        return new Descriptor(type, expression, params);
    }

    /** Whether the descriptor stands for one output script per position (Core's IsSingleType); combo() does not. */
    public boolean isSingleType() {
        return kind != Kind.COMBO;
    }

    /** Every output script at {@code index}: several for combo(), one for the other kinds. */
    public List<Script> scriptPubKeys(int index) {
        return expansions().stream().map(d -> d.scriptPubKey(index)).toList();
    }

    /**
     * The output script for position {@code index} (ignored when not ranged); needs {@link #isDerivable()}. A
     * combo() has several: this gives its first (P2PK); callers that watch or list use {@link #scriptPubKeys}.
     */
    public Script scriptPubKey(int index) {
        return switch (kind) {
            case PK -> p2pk(key().publicKey(index));
            case COMBO -> expansions().get(0).scriptPubKey(index);
            case ADDR, RAW -> ((FixedScriptExpression) expression).script();
            case PKH -> p2pkh(key().publicKey(index));
            case WPKH -> witnessV0KeyHash(key().publicKey(index));
            case TR -> new ScriptBuilder().op(Opcodes.OP_1).data(Secp.taprootOutputKey(key().publicKey(index))).build();
            case TR_TREE -> new ScriptBuilder().op(Opcodes.OP_1).data(((TaprootTreeExpression) expression).outputKey(index)).build();
            case RAWTR -> new ScriptBuilder().op(Opcodes.OP_1).data(Secp.xOnly(key().publicKey(index))).build();
            case WSH_MULTI -> witnessV0ScriptHash(multisigScript(index));
            case WSH_MINISCRIPT -> witnessV0ScriptHash(miniscriptScript(index));
            case BARE_MULTI -> multisigScript(index);
            case SH_WPKH, SH_PK, SH_PKH, SH_MULTI, SH_WSH_MULTI, SH_WSH_MINISCRIPT -> p2sh(redeemScript(index).orElseThrow());
        };
    }

    /** {@link #scriptPubKey} with Core's expansion error when the descriptor cannot be derived. */
    public Script derive(int index) throws DescriptorException {
        if (!isDerivable()) throw new DescriptorException("Cannot derive script without private keys");
        return scriptPubKey(index);
    }

    /** The script a P2SH output commits to (pushed last in scriptSig when spending); empty for other kinds. */
    public Optional<Script> redeemScript(int index) {
        return switch (kind) {
            case SH_WPKH -> Optional.of(witnessV0KeyHash(key().publicKey(index)));
            case SH_PK -> Optional.of(p2pk(key().publicKey(index)));
            case SH_PKH -> Optional.of(p2pkh(key().publicKey(index)));
            case SH_MULTI -> Optional.of(multisigScript(index));
            case SH_WSH_MULTI -> Optional.of(witnessV0ScriptHash(multisigScript(index)));
            case SH_WSH_MINISCRIPT -> Optional.of(witnessV0ScriptHash(miniscriptScript(index)));
            default -> Optional.empty();
        };
    }

    /** The script a P2WSH output (bare or nested) commits to (the last witness item); empty for other kinds. */
    public Optional<Script> witnessScript(int index) {
        if (expression instanceof MiniscriptExpression) return Optional.of(miniscriptScript(index));
        return kind == Kind.WSH_MULTI || kind == Kind.SH_WSH_MULTI ? Optional.of(multisigScript(index)) : Optional.empty();
    }

    private Script miniscriptScript(int index) {
        return ((MiniscriptExpression) expression).script(index);
    }

    private Script multisigScript(int index) {
        return multisig().orElseThrow().script(index);
    }

    /**
     * The size coin selection prices an input spending this descriptor's output at (bitcoind's
     * CalculateMaximumSignedInputSize): {@link #maxInputWeight} with the wallet's low-R signatures, as in a transaction
     * with witness data, rounded up to whole virtual bytes.
     */
    public int inputVBytes() {
        return maxInputWeight(false).selectionVBytes();
    }

    /**
     * The largest weight of an input spending this descriptor's output once signed: bitcoind's MaxInputWeight over
     * the descriptor's MaxSatisfactionWeight and MaxSatisfactionElems (src/wallet/spend.cpp, src/script/descriptor.cpp).
     * An ECDSA signature with its sighash byte is 71 bytes, as bitcoind's signer grinds for a low R
     * (DUMMY_SIGNATURE_CREATOR, CWallet::CanGrindR), and 72 with {@code maxSizeSignatures} (bitcoind's use_max_sig, for
     * inputs it does not sign itself). A taproot output is priced as a key-path spend with a 65-byte signature
     * whatever its tree, as bitcoind does; miniscript satisfactions count 73-byte signature pushes (bitcoind always
     * assumes high-R signatures there).
     */
    public InputWeight maxInputWeight(boolean maxSizeSignatures) {
        int sig = maxSizeSignatures ? 72 : 71;
        return switch (kind) {
            case PKH -> scriptSigSpend(1 + sig + 1 + key().publicKey(0).length);
            case PK, COMBO -> scriptSigSpend(1 + sig);
            case BARE_MULTI -> scriptSigSpend(multisigSatisfaction(sig));
            // bitcoind's SHDescriptor counts the redeem script as one push byte and the script (ScriptSize).
            case SH_MULTI -> scriptSigSpend(1 + multisigScript(0).length() + multisigSatisfaction(sig));
            case SH_PK, SH_PKH -> {
                int inner = 1 + sig + (kind == Kind.SH_PKH ? 1 + key().publicKey(0).length : 0);
                yield scriptSigSpend(inner + 1 + redeemScript(0).orElseThrow().length());
            }
            case WPKH -> witnessSpend(0, 1 + sig + 1 + 33, 2);
            case SH_WPKH -> witnessSpend(1 + 22, 1 + sig + 1 + 33, 3);
            // bitcoind's TRDescriptor sizes every tr() input as a key path spend, script trees included.
            case TR, TR_TREE, RAWTR -> witnessSpend(0, 1 + 65, 1);
            case WSH_MULTI, SH_WSH_MULTI -> {
                int ws = multisigScript(0).length();
                int witness = compactSizeLength(ws) + ws + multisigSatisfaction(sig);
                int elems = 1 + 1 + multisig().orElseThrow().threshold();
                yield kind == Kind.WSH_MULTI ? witnessSpend(0, witness, elems) : witnessSpend(1 + 34, witness, elems + 1);
            }
            case WSH_MINISCRIPT, SH_WSH_MINISCRIPT -> {
                MiniscriptExpression m = (MiniscriptExpression) expression;
                int ws = miniscriptScript(0).length();
                int witness = (int) (compactSizeLength(ws) + ws + m.node().witnessSize().orElse(0L));
                int elems = (int) (1 + m.node().stackSize().orElse(0L));
                yield kind == Kind.WSH_MINISCRIPT ? witnessSpend(0, witness, elems) : witnessSpend(1 + 34, witness, elems + 1);
            }
            // Nothing is known of how to satisfy the script (bitcoind cannot size it at all); a P2PKH spend with a
            // 72-byte signature stands in (only a watch-only wallet holds these, and it never signs them).
            case ADDR, RAW -> InputWeight.nonWitness((32 + 4 + 4 + 1 + 1 + 72 + 1 + 33) * 4);
        };
    }

    /** The empty dummy item CHECKMULTISIG pops and k signature pushes (bitcoind's MultisigDescriptor::MaxSatSize). */
    private int multisigSatisfaction(int sig) {
        return 1 + (1 + sig) * multisig().orElseThrow().threshold();
    }

    /** An input whose satisfaction is all scriptSig: outpoint, sequence, the scriptSig's length and itself. */
    private static InputWeight scriptSigSpend(int scriptSig) {
        return InputWeight.nonWitness((32 + 4 + 4 + compactSizeLength(scriptSig) + scriptSig) * 4);
    }

    /**
     * A witness input: the scriptSig (empty, or the push of the P2SH redeem script of {@code scriptSig} bytes), the
     * witness item count and the witness.
     */
    private static InputWeight witnessSpend(int scriptSig, int witness, int elems) {
        return InputWeight.ofWitness((32 + 4 + 4 + 1 + scriptSig) * 4 + compactSizeLength(elems) + witness);
    }

    private static int compactSizeLength(long n) {
        return n < 253 ? 1 : n <= 0xffff ? 3 : 5;
    }

    private static Script p2pk(byte[] pub) {
        return new ScriptBuilder().data(pub).op(Opcodes.OP_CHECKSIG).build();
    }

    private static Script p2pkh(byte[] pub) {
        return new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(Hashes.hash160(pub))
                .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
    }

    private static Script witnessV0KeyHash(byte[] pub) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(pub)).build();
    }

    private static Script witnessV0ScriptHash(Script s) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(s.rawBytes())).build();
    }

    private static Script p2sh(Script redeem) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(redeem.rawBytes())).op(Opcodes.OP_EQUAL).build();
    }

    /** The addresses of {@link #scriptPubKeys} that have one (deriveaddresses; P2PK and bare scripts have none). */
    public List<Address> addresses(int index) {
        return scriptPubKeys(index).stream().map(s -> Address.fromScriptPubKey(s, params)).flatMap(Optional::stream).toList();
    }

    public Address address(int index) {
        return Address.fromScriptPubKey(scriptPubKey(index), params)
                .orElseThrow(() -> new IllegalStateException("descriptor script has no address"));
    }

    /** The public form with checksum, the derivation path as written (getdescriptorinfo "descriptor"). */
    @Override
    public String toString() {
        return withChecksum(kind.wrap(expression.render(params, KeyForm.PUBLIC)));
    }

    /** With private keys where known (listdescriptors private=true). */
    public String toPrivateString() {
        return withChecksum(kind.wrap(expression.render(params, KeyForm.PRIVATE)));
    }

    /** Core's normalized public form (listdescriptors); equal to {@code normalized().toString()}. */
    public String toNormalizedString() {
        return withChecksum(kind.wrap(expression.render(params, KeyForm.NORMALIZED)));
    }

    /** The public descriptor the normalized form parses to: derives the same scripts without private keys. */
    public Descriptor normalized() {
        return new Descriptor(kind, expression.normalized(), params);
    }

    /**
     * The descriptor of the one script at {@code index}, each key with its full origin (Core's InferDescriptor
     * with the wallet's key metadata; getaddressinfo and listunspent "desc"): e.g.
     * {@code wpkh([d34db33f/84h/1h/0h/0/5]02...)}. Inference sees only the script, so a sortedmulti script
     * comes back as {@code multi} with its keys in script order, as Core prints it.
     */
    public String inferredString(int index) {
        if (expression instanceof MultisigExpression m) {
            List<KeyWithOrigin> ordered = new java.util.ArrayList<>();
            for (KeyExpression k : m.keys()) ordered.add(new KeyWithOrigin(k.publicKey(index), k.originAt(index)));
            if (m.sorted()) ordered.sort((a, b) -> MultisigExpression.compareKeys(a.publicKey(), b.publicKey()));
            String keys = ordered.stream().map(k -> k.origin().render(false) + Hex.encode(k.publicKey())).collect(Collectors.joining(","));
            return withChecksum(kind.wrap("multi(" + m.threshold() + "," + keys + ")"));
        }
        if (kind == Kind.ADDR || kind == Kind.RAW) return withChecksum(kind.wrap(expression.render(params, KeyForm.PUBLIC)));
        if (expression instanceof MiniscriptExpression m) {
            Map<MsKey, KeyExpression> keyMap = m.keyMap();
            return withChecksum(kind.wrap(m.node().render(k -> {
                KeyExpression e = keyMap.get(k);
                return e.originAt(index).render(false) + Hex.encode(e.publicKey(index));
            })));
        }
        if (expression instanceof TaprootTreeExpression t) {
            java.util.function.Function<KeyExpression, String> xOnly = e -> e.originAt(index).render(false)
                    + Hex.encode(Arrays.copyOfRange(e.publicKey(index), 1, 33));
            return withChecksum(kind.wrap(xOnly.apply(t.internalKey()) + "," + t.tree(xOnly)));
        }
        if (kind == Kind.COMBO) return expansions().get(0).inferredString(index);
        byte[] pub = key().publicKey(index);
        byte[] shown = kind == Kind.TR || kind == Kind.RAWTR ? Arrays.copyOfRange(pub, 1, 33) : pub;
        return withChecksum(kind.wrap(key().originAt(index).render(false) + Hex.encode(shown)));
    }

    private record KeyWithOrigin(byte[] publicKey, KeyOrigin origin) {
    }

    private static String withChecksum(String s) {
        try {
            return DescriptorChecksum.append(s);
        } catch (DescriptorException e) {
            throw new IllegalStateException("rendered descriptor has invalid characters", e);
        }
    }
}
