package dev.blocksmith.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingSetupTest {
    @TempDir
    Path dir;

    @Test
    void aLogFileInAMissingFolderCannotBeOpenedAndNoFolderIsCreated() {
        Path inMissing = dir.resolve("foo").resolve("foo.log");
        assertThat(LoggingSetup.canAppend(inMissing)).isFalse();
        assertThat(dir.resolve("foo")).doesNotExist();
    }

    @Test
    void aLogFileInAnExistingFolderIsCreatedAndKept() throws Exception {
        Path log = dir.resolve("debug.log");
        Files.writeString(log, "earlier line\n");
        assertThat(LoggingSetup.canAppend(log)).isTrue();
        assertThat(Files.readString(log)).isEqualTo("earlier line\n");
        assertThat(LoggingSetup.canAppend(dir.resolve("new.log"))).isTrue();
    }

    @Test
    void aFolderIsNotALogFile() throws Exception {
        Files.createDirectory(dir.resolve("adir"));
        assertThat(LoggingSetup.canAppend(dir.resolve("adir"))).isFalse();
    }
}
