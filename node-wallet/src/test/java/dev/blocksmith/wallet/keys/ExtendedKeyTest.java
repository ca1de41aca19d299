package dev.blocksmith.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.testsupport.MiniJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtendedKeyTest {
    private static final Map<?, ?> VECTORS = (Map<?, ?>) MiniJson.resource(ExtendedKeyTest.class, "/vectors/bip32-test-vectors.json");

    @Test
    void everyChainOfEveryVector() throws Exception {
        int chains = 0;
        for (Object v : (List<?>) VECTORS.get("valid")) {
            Map<?, ?> vector = (Map<?, ?>) v;
            ExtendedKey master = ExtendedKey.fromSeed(Hex.decode((String) vector.get("seed")));
            for (Object c : (List<?>) vector.get("chains")) {
                Map<?, ?> chain = (Map<?, ?>) c;
                KeyPath path = KeyPath.parse((String) chain.get("path"));
                ExtendedKey k = master.derive(path);
                assertThat(k.serialize(Networks.MAIN)).as("xprv %s", path).isEqualTo(chain.get("ext_prv"));
                assertThat(k.serializePublic(Networks.MAIN)).as("xpub %s", path).isEqualTo(chain.get("ext_pub"));
                assertThat(ExtendedKey.parse((String) chain.get("ext_prv"), Networks.MAIN)).isEqualTo(k);
                assertThat(ExtendedKey.parse((String) chain.get("ext_pub"), Networks.MAIN)).isEqualTo(k.neuter());
                // Public derivation of a normal last step must agree with private derivation (CKDpub).
                if (path.depth() > 0 && !KeyPath.isHardened(path.steps().get(path.depth() - 1))) {
                    ExtendedKey parent = master.derive(new KeyPath(path.steps().subList(0, path.depth() - 1)));
                    assertThat(parent.neuter().derive(path.steps().get(path.depth() - 1))).isEqualTo(k.neuter());
                }
                chains++;
            }
        }
        System.out.println("bip32-test-vectors.json valid chains: " + chains + " cases run");
        assertThat(chains).isEqualTo(17);
    }

    @Test
    void everyInvalidKeyIsRejected() {
        int n = 0;
        for (Object o : (List<?>) VECTORS.get("invalid")) {
            Map<?, ?> e = (Map<?, ?>) o;
            assertThatThrownBy(() -> ExtendedKey.parse((String) e.get("key"), Networks.MAIN)).as("%s", e.get("reason"))
                    .isInstanceOf(AddressFormatException.class);
            n++;
        }
        System.out.println("bip32-test-vectors.json invalid keys: " + n + " cases run");
        assertThat(n).isEqualTo(16);
    }

    @Test
    void testnetVersionsAndNoSecretsInToString() throws Exception {
        ExtendedKey m = ExtendedKey.fromSeed(Hex.decode("000102030405060708090a0b0c0d0e0f"));
        String tprv = m.serialize(Networks.TESTNET4);
        assertThat(tprv).startsWith("tprv");
        assertThat(m.serializePublic(Networks.REGTEST)).startsWith("tpub");
        assertThat(ExtendedKey.parse(tprv, Networks.SIGNET)).isEqualTo(m);
        assertThatThrownBy(() -> ExtendedKey.parse(tprv, Networks.MAIN)).hasMessage("Unknown extended key version");
        assertThat(m.toString()).doesNotContain(Hex.encode(m.secret().orElseThrow()));
        assertThatThrownBy(() -> m.neuter().derive(KeyPath.hardened(0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyPathParsingAndRendering() {
        KeyPath p = KeyPath.parse("m/84'/1h/0H/0/5");
        assertThat(p.toString()).isEqualTo("m/84h/1h/0h/0/5");
        assertThat(KeyPath.parse("m")).isEqualTo(KeyPath.ROOT);
        assertThatThrownBy(() -> KeyPath.parse("m/2147483648")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPath.parse("m/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPath.parse("m//1")).isInstanceOf(IllegalArgumentException.class);
    }
}
