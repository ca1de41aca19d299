package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.TapLeafScript;
import dev.blocksmith.core.psbt.TaprootSpendData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tr(KEY,TREE) (BIP386). The keys, output scripts and control blocks are the pk()-leaf cases of BIP341's wallet
 * test vectors ("scriptPubKey" entries 1, 5 and 6 of Bitcoin Core's src/test/data/bip341_wallet_vectors.json,
 * MIT, kept in node-core's test resources with its attribution).
 */
class TaprootTreeDescriptorTest {
    private static Descriptor main(String text) throws DescriptorException {
        return Descriptor.parse(text, Networks.MAIN, false);
    }

    private static String spk(Descriptor d) {
        return Hex.encode(d.scriptPubKey(0).rawBytes());
    }

    private static String control(TaprootSpendData data, String xOnlyKey) {
        TapLeafScript leaf = new TapLeafScript(Bytes.of(Hex.decode("20" + xOnlyKey + "ac")), 0xc0);
        return Hex.encode(data.scripts().get(leaf).first().toByteArray());
    }

    @Test
    void oneLeaf() throws Exception {
        Descriptor d = main("tr(187791b6f712a8ea41c8ecdd0ee77fab3e85263b37e1ec18a3651926b3a6cf27,"
                + "pk(d85a959b0290bf19bb89ed43c916be835475d013da4b362117393e25a48229b8))");
        assertThat(d.kind()).isEqualTo(Descriptor.Kind.TR_TREE);
        assertThat(spk(d)).isEqualTo("5120147c9c57132f6e7ecddba9800bb0c4449251c92a1e60371ee77557b6620f3ea3");
    }

    @Test
    void nestedTreesGiveBip341OutputKeysAndControlBlocks() throws Exception {
        Descriptor five = main("tr(e0dfe2300b0dd746a3f8674dfd4525623639042569d829c7f0eed9602d263e6f,"
                + "{pk(72ea6adcf1d371dea8fba1035a09f3d24ed5a059799bae114084130ee5898e69),"
                + "{pk(2352d137f2f3ab38d1eaa976758873377fa5ebb817372c71e2c542313d4abda8),"
                + "pk(7337c0dd4253cb86f2c43a2351aadd82cccb12a172cd120452b9bb8324f2186a)}})");
        assertThat(spk(five)).isEqualTo("512091b64d5324723a985170e4dc5a0f84c041804f2cd12660fa5dec09fc21783605");
        TaprootSpendData data = ((TaprootTreeExpression) five.expression()).spendData(0);
        assertThat(control(data, "72ea6adcf1d371dea8fba1035a09f3d24ed5a059799bae114084130ee5898e69")).isEqualTo(
                "c0e0dfe2300b0dd746a3f8674dfd4525623639042569d829c7f0eed9602d263e6fffe578e9ea769027e4f5a3de40732f75a88a6353a09d767ddeb66accef85e553");
        assertThat(control(data, "2352d137f2f3ab38d1eaa976758873377fa5ebb817372c71e2c542313d4abda8")).isEqualTo(
                "c0e0dfe2300b0dd746a3f8674dfd4525623639042569d829c7f0eed9602d263e6f9e31407bffa15fefbf5090b149d53959ecdf3f62b1246780238c24501d5ceaf6"
                        + "2645a02e0aac1fe69d69755733a9b7621b694bb5b5cde2bbfc94066ed62b9817");
        assertThat(data.tree()).extracting(l -> l.depth()).containsExactly(1, 2, 2);

        Descriptor six = main("tr(55adf4e8967fbd2e29f20ac896e60c3b0f1d5b0efa9d34941b5958c7b0a0312d,"
                + "{pk(71981521ad9fc9036687364118fb6ccd2035b96a423c59c5430e98310a11abe2),"
                + "{pk(d5094d2dbe9b76e2c245a2b89b6006888952e2faa6a149ae318d69e520617748),"
                + "pk(c440b462ad48c7a77f94cd4532d8f2119dcebbd7c9764557e62726419b08ad4c)}})");
        assertThat(spk(six)).isEqualTo("512075169f4001aa68f15bbed28b218df1d0a62cbbcf1188c6665110c293c907b831");
        // An odd output key: the control blocks carry parity 1.
        assertThat(control(((TaprootTreeExpression) six.expression()).spendData(0), "71981521ad9fc9036687364118fb6ccd2035b96a423c59c5430e98310a11abe2"))
                .isEqualTo("c155adf4e8967fbd2e29f20ac896e60c3b0f1d5b0efa9d34941b5958c7b0a0312d3cd369a528b326bc9d2133cbd2ac21451acb31681a410434672c8e34fe757e91");
    }

    @Test
    void printsAsWrittenAndRejectsMalformedTrees() throws Exception {
        String text = "tr(e0dfe2300b0dd746a3f8674dfd4525623639042569d829c7f0eed9602d263e6f,"
                + "{pk(72ea6adcf1d371dea8fba1035a09f3d24ed5a059799bae114084130ee5898e69),"
                + "{pk(2352d137f2f3ab38d1eaa976758873377fa5ebb817372c71e2c542313d4abda8),"
                + "pk(7337c0dd4253cb86f2c43a2351aadd82cccb12a172cd120452b9bb8324f2186a)}})";
        assertThat(main(text).toString()).startsWith(text + "#");
        assertThat(List.of("{pk(72ea6adcf1d371dea8fba1035a09f3d24ed5a059799bae114084130ee5898e69)}", "{", "{,}"))
                .allSatisfy(tree -> assertThatThrownBy(() -> main("tr(e0dfe2300b0dd746a3f8674dfd4525623639042569d829c7f0eed9602d263e6f," + tree + ")"))
                        .isInstanceOf(DescriptorException.class));
    }
}
