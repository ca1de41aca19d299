package dev.blocksmith.rpc.methods.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import org.junit.jupiter.api.Test;

class PayoutScriptsTest {
    // The generator point: a compressed key (02...) and its uncompressed form (04...).
    private static final String COMPRESSED = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private static final String UNCOMPRESSED = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

    @Test
    void comboPaysToP2wpkhForACompressedKeyAndP2pkhOtherwiseAsBitcoind() throws Exception {
        Script compressed = PayoutScripts.fromDescriptor("combo(" + COMPRESSED + ")", Networks.REGTEST);
        assertThat(compressed.toHex()).isEqualTo("0014751e76e8199196d454941c45d1b3a323f1433bd6");
        Script uncompressed = PayoutScripts.fromDescriptor("combo(" + UNCOMPRESSED + ")", Networks.REGTEST);
        assertThat(uncompressed.toHex()).isEqualTo("76a91491b24bf9f5288532960ac687abb035127b1d28a588ac");
        assertThat(PayoutScripts.fromDescriptor("pkh(" + COMPRESSED + ")", Networks.REGTEST).toHex())
                .isEqualTo("76a914751e76e8199196d454941c45d1b3a323f1433bd688ac");
    }

    private static final String TPUB = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";

    @Test
    void anOutputThatParsesAsADescriptorIsJudgedAsOneAndNotAsAnAddress() {
        assertThatThrownBy(() -> PayoutScripts.fromAddressOrDescriptor("pkh(" + TPUB + "/0/*)", Networks.REGTEST))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMETER);
                    assertThat(e.getMessage()).isEqualTo("Ranged descriptor not accepted. Maybe pass through deriveaddresses first?");
                });
        assertThatThrownBy(() -> PayoutScripts.fromAddressOrDescriptor("pkh(" + TPUB + "/0'/0)", Networks.REGTEST))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_ADDRESS_OR_KEY);
                    assertThat(e.getMessage()).isEqualTo("Cannot derive script without private keys");
                });
        assertThatThrownBy(() -> PayoutScripts.fromAddressOrDescriptor("1234", Networks.REGTEST))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.getMessage()).isEqualTo("Error: Invalid address or descriptor"));
    }
}
