package dev.blocksmith.rpc.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import org.junit.jupiter.api.Test;

class ScriptRenderTest {
    private static final String PUBKEY = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    @Test
    void asmNumbersOpcodesAndData() {
        // OP_1NEGATE, OP_0, OP_16, push 0x0102 (513 little-endian), push 0x81 (-1), OP_NOP2, OP_CHECKSIGADD.
        assertThat(ScriptRender.asm(Script.fromHex("4f00600201020181b1ba"), false))
                .isEqualTo("-1 0 16 513 -1 OP_CHECKLOCKTIMEVERIFY OP_CHECKSIGADD");
        assertThat(ScriptRender.asm(Script.fromHex("0500000000ff"), false)).isEqualTo("00000000ff");
        assertThat(ScriptRender.asm(Script.fromHex("bbff"), false)).isEqualTo("OP_UNKNOWN OP_INVALIDOPCODE");
        // A push running past the end.
        assertThat(ScriptRender.asm(Script.fromHex("76a914aa"), false)).isEqualTo("OP_DUP OP_HASH160 [error]");
        assertThat(ScriptRender.asm(Script.EMPTY, false)).isEmpty();
    }

    @Test
    void scriptSigSignaturesShowTheirHashType() {
        String sig = "3006020101020101";
        Script scriptSig = Script.fromHex("09" + sig + "01" + "21" + PUBKEY);
        assertThat(ScriptRender.asm(scriptSig, true)).isEqualTo(sig + "[ALL] " + PUBKEY);
        assertThat(ScriptRender.asm(Script.fromHex("09" + sig + "83"), true)).isEqualTo(sig + "[SINGLE|ANYONECANPAY]");
        // Undefined hash type or not DER: plain hex. Without decoding: plain hex.
        assertThat(ScriptRender.asm(Script.fromHex("09" + sig + "04"), true)).isEqualTo(sig + "04");
        assertThat(ScriptRender.asm(scriptSig, false)).isEqualTo(sig + "01 " + PUBKEY);
    }

    /** rpc_decodescript.py's witness scripts: sane miniscript gives wsh(MINISCRIPT), anything else the P2WSH's addr(). */
    @Test
    void witnessScriptsThatAreSaneMiniscript() {
        var regtest = Networks.REGTEST;
        Script htlc = Script.fromHex("82012088a914ffffffffffffffffffffffffffffffffffffffff88210250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0ad51b2");
        assertThat(ScriptRender.inferWshDescriptor(htlc, p2wsh(htlc), regtest)).isEqualTo("wsh(and_v(and_v(v:hash160(ffffffffffffffffffffffffffffffffffffffff),"
                + "v:pk(0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0)),older(1)))#gm8xz4fl");
        Script notMiniscript = Script.fromHex("82012088a914ffffffffffffffffffffffffffffffffffffffff882102ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffacb2");
        assertThat(ScriptRender.inferWshDescriptor(notMiniscript, p2wsh(notMiniscript), regtest))
                .isEqualTo("addr(bcrt1q73qyfypp47hvgnkjqnav0j3k2lq3v76wg22dk8tmwuz5sfgv66xsvxg6uu)#9p3q328s");
        // An 11-of-15 multi (larger than P2SH's 520 bytes) or a timelocked 2-of-3.
        Script big = Script.fromHex("5b21020e0338c96a8870479f2396c373cc7696ba124e8635d41b0ea581112b678172612102675333a4e4b8fb51d9d4e22fa5a8eaced3fdac8a8cbf9be8c030f75712e6af992102896807d54bc55c24981f24a453c60ad3e8993d693732288068a23df3d9f50d4821029e51a5ef5db3137051de8323b001749932f2ff0d34c82e96a2c2461de96ae56c2102a4e1a9638d46923272c266631d94d36bdb03a64ee0e14c7518e49d2f29bc401021031c41fdbcebe17bec8d49816e00ca1b5ac34766b91c9f2ac37d39c63e5e008afb2103079e252e85abffd3c401a69b087e590a9b86f33f574f08129ccbd3521ecf516b2103111cf405b627e22135b3b3733a4a34aa5723fb0f58379a16d32861bf576b0ec2210318f331b3e5d38156da6633b31929c5b220349859cc9ca3d33fb4e68aa08401742103230dae6b4ac93480aeab26d000841298e3b8f6157028e47b0897c1e025165de121035abff4281ff00660f99ab27bb53e6b33689c2cd8dcd364bc3c90ca5aea0d71a62103bd45cddfacf2083b14310ae4a84e25de61e451637346325222747b157446614c2103cc297026b06c71cbfa52089149157b5ff23de027ac5ab781800a578192d175462103d3bde5d63bdb3a6379b461be64dad45eabff42f758543a9645afd42f6d4248282103ed1e8d5109c9ed66f7941bc53cc71137baa76d50d274bda8d5e8ffbd6e61fe9a5fae736402c00fb269522103aab896d53a8e7d6433137bbba940f9c521e085dd07e60994579b64a6d992cf79210291b7d0b1b692f8f524516ed950872e5da10fb1b808b5a526dedc6fed1cf29807210386aa9372fbab374593466bc5451dc59954e90787f08060964d95c87ef34ca5bb53ae68");
        assertThat(ScriptRender.inferWshDescriptor(big, p2wsh(big), regtest)).startsWith("wsh(or_d(multi(11,020e0338c96a").endsWith("))))#7jwwklk4");
        // Valid miniscript that needs no signature is not inferred.
        Script older = Script.fromHex("51b2");
        assertThat(ScriptRender.inferWshDescriptor(older, p2wsh(older), regtest)).startsWith("addr(");
    }

    private static Script p2wsh(Script witnessScript) {
        return Script.fromHex("0020" + Hex.encode(Hashes.sha256(witnessScript.rawBytes())));
    }

    @Test
    void inferredDescriptors() {
        var regtest = Networks.REGTEST;
        assertThat(ScriptRender.inferDescriptor(Script.fromHex("21" + PUBKEY + "ac"), regtest))
                .startsWith("pk(" + PUBKEY + ")#");
        assertThat(ScriptRender.inferDescriptor(Script.fromHex("5121" + PUBKEY + "51ae"), regtest))
                .startsWith("multi(1," + PUBKEY + ")#");
        assertThat(ScriptRender.inferDescriptor(Script.fromHex("6a0101"), regtest)).startsWith("raw(6a0101)#");
        // Taproot output whose key is the generator's x coordinate: rawtr().
        String x = PUBKEY.substring(2);
        assertThat(ScriptRender.inferDescriptor(Script.fromHex("5120" + x), regtest)).startsWith("rawtr(" + x + ")#");
        // Not a point on the curve (x = 5 has no y): falls back to addr().
        String notOnCurve = "00".repeat(31) + "05";
        assertThat(ScriptRender.inferDescriptor(Script.fromHex("5120" + notOnCurve), regtest)).startsWith("addr(bcrt1p");
        String p2sh = ScriptRender.inferDescriptor(Script.fromHex("a914" + "00".repeat(20) + "87"), regtest);
        assertThat(p2sh).matches("addr\\(2[A-Za-z0-9]+\\)#[a-z0-9]{8}");
    }

    @Test
    void scriptPubKeyObjectsOmitAddressForBareKeys() {
        var o = ScriptRender.scriptPubKey(Script.fromHex("21" + PUBKEY + "ac"), Networks.REGTEST);
        assertThat(o.has("address")).isFalse();
        assertThat(o.get("type").asText()).isEqualTo("pubkey");
        assertThat(o.get("asm").asText()).isEqualTo(PUBKEY + " OP_CHECKSIG");
        var keys = new java.util.ArrayList<String>();
        ScriptRender.scriptPubKey(Script.fromHex("0014" + "11".repeat(20)), Networks.REGTEST).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("asm", "desc", "hex", "address", "type");
    }

    @Test
    void doublesKeepSixteenDigits() {
        assertThat(JsonNumbers.ofDouble(1.0).toString()).isEqualTo("1");
        assertThat(dev.blocksmith.rpc.json.RpcJson.write(JsonNumbers.ofDouble(4.656542373906925e-10)))
                .isEqualTo("0.0000000004656542373906925");
        assertThat(JsonNumbers.ofDouble(0.1).decimalValue().toPlainString()).isEqualTo("0.1");
        assertThat(JsonNumbers.ofDouble(1e20).decimalValue().toPlainString()).isEqualTo("100000000000000000000");
    }
}
