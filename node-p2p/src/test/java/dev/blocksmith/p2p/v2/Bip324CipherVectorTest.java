package dev.blocksmith.p2p.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.ElligatorSwift;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every row of BIP324's packet_encoding_test_vectors.csv: the x-only ECDH, the shared secret, every derived key, the
 * garbage terminators and session id, and the ciphertext of packet number in_idx (the earlier packets are encrypted
 * first, which is what moves both ciphers and their rekeying along). Each row's packet is also decrypted by the other
 * side's cipher, built from the same secret.
 */
class Bip324CipherVectorTest {
    private static final byte[] MAINNET_MAGIC = Hex.decode("f9beb4d9");

    @Test
    void everyPacketVector() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/vectors/bip324-packet_encoding_test_vectors.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) rows.add(lines[i].split(",", -1));
            }
        }
        assertThat(rows).hasSize(7);
        for (String[] r : rows) {
            int idx = Integer.parseInt(r[0]);
            byte[] priv = Hex.decode(r[1]);
            byte[] ours = Hex.decode(r[2]);
            byte[] theirs = Hex.decode(r[3]);
            boolean initiating = Integer.parseInt(r[4]) != 0;
            byte[] unit = Hex.decode(r[5]);
            int multiply = Integer.parseInt(r[6]);
            byte[] aad = Hex.decode(r[7]);
            boolean ignore = Integer.parseInt(r[8]) != 0;
            String row = "in_idx " + idx;

            byte[] pub = Secp256k1Verifier.library().pubkeyCreate(priv);
            assertThat(Hex.encode(Arrays.copyOfRange(pub, 1, 33))).as(row).isEqualTo(r[9]);
            assertThat(Hex.encode(ElligatorSwift.decode(ours))).as(row).isEqualTo(r[9]);
            assertThat(Hex.encode(ElligatorSwift.decode(theirs))).as(row).isEqualTo(r[10]);
            assertThat(Hex.encode(ElligatorSwift.xOnlyEcdh(theirs, priv))).as(row).isEqualTo(r[11]);
            byte[] secret = Bip324Cipher.sharedSecret(priv, ours, theirs, initiating);
            assertThat(Hex.encode(secret)).as(row).isEqualTo(r[12]);
            assertThat(Hex.encode(Bip324Cipher.derive(secret, MAINNET_MAGIC, "initiator_L"))).as(row).isEqualTo(r[13]);
            assertThat(Hex.encode(Bip324Cipher.derive(secret, MAINNET_MAGIC, "initiator_P"))).as(row).isEqualTo(r[14]);
            assertThat(Hex.encode(Bip324Cipher.derive(secret, MAINNET_MAGIC, "responder_L"))).as(row).isEqualTo(r[15]);
            assertThat(Hex.encode(Bip324Cipher.derive(secret, MAINNET_MAGIC, "responder_P"))).as(row).isEqualTo(r[16]);

            Bip324Cipher cipher = Bip324Cipher.initialize(priv, ours, theirs, initiating, MAINNET_MAGIC);
            assertThat(Hex.encode(cipher.sendGarbageTerminator())).as(row).isEqualTo(r[17]);
            assertThat(Hex.encode(cipher.recvGarbageTerminator())).as(row).isEqualTo(r[18]);
            assertThat(Hex.encode(cipher.sessionId())).as(row).isEqualTo(r[19]);

            Bip324Cipher peer = Bip324Cipher.fromSharedSecret(secret, !initiating, MAINNET_MAGIC);
            for (int i = 0; i < idx; i++) {
                byte[] dummy = cipher.encrypt(new byte[0], new byte[0], true);
                peer.decryptLength(Arrays.copyOfRange(dummy, 0, 3));
                assertThat(peer.decrypt(Arrays.copyOfRange(dummy, 3, dummy.length), new byte[0])).as(row).isPresent();
            }
            byte[] contents = new byte[unit.length * multiply];
            for (int i = 0; i < multiply; i++) System.arraycopy(unit, 0, contents, i * unit.length, unit.length);
            byte[] ciphertext = cipher.encrypt(contents, aad, ignore);
            String hex = Hex.encode(ciphertext);
            if (!r[20].isEmpty()) assertThat(hex).as(row).isEqualTo(r[20]);
            if (!r[21].isEmpty()) assertThat(hex).as(row).endsWith(r[21]);

            assertThat(peer.decryptLength(Arrays.copyOfRange(ciphertext, 0, 3))).as(row).isEqualTo(contents.length);
            Bip324Cipher.Packet packet = peer.decrypt(Arrays.copyOfRange(ciphertext, 3, ciphertext.length), aad).orElseThrow();
            assertThat(packet.ignore()).as(row).isEqualTo(ignore);
            assertThat(packet.contents()).as(row).isEqualTo(contents);
        }
    }

    @Test
    void aTamperedPacketDoesNotAuthenticate() {
        byte[] secret = new byte[32];
        secret[0] = 1;
        Bip324Cipher a = Bip324Cipher.fromSharedSecret(secret, true, MAINNET_MAGIC);
        Bip324Cipher b = Bip324Cipher.fromSharedSecret(secret, false, MAINNET_MAGIC);
        byte[] packet = a.encrypt(new byte[] {1, 2, 3}, new byte[] {9}, false);
        packet[5] ^= 1;
        assertThat(b.decryptLength(Arrays.copyOfRange(packet, 0, 3))).isEqualTo(3);
        assertThat(b.decrypt(Arrays.copyOfRange(packet, 3, packet.length), new byte[] {9})).isEmpty();
    }

    @Test
    void theWrongAadDoesNotAuthenticate() {
        byte[] secret = new byte[32];
        Bip324Cipher a = Bip324Cipher.fromSharedSecret(secret, true, MAINNET_MAGIC);
        Bip324Cipher b = Bip324Cipher.fromSharedSecret(secret, false, MAINNET_MAGIC);
        byte[] packet = a.encrypt(new byte[0], new byte[] {1, 2}, false);
        b.decryptLength(Arrays.copyOfRange(packet, 0, 3));
        assertThat(b.decrypt(Arrays.copyOfRange(packet, 3, packet.length), new byte[0])).isEmpty();
    }
}
