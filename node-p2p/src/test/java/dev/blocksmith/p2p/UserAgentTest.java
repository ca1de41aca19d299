package dev.blocksmith.p2p;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserAgentTest {
    @Test
    void commentsAreAppendedAsBitcoindsFormatSubVersion() {
        assertThat(UserAgent.format(List.of())).isEqualTo("/Blocksmith:0.1.0/");
        assertThat(UserAgent.format(List.of("testnode0"))).isEqualTo("/Blocksmith:0.1.0(testnode0)/");
        assertThat(UserAgent.format(List.of("a b", "c"))).isEqualTo("/Blocksmith:0.1.0(a b; c)/");
        assertThat(P2PConfig.defaults(0).withUserAgentComments(List.of("x")).userAgent()).isEqualTo("/Blocksmith:0.1.0(x)/");
    }

    @Test
    void unsafeOrTooLongCommentsAreRefusedWithBitcoindsTexts() {
        assertThatThrownBy(() -> UserAgent.format(List.of("bad<")))
                .hasMessage("User Agent comment (bad<) contains unsafe characters.");
        // The user agent's own separators are not allowed in a comment (feature_uacomment).
        for (String c : List.of("/", ":", "(", ")", "\u20bf")) {
            assertThatThrownBy(() -> UserAgent.format(List.of(c))).hasMessage("User Agent comment (" + c + ") contains unsafe characters.");
        }
        assertThatThrownBy(() -> UserAgent.format(List.of("a".repeat(260))))
                .hasMessageStartingWith("Total length of network version string (280) exceeds maximum length (256).");
    }
}
