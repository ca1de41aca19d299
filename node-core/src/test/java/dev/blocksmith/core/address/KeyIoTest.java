package dev.blocksmith.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.testsupport.MiniJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Core's key_io_tests over key_io_valid.json and key_io_invalid.json, plus validateaddress messages. */
class KeyIoTest {
    private static final List<NetworkParams> NETWORKS = List.of(Networks.MAIN, Networks.TESTNET4, Networks.SIGNET, Networks.REGTEST);

    private static String flipCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        return sb.toString();
    }

    @Test
    void validKeysAndAddresses() throws Exception {
        List<?> rows = (List<?>) MiniJson.resource(KeyIoTest.class, "/vectors/key_io_valid.json");
        int n = 0;
        for (Object r : rows) {
            List<?> row = (List<?>) r;
            String text = (String) row.get(0);
            String hex = (String) row.get(1);
            Map<?, ?> meta = (Map<?, ?>) row.get(2);
            NetworkParams net = Networks.byName((String) meta.get("chain")).orElseThrow();
            if (Boolean.TRUE.equals(meta.get("isPrivkey"))) {
                PrivateKeyBytes key = Wif.decode(text, net);
                assertThat(key.toHex()).as(text).isEqualTo(hex);
                assertThat(key.compressed()).as(text).isEqualTo(meta.get("isCompressed"));
                assertThat(Wif.encode(key, net)).isEqualTo(text);
                assertThatThrownBy(() -> Address.decode(text, net)).as("privkey accepted as address: %s", text)
                        .isInstanceOf(AddressFormatException.class);
            } else {
                Address a = Address.decode(text, net);
                assertThat(a.toScriptPubKey().toHex()).as(text).isEqualTo(hex);
                assertThat(Address.fromScriptPubKey(Script.fromHex(hex), net).map(Address::encode)).as(text).contains(text);
                if (Boolean.TRUE.equals(meta.get("tryCaseFlip"))) {
                    assertThat(Address.decode(flipCase(text), net).toScriptPubKey().toHex()).as("flipped %s", text).isEqualTo(hex);
                }
                assertThatThrownBy(() -> Wif.decode(text, net)).as("address accepted as privkey: %s", text)
                        .isInstanceOf(AddressFormatException.class);
            }
            n++;
        }
        System.out.println("key_io_valid.json: " + n + " cases run");
        assertThat(n).isEqualTo(70);
    }

    @Test
    void invalidStringsRejectedOnEveryNetwork() {
        List<?> rows = (List<?>) MiniJson.resource(KeyIoTest.class, "/vectors/key_io_invalid.json");
        int n = 0;
        for (Object r : rows) {
            String text = (String) ((List<?>) r).get(0);
            for (NetworkParams net : NETWORKS) {
                assertThatThrownBy(() -> Address.decode(text, net)).as("%s on %s", text, net.name()).isInstanceOf(AddressFormatException.class);
                assertThatThrownBy(() -> Wif.decode(text, net)).as("%s on %s", text, net.name()).isInstanceOf(AddressFormatException.class);
            }
            n++;
        }
        System.out.println("key_io_invalid.json: " + n + " cases run");
        assertThat(n).isEqualTo(70);
    }

    /** Messages as bitcoind's validateaddress reports them (test/functional/rpc_validateaddress.py cases). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "main|tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty|Invalid or unsupported Segwit (Bech32) or Base58 encoding.",
        "main|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5|Invalid Bech32 checksum",
        "main|BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2|Version 1+ witness address must use Bech32m checksum",
        "main|BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P|Invalid Bech32 v0 address program size (16 bytes), per BIP141",
        "main|BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4|Invalid character or mixed case",
        "main|bc1gmk9yu|Empty Bech32 data section",
        "regtest|bcrt1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqdmchcc|Version 1+ witness address must use Bech32m checksum",
        "regtest|bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7k35mrzd|Version 0 witness address must use Bech32 checksum",
        "regtest|bcrt130xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqynjegk|Invalid Bech32 address witness version",
        "regtest|bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kqqq5k3my|Invalid Bech32 v0 address program size (21 bytes), per BIP141",
        "regtest|bcrt1s0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav25430mtr|Invalid Bech32 address program size (41 bytes)",
        "regtest|bcrt1q049edschfnwystcqnsvyfpj23mpsg3jcedq9xv049edschfnwystcqnsvyfpj23mpsg3jcedq9xv049edschfnwystcqnsvyfpj23m|Bech32 string too long",
        "regtest|bcrt1q049edschfnwystcqnsvyfpj23mpsg3jcedq9xv|Invalid Bech32 checksum",
        "regtest|bcrtq049ldschfnwystcqnsvyfpj23mpsg3jcedq9xv|Missing separator",
        "regtest|bcrt1q04oldschfnwystcqnsvyfpj23mpsg3jcedq9xv|Invalid Base 32 character",
        "main|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|OK",
        "testnet4|tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx|OK",
        "main|1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp|Invalid checksum or length of Base58 address (P2PKH or P2SH)",
        "main|mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ|Invalid or unsupported Base58-encoded address.",
        "main|0OIl|Invalid or unsupported Segwit (Bech32) or Base58 encoding.",
        "regtest|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|Invalid or unsupported Segwit (Bech32) or Base58 encoding.",
        "testnet4|tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsy|Invalid Bech32 checksum",
    })
    void validateAddressMessages(String chain, String text, String message) throws Exception {
        NetworkParams net = Networks.byName(chain).orElseThrow();
        if (message.equals("OK")) {
            assertThat(Address.decode(text, net)).isNotNull();
            return;
        }
        assertThatThrownBy(() -> Address.decode(text, net)).isInstanceOf(AddressFormatException.class).hasMessage(message);
    }

    /** validateaddress error_locations (test/functional/rpc_validateaddress.py, regtest cases). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bcrt1q049edschfnwystcqnsvyfpj23mpsg3jcedq9xv|Invalid Bech32 checksum|9",
        "bcrt1qax9suht3qv95sw33xavx8crpxduefdrsvgsklu|Invalid Bech32 checksum|22 43",
        "BCRT1QPLMTZKC2XHARPPZDLNPAQL78RSHJ68U32RAH7R|Invalid Bech32 checksum|38",
        "bcrt1qdg3myrgvzw7ml8q0ejxhlkyxn7vl9r56yzkfgvzclrf4hkpx9yfqhpsuks|Invalid Bech32 checksum|19 30",
        "bcrt1ptmp74ayg7p24uslctssvjm06q5phz4yrxucgnv|Invalid Bech32 checksum|5",
        "bcrt1q04oldschfnwystcqnsvyfpj23mpsg3jcedq9xv|Invalid Base 32 character|8",
        "bcrtq049ldschfnwystcqnsvyfpj23mpsg3jcedq9xv|Missing separator|",
        "bcrt1q049edschfnwystcqnsvyfpj23mpsg3jcedq9xv049edschfnwystcqnsvyfpj23mpsg3jcedq9xv049edschfnwystcqnsvyfpj23m|Bech32 string too long|90 91 92 93 94 95 96 97 98 99 100 101 102 103 104 105 106 107",
    })
    void errorLocations(String text, String message, String locations) {
        List<Integer> expected = locations == null ? List.of()
                : java.util.Arrays.stream(locations.split(" ")).map(Integer::valueOf).toList();
        assertThatThrownBy(() -> Address.decode(text, Networks.REGTEST)).isInstanceOfSatisfying(AddressFormatException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.errorLocations()).isEqualTo(expected);
        });
    }

    @Test
    void mainnetMixedCaseAndChecksumPositions() {
        assertThatThrownBy(() -> Address.decode("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4", Networks.MAIN))
                .isInstanceOfSatisfying(AddressFormatException.class, e -> assertThat(e.errorLocations()).containsExactly(40));
        assertThatThrownBy(() -> Address.decode("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", Networks.MAIN))
                .isInstanceOfSatisfying(AddressFormatException.class, e -> assertThat(e.errorLocations()).containsExactly(41));
    }

    @Test
    void base58PayloadWithKnownPrefixButWrongLength() {
        // 20-byte payload starting with the P2PKH version: a truncated hash, not an unknown type.
        String s = Base58.encodeChecked(new byte[20]);
        assertThatThrownBy(() -> Address.decode(s, Networks.MAIN)).hasMessage("Invalid length for Base58 address (P2PKH or P2SH)");
    }

    @Test
    void wifRejectsOutOfRangeSecretsAndBadSuffix() {
        byte[] payload = new byte[34];
        payload[0] = (byte) 0x80;
        payload[33] = 1;
        assertThatThrownBy(() -> Wif.decode(Base58.encodeChecked(payload), Networks.MAIN)).hasMessage("Private key outside allowed range");
        payload[32] = 1;
        payload[33] = 2;
        assertThatThrownBy(() -> Wif.decode(Base58.encodeChecked(payload), Networks.MAIN)).hasMessage("Invalid private key encoding");
    }

    @Test
    void fromScriptPubKeyOnlyForAddressableTemplates() {
        assertThat(Address.fromScriptPubKey(Script.fromHex("0010" + "00".repeat(16)), Networks.MAIN)).isEmpty();
        assertThat(Address.fromScriptPubKey(Script.fromHex("6a0401020304"), Networks.MAIN)).isEmpty();
        assertThat(Address.fromScriptPubKey(Script.fromHex("51024e73"), Networks.MAIN).map(Address::encode)).contains("bc1pfeessrawgf");
    }
}
