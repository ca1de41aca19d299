package dev.blocksmith.wallet;

import dev.blocksmith.core.mempool.StandardPolicy;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.Candidate;
import dev.blocksmith.wallet.coinselection.CoinSelection;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.coinselection.InsufficientFundsException;
import dev.blocksmith.wallet.coinselection.Selection;
import dev.blocksmith.wallet.coinselection.SelectionParams;
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Funds a walletcreatefundedpsbt request without signing (bitcoind's FundTransaction): the caller's
 * inputs first, then, when allowed, coins chosen by {@link CoinSelection} as
 * {@link Wallet#createTransaction} chooses them; change above dust goes to the requested destination.
 * The input sizes are the wallet's signed-input estimates, so the fee is what the signed transaction pays.
 */
final class PsbtFunder {
    /** Core's DUST_RELAY_TX_FEE, 3 sat/vB, which defines the smallest change worth creating. */
    private static final dev.blocksmith.core.mempool.FeeRate DUST_RELAY = dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(3000);

    private PsbtFunder() {
    }

    static PsbtFunding.Result fund(PsbtFunding req, List<WalletCoin> spendable, Supplier<Script> newChange, FeeRate longTerm, int baseVBytes)
            throws WalletException {
        Map<OutPoint, WalletCoin> coins = new LinkedHashMap<>();
        for (WalletCoin c : spendable) coins.put(c.outPoint(), c);
        List<Candidate> preset = new ArrayList<>();
        for (PsbtFunding.PresetInput in : req.inputs()) {
            WalletCoin c = coins.remove(in.outPoint());
            if (c == null) throw new WalletException(WalletException.Kind.WALLET_ERROR, "Unable to find UTXO for external input");
            preset.add(new Candidate(c.outPoint(), c.output().value(), Wallet.inputVBytes(c.location().type())));
        }
        long payment = 0;
        int outputsSize = 0;
        for (TxOut o : req.outputs()) {
            payment += o.value();
            outputsSize += o.serializedSize();
        }
        boolean subtract = !req.subtractFeeFrom().isEmpty();
        Script changeScript = req.changeScript().orElse(null);
        int changeOutVBytes = changeScript != null ? new TxOut(0, changeScript).serializedSize() : changeOutputVBytes(req.changeType());
        int changeSpendVBytes = Wallet.inputVBytes(req.changeType());
        long dust = StandardPolicy.dustThreshold(new TxOut(0, changeScript != null ? changeScript : exampleScript(req.changeType())), DUST_RELAY);
        // With the fee taken from the outputs, the inputs need only cover the amounts (as createTransaction does).
        FeeRate selectRate = subtract ? new FeeRate(0) : req.feeRate();
        int presetVBytes = preset.stream().mapToInt(Candidate::inputVBytes).sum();
        long presetValue = preset.stream().mapToLong(Candidate::valueSats).sum();
        int overhead = baseVBytes + outputsSize + presetVBytes;
        List<Candidate> chosen = new ArrayList<>(preset);
        long change;
        boolean presetSuffices = !preset.isEmpty() && presetValue >= payment + selectRate.fee(overhead);
        if (!req.addInputs() || presetSuffices) {
            if (presetValue < payment + selectRate.fee(overhead)) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, preset.isEmpty() ? "Insufficient funds"
                        : "The preselected coins total amount does not cover the transaction target. "
                        + "Please allow other inputs to be automatically selected or include more coins manually");
            }
            long excess = presetValue - payment - selectRate.fee(overhead);
            long withChange = excess - selectRate.fee(changeOutVBytes);
            change = withChange >= dust ? withChange : 0;
        } else {
            SelectionParams p = new SelectionParams(selectRate, longTerm, overhead, changeOutVBytes, changeSpendVBytes, dust);
            long target = Math.max(1, payment - presetValue);
            Selection sel;
            try {
                List<Candidate> pool = new ArrayList<>();
                for (WalletCoin c : coins.values()) pool.add(new Candidate(c.outPoint(), c.output().value(), Wallet.inputVBytes(c.location().type())));
                sel = subtract ? CoinSelection.largestFirst(pool, target, p) : CoinSelection.select(pool, target, p);
            } catch (InsufficientFundsException e) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, "Insufficient funds");
            }
            chosen.addAll(sel.inputs());
            change = sel.changeSats();
        }
        List<TxOut> outs = new ArrayList<>(req.outputs());
        long inValue = chosen.stream().mapToLong(Candidate::valueSats).sum();
        if (subtract) {
            int vsize = baseVBytes + outputsSize + (change > 0 ? changeOutVBytes : 0);
            for (Candidate c : chosen) vsize += c.inputVBytes();
            long fee = req.feeRate().fee(vsize);
            List<Integer> payers = new ArrayList<>(new TreeSet<>(req.subtractFeeFrom()));
            for (int k = 0; k < payers.size(); k++) {
                int i = payers.get(k);
                // Core gives the remainder of an uneven split to the first subtracting output.
                long share = fee / payers.size() + (k == 0 ? fee % payers.size() : 0);
                TxOut o = outs.get(i);
                long value = o.value() - share;
                if (value <= StandardPolicy.dustThreshold(o, DUST_RELAY)) {
                    throw new WalletException(WalletException.Kind.WALLET_ERROR, "The transaction amount is too small to pay the fee");
                }
                outs.set(i, new TxOut(value, o.scriptPubKey()));
            }
        }
        int changePos = -1;
        if (change > 0) {
            changePos = req.changePosition().orElseGet(() -> new SecureRandom().nextInt(outs.size() + 1));
            outs.add(changePos, new TxOut(change, changeScript != null ? changeScript : newChange.get()));
        }
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            long sequence = i < req.inputs().size() ? req.inputs().get(i).sequence()
                    : req.replaceable() ? Wallet.MAX_BIP125_RBF_SEQUENCE : TxIn.SEQUENCE_FINAL - 1;
            ins.add(new TxIn(chosen.get(i).outPoint(), Script.EMPTY, sequence));
        }
        long outValue = outs.stream().mapToLong(TxOut::value).sum();
        return new PsbtFunding.Result(new Transaction(req.version(), ins, outs, req.lockTime()), inValue - outValue, changePos);
    }

    /** Size of a change output of this type: 8-byte value, script length and script. */
    private static int changeOutputVBytes(AddressType t) {
        return new TxOut(0, exampleScript(t)).serializedSize();
    }

    /** A script of the type's shape, for sizes and dust thresholds. */
    private static Script exampleScript(AddressType t) {
        return switch (t) {
            case LEGACY -> Script.ofOwned(concat(new byte[] {0x76, (byte) 0xa9, 0x14}, new byte[20], new byte[] {(byte) 0x88, (byte) 0xac}));
            case P2SH_SEGWIT -> Script.ofOwned(concat(new byte[] {(byte) 0xa9, 0x14}, new byte[20], new byte[] {(byte) 0x87}));
            case BECH32 -> Script.ofOwned(concat(new byte[] {0x00, 0x14}, new byte[20], new byte[0]));
            case BECH32M -> Script.ofOwned(concat(new byte[] {0x51, 0x20}, new byte[32], new byte[0]));
        };
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
