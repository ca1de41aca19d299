package dev.blocksmith.core.params;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The signet options as bitcoind reads them (ReadSigNetArgs): {@code -signetchallenge} (at most one
 * value, hex) and {@code -signetseednode} (any number). The exception messages are bitcoind's texts;
 * the node prints them after "Error: " at startup.
 *
 * @param challenge the custom challenge script, empty for the default signet
 * @param seeds the seed nodes, empty when {@code -signetseednode} was not given
 */
public record SignetOptions(Optional<byte[]> challenge, Optional<List<String>> seeds) {
    public SignetOptions {
        challenge = challenge.map(byte[]::clone);
        seeds = seeds.map(List::copyOf);
    }

    /**
     * @param challengeValues every {@code -signetchallenge} value given (command line and config)
     * @param seedNodes the {@code -signetseednode} values, empty if the option was not set
     * @throws IllegalArgumentException with bitcoind's message when the challenge is repeated or not hex
     */
    public static SignetOptions parse(List<String> challengeValues, Optional<List<String>> seedNodes) {
        Optional<byte[]> challenge = Optional.empty();
        if (!challengeValues.isEmpty()) {
            if (challengeValues.size() != 1) {
                throw new IllegalArgumentException("-signetchallenge cannot be multiple values.");
            }
            String value = challengeValues.get(0);
            challenge = Optional.of(parseHex(value).orElseThrow(
                    () -> new IllegalArgumentException("-signetchallenge must be hex, not '" + value + "'.")));
        }
        return new SignetOptions(challenge, seedNodes);
    }

    /** The network these options select. */
    public NetworkParams params() {
        return Networks.signet(challenge, seeds);
    }

    /** bitcoind's TryParseHex: pairs of hex digits, whitespace allowed between pairs, nothing else. */
    static Optional<byte[]> parseHex(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() / 2);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\u000b') {
                i++;
                continue;
            }
            if (i + 1 >= s.length()) return Optional.empty();
            int hi = Character.digit(c, 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0 || c > 0x7f || s.charAt(i + 1) > 0x7f) return Optional.empty();
            out.write(hi << 4 | lo);
            i += 2;
        }
        return Optional.of(out.toByteArray());
    }
}
