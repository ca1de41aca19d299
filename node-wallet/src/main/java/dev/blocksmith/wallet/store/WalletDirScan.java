package dev.blocksmith.wallet.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallets under a wallets directory, found as bitcoind's ListDatabases finds them (listwalletdir): every folder at
 * any depth holding a wallet file, named by its path relative to the directory ({@code ""} for a wallet file at the
 * top). A symbolic link to a folder counts as a folder but is not descended into; an entry that cannot be examined
 * (a link loop, a folder without permission) is skipped with bitcoind's warning "Error while scanning wallet dir
 * item", and the scan goes on.
 */
public final class WalletDirScan {
    private static final Logger LOG = LoggerFactory.getLogger(WalletDirScan.class);

    private WalletDirScan() {
    }

    /** The wallet names, sorted. */
    public static List<String> names(Path walletsDir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(walletsDir)) return out;
        Files.walkFileTree(walletsDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(walletsDir)) return FileVisitResult.CONTINUE;
                return folder(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes linkAttrs) {
                try {
                    // bitcoind's it->status(): a link is judged by what it points at.
                    if (linkAttrs.isSymbolicLink() && Files.readAttributes(file, BasicFileAttributes.class).isDirectory()) {
                        folder(file);
                    } else if (linkAttrs.isRegularFile() && file.getParent().equals(walletsDir)
                            && file.getFileName().toString().equals(WalletDirectory.FILE_NAME)) {
                        out.add("");
                    }
                } catch (NoSuchFileException e) {
                    // a dangling link: nothing there
                } catch (IOException e) {
                    warn(file, e);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                warn(file, e);
                return FileVisitResult.CONTINUE;
            }

            /** Adds the folder if it holds a wallet file; false (after the warning) when it cannot be examined. */
            private boolean folder(Path dir) {
                Path file = dir.resolve(WalletDirectory.FILE_NAME);
                try {
                    // bitcoind's fs::exists throws for anything but "not found" (a loop, no permission).
                    if (Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                        out.add(walletsDir.relativize(dir).toString());
                    }
                    return true;
                } catch (NoSuchFileException e) {
                    return true;
                } catch (IOException e) {
                    warn(dir, e);
                    return false;
                }
            }
        });
        out.sort(String::compareTo);
        return out;
    }

    private static void warn(Path item, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.warn("Error while scanning wallet dir item: {} [{}].", reason, item);
    }
}
