package dev.blocksmith.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.Hex;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworksTest {
    @Test
    void testnet3IsBitcoindsChainTest() {
        NetworkParams t = Networks.byName("test").orElseThrow();
        assertThat(t).isSameAs(Networks.TESTNET3);
        assertThat(t.name()).isEqualTo("test");
        assertThat(t.dataDirName()).isEqualTo("testnet3");
        assertThat(t.magicHex()).isEqualTo("0b110907");
        assertThat(t.p2pPort()).isEqualTo(18333);
        assertThat(t.rpcPort()).isEqualTo(18332);
        assertThat(t.bech32Hrp()).isEqualTo("tb");
        assertThat(t.genesisHash().toHex()).isEqualTo("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943");
        assertThat(t.allowMinDifficultyBlocks()).isTrue();
        assertThat(t.enforceBip94()).isFalse();
        assertThat(t.noRetargeting()).isFalse();
        assertThat(t.retargetInterval()).isEqualTo(2016);
        assertThat(t.deployments().bip34Height()).isEqualTo(21111);
        assertThat(t.deployments().bip66Height()).isEqualTo(330776);
        assertThat(t.deployments().bip65Height()).isEqualTo(581885);
        assertThat(t.deployments().csvHeight()).isEqualTo(770112);
        assertThat(t.deployments().segwitHeight()).isEqualTo(834624);
        assertThat(t.isSignet()).isFalse();
        assertThat(Networks.byName("testnet")).isEmpty();
    }

    @Test
    void signetOptionsUseBitcoindsMessages() {
        assertThatThrownBy(() -> SignetOptions.parse(List.of("abc"), Optional.empty()))
                .hasMessage("-signetchallenge must be hex, not 'abc'.");
        assertThatThrownBy(() -> SignetOptions.parse(List.of("abc", "abc"), Optional.empty()))
                .hasMessage("-signetchallenge cannot be multiple values.");
        assertThatThrownBy(() -> SignetOptions.parse(List.of("5g"), Optional.empty()))
                .hasMessage("-signetchallenge must be hex, not '5g'.");
        SignetOptions none = SignetOptions.parse(List.of(), Optional.empty());
        assertThat(none.params().magicHex()).isEqualTo("0a03cf40");
        assertThat(none.params().signetChallenge().orElseThrow().toHex()).isEqualTo(Networks.DEFAULT_SIGNET_CHALLENGE);
        SignetOptions custom = SignetOptions.parse(List.of("51"), Optional.of(List.of("127.0.0.1:1234")));
        assertThat(Hex.encode(custom.challenge().orElseThrow())).isEqualTo("51");
        assertThat(custom.params().dnsSeeds()).containsExactly("127.0.0.1:1234");
        assertThat(SignetOptions.parseHex("51 ae").map(Hex::encode)).contains("51ae");
        assertThat(SignetOptions.parseHex("5 1")).isEmpty();
    }

    @Test
    void regtestHasBitcoindsUnresolvableDummySeed() {
        // p2p_dns_seeds.py watches the seeding logic run on regtest; the name can never reach the internet.
        assertThat(Networks.REGTEST.dnsSeeds()).containsExactly("dummySeed.invalid.");
    }
}
