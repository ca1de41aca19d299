package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import org.junit.jupiter.api.Test;

/** wsh(MINISCRIPT) descriptors (BIP379) as bitcoind parses, checks and prints them. */
class MiniscriptDescriptorTest {
    private static final String KEY = "0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0";
    private static final String KEY2 = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    private static final String HTLC = "wsh(and_v(and_v(v:hash160(ffffffffffffffffffffffffffffffffffffffff),v:pk(" + KEY + ")),older(1)))";

    private static Descriptor parse(String text) throws DescriptorException {
        return Descriptor.parse(text, Networks.REGTEST, false);
    }

    @Test
    void parsesPrintsAndDerivesTheWitnessScript() throws Exception {
        Descriptor d = parse(HTLC);
        // rpc_decodescript.py's descriptor for this witness script, checksum included.
        assertThat(d.toString()).isEqualTo(HTLC + "#gm8xz4fl");
        Script ws = Script.fromHex("82012088a914ffffffffffffffffffffffffffffffffffffffff88210250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0ad51b2");
        assertThat(d.witnessScript(0)).contains(ws);
        assertThat(Hex.encode(d.scriptPubKey(0).rawBytes())).isEqualTo("0020" + Hex.encode(Hashes.sha256(ws.rawBytes())));
        assertThat(d.kind().isSegwit()).isTrue();
    }

    @Test
    void nestsInP2sh() throws Exception {
        // rpc_getdescriptorinfo.py's "(overly complicated) P2SH-P2WSH-P2PKH output".
        String text = "sh(wsh(pkh(02e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13)))";
        Descriptor d = parse(text);
        assertThat(d.toString()).isEqualTo(DescriptorChecksum.append(text));
        byte[] pub = Hex.decode("02e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13");
        Script ws = Script.fromHex("76a914" + Hex.encode(Hashes.hash160(pub)) + "88ac");
        assertThat(d.witnessScript(0)).contains(ws);
        assertThat(Hex.encode(d.redeemScript(0).orElseThrow().rawBytes())).isEqualTo("0020" + Hex.encode(Hashes.sha256(ws.rawBytes())));
        assertThat(d.scriptPubKey(0).isP2SH()).isTrue();
    }

    @Test
    void sugarIsPrintedAsBitcoindPrintsIt() throws Exception {
        assertThat(parse("wsh(c:pk_k(" + KEY + "))").toString()).startsWith("wsh(pk(" + KEY + "))#");
        assertThat(parse("wsh(andor(pk(" + KEY + "),older(10),0))").toString()).startsWith("wsh(and_n(pk(" + KEY + "),older(10)))#");
        assertThat(parse("wsh(or_i(0,pk(" + KEY + ")))").toString()).startsWith("wsh(l:pk(" + KEY + "))#");
    }

    @Test
    void insaneMiniscriptIsRejectedWithBitcoindsReason() {
        assertThatThrownBy(() -> parse("wsh(older(1))")).hasMessage("older(1) is not sane: witnesses without signature exist");
        assertThatThrownBy(() -> parse("wsh(and_v(pk(" + KEY + "),pk(" + KEY2 + ")))"))
                .hasMessage("and_v(pk(" + KEY + "),pk(" + KEY2 + ")) is invalid");
        assertThatThrownBy(() -> parse("wsh(or_b(pk(" + KEY + "),s:pk(" + KEY + ")))"))
                .hasMessage("or_b(pk(" + KEY + "),s:pk(" + KEY + ")) is not sane: contains duplicate public keys");
        assertThatThrownBy(() -> parse("wsh(and_b(pk(" + KEY + "),a:and_b(after(100),a:after(1000000000))))"))
                .hasMessageEndingWith("is not sane: contains mixes of timelocks expressed in blocks and seconds");
        assertThatThrownBy(() -> parse("wsh(or_i(pk(" + KEY + "),sha256(" + "ab".repeat(32) + ")))"))
                .hasMessage("or_i(pk(" + KEY + "),sha256(" + "ab".repeat(32) + ")) is not sane: witnesses without signature exist");
    }
}
