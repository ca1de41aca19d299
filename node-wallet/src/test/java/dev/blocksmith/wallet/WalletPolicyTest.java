package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wallet options as bitcoind reads them: defaults, values, and bitcoind's init error texts. */
class WalletPolicyTest {
    private static final FeeRate MIN_RELAY = new FeeRate(100);

    private static WalletPolicy parse(Map<String, String> m) throws Exception {
        return WalletPolicy.parse(m, MIN_RELAY);
    }

    @Test
    void defaultsAreBitcoinds() throws Exception {
        WalletPolicy p = parse(Map.of());
        assertThat(p).isEqualTo(WalletPolicy.DEFAULT);
        assertThat(p.addressType()).isEqualTo(AddressType.BECH32);
        assertThat(p.changeType()).isEmpty();
        assertThat(p.walletRbf()).isTrue();
        assertThat(p.walletBroadcast()).isTrue();
        assertThat(p.spendZeroConfChange()).isTrue();
        assertThat(p.avoidPartialSpends()).isFalse();
        assertThat(p.txConfirmTarget()).isEqualTo(6);
        assertThat(p.maxTxFeeSats()).isEqualTo(10_000_000L);
        assertThat(p.discardFee()).isEqualTo(new FeeRate(10_000));
    }

    @Test
    void readsTypesFlagsAndAmounts() throws Exception {
        WalletPolicy p = parse(Map.of("addresstype", "legacy", "changetype", "p2sh-segwit", "walletrbf", "0", "walletbroadcast", "",
                "txconfirmtarget", "12", "maxtxfee", "0.5", "mintxfee", "0.00001", "maxapsfee", "-1", "spendzeroconfchange", "false"));
        assertThat(p.addressType()).isEqualTo(AddressType.LEGACY);
        assertThat(p.changeType()).isEqualTo(Optional.of(AddressType.P2SH_SEGWIT));
        assertThat(p.walletRbf()).isFalse();
        // "-walletbroadcast" alone is 1; a word that is not a number is 0, as bitcoind's InterpretBool.
        assertThat(p.walletBroadcast()).isTrue();
        assertThat(p.spendZeroConfChange()).isFalse();
        assertThat(p.txConfirmTarget()).isEqualTo(12);
        assertThat(p.maxTxFeeSats()).isEqualTo(50_000_000L);
        assertThat(p.minTxFee()).isEqualTo(new FeeRate(1000));
        assertThat(p.maxApsFeeSats()).isEqualTo(-1);
    }

    @Test
    void refusesAsBitcoind() {
        assertThatThrownBy(() -> parse(Map.of("addresstype", "p2pk"))).hasMessage("Unknown address type 'p2pk'");
        assertThatThrownBy(() -> parse(Map.of("changetype", "x"))).hasMessage("Unknown change type 'x'");
        assertThatThrownBy(() -> parse(Map.of("mintxfee", "abc"))).hasMessage("Invalid amount for -mintxfee=<amount>: 'abc'");
        assertThatThrownBy(() -> parse(Map.of("discardfee", "-1"))).hasMessage("Invalid amount for -discardfee=<amount>: '-1'");
        assertThatThrownBy(() -> parse(Map.of("maxtxfee", "0.00000001")))
                .hasMessage("Invalid amount for -maxtxfee=<amount>: '0.00000001' (must be at least the minrelay fee of 0.00000100 BTC/kvB to prevent stuck transactions)");
    }
}
