package dev.blocksmith.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import fr.acinq.secp256k1.Secp256k1;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignetBlockSolutionTest {
    private static final Secp256k1 SECP = Secp256k1.get();
    /** The default challenge as a 2-of-2: the real signet blocks carry one signature, so they fail it. */
    private static final String TWO_OF_TWO = "52" + Networks.DEFAULT_SIGNET_CHALLENGE.substring(2);

    /** Blocks 1-3 of the default signet (public chain data, also used by bitcoind's feature_signet). */
    private static List<Block> defaultSignetBlocks() throws IOException {
        try (InputStream in = SignetBlockSolutionTest.class.getResourceAsStream("/signet/default-signet-blocks-1-3.hex")) {
            List<Block> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) out.add(Block.fromHex(line.trim()));
            }
            return out;
        }
    }

    @Test
    void theDefaultSignetsFirstBlocksCarryValidSolutions() throws Exception {
        Sha256Hash prev = Networks.SIGNET.genesisHash();
        for (Block b : defaultSignetBlocks()) {
            assertThat(b.header().prevHash()).isEqualTo(prev);
            assertThat(SignetBlockSolution.isValid(b, Script.fromHex(Networks.DEFAULT_SIGNET_CHALLENGE), Networks.SIGNET.genesisHash())).isTrue();
            SignetBlockSolution.check(b, Networks.SIGNET);
            prev = b.hash();
        }
    }

    @Test
    void aSolutionForAnotherChallengeIsBadSignetBlksig() throws Exception {
        NetworkParams twoOfTwo = Networks.signet(Optional.of(Hex.decode(TWO_OF_TWO)), Optional.empty());
        Block first = defaultSignetBlocks().get(0);
        assertThatThrownBy(() -> SignetBlockSolution.check(first, twoOfTwo))
                .isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("reason", "bad-signet-blksig");
        // And through CheckBlock with proof of work, as bitcoind's CheckBlock does.
        assertThatThrownBy(() -> BlockChecks.checkBlock(first, twoOfTwo, true))
                .hasFieldOrPropertyWithValue("reason", "bad-signet-blksig");
        BlockChecks.checkBlock(first, Networks.SIGNET, true);
        // Without proof-of-work checks (block templates) the signature is not looked at.
        BlockChecks.checkBlock(first, twoOfTwo, false);
    }

    @Test
    void theSignatureCommitsToTheHeaderTimeButNotTheNonce() throws Exception {
        Block b = defaultSignetBlocks().get(0);
        BlockHeader h = b.header();
        Block otherNonce = new Block(new BlockHeader(h.version(), h.prevHash(), h.merkleRoot(), h.time(), h.bits(), h.nonce() + 1),
                b.transactions());
        Block otherTime = new Block(new BlockHeader(h.version(), h.prevHash(), h.merkleRoot(), h.time() + 1, h.bits(), h.nonce()),
                b.transactions());
        Script challenge = Script.fromHex(Networks.DEFAULT_SIGNET_CHALLENGE);
        Sha256Hash genesis = Networks.SIGNET.genesisHash();
        assertThat(SignetBlockSolution.isValid(otherNonce, challenge, genesis)).isTrue();
        assertThat(SignetBlockSolution.isValid(otherTime, challenge, genesis)).isFalse();
    }

    @Test
    void genesisNeedsNoSolution() {
        NetworkParams twoOfTwo = Networks.signet(Optional.of(Hex.decode(TWO_OF_TWO)), Optional.empty());
        assertThat(SignetBlockSolution.isValid(twoOfTwo.genesis(), twoOfTwo.signetChallenge().orElseThrow(), twoOfTwo.genesisHash())).isTrue();
    }

    @Test
    void opTrueChallengeNeedsNoSolutionButAWitnessCommitment() {
        Script opTrue = Script.fromHex("51");
        Sha256Hash genesis = Networks.SIGNET.genesisHash();
        Block withCommitment = block(commitmentScript(Optional.empty()));
        assertThat(SignetBlockSolution.isValid(withCommitment, opTrue, genesis)).isTrue();
        Block withoutCommitment = block(Script.fromHex("51"));
        assertThat(SignetBlockSolution.isValid(withoutCommitment, opTrue, genesis)).isFalse();
        // A solution that does not parse, or has bytes after the witness, makes the block invalid.
        assertThat(SignetBlockSolution.isValid(block(commitmentScript(Optional.of(Hex.decode("05")))), opTrue, genesis)).isFalse();
        assertThat(SignetBlockSolution.isValid(block(commitmentScript(Optional.of(Hex.decode("000000")))), opTrue, genesis)).isFalse();
        assertThat(SignetBlockSolution.isValid(block(commitmentScript(Optional.of(Hex.decode("0000")))), opTrue, genesis)).isTrue();
    }

    @Test
    void aCustomP2wpkhChallengeSignedWithAKnownKey() {
        byte[] key = Hashes.sha256("signet test key".getBytes(StandardCharsets.US_ASCII));
        byte[] pub = SECP.pubKeyCompress(SECP.pubkeyCreate(key));
        Script challenge = new ScriptBuilder().op(0).data(Hashes.hash160(pub)).build();
        Sha256Hash genesis = Networks.SIGNET.genesisHash();

        Block signed = signP2wpkh(key, pub, challenge);
        assertThat(SignetBlockSolution.isValid(signed, challenge, genesis)).isTrue();

        byte[] otherKey = Hashes.sha256("another key".getBytes(StandardCharsets.US_ASCII));
        Block wrongKey = signP2wpkh(otherKey, SECP.pubKeyCompress(SECP.pubkeyCreate(otherKey)), challenge);
        assertThat(SignetBlockSolution.isValid(wrongKey, challenge, genesis)).isFalse();
        // Unsigned: an empty solution does not satisfy the key.
        assertThat(SignetBlockSolution.isValid(block(commitmentScript(Optional.of(Hex.decode("0000")))), challenge, genesis)).isFalse();
    }

    @Test
    void theMessageStartIsDerivedFromTheChallenge() {
        assertThat(Networks.SIGNET.magicHex()).isEqualTo("0a03cf40");
        NetworkParams opTrue = Networks.signet(Optional.of(Hex.decode("51")), Optional.empty());
        assertThat(opTrue.magicHex()).isEqualTo("54d26fbd");
        assertThat(opTrue.genesisHash()).isEqualTo(Networks.SIGNET.genesisHash());
        assertThat(opTrue.dataDirName()).isEqualTo("signet");
        assertThat(opTrue.name()).isEqualTo("signet");
        assertThat(opTrue.dnsSeeds()).isEmpty();
        assertThat(opTrue.assumeValid()).isEmpty();
        assertThat(opTrue.minimumChainWork()).isZero();
        assertThat(Networks.SIGNET.dnsSeeds()).containsExactly("seed.signet.bitcoin.sprovoost.nl", "seed.signet.achownodes.xyz");
        assertThat(Networks.signet(Optional.empty(), Optional.of(List.of("1.2.3.4:38333"))).dnsSeeds()).containsExactly("1.2.3.4:38333");
    }

    // ------------------------------------------------------------------ helpers

    private static Block signP2wpkh(byte[] key, byte[] pub, Script challenge) {
        // Sign over the block with a placeholder solution: the solution is removed before hashing.
        Block draft = block(commitmentScript(Optional.of(Hex.decode("0000"))));
        SignetBlockSolution.SignetTxs txs = SignetBlockSolution.create(draft, challenge).orElseThrow();
        Script scriptCode = Script.fromHex("76a914" + Hex.encode(Hashes.hash160(pub)) + "88ac");
        PrecomputedTransactionData data = new PrecomputedTransactionData(txs.toSign(), List.of(txs.toSpend().output(0)));
        byte[] sighash = SignatureHasher.hash(scriptCode, txs.toSign(), 0, SignatureHasher.SIGHASH_ALL, 0, SigVersion.WITNESS_V0, data);
        byte[] der = SECP.compact2der(SECP.sign(sighash, key));
        byte[] sig = Arrays.copyOf(der, der.length + 1);
        sig[der.length] = SignatureHasher.SIGHASH_ALL;
        ByteWriter solution = new ByteWriter().varBytes(new byte[0]);
        Witness.of(sig, pub).write(solution);
        return block(commitmentScript(Optional.of(solution.toByteArray())));
    }

    /** A BIP141 commitment output, with a signet solution push after it when given. */
    private static Script commitmentScript(Optional<byte[]> solution) {
        byte[] commitment = new byte[36];
        System.arraycopy(Block.WITNESS_COMMITMENT_HEADER, 0, commitment, 0, 4);
        Arrays.fill(commitment, 4, 36, (byte) 0x11);
        ScriptBuilder b = new ScriptBuilder().op(0x6a).data(commitment);
        solution.ifPresent(s -> {
            byte[] push = new byte[4 + s.length];
            System.arraycopy(SignetBlockSolution.SIGNET_HEADER, 0, push, 0, 4);
            System.arraycopy(s, 0, push, 4, s.length);
            b.data(push);
        });
        return b.build();
    }

    private static Block block(Script lastCoinbaseOutput) {
        Transaction coinbase = new Transaction(2,
                List.of(new TxIn(OutPoint.NULL, Script.fromHex("5151"), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(50_0000_0000L, Script.fromHex("51")), new TxOut(0, lastCoinbaseOutput)), 0);
        List<Transaction> txs = List.of(coinbase);
        BlockHeader h = new BlockHeader(0x20000000, Networks.SIGNET.genesisHash(), Sha256Hash.ZERO, 1_700_000_000L, 0x1e0377aeL, 0);
        return new Block(h.withMerkleRoot(new Block(h, txs).computeMerkle().root()), txs);
    }
}
