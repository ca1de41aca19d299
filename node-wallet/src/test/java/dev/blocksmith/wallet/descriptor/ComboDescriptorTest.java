package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * combo() (BIP384), pk(), addr() and raw() (BIP385). The scripts and checksums are the BIP384/BIP385 test
 * vectors (mainnet keys and addresses).
 */
class ComboDescriptorTest {
    private static final String WIF = "L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1";
    private static final String PUB = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    private static final String UNCOMPRESSED =
            "04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235";

    private static Descriptor main(String text) throws DescriptorException {
        return Descriptor.parse(text, Networks.MAIN, false);
    }

    private static List<String> hex(List<Script> scripts) {
        return scripts.stream().map(s -> Hex.encode(s.rawBytes())).toList();
    }

    @Test
    void comboOfACompressedKeyGivesFourScriptsInBip384Order() throws Exception {
        Descriptor d = main("combo(" + WIF + ")");
        assertThat(hex(d.scriptPubKeys(0))).containsExactly(
                "2103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bdac",
                "76a9149a1c78a507689f6f54b847ad1cef1e614ee23f1e88ac",
                "00149a1c78a507689f6f54b847ad1cef1e614ee23f1e",
                "a91484ab21b1b2fd065d4504ff693d832434b6108d7b87");
        assertThat(d.toPrivateString()).isEqualTo("combo(" + WIF + ")#p5326pcv");
        assertThat(d.toString()).startsWith("combo(" + PUB + ")#");
        assertThat(d.isSingleType()).isFalse();
        assertThat(d.hasPrivateKeys()).isTrue();
        // The P2PK script has no address; the other three do.
        assertThat(d.addresses(0)).hasSize(3);
    }

    @Test
    void comboOfAnUncompressedKeyHasNoSegwitScripts() throws Exception {
        Descriptor d = main("combo(" + UNCOMPRESSED + ")");
        assertThat(hex(d.scriptPubKeys(0))).containsExactly(
                "41" + UNCOMPRESSED + "ac",
                "76a914b5bd079c4d57cc7fc28ecf8213a6b791625b818388ac");
    }

    @Test
    void comboIsRangedOverAnXpubAndEachExpansionHasItsKind() throws Exception {
        Descriptor d = Descriptor.parse("combo(" + DescriptorTest.TPUB + "/0/*)", Networks.REGTEST, false);
        assertThat(d.isRange()).isTrue();
        assertThat(d.expansions()).extracting(Descriptor::kind)
                .containsExactly(Descriptor.Kind.PK, Descriptor.Kind.PKH, Descriptor.Kind.WPKH, Descriptor.Kind.SH_WPKH);
        assertThat(d.forKind(Descriptor.Kind.WPKH).scriptPubKey(7)).isEqualTo(d.scriptPubKeys(7).get(2));
        assertThat(d.scriptPubKeys(7)).isNotEqualTo(d.scriptPubKeys(8));
    }

    @Test
    void comboOnlyAtTopLevel() {
        assertThatThrownBy(() -> main("sh(combo(" + PUB + "))")).hasMessage("Can only have combo() at top level");
        assertThatThrownBy(() -> main("wsh(combo(" + PUB + "))")).hasMessage("Can only have combo() at top level");
        assertThatThrownBy(() -> main("combo(" + PUB + "x)")).hasMessageStartingWith("combo(): ");
    }

    @Test
    void pkIsABareKeyScript() throws Exception {
        assertThat(hex(main("pk(" + PUB + ")").scriptPubKeys(0)))
                .containsExactly("2103a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bdac");
    }

    @Test
    void rawAndAddrAsBip385() throws Exception {
        Descriptor raw = main("raw(deadbeef)");
        assertThat(raw.toString()).isEqualTo("raw(deadbeef)#89f8spxm");
        assertThat(hex(raw.scriptPubKeys(0))).containsExactly("deadbeef");
        assertThat(raw.keys()).isEmpty();
        Descriptor addr = main("addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j)");
        assertThat(addr.toString()).isEqualTo("addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j)#6vhk2xgr");
        assertThat(hex(addr.scriptPubKeys(0))).containsExactly("a914eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee87");
        assertThatThrownBy(() -> main("addr(asdf)")).hasMessage("Address is not valid");
        assertThatThrownBy(() -> main("raw(asdf)")).hasMessage("Raw script is not hex");
        assertThatThrownBy(() -> main("sh(raw(deadbeef))")).hasMessage("Can only have raw() at top level");
        assertThatThrownBy(() -> main("wsh(addr(3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j))")).hasMessage("Can only have addr() at top level");
    }
}
