package dev.blocksmith.core.psbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.testsupport.MiniJson;
import dev.blocksmith.core.testsupport.VectorReport;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed variants of the every-field PSBT, one broken record each, refused with exactly bitcoind's
 * reason (psbt/knots/malformed.json; a null message means bitcoind accepts the variant, and so must we);
 * and the every-field PSBT itself, which bitcoind decodes and re-serializes to the same bytes.
 */
class PsbtMalformedTest {
    @Test
    @SuppressWarnings("unchecked")
    void refusedWithBitcoindsReasons() {
        Map<String, Object> root = (Map<String, Object>) MiniJson.resource(PsbtMalformedTest.class, "/psbt/knots/malformed.json");
        VectorReport report = new VectorReport("psbt/knots/malformed.json");
        for (Object o : (List<?>) root.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String description = (String) c.get("description");
            String expected = (String) c.get("message");
            try {
                PsbtDecoder.decode(Base64.getDecoder().decode((String) c.get("base64")));
                report.check(expected == null, description + ": accepted, bitcoind says " + expected);
            } catch (PsbtDecodeException e) {
                report.check(e.bitcoindText().equals(expected), description + ": got '" + e.bitcoindText() + "', bitcoind says " + expected);
            }
        }
        report.finish();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFieldPsbtIsTheOneBitcoindAccepted() throws Exception {
        Map<String, Object> root = (Map<String, Object>) MiniJson.resource(PsbtMalformedTest.class, "/psbt/knots/every-field.json");
        byte[] ours = PsbtEncoder.encode(EveryFieldPsbt.build());
        assertThat(Base64.getEncoder().encodeToString(ours)).isEqualTo(root.get("psbt"));
        byte[] bitcoind = Base64.getDecoder().decode((String) root.get("combinepsbt"));
        assertThat(Arrays.equals(PsbtEncoder.encode(PsbtDecoder.decode(bitcoind)), bitcoind)).isTrue();
        assertThat(Arrays.equals(ours, bitcoind)).isTrue();
    }
}
