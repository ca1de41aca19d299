package dev.blocksmith.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.testsupport.MiniJson;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BIP158's test vectors (bitcoin/bitcoin src/test/data/blockfilters.json, identical to bips
 * bip-0158/testnet-19.json; see vectors/README.md): testnet blocks with the scripts their inputs spend, the
 * basic filter and the filter header chain.
 */
class BlockFilterVectorTest {
    @Test
    void basicFiltersAndHeadersOfTheBip158Vectors() {
        @SuppressWarnings("unchecked")
        List<Object> rows = (List<Object>) MiniJson.resource(getClass(), "/vectors/bitcoin-core/blockfilters.json");
        VectorReport report = new VectorReport("blockfilters.json");
        for (Object o : rows.subList(1, rows.size())) {
            List<?> row = (List<?>) o;
            Block block = Block.fromHex((String) row.get(2));
            assertThat(block.hash()).isEqualTo(Sha256Hash.fromHex((String) row.get(1)));
            List<byte[]> spent = new ArrayList<>();
            for (Object s : (List<?>) row.get(3)) spent.add(Hex.decode((String) s));
            Sha256Hash previousHeader = Sha256Hash.fromHex((String) row.get(4));
            BlockFilter filter = BlockFilter.basic(block, spent);
            assertThat(Hex.encode(filter.encoded())).as("filter of %s (%s)", row.get(0), row.get(7))
                    .isEqualTo(row.get(5));
            assertThat(filter.header(previousHeader).toHex()).isEqualTo(row.get(6));

            // Every element the filter was built from matches; the query is the set BIP158 describes.
            List<byte[]> elements = new ArrayList<>();
            for (Transaction tx : block.transactions()) {
                for (TxOut out : tx.outputs()) {
                    byte[] script = out.scriptPubKey().bytes();
                    if (script.length > 0 && (script[0] & 0xff) != 0x6a) elements.add(script);
                }
            }
            spent.stream().filter(s -> s.length > 0).forEach(elements::add);
            GolombCodedSet set = filter.set();
            for (byte[] e : elements) assertThat(set.matchAny(List.of(e))).isTrue();
            assertThat(set.matchAny(List.of(new byte[] {0x51, 0x52, 0x53, 0x54}))).isFalse();
            report.pass();
        }
        report.finish();
    }
}
