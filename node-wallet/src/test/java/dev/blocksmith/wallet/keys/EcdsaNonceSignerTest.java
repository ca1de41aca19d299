package dev.blocksmith.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import fr.acinq.secp256k1.Secp256k1;
import org.junit.jupiter.api.Test;

/** Our nonce generator against libsecp256k1's, and bitcoind's low-R grinding. */
class EcdsaNonceSignerTest {
    @Test
    void withoutExtraEntropyItIsLibsecp256k1sSignature() {
        for (int i = 0; i < 20; i++) {
            byte[] secret = Hashes.sha256(("key " + i).getBytes());
            byte[] hash = Hashes.sha256(("msg " + i).getBytes());
            assertThat(EcdsaNonceSigner.signCompact(hash, secret, null)).isEqualTo(Secp256k1.get().sign(hash, secret));
        }
    }

    @Test
    void signaturesAreGroundToALowRAndVerify() {
        int ground = 0;
        for (int i = 0; i < 40; i++) {
            byte[] secret = Hashes.sha256(("key " + i).getBytes());
            byte[] hash = Hashes.sha256(("msg " + i).getBytes());
            byte[] der = Secp.signEcdsaDer(hash, secret);
            // DER: 30 len 02 rlen r...; a low R needs no 0x00 pad, so rlen <= 32 and its first byte < 0x80.
            assertThat(der[3]).isLessThanOrEqualTo((byte) 32);
            assertThat(der[4] & 0x80).isZero();
            assertThat(Secp.verifyEcdsaDer(der, hash, Secp.publicKey(secret))).isTrue();
            if ((Secp256k1.get().sign(hash, secret)[0] & 0x80) != 0) ground++;
        }
        assertThat(ground).as("some plain signatures had a high R").isPositive();
    }
}
