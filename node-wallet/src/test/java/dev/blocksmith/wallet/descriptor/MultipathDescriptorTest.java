package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BIP389 multipath key expressions: one text, one descriptor per path; each expansion is exactly the
 * descriptor written with that path, and the malformed forms fail with bitcoind's messages.
 */
class MultipathDescriptorTest {
    private static final String XPRV = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
    private static final String XPUB = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";

    private static List<Descriptor> all(String text) throws DescriptorException {
        return Descriptor.parseAll(text, Networks.REGTEST, false);
    }

    private static Descriptor one(String text) throws DescriptorException {
        return Descriptor.parse(text, Networks.REGTEST, false);
    }

    @Test
    void aTextWithoutMultipathIsOneDescriptor() throws Exception {
        assertThat(all("wpkh(" + XPUB + "/0/*)")).extracting(Descriptor::toString).containsExactly(one("wpkh(" + XPUB + "/0/*)").toString());
    }

    @Test
    void eachPathGivesTheDescriptorWrittenWithIt() throws Exception {
        List<Descriptor> ds = all("wpkh(" + XPRV + "/<10;20>/0/*)");
        assertThat(ds).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Descriptor single = one("wpkh(" + XPRV + "/" + (i == 0 ? 10 : 20) + "/0/*)");
            assertThat(ds.get(i).toPrivateString()).isEqualTo(single.toPrivateString());
            assertThat(ds.get(i).scriptPubKey(7)).isEqualTo(single.scriptPubKey(7));
        }
    }

    @Test
    void everyKeyTakesTheSamePositionAndPlainKeysRepeat() throws Exception {
        List<Descriptor> ds = all("wsh(multi(1," + XPUB + "/<0;1;2>/*," + XPUB + "/<3h;4h;5h>," + XPUB + "/9/*))");
        assertThat(ds).extracting(Descriptor::toString).containsExactly(
                one("wsh(multi(1," + XPUB + "/0/*," + XPUB + "/3h," + XPUB + "/9/*))").toString(),
                one("wsh(multi(1," + XPUB + "/1/*," + XPUB + "/4h," + XPUB + "/9/*))").toString(),
                one("wsh(multi(1," + XPUB + "/2/*," + XPUB + "/5h," + XPUB + "/9/*))").toString());
    }

    @Test
    void theChecksumCoversTheWholeText() throws Exception {
        String text = DescriptorChecksum.append("pkh(" + XPUB + "/<0;1>/*)");
        assertThat(Descriptor.parseAll(text, Networks.REGTEST, true)).hasSize(2);
        assertThatThrownBy(() -> Descriptor.parseAll("pkh(" + XPUB + "/<0;1>/*)", Networks.REGTEST, true)).hasMessage("Missing checksum");
    }

    @Test
    void malformedMultipathFailsAsBitcoind() {
        assertThatThrownBy(() -> all("wsh(multi(1," + XPUB + "/<0;1>/*," + XPUB + "/<2;3;4>/*))"))
                .hasMessage("multi(): Multipath derivation paths have mismatched lengths");
        assertThatThrownBy(() -> all("wpkh(" + XPUB + "/<0;1>/<2;3>/*)")).hasMessage("Multiple multipath key path specifiers found");
        assertThatThrownBy(() -> all("wpkh(" + XPUB + "/<0>/*)")).hasMessage("Multipath key path specifiers must have at least two items");
        assertThatThrownBy(() -> all("wpkh(" + XPUB + "/<1;1>/*)")).hasMessage("Duplicated key path value 1 in multipath specifier");
        assertThatThrownBy(() -> all("wpkh([deadbeef/<0;1>]" + XPUB + "/0/*)"))
                .hasMessage("wpkh(): Key path value '<0;1>' specifies multipath in a section where multipath is not allowed");
        // The single-descriptor reader does not expand.
        assertThatThrownBy(() -> one("wpkh(" + XPUB + "/<0;1>/*)")).isInstanceOf(DescriptorException.class);
    }
}
