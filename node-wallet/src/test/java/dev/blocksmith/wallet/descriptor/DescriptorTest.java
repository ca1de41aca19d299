package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import org.junit.jupiter.api.Test;

class DescriptorTest {
    private static final String CORE_DOC_WPKH =
            "wpkh([d34db33f/84h/0h/0h]xpub6DJ2dNUysrn5Vt36jH2KLBT2i1auw1tTSSomg8PhqNiUtx8QX2SvC9nrHu81fT41fvDUnhMjEzQgXnQjKEu3oaqMSzhSrHMxyyoEAmUHQbY/0/*)";

    @Test
    void checksumsOfPublishedExamples() throws Exception {
        assertThat(DescriptorChecksum.compute("raw(deadbeef)")).isEqualTo("89f8spxm");
        assertThat(DescriptorChecksum.compute(CORE_DOC_WPKH)).isEqualTo("cjjspncu");
    }

    @Test
    void checksumErrorsAsCore() {
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(deadbeef)#89f8spxn", false))
                .hasMessage("Provided checksum '89f8spxn' does not match computed checksum '89f8spxm'");
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(deadbeef)#89f8", false)).hasMessage("Expected 8 character checksum, not 4 characters");
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(deadbeef)", true)).hasMessage("Missing checksum");
        assertThatThrownBy(() -> DescriptorChecksum.verify("raw(deadbeef)#a#b", false)).hasMessage("Multiple '#' symbols");
    }

    @Test
    void parseRenderRoundTripOfCoreExample() throws Exception {
        Descriptor d = Descriptor.parse(CORE_DOC_WPKH + "#cjjspncu", Networks.MAIN, true);
        assertThat(d.kind()).isEqualTo(Descriptor.Kind.WPKH);
        assertThat(d.isRange()).isTrue();
        assertThat(d.toString()).isEqualTo(CORE_DOC_WPKH + "#cjjspncu");
        assertThat(d.key().fullPath(7).toString()).isEqualTo("m/84h/0h/0h/0/7");
        // "'" is accepted on input; rendering uses "h" as Core's listdescriptors does.
        Descriptor apostrophe = Descriptor.parse(CORE_DOC_WPKH.replace("h/", "'/"), Networks.MAIN, false);
        assertThat(apostrophe.toString()).isEqualTo(d.toString());
    }

    @Test
    void accountDescriptorsDeriveTheSameScriptsAfterARoundTrip() throws Exception {
        var key = dev.blocksmith.wallet.TestKeys.abandonAboutMaster();
        for (AddressType t : AddressType.values()) {
            Account a = Account.fromMaster(key, t, Networks.REGTEST, 3);
            Descriptor d = a.descriptor(Account.Chain.CHANGE);
            Descriptor publicCopy = Descriptor.parse(d.toString(), Networks.REGTEST, true);
            Descriptor privateCopy = Descriptor.parse(d.toPrivateString(), Networks.REGTEST, true);
            assertThat(publicCopy.hasPrivateKeys()).isFalse();
            assertThat(privateCopy.hasPrivateKeys()).isTrue();
            assertThat(d.toPrivateString()).contains("tprv").doesNotContain("tpub");
            for (int i = 0; i < 3; i++) {
                assertThat(publicCopy.scriptPubKey(i)).isEqualTo(d.scriptPubKey(i));
                assertThat(privateCopy.scriptPubKey(i)).isEqualTo(d.scriptPubKey(i));
            }
        }
    }

    @Test
    void fixedKeysAndErrors() throws Exception {
        String pub = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
        Descriptor d = Descriptor.parse("wpkh(" + pub + ")", Networks.MAIN, false);
        assertThat(d.isRange()).isFalse();
        assertThat(d.scriptPubKey(0).toHex()).startsWith("0014");
        Descriptor tr = Descriptor.parse("tr(" + pub.substring(2) + ")", Networks.MAIN, false);
        assertThat(tr.scriptPubKey(0).toHex()).startsWith("5120");
        assertThat(tr.toString()).startsWith("tr(" + pub.substring(2) + ")#");
        assertThat(d.toString()).startsWith("wpkh(" + pub + ")#");
        assertThatThrownBy(() -> Descriptor.parse("wsh(" + pub + ")", Networks.MAIN, false)).isInstanceOf(DescriptorException.class);
        assertThatThrownBy(() -> Descriptor.parse("wpkh(04" + "11".repeat(64) + ")", Networks.MAIN, false))
                .hasMessage("Uncompressed keys are not allowed");
        String xpubHardened = CORE_DOC_WPKH.replace("/0/*)", "/0h/*)");
        assertThatThrownBy(() -> Descriptor.parse(xpubHardened, Networks.MAIN, false)).hasMessage("Hardened derivation requires a private key");
    }
}
