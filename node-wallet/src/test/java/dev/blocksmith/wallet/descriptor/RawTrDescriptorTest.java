package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import org.junit.jupiter.api.Test;

/** rawtr(KEY) (BIP386): the key is the output key, untweaked. BIP386's vector (mainnet key). */
class RawTrDescriptorTest {
    @Test
    void rawtrPaysToTheXOnlyKeyItself() throws Exception {
        Descriptor d = Descriptor.parse("rawtr(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)", Networks.MAIN, false);
        assertThat(Hex.encode(d.scriptPubKey(0).rawBytes())).isEqualTo("5120a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd");
        assertThat(d.toString()).startsWith("rawtr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)#");
        assertThat(d.kind().isSegwit()).isTrue();
        assertThat(d.inputVBytes()).isEqualTo(58);
    }
}
