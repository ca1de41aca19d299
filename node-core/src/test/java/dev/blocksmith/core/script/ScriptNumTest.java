package dev.blocksmith.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.Hex;
import org.junit.jupiter.api.Test;

class ScriptNumTest {
    @Test
    void encodesSignMagnitudeLittleEndian() {
        assertThat(ScriptNum.encode(0)).isEmpty();
        assertThat(Hex.encode(ScriptNum.encode(1))).isEqualTo("01");
        assertThat(Hex.encode(ScriptNum.encode(-1))).isEqualTo("81");
        assertThat(Hex.encode(ScriptNum.encode(127))).isEqualTo("7f");
        assertThat(Hex.encode(ScriptNum.encode(128))).isEqualTo("8000");
        assertThat(Hex.encode(ScriptNum.encode(-128))).isEqualTo("8080");
        assertThat(Hex.encode(ScriptNum.encode(0xffffffffL))).isEqualTo("ffffffff00");
        for (long v : new long[] {0, 1, -1, 255, -255, 32767, -32768, 0x7fffffffL, -0x7fffffffL, 0xffffffffffL}) {
            assertThat(ScriptNum.decode(ScriptNum.encode(v), true, 8)).isEqualTo(v);
        }
    }

    @Test
    void enforcesSizeAndMinimality() {
        assertThatThrownBy(() -> ScriptNum.decode(Hex.decode("0000000001"), false, 4)).isInstanceOf(ScriptException.class);
        assertThat(ScriptNum.decode(Hex.decode("0000000001"), false, 5)).isEqualTo(0x100000000L);
        // Negative zero and padded encodings are only rejected under MINIMALDATA.
        assertThat(ScriptNum.decode(Hex.decode("80"), false, 4)).isZero();
        assertThatThrownBy(() -> ScriptNum.decode(Hex.decode("80"), true, 4)).isInstanceOf(ScriptException.class);
        assertThatThrownBy(() -> ScriptNum.decode(Hex.decode("0100"), true, 4)).isInstanceOf(ScriptException.class);
        assertThat(ScriptNum.decode(Hex.decode("ff00"), true, 4)).isEqualTo(255);
    }

    @Test
    void truthiness() {
        assertThat(ScriptNum.castToBool(new byte[0])).isFalse();
        assertThat(ScriptNum.castToBool(Hex.decode("0000"))).isFalse();
        assertThat(ScriptNum.castToBool(Hex.decode("0080"))).isFalse();
        assertThat(ScriptNum.castToBool(Hex.decode("8000"))).isTrue();
        assertThat(ScriptNum.castToBool(Hex.decode("01"))).isTrue();
    }

    @Test
    void rejectReasonUsesCoresText() {
        assertThat(new ScriptFailure(0, ScriptError.EVAL_FALSE).rejectReason()).isEqualTo(
                "block-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)");
    }
}
