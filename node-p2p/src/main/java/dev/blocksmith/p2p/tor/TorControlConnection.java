package dev.blocksmith.p2p.tor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection to Tor's control port, one command and its reply at a time (lines end in CRLF; {@code 250-} starts a
 * middle line, {@code 250+} a data block ended by a lone ".", {@code 250 } the last line). Asynchronous event
 * replies (code 6xx) are skipped, as nothing here subscribes to events.
 */
final class TorControlConnection implements AutoCloseable {
    /** Longest reply line accepted (Tor's lines are short; bitcoind caps a reply at 100 000 lines). */
    private static final int MAX_LINE = 100_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TorControlConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static TorControlConnection open(InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return new TorControlConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    TorControlReply command(String command, Duration timeout) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply(timeout);
    }

    /** The next reply; {@code timeout} zero waits without limit (used to notice a closed connection). */
    TorControlReply reply(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        while (true) {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine();
                if (line.length() < 4) throw new IOException("malformed Tor control reply line: " + line);
                int code;
                try {
                    code = Integer.parseInt(line.substring(0, 3));
                } catch (NumberFormatException e) {
                    throw new IOException("malformed Tor control reply line: " + line);
                }
                char separator = line.charAt(3);
                lines.add(line.substring(4));
                if (separator == '+') {
                    // a data block: lines up to a lone "." belong to this line
                    StringBuilder data = new StringBuilder(lines.removeLast());
                    for (String d = readLine(); !d.equals("."); d = readLine()) data.append('\n').append(d.startsWith(".") ? d.substring(1) : d);
                    lines.add(data.toString());
                } else if (separator == ' ') {
                    if (code / 100 == 6) break; // an asynchronous event, not our reply
                    return new TorControlReply(code, lines);
                } else if (separator != '-') {
                    throw new IOException("malformed Tor control reply line: " + line);
                }
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("Tor control connection closed");
            if (b == '\n') break;
            if (line.size() >= MAX_LINE) throw new IOException("Tor control reply line too long");
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
    }
}
