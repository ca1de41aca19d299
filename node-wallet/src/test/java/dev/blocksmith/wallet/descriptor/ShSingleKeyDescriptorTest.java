package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import org.junit.jupiter.api.Test;

/**
 * sh(pk()) and sh(pkh()) (BIP381). The scripts are those of Bitcoin Core's descriptor_tests.cpp ("Some
 * unconventional single-key constructions"), mainnet key.
 */
class ShSingleKeyDescriptorTest {
    private static final String WIF = "L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1";
    private static final String PUB = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";

    private static Descriptor main(String text) throws DescriptorException {
        return Descriptor.parse(text, Networks.MAIN, false);
    }

    @Test
    void shPkIsP2shOfTheP2pkScript() throws Exception {
        Descriptor d = main("sh(pk(" + WIF + "))");
        assertThat(Hex.encode(d.scriptPubKey(0).rawBytes())).isEqualTo("a9141857af51a5e516552b3086430fd8ce55f7c1a52487");
        assertThat(Hex.encode(d.redeemScript(0).orElseThrow().rawBytes())).isEqualTo("21" + PUB + "ac");
        assertThat(d.toString()).startsWith("sh(pk(" + PUB + "))#");
        assertThat(d.hasPrivateKeys()).isTrue();
        assertThat(d.kind().isSegwit()).isFalse();
        // 32 + 4 + 4 + 1 + (73 signature push + 36 redeem script push)
        assertThat(d.inputVBytes()).isEqualTo(150);
    }

    @Test
    void shPkhIsP2shOfTheP2pkhScript() throws Exception {
        Descriptor d = main("sh(pkh(" + PUB + "))");
        assertThat(Hex.encode(d.scriptPubKey(0).rawBytes())).isEqualTo("a9141a31ad23bf49c247dd531a623c2ef57da3c400c587");
        assertThat(d.toString()).startsWith("sh(pkh(" + PUB + "))#");
        // 32 + 4 + 4 + 1 + (73 signature push + 34 key push + 26 redeem script push)
        assertThat(d.inputVBytes()).isEqualTo(174);
    }
}
