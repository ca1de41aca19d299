package dev.blocksmith.cli.notify;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's runCommand: a notification command line goes to {@code /bin/sh -c} as the operator wrote it (it may
 * use redirections and pipes, as bitcoind's system() allows), with no input and the node's own stdout and stderr,
 * as system() leaves them; a non-zero exit is logged with bitcoind's text. What was substituted into the line is safe by construction: see
 * {@link CommandTemplate}.
 */
final class ShellCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ShellCommand.class);

    private ShellCommand() {
    }

    /** Runs {@code command} on a thread of its own and returns at once (bitcoind's detached thread). */
    static Thread start(String command) {
        return Thread.ofVirtual().name("notify-command").start(() -> run(command));
    }

    /** Runs every command at once and returns when all have finished (bitcoind's ShutdownNotify). */
    static void runAllAndWait(List<String> commands) {
        List<Thread> threads = commands.stream().map(ShellCommand::start).toList();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void run(String command) {
        if (command.isEmpty()) return;
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int exit = p.waitFor();
            // system() reports the wait status: the exit code sits in its second byte.
            if (exit != 0) LOG.warn("runCommand error: system({}) returned {}", command, exit << 8);
        } catch (IOException e) {
            LOG.warn("runCommand error: system({}) failed: {}", command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
