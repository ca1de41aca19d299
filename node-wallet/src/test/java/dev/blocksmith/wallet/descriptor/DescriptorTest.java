package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Descriptors against bitcoind. The expected strings, checksums, addresses and error messages below were
 * produced by Bitcoin Knots 29.4 (Core-compatible) on regtest with getdescriptorinfo, deriveaddresses,
 * importdescriptors + listdescriptors and getaddressinfo, for the BIP32 test vector 1 master key
 * (seed 000102...0f) in its tprv/tpub form.
 */
class DescriptorTest {
    static final String TPRV = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH6isR4Pwy3U5y5egddBr16m";
    static final String TPUB = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";
    private static final String CORE_DOC_WPKH =
            "wpkh([d34db33f/84h/0h/0h]xpub6DJ2dNUysrn5Vt36jH2KLBT2i1auw1tTSSomg8PhqNiUtx8QX2SvC9nrHu81fT41fvDUnhMjEzQgXnQjKEu3oaqMSzhSrHMxyyoEAmUHQbY/0/*)";
    private static final String PUB = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";

    private static Descriptor parse(String text) throws DescriptorException {
        return Descriptor.parse(text, Networks.REGTEST, false);
    }

    private static List<String> addresses(String text, int from, int to) throws DescriptorException {
        Descriptor d = Descriptor.parse(text, Networks.REGTEST, true);
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) out.add(address(d, i));
        return out;
    }

    private static String address(Descriptor d, int i) throws DescriptorException {
        return dev.blocksmith.core.address.Address.fromScriptPubKey(d.derive(i), Networks.REGTEST).orElseThrow().encode();
    }

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
    void publicFormsAndChecksumsAsGetdescriptorinfo() throws Exception {
        // getdescriptorinfo "descriptor": public keys, the path as written, the checksum of the public form.
        assertThat(parse("wpkh(" + TPRV + "/84h/1h/0h/0/*)").toString()).isEqualTo("wpkh(" + TPUB + "/84h/1h/0h/0/*)#qtf8gygc");
        assertThat(DescriptorChecksum.compute("wpkh(" + TPRV + "/84h/1h/0h/0/*)")).isEqualTo("xdyufc4z");
        assertThat(parse("wpkh(" + TPUB + "/0/*)").toString()).isEqualTo("wpkh(" + TPUB + "/0/*)#qvnrzae8");
        assertThat(parse("tr(" + TPUB + "/86/1/0/*)").toString()).isEqualTo("tr(" + TPUB + "/86/1/0/*)#r8hs676r");
        assertThat(parse("pkh(" + TPUB + "/44/0/*)").toString()).isEqualTo("pkh(" + TPUB + "/44/0/*)#xjay5g40");
        assertThat(parse("sh(wpkh(" + TPUB + "/49/0/*))").toString()).isEqualTo("sh(wpkh(" + TPUB + "/49/0/*))#gd9ep5c5");
        assertThat(parse("wpkh(" + TPUB + "/1/2)").toString()).isEqualTo("wpkh(" + TPUB + "/1/2)#gt5t95ft");
        assertThat(parse("tr(" + TPRV + "/86h/1h/0h/0/*)").toString()).isEqualTo("tr(" + TPUB + "/86h/1h/0h/0/*)#hj5gxksw");
        // Apostrophes are kept as written (the style of the last hardened element, origin included).
        assertThat(parse("wpkh(" + TPRV + "/84'/1'/0'/0/*)").toString()).isEqualTo("wpkh(" + TPUB + "/84'/1'/0'/0/*)#vxxrf6e2");
        assertThat(parse("wpkh([d34db33f/84'/1h]" + TPUB + "/0/*)").toString()).isEqualTo("wpkh([d34db33f/84h/1h]" + TPUB + "/0/*)#unl2cae7");
        Descriptor wif = parse("wpkh(cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy)");
        assertThat(wif.toString()).isEqualTo("wpkh(039b6347398505f5ec93826dc61c19f47c66c0283ee9be980e29ce325a0f4679ef)#75hac2kl");
        assertThat(wif.toPrivateString()).isEqualTo("wpkh(cVt4o7BGAig1UXywgGSmARhxMdzP5qvQsxKkSsc1XEkw3tDTQFpy)#fgu6xwtd");
        assertThat(wif.hasPrivateKeys()).isTrue();
        assertThat(parse("tr(" + PUB.substring(2) + ")").toString()).isEqualTo("tr(" + PUB.substring(2) + ")#dh4fyxrd");
        assertThat(parse("sh(wpkh(" + PUB + "))").toString()).isEqualTo("sh(wpkh(" + PUB + "))#0aua3a8r");
        // An xpub with hardened steps parses (Core fails only when expanding it).
        Descriptor hardened = parse("wpkh(" + TPUB + "/*h)");
        assertThat(hardened.toString()).isEqualTo("wpkh(" + TPUB + "/*h)#6gkh75rw");
        assertThat(hardened.isDerivable()).isFalse();
        assertThatThrownBy(() -> hardened.derive(1)).hasMessage("Cannot derive script without private keys");
        assertThat(parse("wpkh(" + TPUB + "/1/2h)").toString()).isEqualTo("wpkh(" + TPUB + "/1/2h)#dc4pmngh");
    }

    @Test
    void addressesAsDeriveaddresses() throws Exception {
        assertThat(addresses("wpkh(" + TPRV + "/84h/1h/0h/0/*)#xdyufc4z", 0, 2)).containsExactly(
                "bcrt1q7f0pjwhc3jzzv0w4uurm589506glv2dggfan4s", "bcrt1q3jeqwzg70pfkc9k4pvynlmfjlrrghp0cd705hx",
                "bcrt1q9heskcpee3fhxgm82a5gwqfswqrcfzwg3uqe2a");
        assertThat(addresses("tr(" + TPRV + "/86h/1h/0h/0/*)#q8sjr0fm", 0, 2)).containsExactly(
                "bcrt1pzh75rtx74l85v2xqfr5uln7mhy40vyqzm68ml4yngcqy9v085tqqpe5h98",
                "bcrt1pyz8vmclll4w4z36wzs20l5lfy3sfvt870r5mpd985d7trgew9lpqz3gzpt",
                "bcrt1p4lss0fdfgzscnafyuz758zmmrfsk5gc8606qfasc0zv2k8qteals7x8jpg");
        assertThat(addresses("tr(" + TPUB + "/86/1/0/*)#r8hs676r", 0, 1)).containsExactly(
                "bcrt1p96cyj3a3rnytqgun5n5erz7rjuea07nfy748phfwlyrp6tkc9j3sltj53y",
                "bcrt1pyq0wlrzuj3lluf2ut59pxxeaxmwekhy8nvqptu5czchu7hvl9lnqu4l9ze");
        assertThat(addresses("pkh(" + TPUB + "/44/0/*)#xjay5g40", 0, 3)).containsExactly("myAtRdXCzMZqsxcVXfxgrr933h554UdGzM",
                "miEaHULh57qACRPsPT4MXmwV1ERgaFfVp2", "mfaK8Ew6vfyhBueuToihFxR8hgWQ1PjJZK", "mgQxC9JS2r1zBfgyGJ27pAC6jUTLkhLSjX");
        assertThat(addresses("sh(wpkh(" + TPUB + "/49/0/*))#gd9ep5c5", 5, 5)).containsExactly("2ND6tnhrfz6mqH2wJWLBzBAbrJvp9Rk2SEd");
        assertThat(addresses("wpkh(" + TPUB + "/1/2)#gt5t95ft", 0, 0)).containsExactly("bcrt1qa3ht4xx9evh8dp8p66tzftu45zccugw4hu6ylf");
        assertThat(addresses("wpkh(" + TPUB + "/0/*)#qvnrzae8", 5, 6)).containsExactly(
                "bcrt1qc6xkeyekth5xe7lsey3qgxm55nypxe7dpwtrzx", "bcrt1qmenjwqyj4kvfftjum5wlakxv4aqglf30ru0e9j");
    }

    @Test
    void normalizedAndPrivateFormsAsListdescriptors() throws Exception {
        Descriptor wpkh = parse("wpkh(" + TPRV + "/84h/1h/0h/0/*)#xdyufc4z");
        assertThat(wpkh.toNormalizedString()).isEqualTo("wpkh([3442193e/84h/1h/0h]tpubDDNRbZGvdA33cgpY5uy2mmphT7sK4uciRjcQScSd64S5KRyZDxHcPuzs24or84Hywugb2JbEEt2jWH8fduiN9cmZzkSj8sSSx6txXkhXyZs/0/*)#0s0dqh6s");
        assertThat(wpkh.toPrivateString()).isEqualTo("wpkh(" + TPRV + "/84h/1h/0h/0/*)#xdyufc4z");
        Descriptor tr = parse("tr(" + TPRV + "/86h/1h/0h/1/*)");
        assertThat(tr.toNormalizedString()).isEqualTo("tr([3442193e/86h/1h/0h]tpubDDXRVY4eRY4p4iqLUQNQokx89YLZEpTyA8UdLVYRMV8HacVdwHRi1TWKMSY3kh8WpNBA4kB4Xet3hCxxVvSw83DZ5fhqiSysSsYCWJ7k79E/1/*)#p20xvv4x");
        assertThat(tr.toPrivateString()).isEqualTo("tr(" + TPRV + "/86h/1h/0h/1/*)#3n4n76er");
        // The normalized form derives the same scripts without the private key.
        Descriptor pub = Descriptor.parse(tr.toNormalizedString(), Networks.REGTEST, true);
        assertThat(pub.hasPrivateKeys()).isFalse();
        for (int i = 0; i < 3; i++) assertThat(pub.scriptPubKey(i)).isEqualTo(tr.scriptPubKey(i));
        // Without hardened steps the normalized form is the public one.
        assertThat(parse("wpkh(" + TPUB + "/1/2)").toNormalizedString()).isEqualTo("wpkh(" + TPUB + "/1/2)#gt5t95ft");
        // getaddressinfo "desc" of the first address.
        assertThat(parse("tr(" + TPUB + "/86/1/0/*)").inferredString(0))
                .isEqualTo("tr([3442193e/86/1/0/0]4a2ed5cc198d5882f586ceb4725abd51f93d04432c76188fb59212e793d35527)#27wcdagk");
    }

    @Test
    void parseErrorsAsCore() throws Exception {
        String[][] cases = {
                {"foo(bar)", "'foo(bar)' is not a valid descriptor function"},
                {"", "'' is not a valid descriptor function"},
                {"wpkh(" + TPUB + "/0/*)x", "'wpkh(" + TPUB + "/0/*)x' is not a valid descriptor function"},
                {"tr(" + TPUB + "/0/*", "'tr(" + TPUB + "/0/*' is not a valid descriptor function"},
                {"wpkh(xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8/0/*)",
                        "wpkh(): key 'xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8/0/*' is not valid"},
                {"wpkh(02aaaa)", "wpkh(): Pubkey '02aaaa' is invalid"},
                {"wpkh(" + PUB.substring(2) + ")", "wpkh(): Pubkey '" + PUB.substring(2) + "' is invalid"},
                {"wpkh(" + TPUB + "/0/*/1)", "wpkh(): Key path value '*' is not a valid uint32"},
                {"pkh(" + TPUB + "/1/*/*)", "pkh(): Key path value '*' is not a valid uint32"},
                {"wpkh(" + TPUB + "/2147483648)", "wpkh(): Key path value 2147483648 is out of range"},
                {"wpkh(" + TPUB + "/1/x)", "wpkh(): Key path value 'x' is not a valid uint32"},
                {"wpkh(" + TPUB + "//1)", "wpkh(): Key path value '' is not a valid uint32"},
                {"wpkh(" + TPUB + "/-1)", "wpkh(): Key path value '-1' is not a valid uint32"},
                {"wpkh([d34db3]" + TPUB + ")", "wpkh(): Fingerprint is not 4 bytes (6 characters instead of 8 characters)"},
                {"wpkh([d34db33f/x]" + TPUB + ")", "wpkh(): Key path value 'x' is not a valid uint32"},
                {"wpkh(d34db33f]" + TPUB + ")", "wpkh(): Key origin start '[ character expected but not found, got 'd' instead"},
                {"wpkh([d34db33f" + TPUB + ")", "wpkh(): key '[d34db33f" + TPUB + "' is not valid"},
                {"wpkh(" + PUB + "," + PUB + ")", "wpkh(): key '" + PUB + "," + PUB + "' is not valid"},
                {"sh(" + PUB + ")", "A function is needed within P2SH"},
                {"wpkh(5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss)", "wpkh(): key '5KYZdUEo39z3FPrtuX2QbbwGnNP5zTd7yyr2SC1j299sBCnWjss' is not valid"},
                {"wpkh()", "wpkh(): No key provided"},
                {"tr()", "tr(): No key provided"},
                // bitcoind 30 (wallet_importdescriptors.py); Knots 29.4 said "key '...' is not valid".
                {"wpkh( " + PUB + ")", "wpkh(): Key ' " + PUB + "' is invalid due to whitespace"},
                {"pkh(Kx)", "pkh(): key 'Kx' is not valid"},
                {"pkh(04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd4)",
                        "pkh(): key '04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd4' is not valid"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0])).as(c[0]).isInstanceOf(DescriptorException.class).hasMessage(c[1]);
        }
        // A script tree (BIP386) is read; see TaprootTreeDescriptorTest.
        assertThat(parse("tr(" + PUB.substring(2) + ",pk(" + PUB + "))").kind()).isEqualTo(Descriptor.Kind.TR_TREE);
    }

    @Test
    void accountDescriptorsDeriveTheSameScriptsAfterARoundTrip() throws Exception {
        var key = dev.blocksmith.wallet.TestKeys.abandonAboutMaster();
        for (AddressType t : AddressType.values()) {
            Account a = Account.fromMaster(key, t, Networks.REGTEST, 3);
            Descriptor publicCopy = Descriptor.parse(a.descriptor(Account.Chain.CHANGE).toString(), Networks.REGTEST, true);
            Descriptor privateCopy = Descriptor.parse(a.privateDescriptor(Account.Chain.CHANGE).toPrivateString(), Networks.REGTEST, true);
            assertThat(publicCopy.hasPrivateKeys()).isFalse();
            assertThat(privateCopy.hasPrivateKeys()).isTrue();
            assertThat(privateCopy.toNormalizedString()).isEqualTo(publicCopy.toString());
            for (int i = 0; i < 3; i++) {
                assertThat(publicCopy.scriptPubKey(i)).isEqualTo(a.scriptPubKey(Account.Chain.CHANGE, i));
                assertThat(privateCopy.scriptPubKey(i)).isEqualTo(a.scriptPubKey(Account.Chain.CHANGE, i));
            }
        }
    }

    @Test
    void coreDocumentationExampleRoundTrips() throws Exception {
        Descriptor d = Descriptor.parse(CORE_DOC_WPKH + "#cjjspncu", Networks.MAIN, true);
        assertThat(d.kind()).isEqualTo(Descriptor.Kind.WPKH);
        assertThat(d.isRange()).isTrue();
        assertThat(d.toString()).isEqualTo(CORE_DOC_WPKH + "#cjjspncu");
        assertThat(d.key().originAt(7).path().toString()).isEqualTo("m/84h/0h/0h/0/7");
    }
}
