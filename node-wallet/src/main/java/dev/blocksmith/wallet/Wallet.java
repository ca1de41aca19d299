package dev.blocksmith.wallet;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.Candidate;
import dev.blocksmith.wallet.coinselection.CoinSelection;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.coinselection.InsufficientFundsException;
import dev.blocksmith.wallet.coinselection.Selection;
import dev.blocksmith.wallet.coinselection.SelectionParams;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import dev.blocksmith.wallet.keystore.WrongPassphraseException;
import dev.blocksmith.wallet.ledger.Ledger;
import dev.blocksmith.wallet.ledger.WalletBalances;
import dev.blocksmith.wallet.ledger.WalletCoin;
import dev.blocksmith.wallet.ledger.WalletTx;
import dev.blocksmith.wallet.sign.SigningException;
import dev.blocksmith.wallet.sign.TransactionSigner;
import dev.blocksmith.wallet.store.WalletDirectory;
import dev.blocksmith.wallet.store.WalletSnapshot;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded wallet: the HD keys ({@link HdWallet}), its transactions ({@link Ledger}) and the last block it
 * has processed. It follows the chain as a {@link ChainListener} and persists after every change that
 * matters, so a crash loses at most the record of blocks that touched nothing of ours; those are rescanned
 * at the next load from the stored best block (Core's m_last_block_processed / locator).
 */
public final class Wallet implements ChainListener {
    private static final Logger LOG = LoggerFactory.getLogger(Wallet.class);
    private static final String TX_PREFIX = "tx/";
    private static final String BEST_BLOCK = "meta/bestblock";
    private static final String BIRTH = "meta/birthtime";
    /** BIP125: inputs with nSequence at most this signal replaceability. */
    public static final long MAX_BIP125_RBF_SEQUENCE = 0xfffffffdL;
    /** Core's non-RBF sequence: final-but-one, so the anti-fee-sniping lock time still applies. */
    private static final long NON_RBF_SEQUENCE = 0xfffffffeL;
    /** Core's DEFAULT_CONSOLIDATE_FEERATE, the long-term rate of the waste metric (10 sat/vB). */
    private static final FeeRate LONG_TERM_FEE_RATE = FeeRate.ofSatPerVb(10);
    /** Version, locktime, input and output counts, and the segwit marker and flag (10.5 vB, rounded up). */
    private static final int TX_BASE_VBYTES = 11;

    private final String name;
    private final HdWallet hd;
    private final WalletDirectory dir;
    private final Ledger ledger;
    private final Clock clock;
    private final long birthTime;
    private Sha256Hash lastBlockHash;
    private int lastBlockHeight;

    private Wallet(String name, HdWallet hd, WalletDirectory dir, Clock clock, long birthTime, Sha256Hash lastBlockHash,
                   int lastBlockHeight) {
        this.name = name;
        this.hd = hd;
        this.dir = dir;
        this.clock = clock;
        this.birthTime = birthTime;
        this.ledger = new Ledger(hd::locate);
        this.lastBlockHash = lastBlockHash;
        this.lastBlockHeight = lastBlockHeight;
    }

    /** A new wallet from a random seed, born at the current tip: nothing before it can be ours. */
    static Wallet create(String name, WalletDirectory dir, HdWallet hd, ChainManager chain, Clock clock) throws WalletStoreException {
        BlockIndex tip = chain.tip().index();
        Wallet w = new Wallet(name, hd, dir, clock, clock.instant().getEpochSecond(), tip.hash(), tip.height());
        w.save();
        return w;
    }

    /** Reloads a wallet and catches up with the chain from its stored best block. */
    static Wallet load(String name, WalletDirectory dir, ChainManager chain, Clock clock) throws WalletStoreException {
        HdWallet hd = HdWallet.load(dir, clock);
        WalletSnapshot s = dir.read();
        ByteReader best = new ByteReader(s.get(BEST_BLOCK).orElseThrow(() -> new WalletStoreException("Wallet file lacks its best block")));
        Sha256Hash bestHash = best.hash();
        int bestHeight = best.i32le();
        long birth = s.get(BIRTH).map(b -> new ByteReader(b).i64le()).orElse(0L);
        Wallet w = new Wallet(name, hd, dir, clock, birth, bestHash, bestHeight);
        for (var e : s.records().entrySet()) {
            if (e.getKey().startsWith(TX_PREFIX)) w.ledger.put(WalletTx.deserialize(e.getValue()));
        }
        for (WalletTx t : w.ledger.all()) w.markScriptsUsed(t.tx());
        return w;
    }

    public String name() {
        return name;
    }

    public HdWallet keys() {
        return hd;
    }

    public long birthTime() {
        return birthTime;
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
    public synchronized void syncWith(ChainManager chain) throws WalletStoreException {
        Optional<BlockIndex> last = chain.index(lastBlockHash);
        int from;
        if (last.isPresent() && chain.isOnBestChain(last.get())) {
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
            from = fork.height() + 1;
        }
        rescan(chain, from, chain.tip().height());
    }

    /** rescanblockchain: records every block in [start, stop] of the best chain; returns the last height scanned. */
    public synchronized int rescan(ChainManager chain, int start, int stop) throws WalletStoreException {
        int h = Math.max(0, start);
        int scanned = h - 1;
        for (; h <= stop; h++) {
            Optional<BlockIndex> idx = chain.atHeight(h);
            if (idx.isEmpty()) break;
            Optional<Block> block = chain.block(idx.get().hash());
            if (block.isEmpty()) break;
            recordBlock(block.get(), idx.get());
            scanned = h;
            if (h > lastBlockHeight || chain.tip().height() == h) {
                lastBlockHash = idx.get().hash();
                lastBlockHeight = h;
            }
        }
        save();
        return scanned;
    }

    @Override
    public synchronized void blockConnected(Block block, BlockIndex index) {
        boolean touched = recordBlock(block, index);
        lastBlockHash = index.hash();
        lastBlockHeight = index.height();
        if (touched) saveLogged();
    }

    @Override
    public synchronized void blockDisconnected(Block block, BlockIndex index) {
        ledger.blockDisconnected(index.hash());
        lastBlockHash = index.prev().hash();
        lastBlockHeight = index.height() - 1;
        saveLogged();
    }

    /** A transaction entered the mempool (or was relayed to us): record it if it is ours. */
    public synchronized void transactionAddedToMempool(Transaction tx) {
        if (ledger.get(tx.txid()).isPresent() || !ledger.involvesMe(tx)) return;
        ledger.put(new WalletTx(tx, WalletTx.State.PENDING, Optional.empty(), clock.instant().getEpochSecond()));
        markScriptsUsed(tx);
        saveLogged();
    }

    private boolean recordBlock(Block block, BlockIndex index) {
        boolean touched = false;
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (!ledger.involvesMe(tx)) continue;
            long received = ledger.get(tx.txid()).map(WalletTx::timeReceived).orElse(index.time());
            WalletTx.BlockPosition at = new WalletTx.BlockPosition(index.hash(), index.height(), i, index.time());
            ledger.put(new WalletTx(tx, WalletTx.State.CONFIRMED, Optional.of(at), received));
            markScriptsUsed(tx);
            touched = true;
        }
        return touched;
    }

    private void markScriptsUsed(Transaction tx) {
        for (TxOut o : tx.outputs()) hd.locate(o.scriptPubKey()).ifPresent(hd::markUsed);
    }

    // ---- queries ----

    public synchronized WalletBalances balances() {
        return ledger.balances(lastBlockHeight, maturity());
    }

    public synchronized List<WalletCoin> unspent() {
        return ledger.unspent(lastBlockHeight, maturity());
    }

    public synchronized List<WalletTx> transactions() {
        return List.copyOf(ledger.all());
    }

    public synchronized Optional<WalletTx> transaction(Sha256Hash txid) {
        return ledger.get(txid);
    }

    public synchronized long credit(Transaction tx) {
        return ledger.credit(tx);
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

    // ---- keys ----

    public synchronized Address newAddress(AddressType type, Account.Chain chain) throws WalletStoreException {
        Address a = hd.newAddress(type, chain);
        save();
        return a;
    }

    public synchronized void encrypt(char[] passphrase, ScryptParams scrypt) throws WalletException, WalletStoreException {
        if (hd.isEncrypted()) throw new WalletException(WalletException.Kind.WRONG_ENC_STATE, "Error: running with an encrypted wallet, but encryptwallet was called.");
        hd.encrypt(passphrase, scrypt, clock);
        save();
    }

    public synchronized void unlock(char[] passphrase, Duration timeout) throws WalletException {
        if (!hd.isEncrypted()) throw new WalletException(WalletException.Kind.WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletpassphrase was called.");
        try {
            hd.unlock(passphrase, timeout);
        } catch (WrongPassphraseException e) {
            throw new WalletException(WalletException.Kind.PASSPHRASE_INCORRECT, "Error: The wallet passphrase entered was incorrect.");
        }
    }

    public synchronized void lock() throws WalletException {
        if (!hd.isEncrypted()) throw new WalletException(WalletException.Kind.WRONG_ENC_STATE, "Error: running with an unencrypted wallet, but walletlock was called.");
        hd.lock();
    }

    /** walletpassphrasechange: re-seals the seed under a new passphrase and persists it. */
    public synchronized void changePassphrase(char[] oldPassphrase, char[] newPassphrase) throws WalletException, WalletStoreException {
        var ks = hd.keystore().orElseThrow(() -> new WalletException(WalletException.Kind.WRONG_ENC_STATE,
                "Error: running with an unencrypted wallet, but walletpassphrasechange was called."));
        try {
            ks.changePassphrase(oldPassphrase, newPassphrase);
        } catch (WrongPassphraseException e) {
            throw new WalletException(WalletException.Kind.PASSPHRASE_INCORRECT, "Error: The wallet passphrase entered was incorrect.");
        }
        save();
    }

    /** backupwallet: a consistent copy of the wallet file (written first, so the copy is current). */
    public synchronized void backup(java.nio.file.Path destination) throws WalletStoreException {
        save();
        try {
            java.nio.file.Path target = java.nio.file.Files.isDirectory(destination) ? destination.resolve(name) : destination;
            java.nio.file.Files.copy(dir.path().resolve(WalletDirectory.FILE_NAME), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new WalletStoreException("Error: Wallet backup failed!", e);
        }
    }

    public synchronized boolean isLocked() {
        return hd.keystore().map(k -> !k.isUnlocked()).orElse(false);
    }

    private PrivateKeyBytes privateKey(ExtendedKey master, WalletKeyLocation at) {
        ExtendedKey k = master.derive(Account.accountPath(at.type(), hd.network(), 0)).derive(at.chain().index()).derive(at.index());
        return new PrivateKeyBytes(k.secret().orElseThrow(), true);
    }

    // ---- spending ----

    /** Virtual size an input of this kind adds when spent with a 72-byte ECDSA or 64-byte Schnorr signature. */
    static int inputVBytes(AddressType t) {
        return switch (t) {
            case LEGACY -> 148;
            case P2SH_SEGWIT -> 91;
            case BECH32 -> 68;
            case BECH32M -> 58;
        };
    }

    /**
     * Funds, builds and signs a payment (Core's CreateTransaction): coins are chosen among trusted, mature
     * outputs; change goes to a new bech32 change address at a random position; the lock time is the tip
     * height (anti fee sniping). Changes nothing in the wallet except reserving a change address.
     */
    public synchronized CreatedTransaction createTransaction(List<Recipient> recipients, FeeRate rate, boolean replaceable)
            throws WalletException {
        if (recipients.isEmpty()) throw new IllegalArgumentException("no recipients");
        List<Candidate> candidates = new ArrayList<>();
        Map<OutPoint, WalletCoin> coins = new HashMap<>();
        for (WalletCoin c : unspent()) {
            if (!c.spendable()) continue;
            candidates.add(new Candidate(c.outPoint(), c.output().value(), inputVBytes(c.location().type())));
            coins.put(c.outPoint(), c);
        }
        long payment = 0;
        int outputsSize = 0;
        boolean subtract = false;
        for (Recipient r : recipients) {
            payment += r.amountSats();
            outputsSize += new TxOut(r.amountSats(), r.scriptPubKey()).serializedSize();
            subtract |= r.subtractFee();
        }
        AddressType changeType = AddressType.BECH32;
        int changeOutVBytes = 31;
        long dust = 294;
        Selection sel;
        try {
            // With the fee taken from the recipients, the inputs need only cover the amounts; the fee at the
            // requested rate is computed afterwards from the final size.
            FeeRate selectRate = subtract ? new FeeRate(0) : rate;
            SelectionParams p = new SelectionParams(selectRate, LONG_TERM_FEE_RATE, TX_BASE_VBYTES + outputsSize,
                    changeOutVBytes, inputVBytes(changeType), dust);
            sel = subtract ? CoinSelection.largestFirst(candidates, payment, p) : CoinSelection.select(candidates, payment, p);
        } catch (InsufficientFundsException e) {
            throw new WalletException(WalletException.Kind.INSUFFICIENT_FUNDS, "Insufficient funds");
        }
        List<TxOut> outs = new ArrayList<>();
        for (Recipient r : recipients) outs.add(new TxOut(r.amountSats(), r.scriptPubKey()));
        if (subtract) {
            int vsize = TX_BASE_VBYTES + outputsSize + (sel.hasChange() ? changeOutVBytes : 0);
            for (Candidate c : sel.inputs()) vsize += c.inputVBytes();
            long fee = rate.fee(vsize);
            long n = recipients.stream().filter(Recipient::subtractFee).count();
            boolean first = true;
            for (int i = 0; i < recipients.size(); i++) {
                Recipient r = recipients.get(i);
                if (!r.subtractFee()) continue;
                // Core gives the remainder of an uneven split to the first subtracting recipient.
                long share = fee / n + (first ? fee % n : 0);
                first = false;
                long value = r.amountSats() - share;
                if (value <= dust) throw new WalletException(WalletException.Kind.WALLET_ERROR, "The transaction amount is too small to pay the fee");
                outs.set(i, new TxOut(value, r.scriptPubKey()));
            }
        }
        int changePos = -1;
        if (sel.hasChange()) {
            Script change = hd.newAddress(changeType, Account.Chain.CHANGE).toScriptPubKey();
            changePos = new SecureRandom().nextInt(outs.size() + 1);
            outs.add(changePos, new TxOut(sel.changeSats(), change));
        }
        long sequence = replaceable ? MAX_BIP125_RBF_SEQUENCE : NON_RBF_SEQUENCE;
        List<TxIn> ins = new ArrayList<>();
        List<TxOut> spent = new ArrayList<>();
        for (Candidate c : sel.inputs()) {
            ins.add(new TxIn(c.outPoint(), Script.EMPTY, sequence));
            spent.add(coins.get(c.outPoint()).output());
        }
        Transaction unsigned = new Transaction(2, ins, outs, lastBlockHeight);
        Transaction signed = sign(unsigned, spent, sel.inputs().stream().map(c -> coins.get(c.outPoint()).location()).toList());
        long in = spent.stream().mapToLong(TxOut::value).sum();
        long out = outs.stream().mapToLong(TxOut::value).sum();
        return new CreatedTransaction(signed, in - out, changePos);
    }

    /**
     * walletcreatefundedpsbt: funds the outputs as {@link PsbtFunder} does, without signing; reserves a change
     * address when change is made, and changes nothing else.
     */
    public synchronized PsbtFunding.Result fundUnsigned(PsbtFunding request) throws WalletException {
        List<WalletCoin> spendable = unspent().stream().filter(WalletCoin::spendable).toList();
        return PsbtFunder.fund(request, spendable, () -> hd.newAddress(request.changeType(), Account.Chain.CHANGE).toScriptPubKey(),
                LONG_TERM_FEE_RATE, TX_BASE_VBYTES);
    }

    /**
     * bumpfee: replaces a pending payment of ours with one paying a higher fee out of its change output
     * (BIP125 rules as bitcoind's feebumper: the new fee covers the old one plus the incremental relay fee
     * for the new size). The replaced transaction is dropped from the wallet once the mempool has taken the
     * replacement, so the two are never counted together.
     *
     * @param explicitRate the caller's fee_rate: refused when too low
     * @param estimatedRate the wallet's estimate, raised to the minimum when too low
     * @return the replacement and its fee
     */
    public synchronized CreatedTransaction bumpFee(Sha256Hash txid, Optional<FeeRate> explicitRate, FeeRate estimatedRate,
                                                   FeeRate incrementalRelay,
                                                   TransactionBroadcaster broadcaster) throws WalletException, WalletStoreException {
        WalletTx w = ledger.get(txid).orElseThrow(() -> new WalletException(WalletException.Kind.WALLET_ERROR,
                "Invalid or non-wallet transaction id"));
        if (w.state() != WalletTx.State.PENDING) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction has been mined, or is conflicted with a mined transaction");
        }
        Transaction tx = w.tx();
        for (WalletTx other : ledger.all()) {
            if (other.state() == WalletTx.State.PENDING) {
                for (TxIn in : other.tx().inputs()) {
                    if (in.prevout().txid().equals(txid)) {
                        throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction has descendants in the wallet");
                    }
                }
            }
        }
        List<TxOut> spent = new ArrayList<>();
        List<WalletKeyLocation> where = new ArrayList<>();
        for (TxIn in : tx.inputs()) {
            TxOut out = ledger.ourOutput(in.prevout()).orElseThrow(() -> new WalletException(WalletException.Kind.WALLET_ERROR,
                    "Transaction contains inputs that don't belong to this wallet."));
            spent.add(out);
            where.add(hd.locate(out.scriptPubKey()).orElseThrow());
        }
        int changeIndex = -1;
        for (int i = 0; i < tx.outputs().size(); i++) {
            Optional<WalletKeyLocation> at = hd.locate(tx.output(i).scriptPubKey());
            if (at.isPresent() && at.get().chain() == Account.Chain.CHANGE) changeIndex = i;
        }
        if (changeIndex < 0) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Unable to create transaction. Transaction does not have a change output");
        }
        long in = spent.stream().mapToLong(TxOut::value).sum();
        long oldFee = in - tx.outputs().stream().mapToLong(TxOut::value).sum();
        int vsize = tx.vsize();
        long minFee = oldFee + incrementalRelay.fee(vsize);
        long newFee;
        if (explicitRate.isPresent()) {
            newFee = explicitRate.get().fee(vsize);
            if (newFee < minFee) {
                throw new WalletException(WalletException.Kind.INVALID_PARAMETER, "Insufficient total fee " + newFee
                        + ", must be at least " + minFee + " (oldFee " + oldFee + " + incrementalFee " + incrementalRelay.fee(vsize) + ")");
            }
        } else {
            newFee = Math.max(estimatedRate.fee(vsize), minFee);
        }
        TxOut change = tx.output(changeIndex);
        long newChange = change.value() - (newFee - oldFee);
        if (newChange <= 294) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Change output is too small to bump the fee");
        }
        List<TxOut> outs = new ArrayList<>(tx.outputs());
        outs.set(changeIndex, new TxOut(newChange, change.scriptPubKey()));
        List<TxIn> ins = new ArrayList<>();
        for (TxIn i : tx.inputs()) ins.add(new TxIn(i.prevout(), Script.EMPTY, i.sequence()));
        Transaction replacement = sign(new Transaction(tx.version(), ins, outs, tx.lockTime()), spent, where);
        commit(replacement, broadcaster);
        ledger.remove(txid);
        save();
        return new CreatedTransaction(replacement, newFee, changeIndex);
    }

    private Transaction sign(Transaction tx, List<TxOut> spent, List<WalletKeyLocation> where) throws WalletException {
        ExtendedKey master;
        try {
            master = hd.masterKey();
        } catch (WalletLockedException e) {
            throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        Map<Integer, PrivateKeyBytes> keys = new HashMap<>();
        for (int i = 0; i < where.size(); i++) keys.put(i, privateKey(master, where.get(i)));
        try {
            return TransactionSigner.sign(tx, spent, keys, SignatureHasher.SIGHASH_ALL);
        } catch (SigningException e) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Signing transaction failed: " + e.getMessage());
        }
    }

    /**
     * signrawtransactionwithwallet: signs every input whose spent output pays one of our scripts, leaving the
     * others as they are.
     *
     * @param spent the output spent by each input, in input order (all are needed for BIP341 sighashes)
     */
    public synchronized Transaction signOwnedInputs(Transaction tx, List<TxOut> spent, int hashType) throws WalletException {
        List<Integer> ours = new ArrayList<>();
        List<WalletKeyLocation> where = new ArrayList<>();
        for (int i = 0; i < spent.size(); i++) {
            Optional<WalletKeyLocation> at = hd.locate(spent.get(i).scriptPubKey());
            if (at.isPresent()) {
                ours.add(i);
                where.add(at.get());
            }
        }
        if (ours.isEmpty()) return tx;
        ExtendedKey master;
        try {
            master = hd.masterKey();
        } catch (WalletLockedException e) {
            throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        Map<Integer, PrivateKeyBytes> keys = new HashMap<>();
        for (int k = 0; k < ours.size(); k++) keys.put(ours.get(k), privateKey(master, where.get(k)));
        try {
            return TransactionSigner.sign(tx, spent, keys, hashType);
        } catch (SigningException e) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Signing transaction failed: " + e.getMessage());
        }
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
        Optional<ExtendedKey> master = Optional.empty();
        if (sign) {
            try {
                master = Optional.of(hd.masterKey());
            } catch (WalletLockedException e) {
                throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
            }
        }
        return PsbtFiller.fill(psbt, hd, txid -> ledger.get(txid).map(WalletTx::tx), new WalletSigningProvider(hd, master), sighashType, sign,
                bip32derivs, finalize);
    }

    /** The output at {@code op} if a wallet transaction created it (whether ours or not). */
    public synchronized Optional<TxOut> knownOutput(OutPoint op) {
        return ledger.get(op.txid()).filter(t -> op.index() < t.tx().outputs().size()).map(t -> t.tx().output((int) op.index()));
    }

    /**
     * Broadcasts a transaction this wallet created and records it as pending (Core's CommitTransaction).
     * A transaction the mempool refuses is not recorded, so a failed send leaves the wallet unchanged.
     */
    public synchronized void commit(Transaction tx, TransactionBroadcaster broadcaster) throws WalletException, WalletStoreException {
        Optional<String> reject = broadcaster.submit(tx);
        if (reject.isPresent()) throw new WalletException(WalletException.Kind.REJECTED, reject.get());
        if (ledger.get(tx.txid()).isEmpty()) {
            ledger.put(new WalletTx(tx, WalletTx.State.PENDING, Optional.empty(), clock.instant().getEpochSecond()));
        }
        markScriptsUsed(tx);
        save();
    }

    // ---- persistence ----

    public synchronized void save() throws WalletStoreException {
        Map<String, byte[]> extra = new HashMap<>();
        for (WalletTx t : ledger.all()) extra.put(TX_PREFIX + t.txid().toHex(), t.serialize());
        extra.put(BEST_BLOCK, new ByteWriter().hash(lastBlockHash).i32le(lastBlockHeight).toByteArray());
        extra.put(BIRTH, new ByteWriter().i64le(birthTime).toByteArray());
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

    @Override
    public String toString() {
        return "Wallet[" + name + "]";
    }
}
