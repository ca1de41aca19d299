package dev.blocksmith.wallet.imports;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.HdWallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.account.ActiveSlot;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.account.DescriptorRange;
import dev.blocksmith.wallet.account.WalletDescriptor;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import dev.blocksmith.wallet.labels.AddressBook;
import dev.blocksmith.wallet.labels.AddressPurpose;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One importdescriptors request against a wallet, with Core's checks in Core's order
 * (wallet/rpc/backup.cpp ProcessDescriptorImport), so the first problem reported is the one bitcoind reports.
 * A request that fails changes nothing.
 */
public final class DescriptorImporter {
    private final HdWallet keys;
    private final AddressBook addressBook;

    public DescriptorImporter(HdWallet keys, AddressBook addressBook) {
        this.keys = keys;
        this.addressBook = addressBook;
    }

    /** @param timestamp the resolved rescan start ("now" already replaced) */
    public DescriptorImportResult process(DescriptorImportRequest r, long timestamp) {
        List<String> warnings = new ArrayList<>();
        try {
            add(r, timestamp, warnings);
            return new DescriptorImportResult(true, warnings, Optional.empty());
        } catch (WalletException e) {
            return new DescriptorImportResult(false, warnings, Optional.of(e));
        }
    }

    private void add(DescriptorImportRequest r, long timestamp, List<String> warnings) throws WalletException {
        String text = r.descriptor().orElseThrow(() -> invalidParameter("Descriptor not found."));
        if (r.label().isPresent() && r.label().get().equals("*")) throw new WalletException(WalletException.Kind.INVALID_LABEL_NAME, "Invalid label name");
        List<Descriptor> parsed;
        try {
            parsed = Descriptor.parseAll(text, keys.network(), true);
        } catch (DescriptorException e) {
            throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
        boolean multipath = parsed.size() > 1;
        if (multipath && r.internal().isPresent()) {
            throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, "Cannot have multipath descriptor while also specifying 'internal'");
        }
        Descriptor first = parsed.get(0);
        DescriptorRange range = range(r, first, warnings);
        if (r.active() && !first.isRange()) throw invalidParameter("Active descriptors must be ranged");
        if (multipath && r.label().isPresent()) throw invalidParameter("Multipath descriptors should not have a label");
        if (first.isRange() && r.label().isPresent()) throw invalidParameter("Ranged descriptors should not have a label");
        boolean internal = r.internal().orElse(false);
        if (internal && r.label().isPresent()) throw invalidParameter("Internal addresses should not have a label");
        if (r.active() && !first.isSingleType()) throw walletError("Combo descriptors cannot be set to active");
        if (keys.flags().privateKeysDisabled() && parsed.stream().anyMatch(Descriptor::hasPrivateKeys)) {
            throw walletError("Cannot import private keys to a wallet with private keys disabled");
        }
        for (int j = 0; j < parsed.size(); j++) {
            // BIP389 in Core's importdescriptors: of two paths the first receives and the second is change.
            boolean descInternal = parsed.size() == 2 ? j == 1 : internal;
            addOne(r, parsed.get(j), text, timestamp, range.copy(), descInternal, warnings);
        }
    }

    /** One descriptor of the request (Core's loop body in ProcessDescriptorImport). */
    private void addOne(DescriptorImportRequest r, Descriptor d, String text, long timestamp, DescriptorRange range, boolean internal,
                        List<String> warnings) throws WalletException {
        if (!d.isDerivable()) throw walletError("Cannot expand descriptor. Probably because of hardened derivations without private keys provided");
        if (!keys.flags().privateKeysDisabled() && !d.hasPrivateKeys()) {
            throw walletError("Cannot import descriptor without private keys to a wallet with private keys enabled");
        }
        // Core warns, and imports: a cosigner holds one of a multisig's keys.
        if (!keys.flags().privateKeysDisabled() && !d.hasAllPrivateKeys()) {
            warnings.add("Not all private keys provided. Some wallet functionality may return unexpected errors");
        }
        Optional<ActiveSlot> slot = Optional.empty();
        if (r.active()) {
            Optional<AddressType> type = AddressType.of(d.kind());
            // Core imports a pk() (or another typeless descriptor) asked to be active, inactive, with a warning.
            if (type.isEmpty()) warnings.add("Unknown output type, cannot set descriptor to active.");
            slot = type.map(t -> new ActiveSlot(t, internal));
        }
        WalletDescriptor stored;
        try {
            stored = keys.addDescriptor(d, timestamp, range, slot, internal);
        } catch (WalletLockedException e) {
            throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        } catch (WalletException e) {
            // Core's AddWalletDescriptor failures name the descriptor as given.
            if (e.kind() != WalletException.Kind.INVALID_PARAMETER) throw e;
            throw walletError("Could not add descriptor '" + text + "': " + e.getMessage());
        }
        if (!d.isRange() && !internal) {
            // Core enters every script of an unranged descriptor that has an address (all but P2PK of a combo())
            // in the address book with its label ("" by default); an internal one stays out of it, so it counts as change.
            for (Script s : stored.descriptor().scriptPubKeys(0)) {
                if (Address.fromScriptPubKey(s, keys.network()).isPresent()) addressBook.set(s, r.label().orElse(""), AddressPurpose.RECEIVE);
            }
        }
    }

    private DescriptorRange range(DescriptorImportRequest r, Descriptor d, List<String> warnings) throws WalletException {
        if (!d.isRange()) {
            if (r.range().isPresent()) throw invalidParameter("Range should not be specified for an un-ranged descriptor");
            return DescriptorRange.single();
        }
        long start;
        long end;
        if (r.range().isPresent()) {
            if (!(r.range().get() instanceof ImportRange.Given g)) throw invalidParameter("Range must be specified as end or as [begin,end]");
            // Core's ParseRange, then ParseDescriptorRange, in that order.
            if (g.pair() && g.begin() > g.end()) throw invalidParameter("Range specified as [begin,end] must not have begin after end");
            if (g.begin() < 0) throw invalidParameter("Range should be greater or equal than 0");
            if ((g.end() >> 31) != 0) throw invalidParameter("End of range is too high");
            if (g.end() >= g.begin() + 1_000_000) throw invalidParameter("Range is too large");
            start = g.begin();
            end = g.end() + 1;
        } else {
            warnings.add("Range not given, using default keypool range");
            start = 0;
            end = keys.keypool();
        }
        long next = start;
        if (r.nextIndex().isPresent()) {
            next = r.nextIndex().getAsLong();
            if (next < start || next >= end) throw invalidParameter("next_index is out of range");
        }
        return new DescriptorRange((int) start, (int) end, (int) next, keys.keypool());
    }

    private static WalletException invalidParameter(String message) {
        return new WalletException(WalletException.Kind.INVALID_PARAMETER, message);
    }

    private static WalletException walletError(String message) {
        return new WalletException(WalletException.Kind.WALLET_ERROR, message);
    }
}
