package dev.blocksmith.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptTypeTest {
    /** Placeholders K33 and K65 stand for pushes of a 33-byte and a 65-byte public key. */
    private static final String KEY33 = "21" + "02" + "11".repeat(32);
    private static final String KEY65 = "41" + "04" + "11".repeat(64);

    @ParameterizedTest
    @CsvSource({
        "76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac, pubkeyhash",
        "a914373b819a068f32b7a6b38b6b38729647cfde01c287, scripthash",
        "0014751e76e8199196d454941c45d1b3a323f1433bd6, witness_v0_keyhash",
        "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262, witness_v0_scripthash",
        "51203c671ef1e3913f94980a9e146ba895908550ef4234abb7503d436521aba54c75, witness_v1_taproot",
        "5202dc96, witness_unknown",
        "51024e73, anchor",
        "51034e7300, witness_unknown",
        "0010000102030405060708090a0b0c0d0e0f, nonstandard",
        "6a, nulldata",
        "6a04deadbeef, nulldata",
        "6a4c0101, nulldata",
        "6a04deadbeef61, nonstandard",
        "6a4c, nonstandard",
        "K33ac, pubkey",
        "K65ac, pubkey",
        "2104K32ac, nonstandard",
        "51K3351ae, multisig",
        "52K33K6552ae, multisig",
        "52K3351ae, nonstandard",
        "51K33K3351ae, nonstandard",
        "00K3351ae, nonstandard",
        "51K3351ae51, nonstandard",
        "51K330111ae, nonstandard",
        "'', nonstandard",
        "61, nonstandard",
    })
    void classifiesAsCore(String hex, String name) {
        assertThat(ScriptType.classify(Script.fromHex(hex.replace("K33", KEY33).replace("K65", KEY65).replace("K32", "11".repeat(32)))).rpcName()).isEqualTo(name);
    }
}
