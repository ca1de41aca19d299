package dev.blocksmith.rpc.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
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
