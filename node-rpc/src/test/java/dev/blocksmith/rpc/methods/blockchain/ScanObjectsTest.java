package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scan objects expand as bitcoind's EvalDescriptorStringOrObject does (vectors from rpc_scantxoutset.py). */
class ScanObjectsTest {
    private static final NetworkParams REGTEST = Networks.REGTEST;
    private static final String TPRV = "tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK";
    private static final String TPUB = "tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B";
    private static final String KEY_1_1_0 = "03e1c5b6e650966971d7e71ef2674f80222752740fc1dfd63bbbd220d2da9bd0fb";

    private static Map<Script, String> expand(String json) throws RpcException {
        return ScanObjects.expand(RpcJson.parse(json).orElseThrow(), REGTEST);
    }

    @Test
    void comboOfACompressedKeyStandsForItsFourScripts() throws Exception {
        Map<Script, String> found = expand("[\"combo(" + KEY_1_1_0 + ")\"]");
        assertThat(found.values()).extracting(d -> d.substring(0, d.indexOf('(')))
                .containsExactly("pk", "pkh", "wpkh", "sh");
        assertThat(found.values()).allMatch(d -> d.contains(KEY_1_1_0));
    }

    @Test
    void aMatchIsReportedWithTheKeyOriginOfItsDerivation() throws Exception {
        Map<Script, String> found = expand("[\"combo(" + TPRV + "/1/1/0)\"]");
        assertThat(found.values()).contains("pkh([0c5f9a1e/1/1/0]" + KEY_1_1_0 + ")#cxmct4w8");
    }

    @Test
    void aRangedDescriptorCoversItsRangeOrZeroToAThousand() throws Exception {
        Map<Script, String> ranged = expand("[{\"desc\":\"combo(" + TPUB + "/1/1/*)\",\"range\":1500}]");
        assertThat(ranged).hasSize(1501 * 4);
        assertThat(ranged.values()).contains(
                "pkh([0c5f9a1e/1/1/1500]03832901c250025da2aebae2bfb38d5c703a57ab66ad477f9c578bfbcd78abca6f)#vchwd07g");
        assertThat(expand("[{\"desc\":\"pkh(" + TPUB + "/1/1/*)\",\"range\":[1500,1500]}]")).hasSize(1);
        assertThat(expand("[\"pkh(" + TPUB + "/1/1/*)\"]")).hasSize(1001);
    }

    @Test
    void aMultipathDescriptorCoversEveryPath() throws Exception {
        Map<Script, String> found = expand("[\"pkh(" + TPUB + "/1/1/<0;1>)\"]");
        assertThat(found.values()).containsExactly("pkh([0c5f9a1e/1/1/0]" + KEY_1_1_0 + ")#cxmct4w8",
                "pkh([0c5f9a1e/1/1/1]030d820fc9e8211c4169be8530efbc632775d8286167afd178caaf1089b77daba7)#z2t3ypsa");
    }

    @Test
    void theRangeIsCheckedBeforeTheDescriptor() {
        assertThatThrownBy(() -> expand("[{\"desc\":\"desc\",\"range\":-1}]")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).isEqualTo("End of range is too high");
        });
        assertThatThrownBy(() -> expand("[{\"desc\":\"desc\",\"range\":[-1,10]}]"))
                .hasMessage("Range should be greater or equal than 0");
    }

    @Test
    void aHardenedStepBelowAnXpubCannotBeDerived() {
        assertThatThrownBy(() -> expand("[\"pkh(" + TPUB + "/1h)\"]")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_ADDRESS_OR_KEY));
    }
}
