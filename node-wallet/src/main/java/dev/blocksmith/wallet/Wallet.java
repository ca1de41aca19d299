package dev.blocksmith.wallet;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.crypto.SignedMessages;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtFinalizer;
import dev.blocksmith.core.psbt.RawInputSigner;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.InputWeight;
import dev.blocksmith.wallet.sign.PsbtSignatureCreator;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.account.ActiveSlot;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.account.WalletDescriptor;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.funding.AncestorBumpFees;
import dev.blocksmith.wallet.funding.BumpFeeRate;
import dev.blocksmith.wallet.funding.ChangeRequest;
import dev.blocksmith.wallet.funding.ChangeTarget;
import dev.blocksmith.wallet.funding.ExternalInputWeight;
import dev.blocksmith.wallet.funding.FundedTransaction;
import dev.blocksmith.wallet.funding.FundingRequest;
import dev.blocksmith.wallet.funding.PresetInput;
import dev.blocksmith.wallet.funding.ReplacementOutputs;
import dev.blocksmith.wallet.funding.ResolvedInput;
import dev.blocksmith.wallet.funding.SignedTxSize;
import dev.blocksmith.wallet.funding.TransactionFunder;
import dev.blocksmith.wallet.imports.DescriptorImportRequest;
import dev.blocksmith.wallet.imports.DescriptorImportResult;
import dev.blocksmith.wallet.imports.DescriptorImporter;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import dev.blocksmith.wallet.keystore.WrongPassphraseException;
import dev.blocksmith.wallet.labels.AddressBook;
import dev.blocksmith.wallet.labels.AddressPurpose;
import dev.blocksmith.wallet.ledger.Ledger;
import dev.blocksmith.wallet.ledger.WalletBalances;
import dev.blocksmith.wallet.ledger.WalletCoin;
import dev.blocksmith.wallet.ledger.WalletTx;
import dev.blocksmith.wallet.sign.SigningException;
import dev.blocksmith.wallet.sign.TransactionSigner;
import dev.blocksmith.wallet.store.WalletDirectory;
import dev.blocksmith.wallet.store.WalletSnapshot;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded wallet: its keys ({@link HdWallet}), its transactions ({@link Ledger}), its labels
 * ({@link AddressBook}), the coins locked against spending and the last block it has processed. It follows the
 * chain as a {@link ChainListener} and persists after every change that matters, so a crash loses at most the
 * record of blocks that touched nothing of ours; those are rescanned at the next load from the stored best
 * block (Core's m_last_block_processed / locator), or from its nearest ancestor the chain still knows when an
 * unclean shutdown made the chain forget it.
 */
public final class Wallet implements ChainListener {
    private static final Logger LOG = LoggerFactory.getLogger(Wallet.class);
    private static final String TX_PREFIX = "tx/";
    /**
     * The txids in the order the wallet first recorded them (bitcoind's nOrderPos, which listtransactions pages
     * by); the per-transaction records alone come back in key order.
     */
    private static final String TX_ORDER = "meta/txorder";
    private static final String LOCK_PREFIX = "lock/";
    /**
     * {@code blockspend/<txid>:<n>}: a block transaction not ours spending an output one of ours spends (spender txid,
     * block hash, height), which keeps ours conflicted across restarts as bitcoind's stored conflicted state does.
     */
    private static final String BLOCK_SPEND_PREFIX = "blockspend/";
    private static final String BEST_BLOCK = "meta/bestblock";
    /**
     * Ancestors of the best block (bitcoind's CBlockLocator: the ten parents, then exponentially sparser back to
     * genesis), so that a best block the chain forgot after an unclean shutdown (it knows the chain as of its last
     * flush) still leads to where the wallet's history meets the chain, not to a rescan from genesis.
     */
    private static final String BEST_BLOCK_LOCATOR = "meta/bestblocklocator";
    /** The version of the last client that wrote the file (bitcoind's "version" record). */
    private static final String LAST_CLIENT = "meta/lastclient";
    /** The wallet's creation time in files from before descriptors carried their own. */
    private static final String LEGACY_BIRTH = "meta/birthtime";
    /** BIP125: inputs with nSequence at most this signal replaceability. */
    public static final long MAX_BIP125_RBF_SEQUENCE = 0xfffffffdL;
    /** Core's non-RBF sequence: final-but-one, so the anti-fee-sniping lock time still applies. */
    public static final long NON_RBF_SEQUENCE = 0xfffffffeL;
    /** Core's TIMESTAMP_WINDOW: an import rescans from two hours before its timestamp, as block times may lag. */
    static final long TIMESTAMP_WINDOW = 2 * 60 * 60;
    private static final String UNLOCK_NEEDED = "Error: Please enter the wallet passphrase with walletpassphrase first.";

    private final String name;
    private final HdWallet hd;
    private final WalletDirectory dir;
    private final Ledger ledger;
    private final AddressBook addressBook;
    private final Set<OutPoint> lockedCoins = new LinkedHashSet<>();
    private final Set<OutPoint> persistentLocks = new HashSet<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** The node's wallet options (-addresstype, -changetype, -spendzeroconfchange, -maxtxfee, ...). */
    private WalletPolicy policy = WalletPolicy.DEFAULT;
    /** settxfee's rate (bitcoind's m_pay_tx_fee): kept in memory only, as bitcoind; empty for automatic fees. */
    private Optional<FeeRate> payTxFee = Optional.empty();
    private Sha256Hash lastBlockHash;
    private int lastBlockHeight;
    /** Ancestors of the last block, best first (see {@link #BEST_BLOCK_LOCATOR}). */
    private List<Sha256Hash> lastBlockAncestors = List.of();
    /** Told of every transaction the wallet records (-walletnotify). */
    private volatile WalletTxObserver observer = WalletTxObserver.NONE;
    /** The node's mempool as the wallet sees it (coin selection asks it for the chains of unconfirmed coins). */
    private TransactionBroadcaster mempool = tx -> Optional.empty();
    /**
     * bitcoind's m_best_block_time: the node clock (mock time included) when the wallet last heard of a new tip,
     * unix seconds; 0 until then. Periodic resends skip what arrived less than five minutes before it.
     */
    private long bestBlockTime;
    /** bitcoind's m_next_resend: no periodic resend before this (unix seconds), drawn 12 to 36 hours ahead. */
    private long nextResend;

    private Wallet(String name, HdWallet hd, WalletDirectory dir, AddressBook addressBook, Clock clock, Sha256Hash lastBlockHash,
                   int lastBlockHeight) {
        this.name = name;
        this.hd = hd;
        this.dir = dir;
        this.addressBook = addressBook;
        this.clock = clock;
        this.ledger = new Ledger(hd::locate);
        this.lastBlockHash = lastBlockHash;
        this.lastBlockHeight = lastBlockHeight;
        this.nextResend = drawNextResend();
    }

    /** A new wallet at the current tip: nothing before its descriptors' creation can be ours. */
    static Wallet create(String name, WalletDirectory dir, HdWallet hd, WalletChain chain, Clock clock) throws WalletStoreException {
        BlockIndex tip = chain.tip().index();
        Wallet w = new Wallet(name, hd, dir, new AddressBook(), clock, tip.hash(), tip.height());
        w.setLastBlock(tip);
        w.save();
        return w;
    }

    /** Reloads a wallet; {@link #syncWith} then catches up with the chain from its stored best block. */
    static Wallet load(String name, WalletDirectory dir, int keypool, Clock clock) throws WalletStoreException {
        WalletSnapshot s = dir.read();
        long legacyBirth = s.get(LEGACY_BIRTH).map(b -> new ByteReader(b).i64le()).orElse(0L);
        HdWallet hd = HdWallet.load(s, keypool, clock, legacyBirth);
        ByteReader best = new ByteReader(s.get(BEST_BLOCK).orElseThrow(() -> new WalletStoreException("Wallet file lacks its best block")));
        Sha256Hash bestHash = best.hash();
        int bestHeight = best.i32le();
        Map<String, byte[]> records = s.records();
        // bitcoind's LoadWallet logs the version that last opened the file (the next save records this one).
        s.get(LAST_CLIENT).ifPresent(v -> LOG.info("[{}] Last client version = {}", name, new ByteReader(v).i32le()));
        Wallet w = new Wallet(name, hd, dir, AddressBook.fromRecords(records), clock, bestHash, bestHeight);
        s.get(BEST_BLOCK_LOCATOR).ifPresent(raw -> {
            List<Sha256Hash> ancestors = new ArrayList<>();
            ByteReader r = new ByteReader(raw);
            while (r.hasRemaining()) ancestors.add(r.hash());
            w.lastBlockAncestors = List.copyOf(ancestors);
        });
        Map<Sha256Hash, WalletTx> stored = new HashMap<>();
        Map<OutPoint, Ledger.BlockSpend> blockSpends = new HashMap<>();
        for (var e : records.entrySet()) {
            if (e.getKey().startsWith(TX_PREFIX)) {
                WalletTx t = WalletTx.deserialize(e.getValue());
                stored.put(t.txid(), t);
            }
            if (e.getKey().startsWith(BLOCK_SPEND_PREFIX)) {
                ByteReader r = new ByteReader(e.getValue());
                blockSpends.put(parseLockKey(e.getKey().substring(BLOCK_SPEND_PREFIX.length())),
                        new Ledger.BlockSpend(r.hash(), r.hash(), r.i32le()));
            }
            if (e.getKey().startsWith(LOCK_PREFIX)) {
                OutPoint op = parseLockKey(e.getKey().substring(LOCK_PREFIX.length()));
                w.lockedCoins.add(op);
                w.persistentLocks.add(op);
            }
        }
        ByteReader order = new ByteReader(s.get(TX_ORDER).orElse(new byte[0]));
        while (order.hasRemaining()) {
            WalletTx t = stored.remove(order.hash());
            if (t != null) w.ledger.put(t);
        }
        // Files written before the order was kept: chain order, then unconfirmed by arrival.
        stored.values().stream().sorted(java.util.Comparator
                        .comparingInt((WalletTx t) -> t.block().map(WalletTx.BlockPosition::height).orElse(Integer.MAX_VALUE))
                        .thenComparingInt(t -> t.block().map(WalletTx.BlockPosition::index).orElse(0))
                        .thenComparingLong(WalletTx::timeReceived))
                .forEach(w.ledger::put);
        w.ledger.restoreForeignBlockSpends(blockSpends);
        if (hd.migratedFromLegacyFile()) {
            // Old files kept no labels: the receive addresses handed out so far get Core's default "" label,
            // so they keep counting as receiving addresses rather than change.
            for (AddressType t : AddressType.values()) {
                Optional<WalletDescriptor> d = hd.activeDescriptor(new ActiveSlot(t, false));
                if (d.isEmpty()) continue;
                for (Script s2 : hd.issuedScripts(d.get().id())) {
                    if (w.addressBook.get(s2).isEmpty()) w.addressBook.set(s2, "", AddressPurpose.RECEIVE);
                }
            }
        }
        for (WalletTx t : w.ledger.all()) w.markScriptsUsed(t.tx());
        return w;
    }

    private static OutPoint parseLockKey(String key) {
        int colon = key.indexOf(':');
        return new OutPoint(Sha256Hash.fromHex(key.substring(0, colon)), Long.parseLong(key.substring(colon + 1)));
    }

    public String name() {
        return name;
    }

    /** Who hears of each transaction this wallet records from now on (bitcoind's -walletnotify). */
    public void observeTransactions(WalletTxObserver o) {
        this.observer = java.util.Objects.requireNonNull(o);
    }

    /** Tells the observer that {@code txid} was recorded again, unconfirmed: bitcoind's SyncTransaction with an inactive state. */
    public synchronized void transactionConflicted(Sha256Hash txid) {
        if (ledger.get(txid).isPresent()) observer.transactionSynced(name, txid, Optional.empty());
    }

    /**
     * A transaction left the mempool: bitcoind's RefreshMempoolStatus makes it inactive, so until the mempool takes
     * it again its outputs are neither trusted nor spendable. Unless a block took it ({@code confirmed}), our
     * transactions it had replaced there no longer have it as a mempool conflict (bitcoind's mempool_conflicts):
     * without another they spend their inputs again, though out of the mempool.
     */
    public synchronized void transactionLeftMempool(Sha256Hash txid, boolean confirmed) {
        ledger.setInMempool(txid, false);
        if (confirmed) return;
        boolean changed = false;
        for (WalletTx t : ledger.all()) {
            if (!t.notes().mempoolReplacement().equals(Optional.of(txid))) continue;
            Optional<Sha256Hash> other = ledger.conflictsOf(t.tx()).stream()
                    .filter(c -> !c.equals(txid) && ledger.inMempool(c)).findFirst();
            ledger.annotate(t.txid(), n -> n.replacedInMempoolBy(other));
            changed = true;
        }
        if (changed) saveLogged();
    }

    /**
     * Takes in what the mempool holds as if each had just entered it (bitcoind's requestMempoolTransactions when a
     * wallet attaches to the chain): a wallet loaded after them heard no event, yet its unconfirmed transactions in
     * the mempool count, and payments to it that arrived while it was unloaded are recorded.
     */
    public synchronized void syncMempoolStatus(TransactionBroadcaster mempool) {
        this.mempool = mempool;
        for (WalletTx t : ledger.all()) {
            if (t.state() == WalletTx.State.PENDING) ledger.setInMempool(t.txid(), mempool.inMempool(t.txid()));
        }
        for (Transaction tx : ParentsFirst.order(mempool.mempoolTransactions())) transactionAddedToMempool(tx);
    }

    public HdWallet keys() {
        return hd;
    }

    public WalletFlags flags() {
        return hd.flags();
    }

    /** setwalletflag avoid_reuse: kept in the wallet file. */
    public synchronized void setAvoidReuse(boolean on) throws WalletStoreException {
        hd.setAvoidReuse(on);
        save();
    }

    /**
     * Our addresses (as scripts) that a wallet transaction has spent from (Core's IsSpentKey): under avoid_reuse,
     * coins still paid to them are dirty. Worked out from the wallet's transactions, so a wallet that turns
     * avoid_reuse on knows its past spends at once (bitcoind marks them as transactions arrive and asks for a rescan).
     */
    public synchronized Set<dev.blocksmith.core.script.Script> usedAddresses() {
        return ledger.spentFromScripts();
    }

    /**
     * getwalletinfo's "birthtime": the earliest creation time of the wallet's descriptors, or of a transaction of the
     * wallet if one is older (bitcoind's MaybeUpdateBirthTime as transactions are added or loaded: a descriptor
     * imported with timestamp "now" whose rescan found older transactions); none for a wallet with neither.
     */
    public synchronized OptionalLong birthTime() {
        return java.util.stream.LongStream.concat(hd.descriptorStatuses().stream().mapToLong(s -> s.descriptor().creationTime()),
                ledger.all().stream().mapToLong(WalletTx::timeReceived)).min();
    }

    public synchronized int lastBlockHeight() {
        return lastBlockHeight;
    }

    public synchronized Sha256Hash lastBlockHash() {
        return lastBlockHash;
    }

    private int maturity() {
        return hd.network().coinbaseMaturity();
    }

    // ---- chain following ----

    /**
     * Brings the wallet up to the chain's tip: blocks it recorded that left the best chain are undone, then
     * blocks after the fork are scanned. Safe to repeat: recording a transaction twice changes nothing.
     */
    public synchronized void syncWith(WalletChain chain) throws WalletStoreException {
        Optional<BlockIndex> last = chain.index(lastBlockHash);
        boolean forgotten = last.isEmpty();
        // A best block the chain does not know (forgotten after an unclean shutdown): its nearest known ancestor. The
        // stored history holds every block up to it, so the rescan starts where that ancestor meets the best chain,
        // after the transactions of blocks the chain no longer has are taken back.
        for (int i = 0; last.isEmpty() && i < lastBlockAncestors.size(); i++) last = chain.index(lastBlockAncestors.get(i));
        int from;
        if (!forgotten && chain.isOnBestChain(last.get())) {
            from = last.get().height() + 1;
        } else {
            BlockIndex fork = last.map(b -> {
                BlockIndex i = b;
                while (!chain.isOnBestChain(i)) i = i.prev();
                return i;
            }).orElseGet(() -> chain.atHeight(0).orElseThrow());
            for (WalletTx t : ledger.all()) {
                if (t.block().isPresent() && chain.index(t.block().get().blockHash()).map(i -> !chain.isOnBestChain(i)).orElse(true)) {
                    ledger.blockDisconnected(t.block().get().blockHash());
                }
            }
            for (Sha256Hash b : ledger.foreignSpendBlocks()) {
                if (chain.index(b).map(i -> !chain.isOnBestChain(i)).orElse(true)) ledger.blockDisconnected(b);
            }
            from = fork.height() + 1;
            // The history now holds the best chain up to the fork: the rescan goes on from there (and when there is
            // nothing to scan, the fork is the last block processed, not the block the chain left or forgot).
            setLastBlock(fork);
        }
        // bitcoind's AttachChain line: blocks past the last one the wallet has on the best chain (the fork point).
        int tipHeight = chain.tip().height();
        if (tipHeight != from - 1) LOG.info("[{}] Rescanning last {} blocks (from block {})...", name, tipHeight - (from - 1), from - 1);
        rescan(chain, from, tipHeight);
    }

    /** rescanblockchain: records every block in [start, stop] of the best chain; returns the last height scanned. */
    public synchronized int rescan(WalletChain chain, int start, int stop) throws WalletStoreException {
        rescanning = true;
        abortRescan = false;
        try {
            return scanBlocks(chain, start, stop);
        } finally {
            rescanning = false;
            abortRescan = false;
        }
    }

    private int scanBlocks(WalletChain chain, int start, int stop) throws WalletStoreException {
        int h = Math.max(0, start);
        int scanned = h - 1;
        FastRescanFilter fast = blockFilters.map(index -> new FastRescanFilter(index, hd)).orElse(null);
        // bitcoind's ScanForWalletTransactions line (tests wait for it), naming the variant.
        if (h <= stop) {
            chain.atHeight(h).ifPresent(i -> LOG.info("[{}] Rescan started from block {}... ({})", name, i.hash(),
                    fast != null ? "fast variant using block filters" : "slow variant inspecting all blocks"));
        }
        for (; h <= stop; h++) {
            if (abortRescan) {
                abortRescan = false;
                LOG.info("[{}] Rescan aborted at block {}.", name, h);
                break;
            }
            Optional<BlockIndex> idx = chain.atHeight(h);
            if (idx.isEmpty()) break;
            // A block whose filter matches none of our scripts is skipped unread; no filter, and it is read.
            boolean skip = fast != null && !fast.mayMatch(idx.get().hash());
            Optional<Block> block = skip ? Optional.empty() : chain.block(idx.get().hash());
            if (!skip && block.isEmpty()) break;
            if (!skip) recordBlock(block.get(), idx.get());
            scanned = h;
            if (h > lastBlockHeight || chain.tip().height() == h) setLastBlock(idx.get());
        }
        save();
        return scanned;
    }

    /**
     * Core's RescanFromTime: from the first block whose time (the running maximum, as block times need not
     * increase) reaches {@code time} less {@link #TIMESTAMP_WINDOW}, to the tip.
     */
    public synchronized void rescanFromTime(WalletChain chain, long time) throws WalletStoreException {
        int tip = chain.tip().height();
        long maxTime = Long.MIN_VALUE;
        for (int h = 0; h <= tip; h++) {
            BlockIndex idx = chain.atHeight(h).orElseThrow();
            maxTime = Math.max(maxTime, idx.time());
            if (maxTime >= time - TIMESTAMP_WINDOW) {
                rescan(chain, h, tip);
                return;
            }
        }
    }

    /** The last block processed, with its locator's ancestors (ten parents, then doubling steps, then genesis). */
    private void setLastBlock(BlockIndex index) {
        lastBlockHash = index.hash();
        lastBlockHeight = index.height();
        List<Sha256Hash> ancestors = new ArrayList<>();
        int step = 1;
        for (int h = index.height() - 1; h > 0; h -= step) {
            ancestors.add(index.ancestor(h).hash());
            if (ancestors.size() >= 10) step *= 2;
        }
        if (index.height() > 0) ancestors.add(index.ancestor(0).hash());
        lastBlockAncestors = List.copyOf(ancestors);
    }

    @Override
    public synchronized void blockConnected(Block block, BlockIndex index) {
        boolean touched = recordBlock(block, index);
        setLastBlock(index);
        bestBlockTime = clock.instant().getEpochSecond();
        if (touched) saveLogged();
    }

    @Override
    public synchronized void blockDisconnected(Block block, BlockIndex index) {
        ledger.blockDisconnected(index.hash());
        // bitcoind syncs each transaction of a disconnected block again, as unconfirmed.
        for (Transaction tx : block.transactions()) {
            if (ledger.get(tx.txid()).isPresent()) observer.transactionSynced(name, tx.txid(), Optional.empty());
        }
        setLastBlock(index.prev());
        bestBlockTime = clock.instant().getEpochSecond();
        saveLogged();
    }

    /**
     * A transaction entered the mempool (or was relayed to us): recorded if it is ours. The mempool holds one of
     * a set of conflicting transactions, so our other unconfirmed transactions spending the same outputs have
     * been replaced there, and this one, if it had been replaced or abandoned before, is back (bitcoind's
     * in-mempool state replaces the inactive one; its abandoned descendants stay abandoned).
     */
    public synchronized void transactionAddedToMempool(Transaction tx) {
        Optional<WalletTx> known = ledger.get(tx.txid());
        if (known.isEmpty() && !ledger.involvesMe(tx)) {
            // Not ours, yet it replaced ours that spend the same outputs there (bitcoind's mempool_conflicts
            // record any mempool transaction).
            if (markReplacedBy(tx)) saveLogged();
            return;
        }
        ledger.setInMempool(tx.txid(), true);
        if (known.isPresent()) {
            ledger.annotate(tx.txid(), WalletTx.Notes::backInMempool);
        } else {
            ledger.put(new WalletTx(tx, WalletTx.State.PENDING, Optional.empty(), clock.instant().getEpochSecond()));
        }
        markReplacedBy(tx);
        markScriptsUsed(tx);
        saveLogged();
        observer.transactionSynced(name, tx.txid(), Optional.empty());
    }

    /** @return whether one of ours was replaced (the mempool conflict, in the mempool, is then followed too) */
    private boolean markReplacedBy(Transaction tx) {
        boolean any = false;
        for (Sha256Hash other : ledger.conflictsOf(tx)) {
            WalletTx o = ledger.get(other).orElseThrow();
            if (o.state() != WalletTx.State.CONFIRMED) {
                ledger.setInMempool(other, false);
                ledger.annotate(other, n -> n.replacedInMempoolBy(Optional.of(tx.txid())));
                any = true;
            }
        }
        if (any) ledger.setInMempool(tx.txid(), true);
        return any;
    }

    private boolean recordBlock(Block block, BlockIndex index) {
        boolean touched = false;
        List<Transaction> txs = block.transactions();
        // Before our own are recorded: a block transaction of ours spends its inputs by itself.
        List<Transaction> foreign = txs.stream().filter(tx -> !ledger.involvesMe(tx)).toList();
        if (ledger.recordForeignBlockSpends(foreign, index.hash(), index.height())) touched = true;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (!ledger.involvesMe(tx)) continue;
            long received = ledger.get(tx.txid()).map(WalletTx::timeReceived).orElse(index.time());
            WalletTx.BlockPosition at = new WalletTx.BlockPosition(index.hash(), index.height(), i, index.time());
            ledger.put(new WalletTx(tx, WalletTx.State.CONFIRMED, Optional.of(at), received));
            markScriptsUsed(tx);
            touched = true;
            observer.transactionSynced(name, tx.txid(), Optional.of(at));
        }
        return touched;
    }

    private void markScriptsUsed(Transaction tx) {
        for (TxOut o : tx.outputs()) {
            Optional<WalletKeyLocation> at = hd.locate(o.scriptPubKey());
            if (at.isEmpty()) continue;
            hd.markUsed(at.get());
            // bitcoind's AddToWalletIfInvolvingMe: a payment to a receiving address of an active descriptor that
            // this wallet did not hand out (another copy of it did, or a restored backup) enters the address book
            // with the empty label, so it counts as received rather than as change.
            boolean receiving = hd.activeSlotOf(at.get().descriptor()).map(slot -> !slot.internal()).orElse(false);
            if (receiving && addressBook.get(o.scriptPubKey()).isEmpty()
                    && Address.fromScriptPubKey(o.scriptPubKey(), hd.network()).isPresent()) {
                addressBook.set(o.scriptPubKey(), "", AddressPurpose.RECEIVE);
            }
        }
        unlockSpent(tx);
    }

    /**
     * A wallet transaction spending a locked coin unlocks it, persistent lock included (Core's AddToSpends calls
     * UnlockCoin): lockunspent's locks guard coins against selection, not against a spend that happened.
     */
    private void unlockSpent(Transaction tx) {
        if (tx.isCoinbase()) return;
        for (TxIn in : tx.inputs()) {
            lockedCoins.remove(in.prevout());
            persistentLocks.remove(in.prevout());
        }
    }

    // ---- queries ----

    public synchronized WalletBalances balances() {
        return balances(true);
    }

    /**
     * @param avoidReuse with the avoid_reuse flag set, leave out dirty coins (those paid to an address already spent
     *     from), as bitcoind's GetBalance with avoid_reuse; without the flag nothing is dirty
     */
    public synchronized WalletBalances balances(boolean avoidReuse) {
        return ledger.balances(lastBlockHeight, maturity(), avoidReuse && hd.flags().avoidReuse());
    }

    /** Our unspent outputs, locked ones included. */
    public synchronized List<WalletCoin> unspent() {
        return ledger.unspent(lastBlockHeight, maturity());
    }

    public synchronized List<WalletTx> transactions() {
        return List.copyOf(ledger.all());
    }

    public synchronized Optional<WalletTx> transaction(Sha256Hash txid) {
        return ledger.get(txid);
    }

    /** Other wallet transactions spending any of the same outputs ("walletconflicts"). */
    public synchronized List<Sha256Hash> conflictsOf(Transaction tx) {
        return ledger.conflictsOf(tx);
    }

    public synchronized long credit(Transaction tx) {
        return ledger.credit(tx);
    }

    /**
     * gettransaction's "mempoolconflicts": the transactions the mempool holds in place of this one or one of its
     * unconfirmed ancestors (see {@link Ledger#mempoolConflicts}), while it holds them.
     */
    public synchronized List<Sha256Hash> mempoolConflicts(WalletTx wtx) {
        return ledger.mempoolConflicts(wtx).stream().filter(ledger::inMempool).toList();
    }

    /** bitcoind's CachedTxIsTrusted (the "trusted" of an unconfirmed transaction's view); see {@link Ledger#isTrusted}. */
    public synchronized boolean isTrusted(WalletTx wtx) {
        return ledger.isTrusted(wtx, lastBlockHeight);
    }

    /** Whether every input spends an output of ours (bitcoind's IsFromMe over all inputs; "trusted"). */
    public synchronized boolean allInputsMine(Transaction tx) {
        return ledger.allInputsMine(tx);
    }

    public synchronized long debit(Transaction tx) {
        return ledger.debit(tx);
    }

    public synchronized Optional<Long> fee(Transaction tx) {
        return ledger.fee(tx);
    }

    public synchronized Optional<WalletKeyLocation> locate(Script script) {
        return hd.locate(script);
    }

    /**
     * Core's IsChange: a script of ours that is not in the address book. getnewaddress enters what it hands
     * out; getrawchangeaddress and change outputs are never entered.
     */
    public synchronized boolean isChange(Script script) {
        return hd.locate(script).isPresent() && (Address.fromScriptPubKey(script, hd.network()).isEmpty() || addressBook.get(script).isEmpty());
    }

    // ---- labels ----

    public synchronized Optional<AddressBook.Entry> addressBookEntry(Script script) {
        return addressBook.get(script);
    }

    /** setlabel: ours as a receiving address, anyone else's as a sending one. */
    public synchronized void setLabel(Script script, String label) throws WalletStoreException {
        addressBook.set(script, label, hd.locate(script).isPresent() ? AddressPurpose.RECEIVE : AddressPurpose.SEND);
        save();
    }

    public synchronized List<Map.Entry<Script, AddressBook.Entry>> addressesWithLabel(String label) {
        return addressBook.withLabel(label);
    }

    public synchronized Set<String> labels(Optional<AddressPurpose> purpose) {
        return addressBook.labels(purpose);
    }

    // ---- keys ----

    /**
     * getnewaddress (external, entered in the address book under {@code label}) / getrawchangeaddress (internal).
     */
    public synchronized Address newAddress(AddressType type, boolean internal, String label) throws WalletException, WalletStoreException {
        Address a = hd.newAddress(type, internal);
        if (!internal) addressBook.set(a.toScriptPubKey(), label, AddressPurpose.RECEIVE);
        save();
        return a;
    }

    /**
     * importdescriptors: each request in turn (Core's checks and messages), then a rescan from the earliest
     * timestamp of those that succeeded, and a scan of the mempool for the new scripts.
     *
     * @throws WalletException when the wallet is encrypted and locked (Core refuses before any request)
     */
    public synchronized List<DescriptorImportResult> importDescriptors(List<DescriptorImportRequest> requests, WalletChain chain,
                                                                       TransactionBroadcaster mempool) throws WalletException, WalletStoreException {
        if (isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        long now = chain.index(lastBlockHash).map(BlockIndex::medianTimePast).orElse(chain.tip().index().medianTimePast());
        DescriptorImporter importer = new DescriptorImporter(hd, addressBook);
        List<DescriptorImportResult> results = new ArrayList<>();
        long lowest = Long.MAX_VALUE;
        for (DescriptorImportRequest r : requests) {
            // Core raises timestamps below 1 to 1 (its "minimum_timestamp").
            long time = Math.max(r.timestamp().orElse(now), 1);
            DescriptorImportResult result = importer.process(r, time);
            results.add(result);
            if (result.success()) lowest = Math.min(lowest, time);
        }
        if (lowest != Long.MAX_VALUE) {
            rescanFromTime(chain, lowest);
            for (Transaction tx : ParentsFirst.order(mempool.mempoolTransactions())) transactionAddedToMempool(tx);
        }
        save();
        return results;
    }

    public synchronized void encrypt(char[] passphrase, ScryptParams scrypt) throws WalletException, WalletStoreException {
        if (hd.flags().privateKeysDisabled()) {
            throw new WalletException(WalletException.Kind.ENCRYPTION_FAILED, "Error: wallet does not contain private keys, nothing to encrypt.");
        }
        if (hd.isEncrypted()) throw new WalletException(WalletException.Kind.WRONG_ENC_STATE, "Error: running with an encrypted wallet, but encryptwallet was called.");
        // bitcoind's EncryptWallet: a wallet that is not blank gets descriptors from a new seed.
        if (!hd.flags().blank() && hd.seedFingerprint().isPresent()) {
            byte[] seed = new byte[32];
            new java.security.SecureRandom().nextBytes(seed);
            hd.replaceSeed(seed, clock.instant().getEpochSecond());
            java.util.Arrays.fill(seed, (byte) 0);
        }
        hd.encrypt(passphrase, scrypt, clock);
        save();
    }

    public synchronized void unlock(char[] passphrase, Duration timeout) throws WalletException {
        if (!hd.isEncrypted()) throw new WalletException(WalletException.Kind.WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletpassphrase was called.");
        try {
            hd.unlock(passphrase, timeout);
        } catch (WrongPassphraseException e) {
            // bitcoind's hint for passphrases set before 25.0, which stopped at the first NUL character
            throw new WalletException(WalletException.Kind.PASSPHRASE_INCORRECT, !hasNul(passphrase)
                    ? "Error: The wallet passphrase entered was incorrect."
                    : "Error: The wallet passphrase entered is incorrect. It contains a null character (ie - a zero byte). If the "
                    + "passphrase was set with a version of this software prior to 25.0, please try again with only the characters up "
                    + "to \u2014 but not including \u2014 the first null character. If this is successful, please set a new passphrase to "
                    + "avoid this issue in the future.");
        }
    }

    public synchronized void lock() throws WalletException {
        if (!hd.isEncrypted()) throw new WalletException(WalletException.Kind.WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletlock was called.");
        hd.lock();
    }

    /** walletpassphrasechange: re-seals the secrets under a new passphrase and persists them. */
    public synchronized void changePassphrase(char[] oldPassphrase, char[] newPassphrase) throws WalletException, WalletStoreException {
        var ks = hd.keystore().orElseThrow(() -> new WalletException(WalletException.Kind.WRONG_ENC_STATE,
                "Error: running with an unencrypted wallet, but walletpassphrasechange was called."));
        try {
            ks.changePassphrase(oldPassphrase, newPassphrase);
        } catch (WrongPassphraseException e) {
            throw new WalletException(WalletException.Kind.PASSPHRASE_INCORRECT, !hasNul(oldPassphrase)
                    ? "Error: The wallet passphrase entered was incorrect."
                    : "Error: The old wallet passphrase entered is incorrect. It contains a null character (ie - a zero byte). If the "
                    + "old passphrase was set with a version of this software prior to 25.0, please try again with only the characters "
                    + "up to \u2014 but not including \u2014 the first null character.");
        }
        save();
    }

    private static boolean hasNul(char[] passphrase) {
        for (char c : passphrase) if (c == 0) return true;
        return false;
    }

    /**
     * backupwallet: a consistent copy of the wallet file (written first, so the copy is current). As bitcoind's
     * SQLite backup, which opens the destination as a database, a directory or the wallet's own file is refused.
     */
    public synchronized void backup(Path destination) throws WalletStoreException {
        save();
        Path source = dir.path().resolve(WalletDirectory.FILE_NAME);
        try {
            if (Files.isDirectory(destination) || (Files.exists(destination) && Files.isSameFile(source, destination))) {
                throw new WalletStoreException("Error: Wallet backup failed!");
            }
            Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WalletStoreException("Error: Wallet backup failed!", e);
        }
    }

    /**
     * keypoolrefill: every active descriptor keeps at least {@code size} unissued positions derived (0: the
     * -keypool top-up only). As bitcoind, a locked wallet is refused first, and a wallet whose active
     * descriptors cannot reach the size (a blank one has none) fails with "Error refreshing keypool."
     */
    public synchronized void refillKeypool(int size) throws WalletException, WalletStoreException {
        if (isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        hd.refillKeypool(size);
        save();
        if (hd.keypoolSize(false) < size) throw new WalletException(WalletException.Kind.WALLET_ERROR, "Error refreshing keypool.");
    }

    public synchronized boolean isLocked() {
        return hd.keystore().map(k -> !k.isUnlocked()).orElse(false);
    }

    /**
     * Applies the node's wallet options; the manager sets them on every wallet it creates or loads (so -paytxfee
     * becomes the wallet's settxfee rate, as bitcoind's CWallet::Create sets m_pay_tx_fee).
     */
    public synchronized void setPolicy(WalletPolicy p) {
        policy = java.util.Objects.requireNonNull(p);
        ledger.setTrustOwnUnconfirmed(p.spendZeroConfChange());
        payTxFee = p.payTxFee();
    }

    public synchronized WalletPolicy policy() {
        return policy;
    }

    /** The settxfee rate, if one is set (getwalletinfo "paytxfee"). */
    public synchronized Optional<FeeRate> payTxFee() {
        return payTxFee;
    }

    /** settxfee: a rate of zero returns to automatic fee selection. */
    public synchronized void setPayTxFee(FeeRate rate) {
        payTxFee = rate.satsPerKvB() == 0 ? Optional.empty() : Optional.of(rate);
    }

    // ---- locked coins ----

    /**
     * lockunspent: locks (or unlocks) outputs of wallet transactions against coin selection, after checking them
     * all as Core does; nothing changes when one is refused. Persistent locks survive a restart.
     */
    public synchronized void lockCoins(List<OutPoint> outPoints, boolean unlock, boolean persistent) throws WalletException, WalletStoreException {
        for (OutPoint op : outPoints) {
            WalletTx w = ledger.get(op.txid()).orElseThrow(() -> invalidParameter("Invalid parameter, unknown transaction"));
            if (op.index() >= w.tx().outputs().size()) throw invalidParameter("Invalid parameter, vout index out of bounds");
            if (ledger.isSpent(op)) throw invalidParameter("Invalid parameter, expected unspent output");
            boolean locked = lockedCoins.contains(op);
            if (unlock && !locked) throw invalidParameter("Invalid parameter, expected locked output");
            if (!unlock && locked && !persistent) throw invalidParameter("Invalid parameter, output already locked");
        }
        for (OutPoint op : outPoints) {
            if (unlock) {
                lockedCoins.remove(op);
                persistentLocks.remove(op);
            } else {
                lockedCoins.add(op);
                if (persistent) persistentLocks.add(op);
            }
        }
        save();
    }

    /**
     * Locks the inputs of a transaction being made (sendall's lock_unspents, bitcoind's LockCoin without
     * persistence): coins already locked stay so, without the refusal lockunspent gives.
     */
    public synchronized void lockForSpend(List<OutPoint> outPoints) {
        lockedCoins.addAll(outPoints);
    }

    /** Whether a wallet transaction spends the output (bitcoind's IsSpent). */
    public synchronized boolean isSpent(OutPoint op) {
        return ledger.isSpent(op);
    }

    /** lockunspent true without outputs: unlocks everything. */
    public synchronized void unlockAllCoins() throws WalletStoreException {
        lockedCoins.clear();
        persistentLocks.clear();
        save();
    }

    public synchronized List<OutPoint> lockedCoins() {
        return List.copyOf(lockedCoins);
    }

    public synchronized boolean isLockedCoin(OutPoint op) {
        return lockedCoins.contains(op);
    }

    private static WalletException invalidParameter(String message) {
        return new WalletException(WalletException.Kind.INVALID_PARAMETER, message);
    }

    // ---- funding and spending ----

    /**
     * The funding routine every spend goes through (Core's CreateTransaction with coin control): sendtoaddress,
     * sendmany, fundrawtransaction and walletcreatefundedpsbt. Preset inputs are looked up among the wallet's
     * transactions, then through {@code chainUtxo}; wallet coins are added as the request allows; change goes
     * to the requested script or a new change address of the type Core would choose. Nothing is signed. The
     * change address is kept (not handed out again) only when a change output was added; lockUnspents locks
     * the inputs.
     *
     * @param chainUtxo the chain's unspent output at an outpoint, for preset inputs the wallet does not know
     */
    public synchronized FundedTransaction fund(FundingRequest asked, Function<OutPoint, Optional<TxOut>> chainUtxo) throws WalletException {
        // bitcoind's CCoinControl: -avoidpartialspends is the default of m_avoid_partial_spends.
        FundingRequest request = policy.avoidPartialSpends() && !asked.avoidPartialSpends() ? asked.withAvoidPartialSpends(true) : asked;
        List<ResolvedInput> presets = new ArrayList<>();
        Set<OutPoint> preset = new HashSet<>();
        for (PresetInput p : request.presetInputs()) {
            presets.add(resolve(p, request, chainUtxo));
            preset.add(p.outPoint());
        }
        List<WalletCoin> coins = new ArrayList<>();
        // bitcoind's AvailableCoins: dirty coins are left out under avoid_reuse unless the caller allows them.
        Set<dev.blocksmith.core.script.Script> dirty = request.avoidAddressReuse() && hd.flags().avoidReuse()
                ? ledger.spentFromScripts() : Set.of();
        for (WalletCoin c : unspent()) {
            if (preset.contains(c.outPoint()) || lockedCoins.contains(c.outPoint()) || !c.mature()) continue;
            if (!c.safe() && !request.includeUnsafe()) continue;
            // -spendzeroconfchange=0: only confirmed coins (bitcoind drops its 0-confirmation eligibility filter).
            if (!policy.spendZeroConfChange() && c.confirmations() == 0) continue;
            if (c.confirmations() < request.minConf() || (request.maxConf().isPresent() && c.confirmations() > request.maxConf().getAsInt())) continue;
            if (dirty.contains(c.output().scriptPubKey())) continue;
            coins.add(c);
        }
        Optional<WalletKeyLocation> changeAt = Optional.empty();
        ChangeTarget change;
        if (request.change().script().isPresent()) {
            Script s = request.change().script().get();
            change = ChangeTarget.to(s, hd.locate(s).map(WalletKeyLocation::inputVBytes).orElse(ChangeTarget.UNKNOWN_SPEND_VBYTES));
        } else {
            AddressType type = request.change().type().orElseGet(() -> changeType(request.outputs()));
            try {
                WalletKeyLocation at = hd.peekNext(new ActiveSlot(type, true));
                changeAt = Optional.of(at);
                change = ChangeTarget.to(hd.script(at), at.inputVBytes());
            } catch (WalletException e) {
                change = ChangeTarget.none(e);
            }
        }
        TransactionFunder.Result result = new TransactionFunder(random, policy.maxTxFeeSats(), policy.requiredFeeRate(), policy.consolidateFeeRate(),
                policy.discardFee()).fund(request, presets, coins, change,
                c -> mempool.ancestry(c.outPoint().txid())
                        .map(a -> new dev.blocksmith.wallet.funding.MempoolChain(a.count(), a.descendantMaximum()))
                        .orElse(dev.blocksmith.wallet.funding.MempoolChain.CONFIRMED));
        if (result.changeUsed()) changeAt.ifPresent(hd::markUsed);
        if (request.lockUnspents()) for (TxIn in : result.funded().tx().inputs()) lockedCoins.add(in.prevout());
        saveLogged();
        return result.funded();
    }

    private ResolvedInput resolve(PresetInput p, FundingRequest request, Function<OutPoint, Optional<TxOut>> chainUtxo) throws WalletException {
        OutPoint op = p.outPoint();
        TxOut spent = knownOutput(op).or(() -> chainUtxo.apply(op))
                .orElseThrow(() -> new WalletException(WalletException.Kind.WALLET_ERROR, "Unable to find UTXO for external input"));
        Optional<WalletKeyLocation> owner = hd.locate(spent.scriptPubKey());
        // bitcoind's FetchSelectedInputs: a weight given for the input wins over the wallet's own estimate.
        Integer weight = request.inputWeights().get(op);
        if (weight != null) return new ResolvedInput(p, spent, InputWeight.given(weight, spendsWitnessProgram(spent.scriptPubKey(), owner)), owner);
        if (owner.isPresent()) return new ResolvedInput(p, spent, owner.get().inputWeight(), owner);
        throw new WalletException(WalletException.Kind.WALLET_ERROR, "Not solvable pre-selected input COutPoint("
                + op.txid().toHex().substring(0, 10) + ", " + op.index() + ")");
    }

    /**
     * Whether spending the output puts data in the witness, as bitcoind judges it for the segwit marker
     * (CalculateMaximumSignedTxSize's IsSegwit): by our descriptor when the output is ours, else by the output
     * script, a P2SH one counting as non-witness.
     */
    private static boolean spendsWitnessProgram(Script spk, Optional<WalletKeyLocation> owner) {
        if (owner.isPresent()) return owner.get().inputWeight().witness();
        return spk.isWitnessProgram();
    }

    /**
     * Core's TransactionChangeType with bech32 as the default address type: the type of a recipient the wallet
     * has a change descriptor for (taproot, then P2WPKH, P2SH, P2PKH), else bech32m, else bech32.
     */
    private AddressType changeType(List<TxOut> outputs) {
        // bitcoind: -changetype wins; a legacy -addresstype makes change legacy too.
        if (policy.changeType().isPresent()) return policy.changeType().get();
        if (policy.addressType() == AddressType.LEGACY) return AddressType.LEGACY;
        boolean anyTr = false;
        boolean anyWpkh = false;
        boolean anySh = false;
        boolean anyPkh = false;
        for (TxOut o : outputs) {
            Script s = o.scriptPubKey();
            anyTr |= s.isP2TR();
            anyWpkh |= s.isP2WPKH();
            anySh |= s.isP2SH();
            anyPkh |= s.isP2PKH();
        }
        boolean bech32m = hd.hasActiveDescriptor(new ActiveSlot(AddressType.BECH32M, true));
        boolean bech32 = hd.hasActiveDescriptor(new ActiveSlot(AddressType.BECH32, true));
        if (bech32m && anyTr) return AddressType.BECH32M;
        if (bech32 && anyWpkh) return AddressType.BECH32;
        if (anySh && hd.hasActiveDescriptor(new ActiveSlot(AddressType.P2SH_SEGWIT, true))) return AddressType.P2SH_SEGWIT;
        if (anyPkh && hd.hasActiveDescriptor(new ActiveSlot(AddressType.LEGACY, true))) return AddressType.LEGACY;
        if (bech32m) return AddressType.BECH32M;
        return policy.addressType();
    }

    /**
     * Funds, builds and signs a payment (sendtoaddress, sendmany): the funding routine with no preset inputs,
     * trusted coins only and the tip height as lock time (anti fee sniping). Changes nothing in the wallet except
     * keeping the change address.
     */
    public synchronized CreatedTransaction createTransaction(List<Recipient> recipients, FeeRate rate, boolean replaceable)
            throws WalletException {
        return createTransaction(recipients, rate, replaceable, lastBlockHeight);
    }

    /** {@link #createTransaction(List, FeeRate, boolean)} with the lock time given ({@link #feeSnipingLockTime}). */
    public synchronized CreatedTransaction createTransaction(List<Recipient> recipients, FeeRate rate, boolean replaceable, long lockTime)
            throws WalletException {
        return createTransaction(recipients, rate, replaceable, lockTime, false);
    }

    /** @param avoidAddressReuse leave dirty coins out (and so spend each address's coins together), as sendtoaddress's avoid_reuse */
    public synchronized CreatedTransaction createTransaction(List<Recipient> recipients, FeeRate rate, boolean replaceable, long lockTime,
                                                         boolean avoidAddressReuse) throws WalletException {
        requirePrivateKeys();
        List<TxOut> outputs = new ArrayList<>();
        Set<Integer> subtract = new HashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            Recipient r = recipients.get(i);
            outputs.add(new TxOut(r.amountSats(), r.scriptPubKey()));
            if (r.subtractFee()) subtract.add(i);
        }
        FundingRequest request = FundingRequest.payment(outputs, subtract, rate, lockTime,
                replaceable ? MAX_BIP125_RBF_SEQUENCE : NON_RBF_SEQUENCE).withAvoidAddressReuse(avoidAddressReuse);
        FundedTransaction funded = fund(request, op -> Optional.empty());
        Transaction signed = sign(funded.tx(), funded.spentOutputs(), funded.inputOwners());
        return new CreatedTransaction(signed, funded.feeSats(), funded.changePosition());
    }

    /**
     * bitcoind's DiscourageFeeSniping: the lock time of a new transaction is the wallet's last block, so it can only
     * be mined after it, and one time in ten up to 99 blocks earlier (for transactions whose sending is delayed);
     * 0 when the chain is not current ({@code tipIsCurrent} false: in initial block download, or the last block is
     * more than 8 hours old), so that a lagging chain does not show in the lock time.
     */
    public synchronized long feeSnipingLockTime(boolean tipIsCurrent) {
        if (!tipIsCurrent) return 0;
        long lockTime = lastBlockHeight;
        if (random.nextInt(10) == 0) lockTime = Math.max(0, lockTime - random.nextInt(100));
        return lockTime;
    }

    private void requirePrivateKeys() throws WalletException {
        if (hd.flags().privateKeysDisabled()) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Error: Private keys are disabled for this wallet");
        }
    }

    /**
     * bumpfee: replaces a pending transaction of ours by one paying a higher fee rate (bitcoind's feebumper): the
     * replacement is funded anew with every input of the original, the original's payments (or the new outputs asked
     * for) and change back to the original's change script; wallet coins with a confirmation are added when the
     * inputs no longer cover it. Once the mempool has taken the replacement, the original stays in the wallet as
     * replaced ("replaced_by_txid"), inactive, so the two are never counted together.
     *
     * @param chainCoins the unspent output at an outpoint, in the mempool or the chain (bitcoind's findCoins)
     * @return the replacement, the original's fee and the replacement's
     */
    public synchronized FeeBumpResult bumpFee(FeeBumpRequest request, Function<OutPoint, Optional<TxOut>> chainCoins,
                                              TransactionBroadcaster broadcaster) throws WalletException, WalletStoreException {
        if (hd.flags().privateKeysDisabled()) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR,
                    "bumpfee is not available with wallets that have private keys disabled. Use psbtbumpfee instead.");
        }
        if (isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        FeeBump bump = planBump(request, chainCoins, broadcaster, true);
        FundedTransaction funded = bump.funded();
        Transaction replacement = sign(funded.tx(), funded.spentOutputs(), funded.inputOwners());
        // bitcoind's CommitTransaction: the original must still be replaceable.
        preconditions(ledger.get(request.txid()).orElseThrow(), broadcaster);
        WalletTx.Notes original = ledger.get(request.txid()).orElseThrow().notes();
        commit(replacement, broadcaster);
        ledger.annotate(request.txid(), n -> n.bumpedBy(replacement.txid()));
        // bitcoind's CommitTransaction copies the original's mapValue (its comments) to the replacement.
        ledger.annotate(replacement.txid(), n -> n.bumping(request.txid()).withComments(original.comment(), original.commentTo()));
        save();
        return new FeeBumpResult(replacement, bump.oldFee(), funded.feeSats());
    }

    /** A bumpfee result: the signed replacement, the original's fee and the replacement's. */
    public record FeeBumpResult(Transaction replacement, long oldFee, long newFee) {
    }

    /**
     * psbtbumpfee: the replacement {@link #bumpFee} would make, unsigned and with what the wallet knows about its
     * inputs, for an external signer; inputs of others are kept, weighed by their signed form. Nothing in the wallet
     * changes but the change address (bitcoind's feebumper without CommitTransaction).
     */
    public synchronized FeeBumpPsbt bumpFeePsbt(FeeBumpRequest request, Function<OutPoint, Optional<TxOut>> chainCoins,
                                                TransactionBroadcaster broadcaster) throws WalletException {
        if (isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        FeeBump bump = planBump(request, chainCoins, broadcaster, false);
        PsbtFill fill = PsbtFiller.fill(Psbt.create(bump.funded().tx()), hd, t -> ledger.get(t).map(WalletTx::tx),
                new WalletSigningProvider(hd, false), SignatureHasher.SIGHASH_DEFAULT, false, true, false);
        return new FeeBumpPsbt(fill.psbt(), bump.oldFee(), bump.funded().feeSats());
    }

    /** A psbtbumpfee result: the replacement as a PSBT, the original's fee and the replacement's. */
    public record FeeBumpPsbt(Psbt psbt, long oldFee, long newFee) {
    }

    /** A planned fee bump: the funded, unsigned replacement and the original's fee. */
    private record FeeBump(FundedTransaction funded, long oldFee) {
    }

    /**
     * bitcoind's CreateRateBumpTransaction: checks, the original's fee, the replacement's payments and change, its fee
     * rate (the caller's, checked, or the original's raised), then funding with all the original's inputs first.
     *
     * @param requireMine whether every input must be ours (bumpfee; psbtbumpfee keeps others' inputs)
     */
    private FeeBump planBump(FeeBumpRequest request, Function<OutPoint, Optional<TxOut>> chainCoins, TransactionBroadcaster mempool,
                             boolean requireMine) throws WalletException {
        if (!request.newOutputs().isEmpty() && request.originalChangeIndex().isPresent()) {
            throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "The options 'outputs' and 'original_change_index' are incompatible. "
                    + "You can only either specify a new set of outputs, or designate a change output to be recycled.");
        }
        Sha256Hash txid = request.txid();
        WalletTx w = ledger.get(txid).orElseThrow(() -> new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY,
                "Invalid or non-wallet transaction id"));
        Transaction tx = w.tx();
        if (request.originalChangeIndex().isPresent() && request.originalChangeIndex().getAsInt() >= tx.outputs().size()) {
            throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "Change position is out of range");
        }
        // The coins the original spends, still unspent in the chain (or made by the mempool); inputs of others are
        // weighed by their signed form, as the wallet cannot solve them.
        long inputValue = 0;
        List<InputWeight> weights = new ArrayList<>();
        Map<OutPoint, Integer> externalWeights = new HashMap<>();
        for (TxIn in : tx.inputs()) {
            OutPoint op = in.prevout();
            TxOut coin = chainCoins.apply(op).orElseThrow(() -> new WalletException(WalletException.Kind.MISC_ERROR,
                    op.txid().toHex() + ":" + op.index() + " is already spent"));
            inputValue += coin.value();
            Optional<WalletKeyLocation> owner = hd.locate(coin.scriptPubKey());
            if (owner.isPresent()) {
                weights.add(owner.get().inputWeight());
            } else {
                int weight = ExternalInputWeight.of(in);
                externalWeights.put(op, weight);
                weights.add(InputWeight.given(weight, coin.scriptPubKey().isWitnessProgram() || !in.witness().isEmpty()));
            }
        }
        preconditions(w, mempool);
        if (requireMine && !externalWeights.isEmpty()) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction contains inputs that don't belong to this wallet");
        }
        long oldFee = inputValue - tx.outputs().stream().mapToLong(TxOut::value).sum();

        List<TxOut> txouts = request.newOutputs().isEmpty() ? tx.outputs() : request.newOutputs();
        ReplacementOutputs outputs = ReplacementOutputs.of(txouts, request.originalChangeIndex(), this::isChange);
        FeeRate rate;
        if (request.explicitRate().isPresent()) {
            rate = request.explicitRate().get();
            int maxTxVsize = SignedTxSize.of(weights, txouts).vsize();
            long ancestorBumpFee = AncestorBumpFees.combined(tx.inputs().stream().map(in -> in.prevout().txid()).toList(), rate, mempool);
            BumpFeeRate.checkExplicit(rate, maxTxVsize, ancestorBumpFee, oldFee, mempool.incrementalRelayFee(), policy.requiredFeeRate(),
                    policy.maxTxFeeSats());
        } else {
            rate = BumpFeeRate.estimated(oldFee, tx.vsize(), mempool.incrementalRelayFee(), request.minimumRate());
        }
        // Every input of the original is spent again (else two bumps could both confirm); new inputs must be confirmed
        // (BIP125 rule 2). bitcoind's default sequence applies to all inputs, so replaceable=false makes them final-but-one.
        long sequence = request.replaceable() ? MAX_BIP125_RBF_SEQUENCE : NON_RBF_SEQUENCE;
        List<PresetInput> presets = new ArrayList<>();
        for (TxIn in : tx.inputs()) presets.add(new PresetInput(in.prevout(), sequence, Script.EMPTY, dev.blocksmith.core.tx.Witness.EMPTY));
        FundingRequest funding = new FundingRequest(2, request.lockTime(), presets, outputs.outputs(), outputs.subtractFeeFrom(), rate,
                new ChangeRequest(outputs.changeScript(), Optional.empty(), java.util.OptionalInt.empty()), true, false, 1,
                java.util.OptionalInt.empty(), sequence, false, externalWeights, FundingRequest.MAX_STANDARD_TX_WEIGHT, false);
        FundedTransaction funded;
        try {
            funded = fund(funding, chainCoins);
        } catch (WalletException e) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Unable to create transaction. " + e.getMessage());
        }
        return new FeeBump(funded, oldFee);
    }

    /**
     * bitcoind's feebumper PreconditionChecks: nothing of ours or in the mempool spends the transaction yet, it is
     * unconfirmed and not conflicted by a block, and it was not already bumped.
     */
    private void preconditions(WalletTx w, TransactionBroadcaster mempool) throws WalletException {
        Sha256Hash txid = w.txid();
        if (ledger.hasActiveSpend(txid)) {
            throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "Transaction has descendants in the wallet");
        }
        if (mempool.hasDescendantsInMempool(txid)) {
            throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "Transaction has descendants in the mempool");
        }
        if (w.confirmations(lastBlockHeight) != 0) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction has been mined, or is conflicted with a mined transaction");
        }
        if (w.notes().replacedByTxid().isPresent()) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Cannot bump transaction " + txid.toHex()
                    + " which was already bumped by transaction " + w.notes().replacedByTxid().get().toHex());
        }
    }

    /**
     * abandontransaction: gives up an unconfirmed transaction that is not in the mempool, with its descendants,
     * so their inputs can be spent again (Core's AbandonTransaction).
     */
    public synchronized void abandon(Sha256Hash txid, TransactionBroadcaster mempool) throws WalletException, WalletStoreException {
        WalletTx w = ledger.get(txid).orElseThrow(() -> new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY,
                "Invalid or non-wallet transaction id"));
        boolean inMempool = w.state() == WalletTx.State.PENDING && mempool.inMempool(txid);
        if (w.notes().abandoned() || w.confirmations(lastBlockHeight) != 0 || inMempool) {
            throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, "Transaction not eligible for abandonment");
        }
        List<WalletTx> descendants = ledger.unconfirmedDescendants(txid);
        ledger.annotate(txid, WalletTx.Notes::abandon);
        for (WalletTx d : descendants) ledger.annotate(d.txid(), WalletTx.Notes::abandon);
        save();
    }

    private Transaction sign(Transaction tx, List<TxOut> spent, List<Optional<WalletKeyLocation>> owners) throws WalletException {
        if (owners.stream().flatMap(Optional::stream).anyMatch(o -> o.kind().isScripted())) return signAsPsbt(tx);
        Map<Integer, PrivateKeyBytes> keys = new HashMap<>();
        try {
            for (int i = 0; i < owners.size(); i++) {
                Optional<WalletKeyLocation> at = owners.get(i);
                if (at.isEmpty()) continue;
                int input = i;
                keys.put(i, hd.privateKey(at.get()).orElseThrow(() -> new WalletException(WalletException.Kind.WALLET_ERROR,
                        "Signing transaction failed: no private key for input " + input)));
            }
        } catch (WalletLockedException e) {
            throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        }
        try {
            return TransactionSigner.sign(tx, spent, keys, SignatureHasher.SIGHASH_ALL);
        } catch (SigningException e) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Signing transaction failed: " + e.getMessage());
        }
    }

    /**
     * A send that spends multisig coins is signed the way walletprocesspsbt signs (Core signs every wallet
     * transaction through FillPSBT): the PSBT solver knows the scripts and keys of each input. The wallet must hold
     * enough keys for every input; otherwise the send fails as bitcoind's does, changing nothing.
     */
    private Transaction signAsPsbt(Transaction tx) throws WalletException {
        if (isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        PsbtFill fill = fillPsbt(Psbt.create(tx), SignatureHasher.SIGHASH_DEFAULT, true, false, true);
        return PsbtFinalizer.extract(fill.psbt()).orElseThrow(() -> new WalletException(WalletException.Kind.WALLET_ERROR,
                "Signing transaction failed"));
    }

    /**
     * signrawtransactionwithwallet: signs every input whose spent output pays one of our scripts that we hold
     * private keys for, leaving the others as they are (a watch-only wallet signs nothing).
     *
     * @param spent the output spent by each input, in input order (all are needed for BIP341 sighashes)
     */
    public synchronized Transaction signOwnedInputs(Transaction tx, List<TxOut> spent, int hashType) throws WalletException {
        Map<Integer, PrivateKeyBytes> keys = new HashMap<>();
        List<Integer> scripted = new ArrayList<>();
        try {
            for (int i = 0; i < spent.size(); i++) {
                Optional<WalletKeyLocation> at = hd.locate(spent.get(i).scriptPubKey());
                if (at.isEmpty() || !hd.canSign(at.get())) continue;
                if (isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
                if (isScripted(at.get().kind())) {
                    scripted.add(i);
                    continue;
                }
                Optional<PrivateKeyBytes> key = hd.privateKey(at.get());
                if (key.isPresent()) keys.put(i, key.get());
            }
        } catch (WalletLockedException e) {
            throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        }
        Transaction signed = tx;
        if (!keys.isEmpty()) {
            try {
                signed = TransactionSigner.sign(tx, spent, keys, hashType);
            } catch (SigningException e) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, "Signing transaction failed: " + e.getMessage());
            }
        }
        // Scripts of several keys (multisig, miniscript in P2WSH or P2SH): bitcoind's SignTransaction solves them
        // through ProduceSignature with the descriptor's signing provider, as walletprocesspsbt does here.
        WalletSigningProvider provider = new WalletSigningProvider(hd, true);
        for (int i : scripted) {
            PrecomputedTransactionData data = new PrecomputedTransactionData(signed, spent);
            RawInputSigner.Signed r = RawInputSigner.sign(signed, i, spent.get(i), provider, PsbtSignatureCreator.factory(hashType), data);
            TxIn old = signed.input(i);
            boolean hadData = !old.scriptSig().isEmpty() || !old.witness().isEmpty();
            // A partial result never loses signatures the input already carries (they may be another signer's):
            // a multisig's are read back into the result (Core's DataFromTransaction), other scripts' are kept.
            boolean multisig = hd.locate(spent.get(i).scriptPubKey()).map(at -> at.kind().isMultisig()).orElse(false);
            if (r.complete() || !hadData || multisig) signed = withInput(signed, i, r);
        }
        return signed;
    }

    /** Descriptor kinds whose scripts are not one key's: signed by script solving rather than per key. */
    private static boolean isScripted(Descriptor.Kind kind) {
        return kind.isScripted();
    }

    private static Transaction withInput(Transaction tx, int index, RawInputSigner.Signed r) {
        List<TxIn> inputs = new ArrayList<>(tx.inputs());
        TxIn in = inputs.get(index);
        inputs.set(index, new TxIn(in.prevout(), r.scriptSig(), in.sequence()).withWitness(r.witness()));
        return new Transaction(tx.version(), inputs, tx.outputs(), tx.lockTime());
    }

    /**
     * walletprocesspsbt / walletcreatefundedpsbt: update the PSBT with what the wallet knows and, with
     * {@code sign}, sign the inputs it can (see {@link PsbtFiller}).
     *
     * @param sighashType the hash type to sign with; SIGHASH_DEFAULT signs ALL (ECDSA) or DEFAULT (taproot)
     * @param bip32derivs include BIP32 origins of the wallet's keys
     */
    public synchronized PsbtFill fillPsbt(Psbt psbt, int sighashType, boolean sign, boolean bip32derivs, boolean finalize)
            throws WalletException {
        // Core's walletprocesspsbt: EnsureWalletIsUnlocked when asked to sign.
        if (sign && isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        return PsbtFiller.fill(psbt, hd, txid -> ledger.get(txid).map(WalletTx::tx), new WalletSigningProvider(hd, sign), sighashType, sign,
                bip32derivs, finalize);
    }

    /** The output at {@code op} if a wallet transaction created it (whether ours or not). */
    public synchronized Optional<TxOut> knownOutput(OutPoint op) {
        return ledger.get(op.txid()).filter(t -> op.index() < t.tx().outputs().size()).map(t -> t.tx().output((int) op.index()));
    }

    /**
     * Records a transaction this wallet created as pending and hands it to the mempool (bitcoind's
     * CommitTransaction). As bitcoind, a transaction the mempool refuses (a chain too long, say) stays in the
     * wallet, unconfirmed and out of the mempool, until it is resubmitted or abandoned; the refusal is logged,
     * not returned. Once the mempool has it, our other unconfirmed transactions spending the same outputs are
     * replaced there.
     */
    public synchronized void commit(Transaction tx, TransactionBroadcaster broadcaster) throws WalletStoreException {
        commit(tx, broadcaster, Optional.empty(), Optional.empty());
    }

    /**
     * {@link #commit(Transaction, TransactionBroadcaster)} with the sender's comments (sendtoaddress's comment and
     * comment_to, sendmany's comment: bitcoind's mapValue "comment" and "to"), shown by gettransaction.
     */
    public synchronized void commit(Transaction tx, TransactionBroadcaster broadcaster, Optional<String> comment, Optional<String> commentTo)
            throws WalletStoreException {
        if (ledger.get(tx.txid()).isEmpty()) {
            ledger.put(new WalletTx(tx, WalletTx.State.PENDING, Optional.empty(), clock.instant().getEpochSecond()));
        }
        if (comment.isPresent() || commentTo.isPresent()) ledger.annotate(tx.txid(), n -> n.withComments(comment, commentTo));
        markScriptsUsed(tx);
        observer.transactionSynced(name, tx.txid(), Optional.empty());
        Optional<String> reject = broadcaster.submit(tx);
        if (reject.isPresent()) {
            LOG.info("CommitTransaction(): Transaction cannot be broadcast immediately, {}", reject.get());
        } else {
            markReplacedBy(tx);
        }
        // bitcoind's SubmitTxMemoryPoolAndRelay: in the mempool once it took it; with -walletbroadcast=0 nothing is
        // submitted, so the transaction stays inactive.
        ledger.setInMempool(tx.txid(), broadcaster.inMempool(tx.txid()));
        save();
    }

    /**
     * Hands our unconfirmed transactions to the mempool again (bitcoind's ResubmitWalletTransactions at wallet
     * load, which a wallet run with -walletbroadcast=0 relies on to send what it made once broadcasting is on).
     * Parents go before children: passes repeat while any is newly accepted. Refusals are left as they are.
     *
     * @return how many the mempool took
     */
    public synchronized int resubmitPending(TransactionBroadcaster broadcaster) {
        return resubmit(broadcaster, ledger.all().stream()
                .filter(t -> t.state() == WalletTx.State.PENDING && !t.notes().abandoned() && !t.tx().isCoinbase())
                .sorted(java.util.Comparator.comparingLong(WalletTx::timeReceived)).toList(), false);
    }

    /** bitcoind's resend delay: uniformly 12 to 36 hours from now on the node clock. */
    private long drawNextResend() {
        return clock.instant().getEpochSecond() + RESEND_MIN_DELAY_SECONDS + random.nextLong(RESEND_DELAY_SPREAD_SECONDS);
    }

    private static final long RESEND_MIN_DELAY_SECONDS = 12 * 60 * 60;
    private static final long RESEND_DELAY_SPREAD_SECONDS = 24 * 60 * 60;
    /** bitcoind resends only what arrived at least five minutes before the last tip change. */
    private static final long RESEND_MIN_AGE_BEFORE_TIP_SECONDS = 5 * 60;

    /**
     * The periodic resend (bitcoind's MaybeResendWalletTxs, run each minute on the scheduler): once its randomly
     * drawn time has come, every unconfirmed transaction (not abandoned, not conflicted) received at least five
     * minutes before the last tip change is handed to the mempool again and announced to peers, in the order the
     * wallet got them. Those already in the mempool count as resubmitted, as bitcoind's BroadcastTransaction
     * accepts them; the count is logged with bitcoind's line. Nothing happens while the node is not ready to
     * broadcast (initial block download), so an old wallet's transactions do not flood peers.
     *
     * @param readyToBroadcast the node is out of initial block download
     * @return how many were resubmitted (0 when it was not yet time)
     */
    public synchronized int resendIfDue(TransactionBroadcaster broadcaster, boolean readyToBroadcast) {
        if (!readyToBroadcast || clock.instant().getEpochSecond() < nextResend) return 0;
        long receivedBy = bestBlockTime - RESEND_MIN_AGE_BEFORE_TIP_SECONDS;
        int n = resubmit(broadcaster, ledger.all().stream()
                .filter(t -> (t.state() == WalletTx.State.PENDING || t.state() == WalletTx.State.INACTIVE))
                .filter(t -> !t.notes().abandoned() && !t.tx().isCoinbase() && t.timeReceived() <= receivedBy)
                .toList(), true);
        if (n > 0) LOG.info("[{}] ResubmitWalletTransactions: resubmit {} unconfirmed transactions", name, n);
        nextResend = drawNextResend();
        return n;
    }

    /**
     * Parents before children: passes repeat while any is newly accepted. With {@code relay} each goes through
     * the broadcaster, which announces it to peers even when the mempool already holds it (bitcoind's
     * BroadcastTransaction with relay); without, one the mempool holds is left alone.
     */
    private int resubmit(TransactionBroadcaster broadcaster, List<WalletTx> candidates, boolean relay) {
        List<WalletTx> waiting = new ArrayList<>(candidates);
        int accepted = 0;
        boolean progress = true;
        while (progress && !waiting.isEmpty()) {
            progress = false;
            for (var it = waiting.iterator(); it.hasNext(); ) {
                WalletTx t = it.next();
                if ((!relay && broadcaster.inMempool(t.txid())) || broadcaster.submit(t.tx()).isEmpty()) {
                    ledger.setInMempool(t.txid(), broadcaster.inMempool(t.txid()));
                    it.remove();
                    accepted++;
                    progress = true;
                }
            }
        }
        return accepted;
    }

    // ---- persistence ----

    public synchronized void save() throws WalletStoreException {
        Map<String, byte[]> extra = new HashMap<>(addressBook.records());
        ByteWriter order = new ByteWriter();
        for (WalletTx t : ledger.all()) {
            extra.put(TX_PREFIX + t.txid().toHex(), t.serialize());
            order.hash(t.txid());
        }
        extra.put(TX_ORDER, order.toByteArray());
        for (OutPoint op : persistentLocks) extra.put(LOCK_PREFIX + op.txid().toHex() + ":" + op.index(), new byte[0]);
        for (var e : ledger.foreignBlockSpends().entrySet()) {
            Ledger.BlockSpend b = e.getValue();
            extra.put(BLOCK_SPEND_PREFIX + e.getKey().txid().toHex() + ":" + e.getKey().index(),
                    new ByteWriter().hash(b.spender()).hash(b.blockHash()).i32le(b.height()).toByteArray());
        }
        extra.put(BEST_BLOCK, new ByteWriter().hash(lastBlockHash).i32le(lastBlockHeight).toByteArray());
        ByteWriter locator = new ByteWriter(32 * lastBlockAncestors.size());
        for (Sha256Hash h : lastBlockAncestors) locator.hash(h);
        extra.put(BEST_BLOCK_LOCATOR, locator.toByteArray());
        extra.put(LAST_CLIENT, new ByteWriter(4).i32le(dev.blocksmith.core.params.ClientVersion.NUMBER).toByteArray());
        hd.save(dir, extra);
    }

    /** Chain callbacks cannot throw; a failed write is logged once and retried with the next change. */
    private void saveLogged() {
        try {
            save();
        } catch (WalletStoreException e) {
            LOG.error("Wallet {}: could not write wallet file: {}", name, e.getMessage());
        }
    }

    synchronized void close() {
        saveLogged();
        dir.close();
    }

    // ---- rescans: block filters (bitcoind's fast rescan) and abortrescan ----

    /** The basic block filter index when the node keeps one (-blockfilterindex): rescans then skip unrelated blocks. */
    private Optional<dev.blocksmith.core.index.BlockFilterIndex> blockFilters = Optional.empty();
    /** Set by abortrescan, read by the scan loop (which holds the wallet's lock while it runs). */
    private volatile boolean abortRescan;
    private volatile boolean rescanning;

    synchronized void useBlockFilters(Optional<dev.blocksmith.core.index.BlockFilterIndex> index) {
        blockFilters = index;
    }

    /**
     * abortrescan: asks a running rescan to stop at its next block; false when none runs (bitcoind's
     * IsScanning). Not synchronized: the rescan holds the wallet's lock.
     */
    public boolean abortRescan() {
        if (!rescanning) return false;
        abortRescan = true;
        return true;
    }

    // ---- importprunedfunds / removeprunedfunds ----

    /**
     * importprunedfunds: records a transaction paying us as confirmed in {@code block} at position {@code index}
     * (the caller has checked the merkle proof and found the transaction's place in it, empty when it is not
     * there), without a rescan. The block must be in the chain the wallet has synced to (bitcoind's
     * findAncestorByHash from the last processed block); bitcoind checks that before the transaction's place.
     */
    public synchronized void importPrunedFunds(Transaction tx, BlockIndex block, java.util.OptionalInt index, WalletChain chain)
            throws WalletException, WalletStoreException {
        Optional<BlockIndex> last = chain.index(lastBlockHash);
        if (last.isEmpty() || block.height() > last.get().height() || !last.get().ancestor(block.height()).hash().equals(block.hash())) {
            throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, "Block not found in chain");
        }
        if (index.isEmpty()) throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, "Transaction given doesn't exist in proof");
        // bitcoind's IsMine(transaction): an output paying one of our scripts.
        if (tx.outputs().stream().noneMatch(o -> hd.locate(o.scriptPubKey()).isPresent())) {
            throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, "No addresses in wallet correspond to included transaction");
        }
        ledger.put(new WalletTx(tx, WalletTx.State.CONFIRMED, Optional.of(new WalletTx.BlockPosition(block.hash(), block.height(), index.getAsInt(),
                block.time())), clock.instant().getEpochSecond()));
        markScriptsUsed(tx);
        save();
    }

    /** removeprunedfunds: forgets a transaction of the wallet, which changes its balance. */
    public synchronized void removePrunedFunds(Sha256Hash txid) throws WalletException, WalletStoreException {
        if (!ledger.remove(txid)) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction " + txid.toHex() + " does not belong to this wallet");
        }
        save();
    }

    // ---- message signing, received tallies, address groupings (bitcoind's signmessage, listreceivedby*) ----

    /**
     * signmessage: the signed message (see {@link SignedMessages}) by the wallet's key of hash {@code keyId}, whatever
     * descriptor holds it (bitcoind's descriptor wallet GetKey over all its script managers).
     */
    public synchronized String signMessage(byte[] keyId, String message) throws WalletException {
        if (isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
        Optional<PrivateKeyBytes> key = new WalletSigningProvider(hd, true).privateKey(dev.blocksmith.core.psbt.Bytes.of(keyId));
        if (key.isEmpty()) throw new WalletException(WalletException.Kind.WALLET_ERROR, "Private key not available");
        return SignedMessages.sign(key.get(), message);
    }

    /** Every address book entry, ours and others', in the order they were entered. */
    public synchronized List<Map.Entry<Script, AddressBook.Entry>> addressBookEntries() {
        return addressBook.entries();
    }

    /** Whether a coinbase transaction at this depth cannot be spent yet (bitcoind's IsTxImmatureCoinBase). */
    public synchronized boolean isImmatureCoinbase(WalletTx t) {
        return t.tx().isCoinbase() && t.confirmations(lastBlockHeight) <= maturity();
    }

    @Override
    public String toString() {
        return "Wallet[" + name + "]";
    }
}
