package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.miniscript.MiniscriptContext;
import dev.blocksmith.core.miniscript.MiniscriptNode;
import dev.blocksmith.core.miniscript.MiniscriptParseException;
import dev.blocksmith.core.miniscript.MsKey;
import dev.blocksmith.core.miniscript.StringParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The miniscript step of bitcoind's ParseScript in the P2WSH context: text that reads as miniscript
 * must be sane (and satisfiable), or the descriptor is rejected with bitcoind's explanation of the
 * first offending subexpression; text that is not miniscript at all is left to the other rules.
 */
final class MiniscriptDescriptors {
    /** Reads one key expression in the P2WSH context. */
    interface KeyReader {
        KeyExpression read(String text) throws DescriptorException;
    }

    private MiniscriptDescriptors() {
    }

    static Optional<MiniscriptExpression> parse(String text, NetworkParams params, KeyReader keyReader) throws DescriptorException {
        return parse(text, MiniscriptContext.P2WSH, params, keyReader);
    }

    /** As {@link #parse(String, NetworkParams, KeyReader)} in a given context (a tapscript leaf of tr()). */
    static Optional<MiniscriptExpression> parse(String text, MiniscriptContext ctx, NetworkParams params, KeyReader keyReader)
            throws DescriptorException {
        return parse(text, ctx, params, keyReader, true);
    }

    /**
     * As {@link #parse(String, MiniscriptContext, NetworkParams, KeyReader)}; without {@code sane}, only validity is
     * required: bitcoind reads a tr() leaf that is just multi_a()/sortedmulti_a() as its own descriptor, which may
     * repeat a key.
     */
    static Optional<MiniscriptExpression> parse(String text, MiniscriptContext ctx, NetworkParams params, KeyReader keyReader, boolean sane)
            throws DescriptorException {
        Map<MsKey, KeyExpression> keys = new LinkedHashMap<>();
        // A key is known by its public form, so a key written twice is found as a duplicate (Core compares keys alike).
        StringParser.KeyParser kp = t -> {
            KeyExpression e;
            try {
                e = keyReader.read(t);
            } catch (DescriptorException ex) {
                throw new MiniscriptParseException(ex.getMessage());
            }
            MsKey k = new MsKey(e.render(params, KeyForm.PUBLIC));
            keys.putIfAbsent(k, e);
            return k;
        };
        Optional<MiniscriptNode> parsed;
        try {
            parsed = StringParser.parse(text, ctx, kp);
        } catch (MiniscriptParseException e) {
            throw new DescriptorException(e.getMessage());
        }
        if (parsed.isEmpty()) return Optional.empty();
        MiniscriptNode node = parsed.get();
        if (!sane && node.isValidTopLevel()) return Optional.of(new MiniscriptExpression(node, keys));
        if (!node.isSane() || node.isNotSatisfiable()) throw new DescriptorException(insanity(node, keys, params));
        return Optional.of(new MiniscriptExpression(node, keys));
    }

    /** bitcoind's message for a miniscript that is not sane: the first insane subexpression and why. */
    private static String insanity(MiniscriptNode node, Map<MsKey, KeyExpression> keys, NetworkParams params) {
        MiniscriptNode insane = node.findInsaneSub().orElse(node);
        String msg = insane.render(k -> keys.get(k).render(params, KeyForm.PUBLIC));
        if (!insane.isValid()) return msg + " is invalid";
        if (!node.isSane()) {
            msg += " is not sane";
            if (!insane.isNonMalleable()) return msg + ": malleable witnesses exist";
            if (insane == node && !insane.needsSignature()) return msg + ": witnesses without signature exist";
            if (!insane.checkTimeLocksMix()) return msg + ": contains mixes of timelocks expressed in blocks and seconds";
            if (!insane.hasNoDuplicateKeys()) return msg + ": contains duplicate public keys";
            if (!insane.validSatisfactions()) return msg + ": needs witnesses that may exceed resource limits";
            return msg;
        }
        return msg + " is not satisfiable";
    }
}
