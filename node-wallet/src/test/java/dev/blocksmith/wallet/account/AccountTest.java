package dev.blocksmith.wallet.account;

import static dev.blocksmith.wallet.TestKeys.abandonAboutMaster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.wallet.keys.ExtendedKey;
import org.junit.jupiter.api.Test;

/** Published first addresses of the BIP44/49/84/86 test mnemonic "abandon x11 about". */
class AccountTest {
    @Test
    void bip84FirstReceiveAndChangeAddresses() throws Exception {
        Account a = Account.fromMaster(abandonAboutMaster(), AddressType.BECH32, Networks.MAIN, 0);
        assertThat(a.address(Account.Chain.RECEIVE, 0)).isEqualTo("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu");
        assertThat(a.address(Account.Chain.RECEIVE, 1)).isEqualTo("bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g");
        assertThat(a.address(Account.Chain.CHANGE, 0)).isEqualTo("bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el");
        assertThat(a.descriptor(Account.Chain.RECEIVE).toString()).startsWith("wpkh([73c5da0a/84h/0h/0h]xpub").contains("/0/*)#");
    }

    @Test
    void bip86FirstReceiveAddressUsesTheTapTweak() throws Exception {
        Account a = Account.fromMaster(abandonAboutMaster(), AddressType.BECH32M, Networks.MAIN, 0);
        assertThat(a.address(Account.Chain.RECEIVE, 0)).isEqualTo("bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr");
    }

    @Test
    void bip44AndBip49() throws Exception {
        ExtendedKey m = abandonAboutMaster();
        assertThat(Account.fromMaster(m, AddressType.LEGACY, Networks.MAIN, 0).address(Account.Chain.RECEIVE, 0))
                .isEqualTo("1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA");
        assertThat(Account.fromMaster(m, AddressType.P2SH_SEGWIT, Networks.MAIN, 0).address(Account.Chain.RECEIVE, 0))
                .isEqualTo("37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf");
        // BIP49's own vector is on testnet (coin type 1).
        assertThat(Account.fromMaster(m, AddressType.P2SH_SEGWIT, Networks.TESTNET4, 0).address(Account.Chain.RECEIVE, 0))
                .isEqualTo("2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2");
    }

    @Test
    void rangeTopsUpAsCore() {
        DescriptorRange r = new DescriptorRange(0, 20, 0, 20);
        assertThat(r.watchedEnd()).isEqualTo(20);
        // Handing out tops up first, then moves next: the pool is one short until a payment is seen.
        assertThat(r.issueNext()).isZero();
        assertThat(r.issueNext()).isEqualTo(1);
        assertThat(r.watchedEnd()).isEqualTo(21);
        assertThat(r.keypoolRemaining()).isEqualTo(19);
        r.markUsed(1);
        assertThat(r.watchedEnd()).isEqualTo(22);
        r.markUsed(15);
        assertThat(r.watchedEnd()).isEqualTo(36);
        assertThat(r.issueNext()).isEqualTo(16);
        assertThat(r.keypoolRemaining()).isEqualTo(19);
        // An import asking for [0,99] watches at least that far; one asking for [0,4] is topped up to the keypool.
        DescriptorRange wide = new DescriptorRange(0, 100, 0, 20);
        wide.topUp();
        assertThat(wide.watchedEnd()).isEqualTo(100);
        DescriptorRange narrow = new DescriptorRange(0, 5, 0, 20);
        narrow.topUp();
        assertThat(narrow.watchedEnd()).isEqualTo(20);
        // Core's "new range must include current range".
        assertThat(new DescriptorRange(0, 20, 0, 20).covers(r)).isFalse();
        assertThat(new DescriptorRange(0, 40, 0, 20).covers(r)).isTrue();
        // As Core's UpdateWalletDescriptor, the imported next index replaces the current one, backwards too.
        assertThat(r.updatedBy(new DescriptorRange(0, 40, 3, 20)).next()).isEqualTo(3);
        assertThat(DescriptorRange.single().watchedEnd()).isEqualTo(1);
    }

    @Test
    void privateFormIsTheMasterKeyWithTheFullPathAsCoreWrites() {
        Account a = Account.fromMaster(abandonAboutMaster(), AddressType.BECH32, Networks.REGTEST, 0);
        assertThat(a.privateDescriptor(Account.Chain.CHANGE).toPrivateString()).startsWith("wpkh(tprv").contains("/84h/1h/0h/1/*)#");
        assertThat(a.descriptor(Account.Chain.CHANGE).toString()).startsWith("wpkh([73c5da0a/84h/1h/0h]tpub").contains("/1/*)#");
        assertThat(a.descriptor(Account.Chain.CHANGE).scriptPubKey(4)).isEqualTo(a.scriptPubKey(Account.Chain.CHANGE, 4));
    }
}
