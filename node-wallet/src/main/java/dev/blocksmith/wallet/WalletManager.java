package dev.blocksmith.wallet;

import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.mempool.MempoolListener;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.store.WalletDirectory;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's loaded wallets (bitcoind's WalletContext): each in {@code <walletsDir>/<name>/}, registered as a
 * chain listener while loaded, and remembered in the settings file when loaded with load_on_startup.
 */
public final class WalletManager implements MempoolListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalletManager.class);
    /**
     * Regtest fallback fee rate when no fee_rate is given and the estimator has no data: 20 sat/vB, the
     * value of bitcoind's former DEFAULT_FALLBACK_FEE. bitcoind today defaults -fallbackfee to 0 (sends
     * fail until estimates exist); on regtest that only gets in the way, so sendtoaddress works out of the box.
     */
    public static final FeeRate REGTEST_FALLBACK_FEE = new FeeRate(20_000);

    private final Path walletsDir;
    private final NetworkParams params;
    private final WalletChain chain;
    private final TransactionBroadcaster broadcaster;
    private final FeeEstimator estimator;
    private final StartupWalletList settings;
    private final WalletOptions options;
    private final Clock clock;
    private final Optional<FeeRate> fallbackFee;
    private final Map<String, Wallet> loaded = new LinkedHashMap<>();
    /** Names being loaded now (guarded by this manager's lock). */
    private final java.util.Set<String> loading = new java.util.HashSet<>();
    private Optional<dev.blocksmith.core.index.BlockFilterIndex> blockFilters = Optional.empty();
    private volatile WalletTxObserver txObserver = WalletTxObserver.NONE;

    /**
     * @param walletsDir {@code <datadir>/<network>/wallets}
     * @param settingsFile {@code <datadir>/<network>/settings.json}
     * @param options -keypool, -fallbackfee (empty: {@link #REGTEST_FALLBACK_FEE} on regtest, none elsewhere), scrypt cost
     */
    public WalletManager(Path walletsDir, Path settingsFile, NetworkParams params, WalletChain chain,
                         TransactionBroadcaster broadcaster, FeeEstimator estimator, WalletOptions options, Clock clock) {
        this(walletsDir, new WalletSettings(settingsFile), params, chain, broadcaster, estimator, options, clock);
    }

    /** @param startupWallets the node's list of wallets to load at start (its settings file's "wallet" entry) */
    public WalletManager(Path walletsDir, StartupWalletList startupWallets, NetworkParams params, WalletChain chain,
                         TransactionBroadcaster broadcaster, FeeEstimator estimator, WalletOptions options, Clock clock) {
        this.walletsDir = walletsDir;
        this.params = params;
        this.chain = chain;
        this.broadcaster = broadcaster;
        this.estimator = estimator;
        this.settings = startupWallets;
        this.options = options;
        this.clock = clock;
        // An explicit -fallbackfee=0 refuses sends without an estimate, as bitcoind's.
        this.fallbackFee = options.fallbackFee().isPresent() ? options.fallbackFee().filter(r -> r.satsPerKvB() > 0)
                : params.name().equals(Networks.REGTEST.name()) ? Optional.of(REGTEST_FALLBACK_FEE) : Optional.empty();
    }

    public NetworkParams params() {
        return params;
    }

    /** The chain as wallets see it. */
    public WalletChain chain() {
        return chain;
    }

    /** The wallet options in force (-addresstype, -walletrbf, ...). */
    public WalletPolicy policy() {
        return options.policy();
    }

    /**
     * Where wallet transactions go once made: the mempool, or with -walletbroadcast=0 nowhere (bitcoind keeps them
     * in the wallet only; lookups still see the mempool).
     */
    public TransactionBroadcaster broadcaster() {
        if (!options.policy().walletBroadcast()) return TransactionBroadcaster.holdingBack(broadcaster);
        return broadcaster;
    }

    public ScryptParams scrypt() {
        return options.scrypt();
    }

    /** -keypool: positions each active ranged descriptor keeps derived past its next index. */
    public int keypool() {
        return options.keypool();
    }

    public Path walletsDir() {
        return walletsDir;
    }

    /**
     * The output an input spends, as bitcoind's FindCoins sees it: created by a mempool transaction, else
     * unspent in the chain. External inputs of fundrawtransaction and signrawtransactionwithwallet are looked up
     * here, so a parent still in the mempool can be spent.
     */
    public Optional<TxOut> findCoin(OutPoint op) {
        return broadcaster.mempoolOutput(op).or(() -> chain.coin(op).map(c -> c.output()));
    }

    /** bitcoind's MAX_ANTI_FEE_SNIPING_TIP_AGE: 8 hours. */
    private static final long MAX_ANTI_FEE_SNIPING_TIP_AGE_SECONDS = 8 * 60 * 60;

    /**
     * The lock time of a transaction the wallet creates on its own (bitcoind's DiscourageFeeSniping with
     * IsCurrentForAntiFeeSniping): the wallet's last block when the node is out of initial block download and that
     * block is at most 8 hours old, else 0.
     */
    public long feeSnipingLockTime(Wallet w) {
        boolean current = !chain.isInitialBlockDownload() && chain.index(w.lastBlockHash())
                .map(i -> i.time() >= clock.instant().getEpochSecond() - MAX_ANTI_FEE_SNIPING_TIP_AGE_SECONDS).orElse(false);
        return w.feeSnipingLockTime(current);
    }

    /** The node's fee estimate for a confirmation target, if it has one. */
    public Optional<FeeRate> estimateFee(int confTarget) {
        return estimator.estimate(confTarget);
    }

    /** The rate used when there is no estimate (-fallbackfee); bitcoind's error when it is disabled. */
    public FeeRate fallbackFee() throws WalletException {
        return fallbackFee.orElseThrow(() -> new WalletException(WalletException.Kind.WALLET_ERROR,
                "Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee."));
    }

    /**
     * Node start: loads the wallets named by -wallet, then those listed in the settings file. As bitcoind, a
     * wallet that cannot be loaded is an error the node does not start with (another node holding it, a damaged
     * file), except one that does not exist, which is skipped with a warning (bitcoind's VerifyWallets: a
     * bitcoin.conf naming a wallet not created yet starts).
     */
    public synchronized void loadStartupWallets(List<String> required) throws WalletException {
        loadStartupWallets(required, true);
    }

    /**
     * As {@link #loadStartupWallets(List)}; with {@code fromSettings} false the settings file's list (and the unnamed
     * top-level wallet) is not loaded: bitcoind's GetSettingsList stops at a command line that negates {@code -wallet},
     * so {@code -nowallet} starts without the load_on_startup wallets, though loadwallet/unloadwallet still keep the
     * list in the file.
     */
    public synchronized void loadStartupWallets(List<String> required, boolean fromSettings) throws WalletException {
        List<String> names = new ArrayList<>(required);
        if (fromSettings) {
            try {
                if (required.isEmpty() && !settings.isSet() && Files.isRegularFile(walletsDir.resolve(WalletDirectory.FILE_NAME))) {
                    settings.useUnnamedWalletWithoutSaving();
                }
                names.addAll(settings.names());
            } catch (IOException e) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, "Cannot read wallet settings: " + e.getMessage());
            }
        }
        // bitcoind's VerifyWallets and LoadWallets: every wallet of the start-up list (command line, settings file,
        // bitcoin.conf) loads, or the node does not start; only one that does not exist is skipped with a warning.
        for (String n : names) {
            if (loaded.containsKey(n)) continue;
            try {
                load(n, Optional.empty());
            } catch (WalletException e) {
                String prefix = "Wallet file verification failed. ";
                String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
                if (e.kind() == WalletException.Kind.NOT_FOUND) {
                    LOG.warn("Skipping -wallet path that doesn't exist. {}", reason);
                    continue;
                }
                throw new WalletException(e.kind(), reason);
            }
        }
    }

    /**
     * bitcoind's GetWalletPath: a wallet name must lead to nothing yet, a folder (or a link to one), or, for old
     * wallets, a data file directly in the wallets directory; a link to a file, or a file deeper down, is refused.
     */
    private void checkWalletPath(String name) throws WalletException {
        Path path = WalletDirectory.folder(walletsDir, name);
        boolean valid;
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            valid = true;
        } else if (Files.isSymbolicLink(path)) {
            valid = Files.isDirectory(path);
        } else {
            valid = Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Path.of(name).getNameCount() == 1);
        }
        if (!valid) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Wallet file verification failed. Invalid -wallet path '"
                    + name + "'. -wallet path should point to a directory where wallet.dat and database/log.?????????? files can be "
                    + "stored, a location where such a directory could be created, or (for backwards compatibility) the name of an "
                    + "existing data file in -walletdir (\"" + walletsDir + "\")");
        }
    }

    /** createwallet with the default options: descriptors from a new seed. */
    public synchronized Wallet create(String name, Optional<char[]> passphrase, Optional<Boolean> loadOnStartup) throws WalletException {
        return create(name, WalletFlags.DEFAULT, passphrase, loadOnStartup);
    }

    /**
     * createwallet. A wallet with private keys gets descriptors from a new seed unless blank; a watch-only one
     * (private keys disabled) has none and cannot be encrypted. Encrypts right away when a non-empty passphrase
     * is given.
     */
    public synchronized Wallet create(String name, WalletFlags flags, Optional<char[]> passphrase, Optional<Boolean> loadOnStartup)
            throws WalletException {
        boolean encrypt = passphrase.isPresent() && passphrase.get().length > 0;
        if (flags.privateKeysDisabled() && encrypt) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Passphrase provided but private keys are disabled. A passphrase is only "
                    + "used to encrypt private keys, so cannot be used for wallets with private keys disabled.");
        }
        checkWalletPath(name);
        Path folder = WalletDirectory.folder(walletsDir, name);
        if (loaded.containsKey(name) || Files.exists(folder.resolve(WalletDirectory.FILE_NAME))) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Wallet file verification failed. Failed to create database path '"
                    + folder + "'. Database already exists.");
        }
        WalletDirectory dir;
        try {
            dir = WalletDirectory.create(walletsDir, name, options.unsafeSqliteSync());
        } catch (WalletStoreException e) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Wallet file verification failed. " + e.getMessage());
        }
        try {
            HdWallet hd;
            if (flags.blank() || flags.privateKeysDisabled()) {
                hd = HdWallet.createEmpty(params, options.keypool(), flags);
            } else {
                byte[] seed = new byte[32];
                new SecureRandom().nextBytes(seed);
                hd = HdWallet.create(seed, params, options.keypool(), clock.instant().getEpochSecond());
                java.util.Arrays.fill(seed, (byte) 0);
                hd.setAvoidReuse(flags.avoidReuse());
            }
            // Sealed before the first write, so the clear secrets of an encrypted wallet never reach the disk.
            if (encrypt) hd.encrypt(passphrase.get(), options.scrypt(), clock);
            Wallet w = Wallet.create(name, dir, hd, chain, clock);
            register(w);
            updateStartup(name, loadOnStartup, true);
            return w;
        } catch (WalletStoreException e) {
            dir.close();
            throw new WalletException(WalletException.Kind.WALLET_ERROR, e.getMessage());
        }
    }

    /** loadwallet. */
    public Wallet load(String name, Optional<Boolean> loadOnStartup) throws WalletException {
        synchronized (this) {
            if (loaded.containsKey(name)) {
                throw new WalletException(WalletException.Kind.ALREADY_LOADED, "Wallet \"" + name + "\" is already loaded.");
            }
            // bitcoind's g_loading_wallet_set: the file is opened and read outside the manager's lock, and a second
            // load of the same name meanwhile is refused rather than queued.
            if (!loading.add(name)) throw new WalletException(WalletException.Kind.WALLET_ERROR, "Wallet already loading.");
        }
        try {
            return loadUnlisted(name, loadOnStartup);
        } finally {
            synchronized (this) {
                loading.remove(name);
            }
        }
    }

    private Wallet loadUnlisted(String name, Optional<Boolean> loadOnStartup) throws WalletException {
        checkWalletPath(name);
        Path path = WalletDirectory.folder(walletsDir, name);
        if (!Files.exists(path.resolve(WalletDirectory.FILE_NAME))) {
            // bitcoind's MakeDatabase: nothing at the path is "not found"; a folder without a wallet file is data in no
            // recognised format.
            if (Files.exists(path)) {
                throw new WalletException(WalletException.Kind.BAD_FORMAT, "Wallet file verification failed. Failed to load database path '"
                        + path + "'. Data is not in recognized format.");
            }
            throw new WalletException(WalletException.Kind.NOT_FOUND, "Wallet file verification failed. Failed to load database path '"
                    + path + "'. Path does not exist.");
        }
        WalletDirectory dir;
        try {
            dir = WalletDirectory.open(walletsDir, name, options.unsafeSqliteSync());
        } catch (WalletStoreException e) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Wallet file verification failed. " + e.getMessage());
        }
        try {
            Wallet w = Wallet.load(name, dir, options.keypool(), clock);
            if (!w.keys().network().name().equals(params.name())) {
                // bitcoind marks its SQLite wallet files with the network's magic bytes (application_id) and does not
                // recognise another network's file as a wallet at all: a verification failure, "not found" (-18).
                dir.close();
                throw new WalletException(WalletException.Kind.BAD_FORMAT, "Wallet file verification failed. Failed to load database path '"
                        + path + "'. Data is not in recognized format.");
            }
            synchronized (this) {
                register(w);
                updateStartup(name, loadOnStartup, true);
            }
            return w;
        } catch (WalletStoreException e) {
            dir.close();
            throw new WalletException(WalletException.Kind.WALLET_ERROR, e.getMessage());
        }
    }

    /**
     * restorewallet (bitcoind's RestoreWallet): the backup file is copied into a new wallet directory and loaded,
     * which rescans from the backup's best block. A directory that exists already is refused, and so is a file
     * that is not a wallet file; when the copy cannot be loaded, what was created is removed again.
     */
    public synchronized Wallet restore(String name, Path backupFile, Optional<Boolean> loadOnStartup) throws WalletException {
        if (!Files.exists(backupFile)) throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "Backup file does not exist");
        Path path = WalletDirectory.folder(walletsDir, name);
        Path file = path.resolve(WalletDirectory.FILE_NAME);
        if (loaded.containsKey(name) || Files.exists(file)) {
            throw new WalletException(WalletException.Kind.ALREADY_EXISTS, "Failed to create database path '" + path + "'. Database already exists.");
        }
        boolean createdDir = !Files.exists(path);
        try {
            WalletDirectory.checkName(name);
            Files.createDirectories(path);
            Files.copy(backupFile, file);
        } catch (WalletStoreException | IOException e) {
            removeRestored(path, file, createdDir);
            throw new WalletException(WalletException.Kind.WALLET_ERROR, e.getMessage());
        }
        if (!WalletDirectory.isWalletFile(file)) {
            removeRestored(path, file, createdDir);
            throw new WalletException(WalletException.Kind.BAD_FORMAT, "Wallet file verification failed. Failed to load database path '" + path
                    + "'. Data is not in recognized format.");
        }
        try {
            return load(name, loadOnStartup);
        } catch (WalletException e) {
            removeRestored(path, file, createdDir);
            throw e;
        }
    }

    private static void removeRestored(Path dir, Path file, boolean createdDir) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(WalletDirectory.FILE_NAME + "-journal"));
            if (createdDir) {
                try (var left = Files.list(dir)) {
                    for (Path p : left.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the restored wallet at {}: {}", dir, e.getMessage());
        }
    }

    /**
     * The node's basic block filter index (-blockfilterindex): wallet rescans use it to skip blocks without our
     * scripts (bitcoind's fast rescan). Set before wallets are loaded.
     */
    public synchronized void useBlockFilters(dev.blocksmith.core.index.BlockFilterIndex index) {
        blockFilters = Optional.of(index);
        for (Wallet w : loaded.values()) w.useBlockFilters(blockFilters);
    }

    /** Listener first, then catch up: a block connected meanwhile is recorded twice, which is harmless. */
    private void register(Wallet w) throws WalletStoreException {
        w.setPolicy(options.policy());
        w.useBlockFilters(blockFilters);
        w.observeTransactions(txObserver);
        chain.subscribe(w);
        try {
            w.syncWith(chain);
        } catch (WalletStoreException e) {
            chain.unsubscribe(w);
            throw e;
        }
        loaded.put(w.name(), w);
        w.syncMempoolStatus(broadcaster);
        LOG.info("Wallet {} loaded at height {}", w.name(), w.lastBlockHeight());
        if (options.policy().walletBroadcast()) {
            int n = w.resubmitPending(broadcaster);
            if (n > 0) LOG.info("Wallet {}: resubmitted {} unconfirmed transactions to the mempool", w.name(), n);
        }
    }

    /**
     * bitcoind's MaybeResendWalletTxs, which the node's scheduler runs every minute: each loaded wallet resends its
     * unconfirmed transactions when its own random resend time has come. Not with -walletbroadcast=0, nor during
     * initial block download (bitcoind's isReadyToBroadcast).
     */
    public void resendDue() {
        if (!options.policy().walletBroadcast()) return;
        boolean ready = !chain.isInitialBlockDownload();
        // Not under this manager's lock: the mempool's listeners take it while a wallet resubmits.
        List<Wallet> wallets;
        synchronized (this) {
            wallets = List.copyOf(loaded.values());
        }
        for (Wallet w : wallets) w.resendIfDue(broadcaster, ready);
    }

    /** unloadwallet. */
    public synchronized void unload(String name, Optional<Boolean> loadOnStartup) throws WalletException {
        Wallet w = loaded.remove(name);
        if (w == null) throw new WalletException(WalletException.Kind.NOT_FOUND, "Requested wallet does not exist or is not loaded");
        chain.unsubscribe(w);
        w.close();
        updateStartup(name, loadOnStartup, false);
    }

    private void updateStartup(String name, Optional<Boolean> loadOnStartup, boolean loading) {
        if (loadOnStartup.isEmpty()) return;
        try {
            if (loadOnStartup.get() && loading) settings.add(name);
            else if (!loadOnStartup.get()) settings.remove(name);
        } catch (IOException e) {
            LOG.error("Cannot update wallet settings: {}", e.getMessage());
        }
    }

    public synchronized List<String> loadedNames() {
        return List.copyOf(loaded.keySet());
    }

    public synchronized Optional<Wallet> loadedWallet(String name) {
        return Optional.ofNullable(loaded.get(name));
    }

    /**
     * The wallet an RPC call addresses (bitcoind's GetWalletForJSONRPCRequest): the one named by the
     * {@code /wallet/<name>} endpoint, else the only loaded wallet.
     */
    public synchronized Wallet forRequest(Optional<String> endpointName) throws WalletException {
        if (endpointName.isPresent()) {
            Wallet w = loaded.get(endpointName.get());
            if (w == null) throw new WalletException(WalletException.Kind.NOT_FOUND, "Requested wallet does not exist or is not loaded");
            return w;
        }
        if (loaded.size() == 1) return loaded.values().iterator().next();
        if (loaded.isEmpty()) {
            throw new WalletException(WalletException.Kind.NOT_FOUND, "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)");
        }
        throw new WalletException(WalletException.Kind.NOT_SPECIFIED, "Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path.");
    }

    /** listwalletdir: the wallets under the wallets directory, as bitcoind's ListDatabases finds them. */
    public List<String> walletDirNames() throws IOException {
        return dev.blocksmith.wallet.store.WalletDirScan.names(walletsDir);
    }

    /**
     * Whether the wallet {@code name} of {@link #walletDirNames()} is a Berkeley DB file, as bitcoind's legacy
     * wallets are (bitcoind's IsBDBFile: at least 4 KiB, the B-tree magic 0x00053162 at offset 12 in either byte
     * order). Such a wallet cannot be loaded until migrated; listwalletdir warns of it.
     */
    public boolean isLegacyBdbWallet(String name) {
        Path file = walletsDir.resolve(name).resolve(WalletDirectory.FILE_NAME);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            if (ch.size() < 4096) return false;
            java.nio.ByteBuffer magic = java.nio.ByteBuffer.allocate(4);
            while (magic.hasRemaining() && ch.read(magic, 12 + magic.position()) > 0) {
                // read until the four bytes are in
            }
            if (magic.hasRemaining()) return false;
            int bigEndian = magic.getInt(0);
            return bigEndian == 0x00053162 || bigEndian == 0x62310500;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A transaction left the mempool: every wallet notes it is out (bitcoind's RefreshMempoolStatus); one removed for
     * a conflict with a connected block is synced again, unconfirmed, by every wallet that has it (bitcoind's
     * transactionRemovedFromMempool, so -walletnotify hears of it).
     */
    @Override
    public void transactionRemoved(Transaction tx, dev.blocksmith.core.mempool.RemovalReason reason) {
        List<Wallet> wallets;
        synchronized (this) {
            wallets = List.copyOf(loaded.values());
        }
        for (Wallet w : wallets) {
            w.transactionLeftMempool(tx.txid(), reason == dev.blocksmith.core.mempool.RemovalReason.CONFIRMED);
            if (reason == dev.blocksmith.core.mempool.RemovalReason.CONFLICT) w.transactionConflicted(tx.txid());
        }
    }

    /** Who hears of each transaction any wallet records from now on (-walletnotify); set before wallets load. */
    public void observeTransactions(WalletTxObserver o) {
        this.txObserver = java.util.Objects.requireNonNull(o);
    }

    /** A transaction entered the mempool: each loaded wallet records it if it pays or spends ours. */
    @Override
    public void transactionAdded(Transaction tx, MempoolEntry entry) {
        List<Wallet> wallets;
        synchronized (this) {
            wallets = List.copyOf(loaded.values());
        }
        for (Wallet w : wallets) w.transactionAddedToMempool(tx);
    }

    @Override
    public synchronized void close() {
        for (Wallet w : loaded.values()) {
            chain.unsubscribe(w);
            w.close();
        }
        loaded.clear();
    }
}
