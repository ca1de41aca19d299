package dev.blocksmith.core.params;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.consensus.Difficulty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenesisTest {
    @ParameterizedTest
    @CsvSource({
        "main, 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f, 4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        "testnet4, 00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043, 7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e",
        "test, 000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943, 4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        "signet, 00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6, 4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
        "regtest, 0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206, 4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
    })
    void genesisHashesAreTheRealOnes(String name, String hash, String merkle) {
        NetworkParams p = Networks.byName(name).orElseThrow();
        assertThat(p.genesis().header().merkleRoot().toHex()).isEqualTo(merkle);
        assertThat(p.genesisHash().toHex()).isEqualTo(hash);
        assertThat(p.genesis().computeMerkle().root()).isEqualTo(p.genesis().header().merkleRoot());
        assertThat(Difficulty.checkProofOfWork(p.genesisHash(), p.genesis().header().bits(), p.powLimit())).isTrue();
    }

    @org.junit.jupiter.api.Test
    void mainGenesisCoinbaseSerializesAsInCore() {
        String expected = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";
        assertThat(Networks.MAIN.genesis().coinbase().toHex()).isEqualTo(expected);
    }
}
