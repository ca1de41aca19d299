package dev.blocksmith.cli.notify;

import dev.blocksmith.cli.node.NodeConfig;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.wallet.WalletTxObserver;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.util.Map;
import java.util.Optional;

/**
 * bitcoind's notification commands: {@code -blocknotify} on each new tip outside initial block download
 * ({@code %s} the block hash), {@code -walletnotify} each time a wallet records a transaction ({@code %s} txid,
 * {@code %w} wallet name, {@code %b} block hash or "unconfirmed", {@code %h} height or -1), {@code -alertnotify}
 * with an alert's text, {@code -startupnotify} once started and {@code -shutdownnotify} before shutdown begins.
 * Each runs through the shell on a thread of its own, as bitcoind; shutdown waits for its commands.
 */
public final class NotifyCommands implements ChainListener, WalletTxObserver {
    private final NodeConfig.Notifications config;

    public NotifyCommands(NodeConfig.Notifications config) {
        this.config = config;
    }

    /** Whether -blocknotify is set (the node then follows the chain for it). */
    public boolean notifiesBlocks() {
        return config.blockNotify().isPresent();
    }

    /** -blocknotify: bitcoind's NotifyBlockTip handler runs it only after start-up and outside initial block download. */
    @Override
    public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
        if (initialBlockDownload) return;
        config.blockNotify().ifPresent(cmd -> ShellCommand.start(CommandTemplate.expand(cmd, Map.of('s', tip.hash().toHex()))));
    }

    /** -walletnotify (bitcoind's AddToWallet). */
    @Override
    public void transactionSynced(String wallet, Sha256Hash txid, Optional<WalletTx.BlockPosition> block) {
        config.walletNotify().ifPresent(cmd -> ShellCommand.start(walletCommand(cmd, wallet, txid, block)));
    }

    static String walletCommand(String template, String wallet, Sha256Hash txid, Optional<WalletTx.BlockPosition> block) {
        return CommandTemplate.expand(template, Map.of(
                's', txid.toHex(),
                'b', block.map(b -> b.blockHash().toHex()).orElse("unconfirmed"),
                'h', block.map(b -> Integer.toString(b.height())).orElse("-1"),
                'w', CommandTemplate.shellQuoted(wallet)));
    }

    /** -alertnotify with a warning the node raised (bitcoind's AlertNotify: once per warning, see NodeWarnings). */
    public void alert(String message) {
        config.alertNotify().ifPresent(cmd -> ShellCommand.start(alertCommand(cmd, message)));
    }

    static String alertCommand(String template, String message) {
        return CommandTemplate.expand(template, Map.of('s', CommandTemplate.sanitizedAndQuoted(message)));
    }

    /** -startupnotify, once the node is up (bitcoind's StartupNotify at the end of AppInitMain). */
    public void started() {
        config.startupNotify().ifPresent(ShellCommand::start);
    }

    /** Every -shutdownnotify, all at once, returning when they finished (bitcoind runs them first in Interrupt). */
    public void shuttingDown() {
        ShellCommand.runAllAndWait(config.shutdownNotify());
    }
}
