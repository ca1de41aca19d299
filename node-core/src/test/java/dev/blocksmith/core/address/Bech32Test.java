package dev.blocksmith.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.testsupport.MiniJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BIP173 and BIP350 test vectors (transcribed file; see README-address.md). */
class Bech32Test {
    private static final Map<?, ?> VECTORS = (Map<?, ?>) MiniJson.resource(Bech32Test.class, "/vectors/bech32-bech32m-test-vectors.json");
    private static final List<NetworkParams> NETWORKS = List.of(Networks.MAIN, Networks.TESTNET4, Networks.SIGNET, Networks.REGTEST);

    /** The exact test string: 'hex' holds its bytes, some of which are not printable. */
    private static String text(Map<?, ?> entry) {
        return new String(Hex.decode((String) entry.get("hex")), StandardCharsets.ISO_8859_1);
    }

    private static List<Map<?, ?>> section(String bip, String part) {
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> l = (List<Map<?, ?>>) ((Map<?, ?>) VECTORS.get(bip)).get(part);
        return l;
    }

    @Test
    void validChecksums() throws Exception {
        int n = 0;
        for (String[] s : new String[][] {{"bip173_bech32", "BECH32"}, {"bip350_bech32m", "BECH32M"}}) {
            for (Map<?, ?> e : section(s[0], "valid_checksum")) {
                String str = text(e);
                Bech32.Decoded d = Bech32.decode(str);
                assertThat(d.encoding()).as(str).isEqualTo(Bech32.Encoding.valueOf(s[1]));
                assertThat(Bech32.encode(d.encoding(), d.hrp(), d.values())).isEqualTo(str.toLowerCase(Locale.ROOT));
                n++;
            }
        }
        System.out.println("bech32-bech32m-test-vectors.json valid_checksum: " + n + " cases run");
        assertThat(n).isEqualTo(14);
    }

    @Test
    void invalidChecksums() {
        int n = 0;
        for (String[] s : new String[][] {{"bip173_bech32", "BECH32"}, {"bip350_bech32m", "BECH32M"}}) {
            for (Map<?, ?> e : section(s[0], "invalid_checksum")) {
                String str = text(e);
                // Invalid for this BIP's encoding: either undecodable or valid only under the other constant.
                try {
                    Bech32.Decoded d = Bech32.decode(str);
                    assertThat(d.encoding()).as("%s (%s)", str, e.get("reason")).isNotEqualTo(Bech32.Encoding.valueOf(s[1]));
                } catch (AddressFormatException expected) {
                    assertThat(expected.getMessage()).isNotEmpty();
                }
                n++;
            }
        }
        System.out.println("bech32-bech32m-test-vectors.json invalid_checksum: " + n + " cases run");
        assertThat(n).isEqualTo(26);
    }

    @Test
    void validAddresses() throws Exception {
        int n = 0;
        for (String bip : new String[] {"bip173_bech32", "bip350_bech32m"}) {
            for (Map<?, ?> e : section(bip, "valid_address")) {
                String str = text(e);
                boolean validToday = !Boolean.FALSE.equals(e.get("valid_under_bip350"));
                NetworkParams net = str.toLowerCase(Locale.ROOT).startsWith("bc1") ? Networks.MAIN : Networks.TESTNET4;
                if (validToday) {
                    Address a = Address.decode(str, net);
                    assertThat(a.toScriptPubKey().toHex()).as(str).isEqualTo(e.get("scriptPubKey"));
                    assertThat(a.encode()).isEqualTo(str.toLowerCase(Locale.ROOT));
                    assertThat(Address.fromScriptPubKey(a.toScriptPubKey(), net)).contains(a);
                } else {
                    // BIP350 superseded BIP173 for witness versions 1+: Bech32 checksums are rejected.
                    assertThatThrownBy(() -> Address.decode(str, net)).as(str)
                            .hasMessage("Version 1+ witness address must use Bech32m checksum");
                }
                n++;
            }
        }
        System.out.println("bech32-bech32m-test-vectors.json valid_address: " + n + " cases run");
        assertThat(n).isEqualTo(14);
    }

    @Test
    void invalidAddressesRejectedOnEveryNetwork() {
        int n = 0;
        for (String bip : new String[] {"bip173_bech32", "bip350_bech32m"}) {
            for (Map<?, ?> e : section(bip, "invalid_address")) {
                String str = text(e);
                for (NetworkParams net : NETWORKS) {
                    try {
                        Address a = Address.decode(str, net);
                        fail("accepted %s on %s as %s (%s)", str, net.name(), a, e.get("reason"));
                    } catch (AddressFormatException expected) {
                        assertThat(expected.getMessage()).isNotEmpty();
                    }
                }
                n++;
            }
        }
        System.out.println("bech32-bech32m-test-vectors.json invalid_address: " + n + " cases run");
        assertThat(n).isEqualTo(25);
    }

    @Test
    void lengthLimitAndHrpRules() {
        String ok = Bech32.encode(Bech32.Encoding.BECH32M, "a", new byte[82]);
        assertThat(ok).hasSize(90);
        assertThatThrownBy(() -> Bech32.encode(Bech32.Encoding.BECH32M, "a", new byte[83])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bech32.decode(ok + "q")).hasMessage("Bech32 string too long");
        assertThatThrownBy(() -> Bech32.encode(Bech32.Encoding.BECH32, "BC", new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bech32.decode("1qqqqqq")).hasMessage("Invalid separator position");
    }

    @Test
    void bitConversionRejectsNonZeroPaddingAndOverlongPadding() {
        assertThat(Bech32.convertBits(new byte[] {(byte) 0xff}, 8, 5, true)).hasValueSatisfying(v -> assertThat(v).containsExactly(31, 28));
        assertThat(Bech32.convertBits(new byte[] {31, 28}, 5, 8, false)).hasValueSatisfying(v -> assertThat(v).containsExactly(0xff));
        assertThat(Bech32.convertBits(new byte[] {31, 29}, 5, 8, false)).isEmpty();
        assertThat(Bech32.convertBits(new byte[] {31, 28, 0}, 5, 8, false)).isEmpty();
    }
}
