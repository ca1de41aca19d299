package dev.blocksmith.wallet.account;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.KeyExpression;
import dev.blocksmith.wallet.descriptor.KeyOrigin;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import java.util.Optional;

/**
 * One BIP44-style account: m / purpose' / coin_type' / account', with an external (receive, 0) and an
 * internal (change, 1) chain. coin_type is 0 on main and 1 on every test network (SLIP-44). The
 * chains are exposed as ranged descriptors, the same form Core's descriptor wallets store.
 */
public final class Account {
    /** The two BIP44 chains. */
    public enum Chain {
        RECEIVE(0), CHANGE(1);

        private final int index;

        Chain(int index) {
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    private final AddressType type;
    private final int accountIndex;
    private final Descriptor receive;
    private final Descriptor change;

    private Account(AddressType type, int accountIndex, Descriptor receive, Descriptor change) {
        this.type = type;
        this.accountIndex = accountIndex;
        this.receive = receive;
        this.change = change;
    }

    public static KeyPath accountPath(AddressType type, NetworkParams params, int accountIndex) {
        int coinType = params.name().equals("main") ? 0 : 1;
        return KeyPath.ROOT.child(KeyPath.hardened(type.purpose())).child(KeyPath.hardened(coinType)).child(KeyPath.hardened(accountIndex));
    }

    /** Derives the account from a master private key; the descriptors keep the account-level key. */
    public static Account fromMaster(ExtendedKey master, AddressType type, NetworkParams params, int accountIndex) {
        if (master.depth() != 0) throw new IllegalArgumentException("expected a master key");
        KeyPath path = accountPath(type, params, accountIndex);
        ExtendedKey accountKey = master.derive(path);
        KeyOrigin origin = new KeyOrigin(master.fingerprint(), path);
        return new Account(type, accountIndex, chainDescriptor(type, params, origin, accountKey, Chain.RECEIVE),
                chainDescriptor(type, params, origin, accountKey, Chain.CHANGE));
    }

    /** Rebuilds an account from its stored receive and change descriptors. */
    public static Account fromDescriptors(AddressType type, int accountIndex, Descriptor receive, Descriptor change) {
        if (receive.kind() != type.descriptorKind() || change.kind() != type.descriptorKind()) {
            throw new IllegalArgumentException("descriptor kind does not match " + type.rpcName());
        }
        return new Account(type, accountIndex, receive, change);
    }

    private static Descriptor chainDescriptor(AddressType type, NetworkParams params, KeyOrigin origin, ExtendedKey accountKey, Chain chain) {
        KeyExpression key = KeyExpression.ofExtended(Optional.of(origin), accountKey, KeyPath.ROOT.child(chain.index()),
                KeyExpression.Wildcard.NORMAL);
        return new Descriptor(type.descriptorKind(), key, params);
    }

    /** The same account with public keys only, for deriving and recognising scripts without secrets. */
    public Account watchOnly() {
        return new Account(type, accountIndex, publicOnly(receive), publicOnly(change));
    }

    private static Descriptor publicOnly(Descriptor d) {
        KeyExpression k = d.key();
        ExtendedKey pub = k.extendedKey().map(ExtendedKey::neuter).orElseThrow();
        return new Descriptor(d.kind(), KeyExpression.ofExtended(k.origin(), pub, k.path(), k.wildcard()), d.network());
    }

    public AddressType type() {
        return type;
    }

    public int accountIndex() {
        return accountIndex;
    }

    public Descriptor descriptor(Chain chain) {
        return chain == Chain.RECEIVE ? receive : change;
    }

    public Script scriptPubKey(Chain chain, int index) {
        return descriptor(chain).scriptPubKey(index);
    }

    public String address(Chain chain, int index) {
        return descriptor(chain).address(index).encode();
    }
}
