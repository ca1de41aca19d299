package dev.blocksmith.rpc.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code .cookie} credential bitcoind writes when no RPC password is configured: user
 * {@code __cookie__} and 32 random bytes in hex, readable only by the owner, created at start and
 * removed at stop. Local tools (blocksmith cli) read it instead of asking for a password.
 */
public final class AuthCookie {
    public static final String COOKIE_USER = "__cookie__";
    public static final String FILE_NAME = ".cookie";

    private final Path file;
    private final String password;

    private AuthCookie(Path file, String password) {
        this.file = file;
        this.password = password;
    }

    /**
     * Writes a fresh cookie to {@code file}: first to a temporary file with mode 0600, then renamed,
     * so a reader never sees a partial cookie.
     */
    public static AuthCookie generate(Path file) throws IOException {
        return generate(file, "rw-------");
    }

    /**
     * As {@link #generate(Path)} with bitcoind's {@code -rpccookieperms}: "owner" (0600, the default), "group"
     * (0640) or "all" (0644); another value is an error.
     */
    public static AuthCookie generate(Path file, String readableBy) throws IOException {
        String perms = switch (readableBy) {
            case "owner", "rw-------" -> "rw-------";
            case "group" -> "rw-r-----";
            case "all" -> "rw-r--r--";
            default -> throw new IllegalArgumentException("Invalid -rpccookieperms=" + readableBy
                    + "; must be one of 'owner', 'group', or 'all'.");
        };
        Objects.requireNonNull(file);
        String password = Secrets.randomHex(32);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (Files.isDirectory(tmp)) throw new IOException("Unable to open cookie authentication file " + tmp + " for writing");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp);
            // Set after creation: the process umask would strip group/other bits from a create-time mode.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(perms));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, COOKIE_USER + ":" + password, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return new AuthCookie(file, password);
    }

    /** The {@code user:password} line of a cookie file, as bitcoin-cli's GetAuthCookie reads it. */
    public static Optional<String> readUserPass(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path file() {
        return file;
    }

    public String user() {
        return COOKIE_USER;
    }

    public String password() {
        return password;
    }

    /** Removes the cookie file; a missing file is fine (someone cleaned up already). */
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
