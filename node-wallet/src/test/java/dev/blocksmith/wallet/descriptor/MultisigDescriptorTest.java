package dev.blocksmith.wallet.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * multi()/sortedmulti() descriptors (BIP383). The fixed-key vectors (descriptors, scripts, checksums, the
 * mainnet P2WSH address) are BIP383's / BIP380's examples, which Bitcoin Core's descriptor_tests and libwally's
 * descriptor tests also use. The error messages are those of Core's script/descriptor.cpp ParseScript. The
 * ranged xpub cases are checked against scripts assembled here independently of the descriptor code: BIP32
 * children, sorted by hand, and the BIP16/BIP141 hashes.
 */
class MultisigDescriptorTest {
    private static final String K1 = "022f01e5e15cca351daff3843fb70f3c2f0a1bdd05e5af888a67784ef3e10a2a01";
    private static final String K2 = "03acd484e2f0c7f65309ad178a9f559abde09796974c57e714c35f110dfc27ccbe";
    private static final String W1 = "03a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7";
    private static final String W2 = "03774ae7f858a9411e5ef4246b70c65aac5649980be5c17891bbec17895da008cb";
    private static final String W3 = "03d01115d548e7561b15c38f004d734633687cf4419620095bc5b0f47070afe85a";

    private static Descriptor parse(String text) throws DescriptorException {
        return Descriptor.parse(text, Networks.REGTEST, false);
    }

    @Test
    void bip383Vectors() throws Exception {
        Descriptor sh = parse("sh(multi(2," + K1 + "," + K2 + "))");
        assertThat(sh.kind()).isEqualTo(Descriptor.Kind.SH_MULTI);
        assertThat(sh.scriptPubKey(0).toHex()).isEqualTo("a914a6a8b030a38762f4c1f5cbe387b61a3c5da5cd2687");
        assertThat(sh.redeemScript(0).orElseThrow().toHex()).isEqualTo("5221" + K1 + "21" + K2 + "52ae");
        assertThat(sh.toString()).isEqualTo("sh(multi(2," + K1 + "," + K2 + "))#y9zthqta");

        // sortedmulti: the same script whatever order the keys are written in, but its own checksum.
        Descriptor sorted = parse("sh(sortedmulti(2," + K2 + "," + K1 + "))");
        assertThat(sorted.scriptPubKey(0)).isEqualTo(sh.scriptPubKey(0));
        assertThat(sorted.toString()).isEqualTo("sh(sortedmulti(2," + K2 + "," + K1 + "))#qwx6n9lh");
        // Inference sees only the script: Core prints it back as multi() in script order.
        String inferred = "sh(multi(2,[" + fingerprint(K1) + "]" + K1 + ",[" + fingerprint(K2) + "]" + K2 + "))";
        assertThat(sorted.inferredString(0)).isEqualTo(DescriptorChecksum.append(inferred)).isEqualTo(sh.inferredString(0));

        Descriptor wsh = Descriptor.parse("wsh(multi(2," + W1 + "," + W2 + "," + W3 + "))#en3tu306", Networks.MAIN, true);
        assertThat(wsh.scriptPubKey(0).toHex()).isEqualTo("0020773d709598b76c4e3b575c08aad40658963f9322affc0f8c28d1d9a68d0c944a");
        assertThat(wsh.address(0).encode()).isEqualTo("bc1qwu7hp9vckakyuw6htsy244qxtztrlyez4l7qlrpg68v6drgvj39qn4zazc");
        assertThat(wsh.witnessScript(0).orElseThrow().toHex()).isEqualTo("5221" + W1 + "21" + W2 + "21" + W3 + "53ae");
        assertThat(wsh.redeemScript(0)).isEmpty();

        Descriptor nested = parse("sh(wsh(multi(2," + W1 + "," + W2 + "," + W3 + ")))");
        assertThat(nested.kind()).isEqualTo(Descriptor.Kind.SH_WSH_MULTI);
        assertThat(nested.redeemScript(0)).contains(wsh.scriptPubKey(0));
        assertThat(nested.scriptPubKey(0)).isEqualTo(p2sh(wsh.scriptPubKey(0)));
    }

    /** What Core's InferPubkey gives a fixed key without origin: its key id's first four bytes. */
    private static String fingerprint(String hex) {
        return Hex.encode(Arrays.copyOf(Hashes.hash160(Hex.decode(hex)), 4));
    }

    @Test
    void rangedSortedMultiDerivesBip67ScriptsFromXpubs() throws Exception {
        List<ExtendedKey> accounts = new ArrayList<>();
        StringBuilder keys = new StringBuilder();
        KeyPath account = KeyPath.parse("m/48h/1h/0h/2h");
        for (int s = 1; s <= 3; s++) {
            byte[] seed = new byte[32];
            Arrays.fill(seed, (byte) s);
            ExtendedKey master = ExtendedKey.fromSeed(seed);
            ExtendedKey acct = master.derive(account);
            accounts.add(acct);
            keys.append(",[").append(KeyOrigin.fingerprintHex(master.fingerprint())).append("/48h/1h/0h/2h]")
                    .append(acct.serializePublic(Networks.REGTEST)).append("/0/*");
        }
        Descriptor d = parse("wsh(sortedmulti(2" + keys + "))");
        assertThat(d.isRange()).isTrue();
        assertThat(d.hasPrivateKeys()).isFalse();
        assertThat(d.isDerivable()).isTrue();
        for (int i = 0; i < 4; i++) {
            List<byte[]> pubs = new ArrayList<>();
            for (ExtendedKey a : accounts) pubs.add(a.derive(0).derive(i).publicKey());
            pubs.sort(Arrays::compareUnsigned);
            ScriptBuilder b = new ScriptBuilder().op(Opcodes.OP_2);
            for (byte[] p : pubs) b.data(p);
            Script ws = b.op(Opcodes.OP_3).op(Opcodes.OP_CHECKMULTISIG).build();
            assertThat(d.witnessScript(i)).contains(ws);
            assertThat(d.scriptPubKey(i)).isEqualTo(new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(ws.rawBytes())).build());
        }
        // Printing: the public form as written, with origins; the key origin of each key at a position.
        assertThat(d.toString()).startsWith("wsh(sortedmulti(2,[").contains("/48h/1h/0h/2h]tpub").endsWith("/0/*))#" + d.toString().substring(d.toString().length() - 8));
        assertThat(d.toNormalizedString()).isEqualTo(d.toString());
        assertThat(d.keys().get(1).originAt(7).path().toString()).isEqualTo("m/48h/1h/0h/2h/0/7");
        assertThat(parse(d.toString()).toString()).isEqualTo(d.toString());
        // bitcoind's MaxInputWeight for 2-of-3 P2WSH with 71-byte (low-R) signatures: (32 + 4 + 4 + 1) * 4, the item
        // count (1) and the witness: the script with its length (106), the dummy (1), two 72-byte pushes = 416 WU.
        assertThat(d.maxInputWeight(false)).isEqualTo(InputWeight.ofWitness(416));
        assertThat(d.inputVBytes()).isEqualTo(104);
        // With 72-byte signatures (bitcoind's use_max_sig for inputs it does not sign): 418 WU.
        assertThat(d.maxInputWeight(true).segwitTxWeight()).isEqualTo(418);
    }

    @Test
    void privateKeysAndInputSizes() throws Exception {
        byte[] seed = new byte[32];
        ExtendedKey master = ExtendedKey.fromSeed(seed);
        String tprv = master.serialize(Networks.REGTEST);
        String tpub = master.serializePublic(Networks.REGTEST);
        Descriptor one = parse("wsh(multi(1," + tprv + "/0/*," + W1 + "))");
        assertThat(one.hasPrivateKeys()).isTrue();
        assertThat(one.hasAllPrivateKeys()).isFalse();
        assertThat(one.toString()).isEqualTo(parse("wsh(multi(1," + tpub + "/0/*," + W1 + "))").toString());
        assertThat(one.toPrivateString()).contains(tprv);
        assertThat(one.normalized().hasPrivateKeys()).isFalse();
        assertThat(one.keys().get(0).privateKey(3)).isPresent();
        assertThat(one.keys().get(1).privateKey(3)).isEmpty();
        // P2SH 2-of-3 as bitcoind's SHDescriptor sizes it: the script with one push byte (106), OP_0, two 72-byte
        // pushes = 251 bytes of scriptSig, a one-byte length: (40 + 1 + 251) * 4 = 1168 WU, 292 vB in a legacy
        // transaction, one unit more (an empty witness) where the transaction has witness data: 293 vB for selection.
        Descriptor shMulti = parse("sh(multi(2," + W1 + "," + W2 + "," + W3 + "))");
        assertThat(shMulti.maxInputWeight(false)).isEqualTo(new InputWeight(1168, 1169, false));
        assertThat(shMulti.inputVBytes()).isEqualTo(293);
        // Nested: a 35-byte scriptSig, the item count and the P2WSH witness: (41 + 35) * 4 + 1 + 251 = 556 WU.
        assertThat(parse("sh(wsh(multi(2," + W1 + "," + W2 + "," + W3 + ")))").maxInputWeight(false)).isEqualTo(InputWeight.ofWitness(556));
    }

    @Test
    void parseErrorsAsCore() throws Exception {
        String uncompressed = "04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235";
        String[][] cases = {
                {"sh(multi(0," + K1 + "," + K2 + "))", "Multisig threshold cannot be 0, must be at least 1"},
                {"wsh(multi(3," + K1 + "," + K2 + "))", "Multisig threshold cannot be larger than the number of keys; threshold is 3 but only 2 keys specified"},
                {"sh(multi(a," + K1 + "))", "Multi threshold 'a' is not valid"},
                {"sh(multi(+1," + K1 + "))", "Multi threshold '+1' is not valid"},
                {"sh(multi(1))", "Cannot have 0 keys in multisig; must have between 1 and 20 keys, inclusive"},
                {"wsh(multi(1," + (K1 + ",").repeat(21) + K1 + "))", "Cannot have 22 keys in multisig; must have between 1 and 20 keys, inclusive"},
                // 16 compressed keys: 16 * 34 + 3 = 547 bytes, over BIP16's 520-byte push.
                {"sh(multi(1," + (K1 + ",").repeat(15) + K1 + "))", "P2SH script is too large, 547 bytes is larger than 520 bytes"},
                {"wsh(multi(1," + uncompressed + "))", "Multi: Uncompressed keys are not allowed"},
                {"sh(wsh(multi(1," + uncompressed + ")))", "Multi: Uncompressed keys are not allowed"},
                {"wsh(multi(1,02aaaa))", "Multi: Pubkey '02aaaa' is invalid"},
                {"wsh(multi(1," + K1 + ",))", "Multi: No key provided"},
                {"wsh(wpkh(" + K1 + "))", "Can only have wpkh() at top level or inside sh()"},
                {"wsh(sh(multi(1," + K1 + ")))", "Can only have sh() at top level"},
                {"wsh(wsh(multi(1," + K1 + ")))", "Can only have wsh() at top level or inside sh()"},
                {"wsh(" + K1 + ")", "A function is needed within P2WSH"},
                {"sh(tr(" + K1 + "))", "Can only have tr at top level"},
                {"sh(multi_a(1," + K1 + "))", "Can only have multi_a/sortedmulti_a inside tr()"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0])).as(c[0]).isInstanceOf(DescriptorException.class).hasMessage(c[1]);
        }
        // 15 compressed keys fit (513 bytes); uncompressed keys are allowed directly in P2SH.
        org.assertj.core.api.Assertions.assertThatCode(() -> parse("sh(multi(1," + (K1 + ",").repeat(14) + K1 + "))")).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThatCode(() -> parse("sh(multi(1," + uncompressed + "))")).doesNotThrowAnyException();
        // Bare multisig: the script itself, at most 3 keys (bitcoind's standardness limit and text).
        assertThat(parse("multi(1," + K1 + ")").scriptPubKey(0)).isEqualTo(parse("sh(multi(1," + K1 + "))").redeemScript(0).orElseThrow());
        assertThat(parse("multi(1," + K1 + ")").kind()).isEqualTo(Descriptor.Kind.BARE_MULTI);
        assertThatThrownBy(() -> parse("multi(1," + (K1 + ",").repeat(3) + K1 + ")"))
                .hasMessage("Cannot have 4 pubkeys in bare multisig; only at most 3 pubkeys");
    }

    private static Script p2sh(Script s) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(s.rawBytes())).op(Opcodes.OP_EQUAL).build();
    }
}
