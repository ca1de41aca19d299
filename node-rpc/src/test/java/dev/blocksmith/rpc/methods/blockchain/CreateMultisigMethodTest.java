package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.util.CreateMultisigMethod;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** createmultisig against BIP67's vector (rpc_bip67.json) and rpc_createmultisig.py's error cases. */
class CreateMultisigMethodTest {
    private static final String K1 = "02fe6f0a5a297eb38c391581c4413e084773ea23954d93f7753db7dc0adc188b2f";
    private static final String K2 = "02ff12471208c14bd580709cb2358d98975247d8765f92bc25eab3b2763ed605f8";
    /** K1 uncompressed is not known here; the generator point G is a valid uncompressed key. */
    private static final String G_UNCOMPRESSED = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

    private final RpcMethod method = new CreateMultisigMethod(Networks.REGTEST);

    private JsonNode call(String params) throws RpcException {
        return method.execute(new RpcRequest("createmultisig", ArgumentBinder.bind(method, RpcJson.parse(params).orElseThrow()),
                method.params(), Optional.empty(), "test"));
    }

    private void assertError(String params, RpcErrorCode code, String message) {
        assertThatThrownBy(() -> call(params)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void legacyIsBip67sVector() throws Exception {
        JsonNode r = call("[2, [\"" + K1 + "\", \"" + K2 + "\"]]");
        OpenRpcSchema.assertValidResult("createmultisig", r);
        assertThat(r.get("address").asText()).isEqualTo("2N19tNw3Ss4L9QDERtCw7FhXb6jBsYmeXNu");
        assertThat(r.get("redeemScript").asText()).isEqualTo("5221" + K1 + "21" + K2 + "52ae");
        assertThat(r.get("descriptor").asText()).isEqualTo(DescriptorChecksum.append("sh(multi(2," + K1 + "," + K2 + "))"));
        assertThat(r.has("warnings")).isFalse();
    }

    @Test
    void segwitForms() throws Exception {
        JsonNode wsh = call("[1, [\"" + K1 + "\", \"" + K2 + "\"], \"bech32\"]");
        assertThat(wsh.get("address").asText()).startsWith("bcrt1q").hasSize(64);
        assertThat(wsh.get("descriptor").asText()).startsWith("wsh(multi(1," + K1 + "," + K2 + "))#");
        JsonNode shwsh = call("[1, [\"" + K1 + "\", \"" + K2 + "\"], \"p2sh-segwit\"]");
        assertThat(shwsh.get("address").asText()).startsWith("2");
        assertThat(shwsh.get("descriptor").asText()).startsWith("sh(wsh(multi(1," + K1 + "," + K2 + ")))#");
        assertThat(shwsh.get("redeemScript")).isEqualTo(wsh.get("redeemScript"));
    }

    @Test
    void anUncompressedKeyFallsBackToLegacyWithAWarning() throws Exception {
        String keys = "[\"" + K1 + "\", \"" + G_UNCOMPRESSED + "\"]";
        JsonNode legacy = call("[2, " + keys + ", \"legacy\"]");
        JsonNode asked = call("[2, " + keys + ", \"bech32\"]");
        OpenRpcSchema.assertValidResult("createmultisig", asked);
        assertThat(asked.get("address")).isEqualTo(legacy.get("address"));
        assertThat(asked.get("warnings")).isEqualTo(RpcJson.parse(
                "[\"Unable to make chosen address type, please ensure no uncompressed public keys are present.\"]").orElseThrow());
    }

    @Test
    void errorsAreBitcoinds() {
        String twentyOne = "[" + String.join(",", Collections.nCopies(21, "\"" + K1 + "\"")) + "]";
        String twenty = "[" + String.join(",", Collections.nCopies(20, "\"" + K1 + "\"")) + "]";
        assertError("[16, " + twentyOne + ", \"bech32\"]", RpcErrorCode.INVALID_PARAMETER,
                "Number of keys involved in the multisignature address creation > 20\nReduce the number");
        assertError("[16, " + twenty + ", \"legacy\"]", RpcErrorCode.INVALID_PARAMETER, "redeemScript exceeds size limit: 684 > 520");
        assertError("[2, [\"" + K1 + "\"], \"bech32m\"]", RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                "createmultisig cannot create bech32m multisig addresses");
        assertError("[1, [\"" + K1 + "\"], \"foo\"]", RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown address type 'foo'");
        assertError("[0, [\"" + K1 + "\"]]", RpcErrorCode.INVALID_PARAMETER,
                "a multisignature address must require at least one key to redeem");
        assertError("[3, [\"" + K1 + "\", \"" + K2 + "\"]]", RpcErrorCode.INVALID_PARAMETER,
                "not enough keys supplied (got 2 keys, but need at least 3 to redeem)");
        assertError("[1, [\"zz\"]]", RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Pubkey \"zz\" must be a hex string");
        assertError("[1, [\"02ab\"]]", RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Pubkey \"02ab\" must have a length of either 33 or 65 bytes");
        assertError("[1, [\"02" + "00".repeat(32) + "\"]]", RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                "Pubkey \"02" + "00".repeat(32) + "\" must be cryptographically valid.");
    }
}
