package dev.blocksmith.core.miniscript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.script.Script;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding P2WSH scripts into miniscript. The vectors are Bitcoin Core's (src/test/miniscript_tests.cpp:
 * script, miniscript in bitcoind's canonical printing, ops and stack-size bounds; sanity from its test
 * modes) and rpc_decodescript.py's witness scripts.
 */
class MiniscriptFromScriptTest {
    /**
     * A script, the miniscript bitcoind reads it back as (c: moves onto the last and_v child, as in
     * FromScript: c:and_v(X,pk_k(K)) reads as and_v(X,pk(K))), the ops and stack-size bounds, and whether it is sane. */
    private record Vector(String script, String miniscript, long ops, long stack, boolean sane) {
    }

    private static final List<Vector> CORE_VECTORS = List.of(
            new Vector("6300676300676300670400046749b1926869516868", "lltvln:after(1231488000)", 12, 3, false),
            new Vector("6363829263522103d01115d548e7561b15c38f004d734633687cf4419620095bc5b0f47070afe85a21025601570cb47f238d2b0286db4a990fa0f3ba28d1a319f5e7cf55c2a2444da7cc52af0400046749b168670068670068",
                    "uuj:and_v(v:multi(2,03d01115d548e7561b15c38f004d734633687cf4419620095bc5b0f47070afe85a,025601570cb47f238d2b0286db4a990fa0f3ba28d1a319f5e7cf55c2a2444da7cc),after(1231488000))", 14, 5, true),
            new Vector("63522103daed4f2be3a8bf278e70132fb0beb7522f570e144bf615c07e996d443dee872921024ce119c96e2fa357200b559b2f7dd5a5f02d5290aff74b03f3e471b273211c9752ae926700686b63006760b2686c9b",
                    "or_b(un:multi(2,03daed4f2be3a8bf278e70132fb0beb7522f570e144bf615c07e996d443dee8729,024ce119c96e2fa357200b559b2f7dd5a5f02d5290aff74b03f3e471b273211c97),al:older(16))", 14, 5, false),
            new Vector("829263766304e7e06e5db169686902e007b268", "j:and_v(vdv:after(1567547623),older(2016))", 11, 1, false),
            new Vector("6382012088aa20131772552c01444cd81360818376a040b7c3b2b7b0a53550ee3edde216cec61b876700686982012088a820ec4916dd28fc4c10d78e287ca5d9cc51ee1ae73cbfde08c6b37324cbfaac8bc58851",
                    "t:and_v(vu:hash256(131772552c01444cd81360818376a040b7c3b2b7b0a53550ee3edde216cec61b),v:sha256(ec4916dd28fc4c10d78e287ca5d9cc51ee1ae73cbfde08c6b37324cbfaac8bc5))", 12, 3, false),
            new Vector("532102d7924d4f7d43ea965a465ae3095ff41131e5946f3c85f79e44adbcf8e27e080e2103fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a14602975562102e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd1353ae6482012088a8209267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed2886703010040b2696851",
                    "t:andor(multi(3,02d7924d4f7d43ea965a465ae3095ff41131e5946f3c85f79e44adbcf8e27e080e,03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556,02e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13),v:older(4194305),v:sha256(9267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed2))", 13, 5, false),
            new Vector("512102f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f951ae73645321022f01e5e15cca351daff3843fb70f3c2f0a1bdd05e5af888a67784ef3e10a2a0121032fa2104d6b38d11b0230010559879124e42ab8dfeff5ff29dc9cdadd4ecacc3f2103d01115d548e7561b15c38f004d734633687cf4419620095bc5b0f47070afe85a53ae7c630320a107b16700689b68",
                    "or_d(multi(1,02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9),or_b(multi(3,022f01e5e15cca351daff3843fb70f3c2f0a1bdd05e5af888a67784ef3e10a2a01,032fa2104d6b38d11b0230010559879124e42ab8dfeff5ff29dc9cdadd4ecacc3f,03d01115d548e7561b15c38f004d734633687cf4419620095bc5b0f47070afe85a),su:after(500000)))", 15, 7, false),
            new Vector("82012088a82038df1c1f64a24a77b23393bca50dff872e31edc4f3b5aa3b90ad0b82f4f089b68773646304ff64cd1db19267006864006703010040b26868",
                    "or_d(sha256(38df1c1f64a24a77b23393bca50dff872e31edc4f3b5aa3b90ad0b82f4f089b6),and_n(un:after(499999999),older(4194305)))", 16, 1, false),
            new Vector("63522102c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee52103774ae7f858a9411e5ef4246b70c65aac5649980be5c17891bbec17895da008cb52af67522103e60fce93b59e9ec53011aabc21c23e97b2a31369b87a5ae9c44ee89e2a6dec0a21025cbdf0646e5db4eaa398f365f2ea7a0e3d419b7e0330e39ce92bddedcac4f9bc52af6882012088a820d1ec675902ef1633427ca360b290b0b3045a0d9058ddb5e648b4c3c3224c5c6887",
                    "and_v(or_i(v:multi(2,02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5,03774ae7f858a9411e5ef4246b70c65aac5649980be5c17891bbec17895da008cb),v:multi(2,03e60fce93b59e9ec53011aabc21c23e97b2a31369b87a5ae9c44ee89e2a6dec0a,025cbdf0646e5db4eaa398f365f2ea7a0e3d419b7e0330e39ce92bddedcac4f9bc)),sha256(d1ec675902ef1633427ca360b290b0b3045a0d9058ddb5e648b4c3c3224c5c68))", 11, 5, true),
            new Vector("82926352210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f8179821024ce119c96e2fa357200b559b2f7dd5a5f02d5290aff74b03f3e471b273211c9752ae7c6351b26703e2e440b2689a68",
                    "j:and_b(multi(2,0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798,024ce119c96e2fa357200b559b2f7dd5a5f02d5290aff74b03f3e471b273211c97),s:or_i(older(1),older(4252898)))", 14, 4, false),
            new Vector("60b27c82012088a820e38990d0c7fc009880a9c07c23842e886c6bbdc964ce6bdd5817ad357335ee6f87736404e7e06e5db192689a",
                    "and_b(older(16),s:or_d(sha256(e38990d0c7fc009880a9c07c23842e886c6bbdc964ce6bdd5817ad357335ee6f),n:after(1567547623)))", 12, 1, false),
            new Vector("82012088aa2032ba476771d01e37807990ead8719f08af494723de1d228f2c2c07cc0aa40bac876b82012088aa20131772552c01444cd81360818376a040b7c3b2b7b0a53550ee3edde216cec61b876b51b26c9a6c9a",
                    "and_b(hash256(32ba476771d01e37807990ead8719f08af494723de1d228f2c2c07cc0aa40bac),a:and_b(hash256(131772552c01444cd81360818376a040b7c3b2b7b0a53550ee3edde216cec61b),a:older(1)))", 15, 2, false),
            new Vector("82012088a820d1ec675902ef1633427ca360b290b0b3045a0d9058ddb5e648b4c3c3224c5c68876400676303e2e440b26967029000b269685168",
                    "and_n(sha256(d1ec675902ef1633427ca360b290b0b3045a0d9058ddb5e648b4c3c3224c5c68),t:or_i(v:older(4252898),v:older(144)))", 14, 2, false),
            new Vector("766303e2e440b26903e2e440b2696892736482012088a82038df1c1f64a24a77b23393bca50dff872e31edc4f3b5aa3b90ad0b82f4f089b68768",
                    "or_d(nd:and_v(v:older(4252898),v:older(4252898)),sha256(38df1c1f64a24a77b23393bca50dff872e31edc4f3b5aa3b90ad0b82f4f089b6))", 15, 2, false),
            new Vector("82012088a8209267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed28764512102c44d12c7065d812e8acf28d7cbb19f9011ecd9e9fdf281b0e6a3b5e87d22e7db51af682103acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbeac",
                    "and_v(or_c(sha256(9267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed2),v:multi(1,02c44d12c7065d812e8acf28d7cbb19f9011ecd9e9fdf281b0e6a3b5e87d22e7db)),pk(03acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbe))", 8, 2, false),
            new Vector("5221036d2b085e9e382ed10b69fc311a03f8641ccfff21574de0927513a49d9a688a002102352bbf4a4cdd12564f93fa332ce333301d9ad40271f8107181340aef25be59d552ae6482012088a6141b0f3c404d12075c68c938f9f60ebea4f74941a088682103fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556ac",
                    "and_v(or_c(multi(2,036d2b085e9e382ed10b69fc311a03f8641ccfff21574de0927513a49d9a688a00,02352bbf4a4cdd12564f93fa332ce333301d9ad40271f8107181340aef25be59d5),v:ripemd160(1b0f3c404d12075c68c938f9f60ebea4f74941a0)),pk(03fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a1460297556))", 10, 5, true),
            new Vector("82012088aa208a35d9ca92a48eaade6f53a64985e9e2afeb74dcf8acb4c3721e0dc7e4294b2587640350c300b2696782012088aa20939894f70e6c3a25da75da0cc2071b4076d9b006563cf635986ada2e93c0d735886804ff64cd1db1",
                    "and_v(andor(hash256(8a35d9ca92a48eaade6f53a64985e9e2afeb74dcf8acb4c3721e0dc7e4294b25),v:hash256(939894f70e6c3a25da75da0cc2071b4076d9b006563cf635986ada2e93c0d735),v:older(50000)),after(499999999))", 14, 2, false),
            new Vector("82012088a8209267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed28764006763029000b2692103fe72c435413d33d48ac09c9161ba8b09683215439d62b7940502bda8b202e6ceac67006868",
                    "and_n(sha256(9267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed2),u:and_v(v:older(144),pk(03fe72c435413d33d48ac09c9161ba8b09683215439d62b7940502bda8b202e6ce)))", 13, 3, false),
            // Non-malleable and needs a signature, but mixes a time lock with a height lock: not sane.
            new Vector("2103daed4f2be3a8bf278e70132fb0beb7522f570e144bf615c07e996d443dee8729ac64006763006703e2e440b2686b60b26c9a68",
                    "and_n(pk(03daed4f2be3a8bf278e70132fb0beb7522f570e144bf615c07e996d443dee8729),and_b(l:older(4252898),a:older(16)))", 12, 2, false));

    @Test
    void decodesCoreVectorsWithTheirBoundsAndSanity() {
        for (Vector v : CORE_VECTORS) {
            MiniscriptNode node = Miniscript.fromScript(Script.fromHex(v.script()), MiniscriptContext.P2WSH).orElseThrow(
                    () -> new AssertionError("not decoded: " + v.miniscript()));
            assertThat(node.toString()).isEqualTo(v.miniscript());
            assertThat(node.scriptSize()).as(v.miniscript()).isEqualTo(v.script().length() / 2);
            assertThat(node.ops()).as(v.miniscript()).contains(v.ops());
            assertThat(node.stackSize()).as(v.miniscript()).contains(v.stack());
            assertThat(node.isSane()).as(v.miniscript()).isEqualTo(v.sane());
        }
    }

    @Test
    void repeatedKeyIsValidButNotSane() {
        // Core's thresh vector: 036d2b... is both in the multi and in the a:multi.
        String script = "522103a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c721036d2b085e9e382ed10b69fc311a03f8641ccfff21574de0927513a49d9a688a0052ae6b5121036d2b085e9e382ed10b69fc311a03f8641ccfff21574de0927513a49d9a688a0051ae6c936b21022f01e5e15cca351daff3843fb70f3c2f0a1bdd05e5af888a67784ef3e10a2a01ac6c935287";
        MiniscriptNode node = Miniscript.fromScript(Script.fromHex(script), MiniscriptContext.P2WSH).orElseThrow();
        assertThat(node.toString()).isEqualTo("thresh(2,multi(2,03a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7,"
                + "036d2b085e9e382ed10b69fc311a03f8641ccfff21574de0927513a49d9a688a00),a:multi(1,036d2b085e9e382ed10b69fc311a03f8641ccfff21574de0927513a49d9a688a00),"
                + "a:pk(022f01e5e15cca351daff3843fb70f3c2f0a1bdd05e5af888a67784ef3e10a2a01))");
        assertThat(node.ops()).contains(13L);
        assertThat(node.stackSize()).contains(6L);
        assertThat(node.hasNoDuplicateKeys()).isFalse();
        assertThat(node.isSane()).isFalse();
    }

    @Test
    void decodescriptOfferedHtlcIsSaneMiniscript() throws Exception {
        String script = "82012088a914ffffffffffffffffffffffffffffffffffffffff88210250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0ad51b2";
        MiniscriptNode node = Miniscript.inferSane(Script.fromHex(script), MiniscriptContext.P2WSH).orElseThrow();
        assertThat(node.toString()).isEqualTo("and_v(and_v(v:hash160(ffffffffffffffffffffffffffffffffffffffff),"
                + "v:pk(0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0)),older(1))");
    }

    @Test
    void checksigFollowedByCsvIsNotMiniscript() {
        String script = "82012088a914ffffffffffffffffffffffffffffffffffffffff882102ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffacb2";
        assertThat(Miniscript.fromScript(Script.fromHex(script), MiniscriptContext.P2WSH)).isEmpty();
    }

    @Test
    void rejectsNonMinimalVerifyAndPushes() {
        // <key> OP_CHECKSIG OP_VERIFY OP_1 must be OP_CHECKSIGVERIFY.
        String key = "0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0";
        assertThat(Miniscript.fromScript(Script.fromHex("21" + key + "ac6951"), MiniscriptContext.P2WSH)).isEmpty();
        assertThat(Miniscript.fromScript(Script.fromHex("21" + key + "ad51"), MiniscriptContext.P2WSH)).map(Object::toString)
                .contains("tv:pk(" + key + ")");
        // older(1) pushed as 0x01 0x01 instead of OP_1.
        assertThat(Miniscript.fromScript(Script.fromHex("21" + key + "ad0101b2"), MiniscriptContext.P2WSH)).isEmpty();
    }

    @Test
    void parsedTextGivesTheScriptAndPrintsCanonically() throws Exception {
        for (Vector v : CORE_VECTORS) {
            MiniscriptNode node = StringParser.parse(v.miniscript(), MiniscriptContext.P2WSH, MsKey::new).orElseThrow(
                    () -> new AssertionError("not parsed: " + v.miniscript()));
            assertThat(node.toScript(MsKey::bytes).toHex()).as(v.miniscript()).isEqualTo(v.script());
            assertThat(node.toString()).isEqualTo(v.miniscript());
        }
        // Core's own spellings: c:pk_k is pk, and_n stays and_n, c: moves nowhere when parsing.
        String key = "03acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbe";
        MiniscriptNode cAndV = StringParser.parse("c:and_v(or_c(sha256(9267d3dbed802941483f1afa2a6bc68de5f653128aca9bf1461c5d0a3ad36ed2),"
                + "v:multi(1,02c44d12c7065d812e8acf28d7cbb19f9011ecd9e9fdf281b0e6a3b5e87d22e7db)),pk_k(" + key + "))", MiniscriptContext.P2WSH, MsKey::new).orElseThrow();
        assertThat(cAndV.toScript(MsKey::bytes).toHex()).isEqualTo(CORE_VECTORS.get(14).script());
        assertThat(StringParser.parse("and_v(pk(" + key + "),pk(" + key + "))", MiniscriptContext.P2WSH, MsKey::new).orElseThrow().isValid()).isFalse();
        assertThat(StringParser.parse("and_v(v:pk(" + key + ")", MiniscriptContext.P2WSH, MsKey::new)).isEmpty();
        assertThat(StringParser.parse("older(0)", MiniscriptContext.P2WSH, MsKey::new)).isEmpty();
        assertThat(StringParser.parse("thresh(3,pk(" + key + "),s:pk(" + key + "))", MiniscriptContext.P2WSH, MsKey::new)).isEmpty();
    }

    @Test
    void deepScriptsWithinTheSizeLimitDecodeAndPrint() {
        // <key> OP_CHECKSIG followed by 3500 OP_0NOTEQUAL: n:n:...:pk(K), 3535 bytes; valid, but 3501 ops are not sane.
        String key = "0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0";
        String script = "21" + key + "ac" + "92".repeat(3500);
        MiniscriptNode node = Miniscript.fromScript(Script.fromHex(script), MiniscriptContext.P2WSH).orElseThrow();
        assertThat(node.toString()).isEqualTo("n".repeat(3500) + ":pk(" + key + ")");
        assertThat(node.ops()).contains(3501L);
        assertThat(node.isSane()).isFalse();
        assertThat(node.toScript(MsKey::bytes).toHex()).isEqualTo(script);
        // Past 3600 bytes a P2WSH script is not miniscript.
        assertThat(Miniscript.fromScript(Script.fromHex("21" + key + "ac" + "92".repeat(3600)), MiniscriptContext.P2WSH)).isEmpty();
    }

    @Test
    void deeplyNestedTextParses() throws Exception {
        String key = "0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0";
        int depth = 800;
        String text = "and_b(1,a:".repeat(depth) + "pk(" + key + ")" + ")".repeat(depth);
        MiniscriptNode node = StringParser.parse(text, MiniscriptContext.P2WSH, MsKey::new).orElseThrow();
        assertThat(node.toString()).isEqualTo(text);
        // Four bytes a level: 3235 bytes in all, within P2WSH's 3600.
        assertThat(node.scriptSize()).isEqualTo(4L * depth + 35);
        assertThat(node.isValid()).isTrue();
    }

    @Test
    void tapscriptMultiAAndContextRules() throws Exception {
        String k1 = "50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0";
        String k2 = "a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
        String script = "20" + k1 + "ac" + "20" + k2 + "ba" + "52" + "9c";
        MiniscriptNode node = Miniscript.fromScript(Script.fromHex(script), MiniscriptContext.TAPSCRIPT).orElseThrow();
        assertThat(node.toString()).isEqualTo("multi_a(2," + k1 + "," + k2 + ")");
        assertThat(node.isSane()).isTrue();
        assertThat(StringParser.parse(node.toString(), MiniscriptContext.TAPSCRIPT, MsKey::new).orElseThrow().toScript(MsKey::bytes).toHex())
                .isEqualTo(script);
        // multi_a is tapscript only, multi P2WSH only.
        assertThat(Miniscript.fromScript(Script.fromHex(script), MiniscriptContext.P2WSH)).isEmpty();
        assertThat(StringParser.parse("multi_a(1," + k1 + ")", MiniscriptContext.P2WSH, MsKey::new)).isEmpty();
        assertThat(StringParser.parse("multi(1,02" + k1 + ")", MiniscriptContext.TAPSCRIPT, MsKey::new)).isEmpty();
        // d: is u in tapscript (MINIMALIF is consensus there), not in P2WSH.
        assertThat(StringParser.parse("dv:older(1)", MiniscriptContext.TAPSCRIPT, MsKey::new).orElseThrow().type().has("u")).isTrue();
        assertThat(StringParser.parse("dv:older(1)", MiniscriptContext.P2WSH, MsKey::new).orElseThrow().type().has("u")).isFalse();
    }
}
