package dev.blocksmith.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.testsupport.MiniJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class Base58Test {
    @Test
    void coreEncodeDecodeVectors() throws Exception {
        List<?> rows = (List<?>) MiniJson.resource(Base58Test.class, "/vectors/base58_encode_decode.json");
        int n = 0;
        for (Object r : rows) {
            List<?> row = (List<?>) r;
            byte[] bytes = Hex.decode(((String) row.get(0)).toLowerCase());
            String text = (String) row.get(1);
            assertThat(Base58.encode(bytes)).as("encode %s", row.get(0)).isEqualTo(text);
            assertThat(Base58.decode(text)).as("decode %s", text).isEqualTo(bytes);
            n++;
        }
        System.out.println("base58_encode_decode.json: " + n + " cases run");
        assertThat(n).isEqualTo(21);
    }

    @Test
    void rejectsCharactersOutsideTheAlphabet() {
        for (String bad : new String[] {"0", "O", "I", "l", "3mJr0", " 3mJr7", "3mJr7 ", "é"}) {
            assertThatThrownBy(() -> Base58.decode(bad)).isInstanceOf(AddressFormatException.class);
        }
    }

    @Test
    void checkedRoundTripAndCorruptionDetected() throws Exception {
        byte[] payload = Hex.decode("00a31c06bd463e3923bc1aadbde48b16976c080717");
        String s = Base58.encodeChecked(payload);
        assertThat(s).isEqualTo("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo");
        assertThat(Base58.decodeChecked(s)).isEqualTo(payload);
        String corrupted = s.substring(0, 10) + (s.charAt(10) == 'a' ? 'b' : 'a') + s.substring(11);
        assertThatThrownBy(() -> Base58.decodeChecked(corrupted)).hasMessage("Invalid Base58Check checksum");
        assertThatThrownBy(() -> Base58.decodeChecked("1")).hasMessage("Invalid Base58Check length");
    }
}
