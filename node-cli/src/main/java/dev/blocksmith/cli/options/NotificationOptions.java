package dev.blocksmith.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** bitcoind's ZMQ publishers and notification commands. */
public final class NotificationOptions {
    @Option(names = {"-zmqpubhashblock", "--zmqpubhashblock"}, paramLabel = "ADDRESS",
            description = "Enable publish hash block in <address>. Repeatable")
    List<String> zmqpubhashblock = new ArrayList<>();

    @Option(names = {"-zmqpubhashtx", "--zmqpubhashtx"}, paramLabel = "ADDRESS",
            description = "Enable publish hash transaction in <address>. Repeatable")
    List<String> zmqpubhashtx = new ArrayList<>();

    @Option(names = {"-zmqpubrawblock", "--zmqpubrawblock"}, paramLabel = "ADDRESS",
            description = "Enable publish raw block in <address>. Repeatable")
    List<String> zmqpubrawblock = new ArrayList<>();

    @Option(names = {"-zmqpubrawtx", "--zmqpubrawtx"}, paramLabel = "ADDRESS",
            description = "Enable publish raw transaction in <address>. Repeatable")
    List<String> zmqpubrawtx = new ArrayList<>();

    @Option(names = {"-zmqpubsequence", "--zmqpubsequence"}, paramLabel = "ADDRESS",
            description = "Enable publish hash block and tx sequence in <address>. Repeatable")
    List<String> zmqpubsequence = new ArrayList<>();

    @Option(names = {"-zmqpubhashblockhwm", "--zmqpubhashblockhwm"}, paramLabel = "N", defaultValue = "1000",
            description = "Set publish hash block outbound message high water mark (default: ${DEFAULT-VALUE})")
    int zmqpubhashblockhwm;

    @Option(names = {"-zmqpubhashtxhwm", "--zmqpubhashtxhwm"}, paramLabel = "N", defaultValue = "1000",
            description = "Set publish hash transaction outbound message high water mark (default: ${DEFAULT-VALUE})")
    int zmqpubhashtxhwm;

    @Option(names = {"-zmqpubrawblockhwm", "--zmqpubrawblockhwm"}, paramLabel = "N", defaultValue = "1000",
            description = "Set publish raw block outbound message high water mark (default: ${DEFAULT-VALUE})")
    int zmqpubrawblockhwm;

    @Option(names = {"-zmqpubrawtxhwm", "--zmqpubrawtxhwm"}, paramLabel = "N", defaultValue = "1000",
            description = "Set publish raw transaction outbound message high water mark (default: ${DEFAULT-VALUE})")
    int zmqpubrawtxhwm;

    @Option(names = {"-zmqpubsequencehwm", "--zmqpubsequencehwm"}, paramLabel = "N", defaultValue = "1000",
            description = "Set publish hash sequence message high water mark (default: ${DEFAULT-VALUE})")
    int zmqpubsequencehwm;

    @Option(names = {"-blocknotify", "--blocknotify"}, paramLabel = "CMD",
            description = "Execute command when the best block changes (%s in cmd is replaced by block hash)")
    String blocknotify;

    @Option(names = {"-walletnotify", "--walletnotify"}, paramLabel = "CMD",
            description = "Execute command when a wallet transaction changes. %s in cmd is replaced by TxID, %w is replaced by "
                    + "wallet name, %b is replaced by the hash of the block including the transaction (set to 'unconfirmed' if "
                    + "the transaction is not included) and %h is replaced by the block height (-1 if not included)")
    String walletnotify;

    @Option(names = {"-alertnotify", "--alertnotify"}, paramLabel = "CMD",
            description = "Execute command when an alert is raised (%s in cmd is replaced by message)")
    String alertnotify;

    @Option(names = {"-startupnotify", "--startupnotify"}, paramLabel = "CMD", description = "Execute command on startup.")
    String startupnotify;

    @Option(names = {"-shutdownnotify", "--shutdownnotify"}, paramLabel = "CMD",
            description = "Execute command immediately before beginning shutdown. Repeatable")
    List<String> shutdownnotify = new ArrayList<>();
}
