package dev.blocksmith.p2p.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.testsupport.AllocationBudget;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Fuzzes {@link MessageCodec#decode} for every message payload a peer can send. One target per message
 * family, so that each gets its own corpus and its own share of a fuzzing run; the first input byte picks
 * the command within the family, the rest is the payload. Without JAZZER_FUZZ=1 each target replays its
 * committed inputs in MessageDecoderFuzzTestInputs/&lt;target&gt;/ (node-bench/run-fuzz.sh fuzzes them).
 * <p>
 * Properties: the only failures are the typed ones the peer handler turns into misbehaviour
 * ({@link SerializationException}, {@link OversizedMessage}); allocation stays in proportion to the
 * payload; and decode → encode → decode is stable: what we decoded encodes to bytes that decode to a
 * message with the same encoding (so relaying or logging a message never changes it, and a message we
 * accept from a peer is one we could send).
 */
class MessageDecoderFuzzTest {

    @FuzzTest
    void version(byte[] data) {
        check(List.of("version"), data);
    }

    @FuzzTest
    void addr(byte[] data) {
        check(List.of("addr", "addrv2"), data);
    }

    @FuzzTest
    void inventory(byte[] data) {
        check(List.of("inv", "getdata", "notfound"), data);
    }

    @FuzzTest
    void headers(byte[] data) {
        check(List.of("headers"), data);
    }

    @FuzzTest
    void locator(byte[] data) {
        check(List.of("getheaders", "getblocks"), data);
    }

    @FuzzTest
    void block(byte[] data) {
        check(List.of("block"), data);
    }

    @FuzzTest
    void tx(byte[] data) {
        check(List.of("tx"), data);
    }

    @FuzzTest
    void compactBlocks(byte[] data) {
        check(List.of("cmpctblock", "getblocktxn", "blocktxn", "sendcmpct"), data);
    }

    @FuzzTest
    void small(byte[] data) {
        check(List.of("feefilter", "ping", "pong", "verack", "wtxidrelay", "sendaddrv2", "sendheaders", "getaddr", "mempool"), data);
    }

    @FuzzTest
    void compactFilters(byte[] data) {
        check(List.of("getcfilters", "getcfheaders", "getcfcheckpt", "cfilter", "cfheaders", "cfcheckpt"), data);
    }

    private static void check(List<String> commands, byte[] data) {
        if (data.length == 0) return;
        String command = commands.get((data[0] & 0xff) % commands.size());
        byte[] payload = Arrays.copyOfRange(data, 1, data.length);

        Message message;
        try {
            message = MessageCodec.decode(command, payload);
        } catch (SerializationException | OversizedMessage expected) {
            message = null;
        }
        AllocationBudget.check(payload.length, "decode " + command, () -> {
            try {
                MessageCodec.decode(command, payload);
            } catch (SerializationException | OversizedMessage expected) {
                // the allocation made on the way to the error counts too
            }
        });
        if (message == null) return;
        if (message instanceof Message.Unknown) throw new AssertionError(command + " decoded as unknown");

        byte[] encoded = MessageCodec.encode(message);
        Message again;
        try {
            again = MessageCodec.decode(command, encoded);
        } catch (SerializationException | OversizedMessage e) {
            throw new AssertionError(command + " we decoded re-encodes to bytes we reject ("
                    + e.getMessage() + "): " + HexFormat.of().formatHex(encoded), e);
        }
        byte[] reencoded = MessageCodec.encode(again);
        if (!Arrays.equals(encoded, reencoded)) {
            throw new AssertionError(command + " round trip differs: " + HexFormat.of().formatHex(encoded)
                    + " then " + HexFormat.of().formatHex(reencoded));
        }
    }
}
