package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import org.junit.jupiter.api.Test;

/**
 * The signed input weights bitcoind 30 prices each descriptor's spends at: MaxInputWeight in src/wallet/spend.cpp,
 * (32 + 4 + 4 + scriptSig length) * 4 + witness item count + MaxSatisfactionWeight, over the MaxSatSize /
 * MaxSatisfactionWeight / MaxSatisfactionElems of src/script/descriptor.cpp, with 71-byte ECDSA signatures (low R,
 * CWallet::CanGrindR) unless use_max_sig asks for 72.
 */
class DescriptorInputWeightTest {
    private static final String KEY = "03a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7";
    private static final String XONLY = KEY.substring(2);
    private static final String UNCOMPRESSED = "04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235";

    private static InputWeight weight(String descriptor, boolean maxSig) throws DescriptorException {
        return Descriptor.parse(descriptor, Networks.REGTEST, false).maxInputWeight(maxSig);
    }

    @Test
    void p2pkhIsAScriptSigOf106BytesAnd148VBytesForSelection() throws Exception {
        // PKHDescriptor::MaxSatSize: push of a 71-byte signature (72) and of the 33-byte key (34) = 106 bytes;
        // (40 + 1 + 106) * 4 = 588 WU, 147 vB; in a transaction with witness data its empty witness adds 1 WU, and
        // CalculateMaximumSignedInputSize (tx_is_segwit = true) rounds 589 WU up to 148 vB.
        InputWeight w = weight("pkh(" + KEY + ")", false);
        assertThat(w).isEqualTo(new InputWeight(588, 589, false));
        assertThat(w.selectionVBytes()).isEqualTo(148);
        // A 72-byte signature: 592 WU.
        assertThat(weight("pkh(" + KEY + ")", true).legacyTxWeight()).isEqualTo(592);
        // An uncompressed key is 65 bytes: (40 + 1 + 138) * 4 = 716 WU.
        assertThat(weight("pkh(" + UNCOMPRESSED + ")", false).legacyTxWeight()).isEqualTo(716);
    }

    @Test
    void p2wpkhIs271WeightUnits() throws Exception {
        // WPKHDescriptor: 106 witness bytes, 2 items: (40 + 1) * 4 + 1 + 106 = 271 WU; 68 vB for selection.
        InputWeight w = weight("wpkh(" + KEY + ")", false);
        assertThat(w).isEqualTo(InputWeight.ofWitness(271));
        assertThat(w.selectionVBytes()).isEqualTo(68);
        assertThat(weight("wpkh(" + KEY + ")", true)).isEqualTo(InputWeight.ofWitness(272));
    }

    @Test
    void p2shP2wpkhIs363WeightUnits() throws Exception {
        // SHDescriptor around wpkh: the 22-byte program pushed in scriptSig (23 bytes, 92 WU) plus the 106 witness bytes,
        // 3 items: (40 + 1) * 4 + 1 + 92 + 106 = 363 WU; 91 vB for selection (bitcoind's DUMMY_NESTED_P2WPKH_INPUT_SIZE).
        InputWeight w = weight("sh(wpkh(" + KEY + "))", false);
        assertThat(w).isEqualTo(InputWeight.ofWitness(363));
        assertThat(w.selectionVBytes()).isEqualTo(91);
    }

    @Test
    void taprootIsAKeyPathSpendWithA65ByteSignature() throws Exception {
        // TRDescriptor::MaxSatisfactionWeight: 1 + 65 whatever the tree (a key-path spend, a sighash byte allowed):
        // (40 + 1) * 4 + 1 + 66 = 231 WU, 58 vB for selection.
        InputWeight w = weight("tr(" + XONLY + ")", false);
        assertThat(w).isEqualTo(InputWeight.ofWitness(231));
        assertThat(w.selectionVBytes()).isEqualTo(58);
        assertThat(weight("tr(" + XONLY + ",pk(" + KEY + "))", false)).isEqualTo(InputWeight.ofWitness(231));
    }

    @Test
    void p2pkIsOneSignaturePush() throws Exception {
        // PKDescriptor::MaxSatSize: 1 + 71; (40 + 1 + 72) * 4 = 452 WU.
        assertThat(weight("pk(" + KEY + ")", false)).isEqualTo(new InputWeight(452, 453, false));
    }

    @Test
    void multisigForms() throws Exception {
        String keys = KEY + "," + "03774ae7f858a9411e5ef4246b70c65aac5649980be5c17891bbec17895da008cb";
        // Bare 1-of-2: OP_0 (1) and the push of a 71-byte signature (72) = 73 bytes of scriptSig: (40 + 1 + 73) * 4 = 456 WU.
        assertThat(weight("multi(1," + keys + ")", false)).isEqualTo(new InputWeight(456, 457, false));
        // wsh 1-of-2: script of 1 + 2 * 34 + 1 + 1 = 71 bytes with its length (72), OP_0 (1), one push (72); 3 items:
        // 164 + 1 + 145 = 310 WU.
        assertThat(weight("wsh(multi(1," + keys + "))", false)).isEqualTo(InputWeight.ofWitness(310));
    }

    @Test
    void wholeVirtualBytesOnlyForSelection() {
        // A given weight (input_weights) is used as it is in either kind of transaction.
        assertThat(InputWeight.given(273, true).weightIn(false)).isEqualTo(273);
        assertThat(InputWeight.given(273, true).selectionVBytes()).isEqualTo(69);
        assertThat(InputWeight.nonWitness(588).weightIn(true)).isEqualTo(589);
        assertThat(InputWeight.nonWitness(588).weightIn(false)).isEqualTo(588);
    }
}
