package dev.blocksmith.core.chain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.TxOut;
import org.junit.jupiter.api.Test;

class CoinCompressionTest {
    private static String varInt(long n) {
        ByteWriter w = new ByteWriter();
        CoinCompression.writeVarInt(w, n);
        return Hex.encode(w.toByteArray());
    }

    @Test
    void varIntsAsCoresSerializeTests() {
        // Core's serialize_tests varint_bitpatterns.
        assertThat(varInt(0)).isEqualTo("00");
        assertThat(varInt(0x7f)).isEqualTo("7f");
        assertThat(varInt(0x80)).isEqualTo("8000");
        assertThat(varInt(0x1234)).isEqualTo("a334");
        assertThat(varInt(0xffff)).isEqualTo("82fe7f");
        assertThat(varInt(0x123456)).isEqualTo("c7e756");
        assertThat(varInt(0x80123456L)).isEqualTo("86ffc7e756");
        assertThat(varInt(0xffffffffL)).isEqualTo("8efefefe7f");
        assertThat(varInt(0x7fffffffffffffffL)).isEqualTo("fefefefefefefefe7f");
    }

    @Test
    void amountsAsCoresCompressTests() {
        // Core's compress_tests compress_amounts.
        assertThat(CoinCompression.compressAmount(0)).isZero();
        assertThat(CoinCompression.compressAmount(1)).isEqualTo(0x1);
        assertThat(CoinCompression.compressAmount(1_000_000)).isEqualTo(0x7);
        assertThat(CoinCompression.compressAmount(100_000_000)).isEqualTo(0x9);
        assertThat(CoinCompression.compressAmount(50 * 100_000_000L)).isEqualTo(0x32);
        assertThat(CoinCompression.compressAmount(21_000_000 * 100_000_000L)).isEqualTo(0x1406f40);
    }

    private static String coin(String scriptHex, long value, int height, boolean coinbase) {
        ByteWriter w = new ByteWriter();
        CoinCompression.writeCoin(w, new Coin(new TxOut(value, Script.of(Hex.decode(scriptHex))), height, coinbase));
        return Hex.encode(w.toByteArray());
    }

    @Test
    void scriptTemplates() {
        String h20 = "11".repeat(20);
        // P2PKH: code 0 and the key hash; height 100 coinbase -> VARINT(201) = 8049; 50 BTC -> 32.
        assertThat(coin("76a914" + h20 + "88ac", 50 * 100_000_000L, 100, true)).isEqualTo("8049" + "32" + "00" + h20);
        // P2SH: code 1.
        assertThat(coin("a914" + h20 + "87", 1, 1, false)).isEqualTo("02" + "01" + "01" + h20);
        // P2PK with a compressed key: its prefix byte and x.
        String x = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
        assertThat(coin("21" + "02" + x + "ac", 0, 0, false)).isEqualTo("00" + "00" + "02" + x);
        // P2PK with the generator's uncompressed key (even y): code 4 and x.
        String y = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";
        assertThat(coin("41" + "04" + x + y + "ac", 0, 0, false)).isEqualTo("00" + "00" + "04" + x);
        // An uncompressed key off the curve cannot be rebuilt: stored whole, length + 6.
        String bad = "41" + "04" + x + "00".repeat(32) + "ac";
        assertThat(coin(bad, 0, 0, false)).isEqualTo("00" + "00" + "49" + bad);
        // Anything else (P2WPKH here): length + 6, then the script.
        assertThat(coin("0014" + h20, 0, 0, false)).isEqualTo("00" + "00" + "1c" + "0014" + h20);
    }
}
