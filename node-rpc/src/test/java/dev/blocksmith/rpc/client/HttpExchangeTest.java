package dev.blocksmith.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpExchangeTest {
    private static HttpExchange.Response read(String raw) throws IOException {
        return HttpExchange.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void contentLengthChunkedAndCloseDelimitedBodies() throws IOException {
        assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA")).isEqualTo(new HttpExchange.Response(200, "hello"));
        assertThat(read("HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"))
                .isEqualTo(new HttpExchange.Response(500, "abcde"));
        assertThat(read("HTTP/1.0 401 Unauthorized\r\n\r\nrest")).isEqualTo(new HttpExchange.Response(401, "rest"));
    }

    @Test
    void closedOrTruncatedRepliesAreErrors() {
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")).isInstanceOf(IOException.class);
    }
}
