package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import dev.blocksmith.wallet.keys.Secp;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A single-key output descriptor (BIP380-386): {@code pkh(KEY)}, {@code wpkh(KEY)},
 * {@code sh(wpkh(KEY))} or {@code tr(KEY)} (key path only, BIP86 tweak). Parses Core's syntax with the
 * optional {@code #checksum}, derives scripts per index and renders as {@code listdescriptors} does.
 */
public final class Descriptor {
    /** The script template; the names are the descriptor function names. */
    public enum Kind {
        PKH("pkh"), WPKH("wpkh"), SH_WPKH("sh(wpkh"), TR("tr");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
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

    /**
     * Parses a descriptor. With {@code requireChecksum} a missing "#checksum" is an error (as
     * importdescriptors requires); a present one is always verified.
     */
    public static Descriptor parse(String text, NetworkParams params, boolean requireChecksum) throws DescriptorException {
        String s = DescriptorChecksum.verify(text, requireChecksum);
        Kind kind;
        String inner;
        if (s.startsWith("sh(wpkh(") && s.endsWith("))")) {
            kind = Kind.SH_WPKH;
            inner = s.substring(8, s.length() - 2);
        } else if (s.startsWith("wpkh(") && s.endsWith(")")) {
            kind = Kind.WPKH;
            inner = s.substring(5, s.length() - 1);
        } else if (s.startsWith("pkh(") && s.endsWith(")")) {
            kind = Kind.PKH;
            inner = s.substring(4, s.length() - 1);
        } else if (s.startsWith("tr(") && s.endsWith(")")) {
            kind = Kind.TR;
            inner = s.substring(3, s.length() - 1);
            if (inner.contains(",")) throw new DescriptorException("tr() with a script tree is not supported");
        } else {
            throw new DescriptorException("Unsupported descriptor: only pkh(), wpkh(), sh(wpkh()) and tr(KEY) are supported");
        }
        return new Descriptor(kind, parseKey(inner, kind, params), params);
    }

    private static KeyExpression parseKey(String text, Kind kind, NetworkParams params) throws DescriptorException {
        Optional<KeyOrigin> origin = Optional.empty();
        String rest = text;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw new DescriptorException("Key origin start '[ character expected but not found, got ']' instead");
            String originText = rest.substring(1, close);
            rest = rest.substring(close + 1);
            String[] parts = originText.split("/", -1);
            if (parts[0].length() != 8 || !Hex.isHex(parts[0])) {
                throw new DescriptorException("Fingerprint '" + parts[0] + "' is not hex");
            }
            int fp = ByteBuffer.wrap(Hex.decode(parts[0])).getInt();
            KeyPath p = KeyPath.ROOT;
            for (int i = 1; i < parts.length; i++) p = p.child(step(parts[i]));
            origin = Optional.of(new KeyOrigin(fp, p));
        }
        String[] parts = rest.split("/", -1);
        String keyText = parts[0];
        if (parts.length == 1 && Hex.isHex(keyText) && !keyText.isEmpty()) {
            byte[] raw = Hex.decode(keyText);
            return KeyExpression.ofPublicKey(origin, publicKeyFor(raw, kind), raw);
        }
        ExtendedKey ext;
        try {
            ext = ExtendedKey.parse(keyText, params);
        } catch (AddressFormatException e) {
            throw new DescriptorException("key '" + keyText + "' is not valid");
        }
        KeyPath path = KeyPath.ROOT;
        KeyExpression.Wildcard wildcard = KeyExpression.Wildcard.NONE;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.equals("*")) {
                if (!last) throw new DescriptorException("'*' may only appear as last element in a derivation path");
                wildcard = KeyExpression.Wildcard.NORMAL;
            } else if (part.equals("*'") || part.equals("*h")) {
                if (!last) throw new DescriptorException("'*' may only appear as last element in a derivation path");
                wildcard = KeyExpression.Wildcard.HARDENED;
            } else {
                path = path.child(step(part));
            }
        }
        boolean needsPrivate = wildcard == KeyExpression.Wildcard.HARDENED || path.steps().stream().anyMatch(KeyPath::isHardened);
        if (needsPrivate && !ext.isPrivate()) throw new DescriptorException("Hardened derivation requires a private key");
        return KeyExpression.ofExtended(origin, ext, path, wildcard);
    }

    private static int step(String part) throws DescriptorException {
        try {
            return KeyPath.parse(part).steps().get(0);
        } catch (IllegalArgumentException e) {
            throw new DescriptorException(e.getMessage());
        }
    }

    private static byte[] publicKeyFor(byte[] raw, Kind kind) throws DescriptorException {
        if (kind == Kind.TR && raw.length == 32) {
            byte[] c = new byte[33];
            c[0] = 2;
            System.arraycopy(raw, 0, c, 1, 32);
            raw = c;
        }
        boolean compressed = raw.length == 33;
        boolean uncompressed = raw.length == 65;
        if (!compressed && !(uncompressed && kind == Kind.PKH)) {
            throw new DescriptorException(uncompressed ? "Uncompressed keys are not allowed" : "Pubkey '" + Hex.encode(raw) + "' is invalid");
        }
        if (compressed && Secp.parsePublicKey(raw).isEmpty()) throw new DescriptorException("Pubkey '" + Hex.encode(raw) + "' is invalid");
        return raw;
    }

    /** The output script for position {@code index} of a ranged descriptor (index ignored otherwise). */
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

    /** Public form with checksum, as listdescriptors prints it. */
    @Override
    public String toString() {
        return withChecksum(render(false));
    }

    /** Form with private keys where known (listdescriptors private=true). */
    public String toPrivateString() {
        return withChecksum(render(true));
    }

    private String render(boolean withPrivate) {
        String k = key.render(params, withPrivate);
        return kind == Kind.SH_WPKH ? "sh(wpkh(" + k + "))" : kind.prefix + "(" + k + ")";
    }

    private static String withChecksum(String s) {
        try {
            return DescriptorChecksum.append(s);
        } catch (DescriptorException e) {
            throw new IllegalStateException("rendered descriptor has invalid characters", e);
        }
    }
}
