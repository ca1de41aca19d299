package dev.blocksmith.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.crypto.SignedMessages.Verification;
import org.junit.jupiter.api.Test;

class SignedMessagesTest {
    private static final String MESSAGE = "This is just a test message";
    /** rpc_signmessagewithprivkey's key, its P2PKH address and the signature bitcoind makes. */
    private static final String WIF = "cUeKHd5orzT3mz8P9pxyREHfsWtVfgsfDjiZZBcjUBAaGk1BTj7N";
    private static final String ADDRESS = "mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB";
    private static final String SIGNATURE = "INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0=";

    private static PrivateKeyBytes key() throws Exception {
        return Wif.decode(WIF, Networks.REGTEST);
    }

    @Test
    void signsAsBitcoindDoes() throws Exception {
        assertThat(SignedMessages.sign(key(), MESSAGE)).isEqualTo(SIGNATURE);
    }

    @Test
    void verifiesTheSignerAndRefusesOthers() {
        assertThat(SignedMessages.verify(ADDRESS, SIGNATURE, MESSAGE, Networks.REGTEST)).isEqualTo(Verification.OK);
        assertThat(SignedMessages.verify(ADDRESS, SIGNATURE, MESSAGE + ".", Networks.REGTEST)).isEqualTo(Verification.NOT_SIGNED);
        assertThat(SignedMessages.verify("mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxC", SIGNATURE, MESSAGE, Networks.REGTEST))
                .isEqualTo(Verification.INVALID_ADDRESS);
        assertThat(SignedMessages.verify("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", SIGNATURE, MESSAGE, Networks.REGTEST))
                .isEqualTo(Verification.ADDRESS_NO_KEY);
        assertThat(SignedMessages.verify(ADDRESS, "invalid_sig", MESSAGE, Networks.REGTEST)).isEqualTo(Verification.MALFORMED_SIGNATURE);
    }

    @Test
    void anUncompressedKeySignsForItsOwnAddress() throws Exception {
        PrivateKeyBytes uncompressed = new PrivateKeyBytes(key().secret(), false);
        String sig = SignedMessages.sign(uncompressed, MESSAGE);
        byte[] raw = java.util.Base64.getDecoder().decode(sig);
        assertThat(raw[0] & 0xff).isBetween(27, 30);
        byte[] pub = SignedMessages.recover(raw, SignedMessages.messageHash(MESSAGE)).orElseThrow();
        assertThat(pub).hasSize(65);
        // the same signature read as compressed recovers the compressed key, of another address
        assertThat(SignedMessages.verify(ADDRESS, sig, MESSAGE, Networks.REGTEST)).isEqualTo(Verification.NOT_SIGNED);
    }

    @Test
    void aSignatureOfAnotherLengthRecoversNothing() {
        assertThat(SignedMessages.verify(ADDRESS, "AAAA", MESSAGE, Networks.REGTEST)).isEqualTo(Verification.PUBKEY_NOT_RECOVERED);
    }
}
