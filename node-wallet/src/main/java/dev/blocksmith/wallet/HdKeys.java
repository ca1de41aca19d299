package dev.blocksmith.wallet;

import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.account.WalletDescriptor;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The wallet's BIP32 keys (bitcoind's gethdkeys and createwalletdescriptor): the root keys its descriptors are
 * written with (see {@link HdWallet.HdRoot}), each with the descriptors that use it; and new account descriptors
 * of a root key whose private key the wallet holds.
 */
public final class HdKeys {
    private static final String UNLOCK_NEEDED = "Error: Please enter the wallet passphrase with walletpassphrase first.";

    private HdKeys() {
    }

    /** A descriptor using a key: its public normalized string with checksum, whether it is active. */
    public record Use(String descriptor, boolean active) {
    }

    /** One root key: {@code xprv} only when asked for. */
    public record HdKey(ExtendedKey xpub, boolean hasPrivate, Optional<ExtendedKey> xprv, List<Use> descriptors) {
        public HdKey {
            descriptors = List.copyOf(descriptors);
        }
    }

    /**
     * gethdkeys: in bitcoind's order (by public key bytes, then chain code), each key's descriptors sorted by
     * their strings. The private keys need an unlocked wallet.
     */
    public static List<HdKey> list(Wallet w, boolean activeOnly, boolean withPrivate) throws WalletException {
        synchronized (w) {
            if (withPrivate && w.isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
            HdWallet hd = w.keys();
            Map<ExtendedKey, List<Use>> uses = new TreeMap<>(ORDER);
            Map<ExtendedKey, Boolean> privateHeld = new TreeMap<>(ORDER);
            for (HdWallet.DescriptorStatus s : hd.descriptorStatuses()) {
                boolean active = s.activeIn().isPresent();
                if (activeOnly && !active) continue;
                for (HdWallet.HdRoot root : hd.roots(s.descriptor().id())) {
                    uses.computeIfAbsent(root.xpub(), k -> new ArrayList<>()).add(new Use(s.descriptor().descriptor().toString(), active));
                    privateHeld.merge(root.xpub(), root.hasPrivate(), Boolean::logicalOr);
                }
            }
            List<HdKey> out = new ArrayList<>();
            for (Map.Entry<ExtendedKey, List<Use>> e : uses.entrySet()) {
                List<Use> sorted = e.getValue().stream().distinct().sorted(Comparator.comparing(Use::descriptor)).toList();
                Optional<ExtendedKey> xprv = Optional.empty();
                if (withPrivate) {
                    try {
                        xprv = hd.privateRoot(e.getKey());
                    } catch (WalletLockedException ex) {
                        throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
                    }
                }
                out.add(new HdKey(e.getKey(), privateHeld.get(e.getKey()), xprv, sorted));
            }
            return out;
        }
    }

    /**
     * createwalletdescriptor: the account descriptors of {@code type} (receiving and change, or the one asked for)
     * from {@code hdkey}, else from the one root key of the active descriptors; they become active.
     *
     * @return the new descriptors' public strings
     */
    public static List<String> createDescriptors(Wallet w, AddressType type, Optional<Boolean> internal, Optional<String> hdkey, long time)
            throws WalletException, WalletStoreException {
        synchronized (w) {
            if (w.isLocked()) throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
            HdWallet hd = w.keys();
            ExtendedKey xpub;
            if (hdkey.isEmpty()) {
                Set<ExtendedKey> active = new LinkedHashSet<>();
                for (HdWallet.DescriptorStatus s : hd.descriptorStatuses()) {
                    if (s.activeIn().isPresent()) hd.roots(s.descriptor().id()).forEach(r -> active.add(r.xpub()));
                }
                if (active.size() != 1) {
                    throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY,
                            "Unable to determine which HD key to use from active descriptors. Please specify with 'hdkey'");
                }
                xpub = active.iterator().next();
            } else {
                try {
                    xpub = ExtendedKey.parse(hdkey.get(), hd.network());
                } catch (AddressFormatException e) {
                    xpub = null;
                }
                // bitcoind's DecodeExtPubKey: an xprv is no xpub.
                if (xpub == null || xpub.isPrivate()) {
                    throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, "Unable to parse HD key. Please provide a valid xpub");
                }
            }
            Optional<ExtendedKey> master;
            try {
                master = hd.privateRoot(xpub);
            } catch (WalletLockedException e) {
                throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
            }
            if (master.isEmpty()) {
                throw new WalletException(WalletException.Kind.INVALID_ADDRESS_OR_KEY, "Private key for " + xpub.serializePublic(hd.network())
                        + " is not known");
            }
            List<Boolean> internals = internal.map(List::of).orElse(List.of(false, true));
            List<WalletDescriptor> added;
            try {
                added = hd.addAccountDescriptors(master.get(), type, internals, time);
            } catch (WalletLockedException e) {
                throw new WalletException(WalletException.Kind.UNLOCK_NEEDED, UNLOCK_NEEDED);
            }
            if (added.isEmpty()) throw new WalletException(WalletException.Kind.WALLET_ERROR, "Descriptor already exists");
            w.save();
            return added.stream().map(d -> d.descriptor().toString()).toList();
        }
    }

    /** bitcoind's CExtPubKey order: public key bytes, then chain code. */
    private static final Comparator<ExtendedKey> ORDER = (a, b) -> {
        int byKey = Arrays.compareUnsigned(a.publicKey(), b.publicKey());
        return byKey != 0 ? byKey : Arrays.compareUnsigned(a.chainCode(), b.chainCode());
    };
}
