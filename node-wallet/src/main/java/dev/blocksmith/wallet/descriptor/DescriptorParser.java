package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import dev.blocksmith.wallet.keys.Secp;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads descriptor text in Core's grammar (script/descriptor.cpp Parse) for the functions this wallet supports
 * (the single-key ones, and multi/sortedmulti in sh(), wsh() and sh(wsh())), reporting failures with Core's messages ("wpkh(): Key path value 'x' is not a valid
 * uint32", "'foo()' is not a valid descriptor function", ...) so RPC errors read as bitcoind's. Functions
 * Core knows but this node does not implement are refused by name.
 */
final class DescriptorParser {
    /** Core's descriptor functions beyond the ones parsed here. */
    private static final Set<String> OTHER_CORE_FUNCTIONS = Set.of("multi_a",
            "sortedmulti_a", "musig");
    /** Core's MAX_SCRIPT_ELEMENT_SIZE: the largest push, so the largest P2SH redeem script. */
    private static final int MAX_SCRIPT_ELEMENT_SIZE = 520;

    private DescriptorParser() {
    }

    /**
     * Where a KEY stands, which decides the key forms allowed (Core's ParseScriptContext): uncompressed keys
     * only at top level and directly in P2SH, x-only keys only in tr().
     */
    private enum KeyContext {
        LEGACY, SEGWIT, TAPROOT;

        boolean permitsUncompressed() {
            return this == LEGACY;
        }
    }

    /** Core's Parse: every descriptor a text stands for (several for BIP389 multipath keys). */
    static List<Descriptor> parseAll(String text, NetworkParams params, boolean requireChecksum) throws DescriptorException {
        String s = DescriptorChecksum.verify(text, requireChecksum);
        List<Descriptor> out = new ArrayList<>();
        for (String one : MultipathExpansion.expand(s)) out.add(parseBody(one, params));
        return out;
    }

    /** One descriptor; multipath keys are refused (their element does not parse as a path value). */
    static Descriptor parse(String text, NetworkParams params, boolean requireChecksum) throws DescriptorException {
        String s = DescriptorChecksum.verify(text, requireChecksum);
        return parseBody(s, params);
    }

    private static Descriptor parseBody(String s, NetworkParams params) throws DescriptorException {
        Optional<String> inner = function("sh", s);
        if (inner.isPresent()) return insideSh(inner.get(), params);
        inner = function("wsh", s);
        if (inner.isPresent()) {
            Optional<MiniscriptExpression> ms = miniscript(inner.get(), params);
            if (ms.isPresent()) return new Descriptor(Descriptor.Kind.WSH_MINISCRIPT, ms.get(), params);
            return new Descriptor(Descriptor.Kind.WSH_MULTI, insideWsh(inner.get(), params), params);
        }
        inner = function("wpkh", s);
        if (inner.isPresent()) return single(Descriptor.Kind.WPKH, inner.get(), KeyContext.SEGWIT, params);
        inner = function("pkh", s);
        if (inner.isPresent()) return single(Descriptor.Kind.PKH, inner.get(), KeyContext.LEGACY, params);
        inner = function("pk", s);
        if (inner.isPresent()) return single(Descriptor.Kind.PK, inner.get(), KeyContext.LEGACY, params);
        // BIP384: combo() takes any key a top-level pkh() takes, uncompressed ones included.
        inner = function("combo", s);
        if (inner.isPresent()) return single(Descriptor.Kind.COMBO, inner.get(), KeyContext.LEGACY, params);
        inner = function("addr", s);
        if (inner.isPresent()) return address(inner.get(), params);
        inner = function("raw", s);
        if (inner.isPresent()) {
            if (!isHex(inner.get())) throw new DescriptorException("Raw script is not hex");
            Script script = Script.of(Hex.decode(inner.get()));
            return new Descriptor(Descriptor.Kind.RAW, new FixedScriptExpression(script, Optional.empty()), params);
        }
        inner = function("rawtr", s);
        if (inner.isPresent()) return single(Descriptor.Kind.RAWTR, inner.get(), KeyContext.TAPROOT, params);
        inner = function("tr", s);
        if (inner.isPresent()) {
            int comma = topLevelComma(inner.get());
            if (comma < 0) return single(Descriptor.Kind.TR, inner.get(), KeyContext.TAPROOT, params);
            KeyExpression internal = key(inner.get().substring(0, comma), "tr", KeyContext.TAPROOT, params);
            List<TaprootTreeExpression.Leaf> leaves = new ArrayList<>();
            tapTree(inner.get().substring(comma + 1), 0, leaves, params);
            return new Descriptor(Descriptor.Kind.TR_TREE, new TaprootTreeExpression(internal, leaves), params);
        }
        if (isMulti(s)) return new Descriptor(Descriptor.Kind.BARE_MULTI, multisig(s, MultiContext.TOP, params), params);
        for (String f : OTHER_CORE_FUNCTIONS) {
            if (function(f, s).isPresent()) throw new DescriptorException(f + "() descriptors are not supported by this node");
        }
        throw new DescriptorException("'" + s + "' is not a valid descriptor function");
    }

    /** BIP385 addr(): Core's DecodeDestination, any failure reported as one message. */
    private static Descriptor address(String text, NetworkParams params) throws DescriptorException {
        Address a;
        try {
            a = Address.decode(text, params);
        } catch (AddressFormatException e) {
            throw new DescriptorException("Address is not valid");
        }
        return new Descriptor(Descriptor.Kind.ADDR, new FixedScriptExpression(a.toScriptPubKey(), Optional.of(a)), params);
    }

    private static Descriptor single(Descriptor.Kind kind, String keyText, KeyContext ctx, NetworkParams params) throws DescriptorException {
        return new Descriptor(kind, key(keyText, kind.keyFunction(), ctx, params), params);
    }

    /** BIP341's limit on a script tree's depth (Core: "tr() supports at most 128 nesting levels"). */
    private static final int MAX_TAPROOT_DEPTH = 128;

    /**
     * A tr() script tree (BIP386): {@code {TREE,TREE}} or a leaf, each leaf a tapscript miniscript (BIP379), keys
     * x-only or full; the leaves are collected with their depths in depth-first order.
     */
    private static void tapTree(String text, int depth, List<TaprootTreeExpression.Leaf> leaves, NetworkParams params) throws DescriptorException {
        if (depth > MAX_TAPROOT_DEPTH) throw new DescriptorException("tr() supports at most " + MAX_TAPROOT_DEPTH + " nesting levels");
        if (text.startsWith("{")) {
            if (!text.endsWith("}")) throw new DescriptorException("tr(): expected '}' after script expression");
            String inside = text.substring(1, text.length() - 1);
            int comma = topLevelComma(inside);
            if (comma < 0) throw new DescriptorException("tr(): expected ',' after script expression");
            tapTree(inside.substring(0, comma), depth + 1, leaves, params);
            tapTree(inside.substring(comma + 1), depth + 1, leaves, params);
            return;
        }
        // sortedmulti_a is multi_a with its keys sorted in the script at each position.
        Optional<String> sorted = function("sortedmulti_a", text);
        boolean multiA = sorted.isPresent() || function("multi_a", text).isPresent();
        String asMiniscript = sorted.map(args -> "multi_a(" + args + ")").orElse(text);
        Optional<MiniscriptExpression> ms = MiniscriptDescriptors.parse(asMiniscript, dev.blocksmith.core.miniscript.MiniscriptContext.TAPSCRIPT,
                params, t -> keyExpression(t, KeyContext.TAPROOT, params), !multiA);
        if (sorted.isPresent()) ms = ms.map(m -> MiniscriptExpression.sortedMultiA(m));
        if (ms.isPresent()) {
            leaves.add(new TaprootTreeExpression.Leaf(depth, ms.get()));
            return;
        }
        if (!function("multi_a", text).isPresent() && !function("sortedmulti_a", text).isPresent()) misplaced(text);
        throw new DescriptorException("'" + text + "' is not a valid descriptor function");
    }

    /** Core's ParseScript in the P2SH context, for the functions this node supports there. */
    private static Descriptor insideSh(String inner, NetworkParams params) throws DescriptorException {
        Optional<String> body = function("wpkh", inner);
        if (body.isPresent()) return single(Descriptor.Kind.SH_WPKH, body.get(), KeyContext.SEGWIT, params);
        if (isMulti(inner)) return new Descriptor(Descriptor.Kind.SH_MULTI, multisig(inner, MultiContext.P2SH, params), params);
        body = function("wsh", inner);
        if (body.isPresent()) {
            Optional<MiniscriptExpression> ms = miniscript(body.get(), params);
            if (ms.isPresent()) return new Descriptor(Descriptor.Kind.SH_WSH_MINISCRIPT, ms.get(), params);
            return new Descriptor(Descriptor.Kind.SH_WSH_MULTI, insideWsh(body.get(), params), params);
        }
        // P2SH around P2PK or P2PKH (BIP381's sh(pk()), sh(pkh())); uncompressed keys are allowed in P2SH.
        body = function("pk", inner);
        if (body.isPresent()) return new Descriptor(Descriptor.Kind.SH_PK, key(body.get(), "pk", KeyContext.LEGACY, params), params);
        body = function("pkh", inner);
        if (body.isPresent()) return new Descriptor(Descriptor.Kind.SH_PKH, key(body.get(), "pkh", KeyContext.LEGACY, params), params);
        misplaced(inner);
        for (String f : OTHER_CORE_FUNCTIONS) {
            if (function(f, inner).isPresent()) throw new DescriptorException("sh(" + f + "()) descriptors are not supported by this node");
        }
        throw new DescriptorException("A function is needed within P2SH");
    }

    /**
     * The miniscript reading of what stands in wsh() (Core tries it after multi()/sortedmulti(), whose
     * errors it keeps); empty when the text is not miniscript.
     */
    private static Optional<MiniscriptExpression> miniscript(String inner, NetworkParams params) throws DescriptorException {
        if (isMulti(inner)) return Optional.empty();
        return MiniscriptDescriptors.parse(inner, params, t -> keyExpression(t, KeyContext.SEGWIT, params));
    }

    /** Core's ParseScript in the P2WSH context: of its script expressions, this node supports multisig. */
    private static MultisigExpression insideWsh(String inner, NetworkParams params) throws DescriptorException {
        if (isMulti(inner)) return multisig(inner, MultiContext.P2WSH, params);
        if (function("wpkh", inner).isPresent()) throw new DescriptorException("Can only have wpkh() at top level or inside sh()");
        if (function("wsh", inner).isPresent()) throw new DescriptorException("Can only have wsh() at top level or inside sh()");
        misplaced(inner);
        for (String f : List.of("pk", "pkh")) {
            if (function(f, inner).isPresent()) throw new DescriptorException("wsh(" + f + "()) descriptors are not supported by this node");
        }
        throw new DescriptorException("A function is needed within P2WSH");
    }

    /** Core's errors for functions that cannot stand below the top level (or outside tr()). */
    private static void misplaced(String inner) throws DescriptorException {
        if (function("sh", inner).isPresent()) throw new DescriptorException("Can only have sh() at top level");
        for (String f : List.of("combo", "addr", "raw")) {
            if (function(f, inner).isPresent()) throw new DescriptorException("Can only have " + f + "() at top level");
        }
        // Core words these two without parentheses.
        for (String f : List.of("tr", "rawtr")) {
            if (function(f, inner).isPresent()) throw new DescriptorException("Can only have " + f + " at top level");
        }
        if (function("multi_a", inner).isPresent() || function("sortedmulti_a", inner).isPresent()) {
            throw new DescriptorException("Can only have multi_a/sortedmulti_a inside tr()");
        }
    }

    private static boolean isMulti(String expr) {
        return function("multi", expr).isPresent() || function("sortedmulti", expr).isPresent();
    }

    /**
     * {@code multi(k,KEY,...)} or {@code sortedmulti(...)} with Core's checks in Core's order: the threshold, each
     * key (errors prefixed "Multi: "), the key count (1..20), the threshold against the count, and in P2SH the
     * 520-byte redeem script limit (BIP16 pushes it as one element), which allows at most 15 compressed keys.
     */
    /** Where a multi()/sortedmulti() stands: bare at top level, in sh(), or in wsh(). */
    private enum MultiContext { TOP, P2SH, P2WSH }

    /** Core's limit on a bare multisig's keys: its script must stay standard (at most 3 keys). */
    private static final int MAX_BARE_MULTISIG_KEYS = 3;

    private static MultisigExpression multisig(String expr, MultiContext where, NetworkParams params) throws DescriptorException {
        boolean p2sh = where == MultiContext.P2SH;
        boolean sorted = function("sortedmulti", expr).isPresent();
        String args = function(sorted ? "sortedmulti" : "multi", expr).orElseThrow();
        int comma = topLevelComma(args);
        String thresholdText = comma < 0 ? args : args.substring(0, comma);
        // Core's ToIntegral<uint32_t>: decimal digits only, no sign, within 32 bits.
        long threshold = thresholdText.isEmpty() || thresholdText.length() > 10 || !thresholdText.chars().allMatch(c -> c >= '0' && c <= '9')
                ? -1 : Long.parseLong(thresholdText);
        if (threshold < 0 || threshold > 0xffffffffL) throw new DescriptorException("Multi threshold '" + thresholdText + "' is not valid");
        List<KeyExpression> keys = new ArrayList<>();
        int scriptSize = 0;
        String rest = comma < 0 ? "" : args.substring(comma + 1);
        while (comma >= 0) {
            int next = topLevelComma(rest);
            String arg = next < 0 ? rest : rest.substring(0, next);
            KeyExpression k = key(arg, "Multi", where == MultiContext.P2WSH ? KeyContext.SEGWIT : KeyContext.LEGACY, params, ": ");
            keys.add(k);
            scriptSize += (k instanceof FixedKey f && f.publicKey(0).length == 65 ? 65 : 33) + 1;
            comma = next;
            if (next >= 0) rest = rest.substring(next + 1);
        }
        if (keys.isEmpty() || keys.size() > MultisigExpression.MAX_KEYS) {
            throw new DescriptorException("Cannot have " + keys.size() + " keys in multisig; must have between 1 and "
                    + MultisigExpression.MAX_KEYS + " keys, inclusive");
        }
        if (threshold < 1) throw new DescriptorException("Multisig threshold cannot be " + threshold + ", must be at least 1");
        if (threshold > keys.size()) {
            throw new DescriptorException("Multisig threshold cannot be larger than the number of keys; threshold is " + threshold
                    + " but only " + keys.size() + " keys specified");
        }
        if (where == MultiContext.TOP && keys.size() > MAX_BARE_MULTISIG_KEYS) {
            throw new DescriptorException("Cannot have " + keys.size() + " pubkeys in bare multisig; only at most " + MAX_BARE_MULTISIG_KEYS + " pubkeys");
        }
        if (p2sh && scriptSize + 3 > MAX_SCRIPT_ELEMENT_SIZE) {
            throw new DescriptorException("P2SH script is too large, " + (scriptSize + 3) + " bytes is larger than " + MAX_SCRIPT_ELEMENT_SIZE + " bytes");
        }
        return new MultisigExpression((int) threshold, keys, sorted);
    }

    /** Core's Func: {@code name(...)} exactly, returning what is inside the parentheses. */
    private static Optional<String> function(String name, String expr) {
        if (expr.length() >= name.length() + 2 && expr.startsWith(name) && expr.charAt(name.length()) == '(' && expr.endsWith(")")) {
            return Optional.of(expr.substring(name.length() + 1, expr.length() - 1));
        }
        return Optional.empty();
    }

    private static int topLevelComma(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '{') depth++;
            else if (c == ')' || c == '}') depth--;
            else if (c == ',' && depth == 0) return i;
        }
        return -1;
    }

    /** One KEY expression; errors carry the enclosing function's name as Core's do ("wpkh(): ..."). */
    private static KeyExpression key(String text, String function, KeyContext ctx, NetworkParams params) throws DescriptorException {
        return key(text, function + "()", ctx, params, ": ");
    }

    private static KeyExpression key(String text, String prefix, KeyContext ctx, NetworkParams params, String separator)
            throws DescriptorException {
        try {
            return keyExpression(text, ctx, params);
        } catch (DescriptorException e) {
            throw new DescriptorException(prefix + separator + e.getMessage());
        }
    }

    /** The apostrophe style Core remembers for a key: that of the last hardened element read. */
    private static final class Style {
        boolean apostrophe;
    }

    private static KeyExpression keyExpression(String text, KeyContext ctx, NetworkParams params) throws DescriptorException {
        if (text.isEmpty()) throw new DescriptorException("No key provided");
        String[] originSplit = text.split("]", -1);
        if (originSplit.length > 2) throw new DescriptorException("Multiple ']' characters found for a single pubkey");
        Style style = new Style();
        if (originSplit.length == 1) return inner(text, Optional.empty(), ctx, params, style);
        String originText = originSplit[0];
        if (originText.isEmpty() || originText.charAt(0) != '[') {
            char got = originText.isEmpty() ? ']' : originText.charAt(0);
            throw new DescriptorException("Key origin start '[ character expected but not found, got '" + got + "' instead");
        }
        String[] slash = originText.substring(1).split("/", -1);
        if (slash[0].length() != 8) {
            throw new DescriptorException("Fingerprint is not 4 bytes (" + slash[0].length() + " characters instead of 8 characters)");
        }
        if (!isHex(slash[0])) throw new DescriptorException("Fingerprint '" + slash[0] + "' is not hex");
        int fingerprint = ByteBuffer.wrap(Hex.decode(slash[0])).getInt();
        KeyPath originPath = path(List.of(slash).subList(1, slash.length), style);
        return inner(originSplit[1], Optional.of(new KeyOrigin(fingerprint, originPath)), ctx, params, style);
    }

    private static KeyExpression inner(String text, Optional<KeyOrigin> origin, KeyContext ctx, NetworkParams params, Style style)
            throws DescriptorException {
        boolean permitUncompressed = ctx.permitsUncompressed();
        String[] split = text.split("/", -1);
        String head = split[0];
        if (head.isEmpty()) throw new DescriptorException("No key provided");
        // Core's ParsePubkeyInner: IsSpace at either end of the key itself.
        if (isSpace(head.charAt(0)) || isSpace(head.charAt(head.length() - 1))) {
            throw new DescriptorException("Key '" + head + "' is invalid due to whitespace");
        }
        if (split.length == 1) {
            if (isHex(text)) return hexKey(text, origin, ctx, permitUncompressed, style);
            Optional<PrivateKeyBytes> wif = wif(text, params);
            if (wif.isPresent()) {
                PrivateKeyBytes k = wif.get();
                if (!permitUncompressed && !k.compressed()) throw new DescriptorException("Uncompressed keys are not allowed");
                byte[] secret = k.secret();
                byte[] pub = k.compressed() ? Secp.publicKey(secret) : Secp.publicKeyUncompressed(secret);
                java.util.Arrays.fill(secret, (byte) 0);
                return new FixedKey(origin, pub, ctx == KeyContext.TAPROOT, Optional.of(k), style.apostrophe);
            }
        }
        ExtendedKey root;
        try {
            root = ExtendedKey.parse(split[0], params);
        } catch (AddressFormatException | IllegalArgumentException e) {
            throw new DescriptorException("key '" + text + "' is not valid");
        }
        List<String> steps = new ArrayList<>(List.of(split).subList(1, split.length));
        KeyExpression.Wildcard wildcard = KeyExpression.Wildcard.NONE;
        if (!steps.isEmpty()) {
            String last = steps.get(steps.size() - 1);
            if (last.equals("*")) {
                wildcard = KeyExpression.Wildcard.NORMAL;
                steps.remove(steps.size() - 1);
            } else if (last.equals("*'") || last.equals("*h")) {
                wildcard = KeyExpression.Wildcard.HARDENED;
                style.apostrophe = last.equals("*'");
                steps.remove(steps.size() - 1);
            }
        }
        KeyPath path = path(steps, style);
        return new DerivedKey(origin, root, path, wildcard, style.apostrophe);
    }

    private static KeyExpression hexKey(String text, Optional<KeyOrigin> origin, KeyContext ctx, boolean permitUncompressed, Style style)
            throws DescriptorException {
        byte[] raw = Hex.decode(text);
        boolean fullLength = raw.length == 33 || raw.length == 65;
        if (fullLength && raw.length == 65 && (raw[0] == 6 || raw[0] == 7)) {
            throw new DescriptorException("Hybrid public keys are not allowed");
        }
        boolean wellFormed = fullLength && (raw.length == 33 ? raw[0] == 2 || raw[0] == 3 : raw[0] == 4);
        if (wellFormed && Secp.parsePublicKey(raw).isPresent()) {
            if (raw.length == 65 && !permitUncompressed) throw new DescriptorException("Uncompressed keys are not allowed");
            return new FixedKey(origin, raw, false, Optional.empty(), style.apostrophe);
        }
        if (raw.length == 32 && ctx == KeyContext.TAPROOT) {
            byte[] lifted = new byte[33];
            lifted[0] = 2;
            System.arraycopy(raw, 0, lifted, 1, 32);
            if (Secp.parsePublicKey(lifted).isPresent()) return new FixedKey(origin, lifted, true, Optional.empty(), style.apostrophe);
        }
        throw new DescriptorException("Pubkey '" + text + "' is invalid");
    }

    private static Optional<PrivateKeyBytes> wif(String text, NetworkParams params) {
        try {
            return Optional.of(Wif.decode(text, params));
        } catch (AddressFormatException e) {
            return Optional.empty();
        }
    }

    /** Core's ParseKeyPath over the elements after the key (or fingerprint). */
    private static KeyPath path(List<String> elements, Style style) throws DescriptorException {
        KeyPath p = KeyPath.ROOT;
        for (String element : elements) {
            String e = element;
            // BIP389 multipath elements are expanded before parsing wherever they may stand (MultipathExpansion);
            // one still here is in a key origin.
            if (e.length() >= 2 && e.startsWith("<") && e.endsWith(">")) {
                throw new DescriptorException("Key path value '" + e + "' specifies multipath in a section where multipath is not allowed");
            }
            boolean hardened = false;
            if (!e.isEmpty() && (e.endsWith("'") || e.endsWith("h"))) {
                style.apostrophe = e.endsWith("'");
                e = e.substring(0, e.length() - 1);
                hardened = true;
            }
            long value = uint32(e).orElseThrow(() -> new DescriptorException("Key path value '" + trimmed(element) + "' is not a valid uint32"));
            if (value > 0x7fffffffL) throw new DescriptorException("Key path value " + value + " is out of range");
            p = p.child(hardened ? KeyPath.hardened((int) value) : (int) value);
        }
        return p;
    }

    private static String trimmed(String element) {
        return !element.isEmpty() && (element.endsWith("'") || element.endsWith("h")) ? element.substring(0, element.length() - 1) : element;
    }

    /** Core's ParseUInt32: decimal digits, an optional leading '+', no more than 2^32 - 1. */
    private static Optional<Long> uint32(String s) {
        String digits = s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
        long v = Long.parseLong(digits);
        return v > 0xffffffffL ? Optional.empty() : Optional.of(v);
    }

    /** Core's IsSpace: the C locale's white-space characters. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b;
    }

    /** Core's IsHex: non-empty, even length, ASCII hex digits only. */
    private static boolean isHex(String s) {
        if (s.isEmpty() || s.length() % 2 != 0) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
        }
        return true;
    }
}
