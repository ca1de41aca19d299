package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.wallet.keys.Secp;
import java.util.Arrays;
import java.util.Optional;

/**
 * A single-key output descriptor (BIP380-386): {@code pkh(KEY)}, {@code wpkh(KEY)}, {@code sh(wpkh(KEY))} or
 * {@code tr(KEY)} (key path only, BIP86 tweak). Parsed by {@link DescriptorParser} with Core's syntax and
 * error messages; derives the output script per position and prints in Core's three forms.
 */
public final class Descriptor {
    /** The script template; the names are the descriptor function names. */
    public enum Kind {
        PKH("pkh"), WPKH("wpkh"), SH_WPKH("sh(wpkh"), TR("tr");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The function name whose key this is ("wpkh" for sh(wpkh())), as Core prefixes key errors. */
        public String keyFunction() {
            return this == SH_WPKH ? "wpkh" : prefix;
        }

        String wrap(String key) {
            return this == SH_WPKH ? "sh(wpkh(" + key + "))" : prefix + "(" + key + ")";
        }
    }

    private final Kind kind;
    private final KeyExpression key;
    private final NetworkParams params;

    public Descriptor(Kind kind, KeyExpression key, NetworkParams params) {
        this.kind = kind;
        this.key = key;
        this.params = params;
    }

    /**
     * Parses a descriptor. With {@code requireChecksum} a missing "#checksum" is an error (as importdescriptors
     * and deriveaddresses require); a present one is always verified.
     */
    public static Descriptor parse(String text, NetworkParams params, boolean requireChecksum) throws DescriptorException {
        return DescriptorParser.parse(text, params, requireChecksum);
    }

    public Kind kind() {
        return kind;
    }

    public KeyExpression key() {
        return key;
    }

    public NetworkParams network() {
        return params;
    }

    public boolean isRange() {
        return key.isRange();
    }

    public boolean hasPrivateKeys() {
        return key.hasPrivateKey();
    }

    /** Whether scripts can be derived from what the descriptor holds (no hardened step below an xpub). */
    public boolean isDerivable() {
        return key.isDerivable();
    }

    /** The output script for position {@code index} (ignored when not ranged); needs {@link #isDerivable()}. */
    public Script scriptPubKey(int index) {
        byte[] pub = key.publicKey(index);
        return switch (kind) {
            case PKH -> new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(Hashes.hash160(pub))
                    .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
            case WPKH -> witnessV0KeyHash(pub);
            case SH_WPKH -> new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(witnessV0KeyHash(pub).rawBytes()))
                    .op(Opcodes.OP_EQUAL).build();
            case TR -> new ScriptBuilder().op(Opcodes.OP_1).data(Secp.taprootOutputKey(pub)).build();
        };
    }

    /** {@link #scriptPubKey} with Core's expansion error when the descriptor cannot be derived. */
    public Script derive(int index) throws DescriptorException {
        if (!isDerivable()) throw new DescriptorException("Cannot derive script without private keys");
        return scriptPubKey(index);
    }

    /** The redeem script of sh(wpkh()) outputs (pushed in scriptSig when spending). */
    public Optional<Script> redeemScript(int index) {
        return kind == Kind.SH_WPKH ? Optional.of(witnessV0KeyHash(key.publicKey(index))) : Optional.empty();
    }

    private static Script witnessV0KeyHash(byte[] pub) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(pub)).build();
    }

    public Address address(int index) {
        return Address.fromScriptPubKey(scriptPubKey(index), params)
                .orElseThrow(() -> new IllegalStateException("descriptor script has no address"));
    }

    /** The public form with checksum, the derivation path as written (getdescriptorinfo "descriptor"). */
    @Override
    public String toString() {
        return withChecksum(kind.wrap(key.render(params, KeyForm.PUBLIC)));
    }

    /** With private keys where known (listdescriptors private=true). */
    public String toPrivateString() {
        return withChecksum(kind.wrap(key.render(params, KeyForm.PRIVATE)));
    }

    /** Core's normalized public form (listdescriptors); equal to {@code normalized().toString()}. */
    public String toNormalizedString() {
        return withChecksum(kind.wrap(key.render(params, KeyForm.NORMALIZED)));
    }

    /** The public descriptor the normalized form parses to: derives the same scripts without private keys. */
    public Descriptor normalized() {
        return new Descriptor(kind, key.normalized(), params);
    }

    /**
     * The descriptor of the one script at {@code index}, with its key's full origin (Core's InferDescriptor
     * with the wallet's key metadata, getaddressinfo "desc"): e.g. {@code wpkh([d34db33f/84h/1h/0h/0/5]02...)}.
     */
    public String singleKeyString(int index) {
        byte[] pub = key.publicKey(index);
        byte[] shown = kind == Kind.TR ? Arrays.copyOfRange(pub, 1, 33) : pub;
        return withChecksum(kind.wrap(key.originAt(index).render(false) + Hex.encode(shown)));
    }

    private static String withChecksum(String s) {
        try {
            return DescriptorChecksum.append(s);
        } catch (DescriptorException e) {
            throw new IllegalStateException("rendered descriptor has invalid characters", e);
        }
    }
}
