package dev.blocksmith.core.miniscript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Miniscript satisfaction as bitcoind's ProduceInput/Satisfy chooses it: the cases of Core's wallet_miniscript.py
 * (which branch, how many witness items) with stand-in signatures, plus the non-malleability rules.
 */
class SatisfierTest {
    /** A context with signatures for some keys ("sig" + key name), some preimages and the timelocks met up to a value. */
    private record Ctx(Set<String> signers, Map<String, byte[]> preimages, long lockTime, long sequence, List<String> asked)
            implements SatisfierContext {
        Ctx(Set<String> signers, long lockTime, long sequence) {
            this(signers, Map.of(), lockTime, sequence, new ArrayList<>());
        }

        @Override
        public Optional<byte[]> sign(MsKey key) {
            asked.add(key.text());
            return signers.contains(key.text()) ? Optional.of(("sig" + key.text()).getBytes()) : Optional.empty();
        }

        @Override
        public byte[] keyBytes(MsKey key) {
            return ("key" + key.text()).getBytes();
        }

        @Override
        public Optional<byte[]> preimage(Fragment fragment, byte[] hash) {
            return Optional.ofNullable(preimages.get(Hex.encode(hash)));
        }

        @Override
        public boolean checkAfter(long value) {
            return value <= lockTime;
        }

        @Override
        public boolean checkOlder(long value) {
            return value <= sequence;
        }
    }

    private static MiniscriptNode parse(String ms) throws MiniscriptParseException {
        return StringParser.parse(ms, MiniscriptContext.P2WSH, MsKey::new).orElseThrow();
    }

    private static List<String> texts(Optional<List<byte[]>> stack) {
        return stack.orElseThrow().stream().map(b -> b.length == 0 ? "" : new String(b)).toList();
    }

    @Test
    void orDTakesTheFirstBranchAloneWhenItsSignatureIsThere() throws Exception {
        MiniscriptNode n = parse("or_d(pk(A),and_v(v:pk(B),and_v(v:pk(C),older(10))))");
        // wallet_miniscript: all keys and the sequence met: the smallest witness, the first branch.
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("A", "B", "C"), 0, 12)))).containsExactly("sigA");
        // Without A: the timeout branch, A dissatisfied by an empty item on top.
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("B", "C"), 0, 12)))).containsExactly("sigC", "sigB", "");
        // Without A and before the timeout: nothing.
        assertThat(Satisfier.satisfy(n, new Ctx(Set.of("B", "C"), 0, 9))).isEmpty();
    }

    @Test
    void everyKeyIsAskedWhicheverBranchWins() throws Exception {
        Ctx ctx = new Ctx(Set.of("A"), 0, 0);
        Satisfier.satisfy(parse("andor(pk(A),pk(B),and_v(v:pk(C),older(10)))"), ctx);
        assertThat(ctx.asked()).containsExactlyInAnyOrder("A", "B", "C");
    }

    @Test
    void andorTakesTheTimeoutPathOnlyWhenTheSequenceAllowsIt() throws Exception {
        MiniscriptNode n = parse("andor(pk(A),pk(B),and_v(v:pkh(C),older(10)))");
        // All keys: andor(X,Y,Z) satisfied as sat(Y) sat(X) = 2 items, smaller than sat(Z) dsat(X) = 3.
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("A", "B", "C"), 0, 0)))).containsExactly("sigB", "sigA");
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("C"), 0, 10)))).containsExactly("sigC", "keyC", "");
    }

    @Test
    void hashlockNeedsItsPreimage() throws Exception {
        byte[] preimage = new byte[32];
        preimage[0] = 7;
        String hash = Hex.encode(Hashes.sha256(preimage));
        MiniscriptNode n = parse("and_v(v:pk(A),sha256(" + hash + "))");
        assertThat(Satisfier.satisfy(n, new Ctx(Set.of("A"), 0, 0))).isEmpty();
        Ctx withPreimage = new Ctx(Set.of("A"), Map.of(hash, preimage), 0, 0, new ArrayList<>());
        List<byte[]> stack = Satisfier.satisfy(n, withPreimage).orElseThrow();
        assertThat(stack).hasSize(2);
        assertThat(stack.get(0)).isEqualTo(preimage);
        assertThat(new String(stack.get(1))).isEqualTo("sigA");
    }

    @Test
    void afterChecksTheLockTime() throws Exception {
        MiniscriptNode n = parse("and_v(v:after(20),pk(A))");
        assertThat(Satisfier.satisfy(n, new Ctx(Set.of("A"), 19, 0))).isEmpty();
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("A"), 20, 0)))).containsExactly("sigA");
    }

    @Test
    void multiPutsTheDummyFirstAndSignaturesInKeyOrder() throws Exception {
        MiniscriptNode n = parse("multi(2,A,B,C)");
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("A", "C"), 0, 0)))).containsExactly("", "sigA", "sigC");
        assertThat(Satisfier.satisfy(n, new Ctx(Set.of("C"), 0, 0))).isEmpty();
    }

    @Test
    void multiAPutsTheFirstKeysSignatureOnTop() throws Exception {
        MiniscriptNode n = StringParser.parse("multi_a(1,A,B)", MiniscriptContext.TAPSCRIPT, MsKey::new).orElseThrow();
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("A"), 0, 0)))).containsExactly("", "sigA");
        assertThat(texts(Satisfier.satisfy(n, new Ctx(Set.of("B"), 0, 0)))).containsExactly("sigB", "");
    }

    @Test
    void threshOfKeyHashesAsTheLiquidRecoveryPath() throws Exception {
        MiniscriptNode n = parse("or_i(and_b(pk(A),s:pk(B)),and_v(v:thresh(2,pkh(C),a:pkh(D),a:pkh(E)),older(42)))");
        // wallet_miniscript's Liquid-like case: two of the recovery keys after the delay, 8 items with the script.
        List<String> stack = texts(Satisfier.satisfy(n, new Ctx(Set.of("C", "D"), 0, 42)));
        assertThat(stack).containsExactly("", "keyE", "sigD", "keyD", "sigC", "keyC", "");
    }

    @Test
    void aSatisfactionWithoutSignatureIsRefused() throws Exception {
        // Anyone could produce it: not a non-malleable satisfaction that needs a signature.
        assertThat(Satisfier.satisfy(parse("older(1)"), new Ctx(Set.of(), 0, 5))).isEmpty();
    }

    @Test
    void deepWrapperChainsAreHandledWithoutRecursion() throws Exception {
        String ms = "n".repeat(200_000) + ":pk(" + "02" + "11".repeat(32) + ")";
        MiniscriptNode n = StringParser.parse(ms, MiniscriptContext.TAPSCRIPT, t -> MsKey.of(Hex.decode(t).length == 33
                ? java.util.Arrays.copyOfRange(Hex.decode(t), 1, 33) : Hex.decode(t))).orElseThrow();
        assertThat(n.toScript(MsKey::bytes).length()).isEqualTo(200_000 + 33 + 1);
        assertThat(n.toString()).hasSize(ms.length() - 2);
        assertThat(Satisfier.satisfy(n, new Ctx(Set.of("11".repeat(32)), 0, 0))).isPresent();
    }
}
