package dev.blocksmith.wallet.account;

import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DerivedKey;
import dev.blocksmith.wallet.descriptor.KeyExpression;
import dev.blocksmith.wallet.keys.ExtendedKey;
import dev.blocksmith.wallet.keys.KeyPath;
import java.util.Optional;

/**
 * One BIP44-style account: m / purpose' / coin_type' / account', with an external (receive, 0) and an
 * internal (change, 1) chain. coin_type is 0 on main and 1 on every test network (SLIP-44). Each chain is
 * the descriptor Core's default wallets hold, {@code wpkh(xprv/84h/1h/0h/0/*)}: the master key with the
 * full path, whose normalized public form {@code wpkh([fp/84h/1h/0h]xpub/0/*)} derives without secrets.
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

        public boolean internal() {
            return this == CHANGE;
        }
    }

    private final Descriptor receive;
    private final Descriptor change;

    private Account(Descriptor receive, Descriptor change) {
        this.receive = receive;
        this.change = change;
    }

    public static KeyPath accountPath(AddressType type, NetworkParams params, int accountIndex) {
        int coinType = params.name().equals("main") ? 0 : 1;
        return KeyPath.ROOT.child(KeyPath.hardened(type.purpose())).child(KeyPath.hardened(coinType)).child(KeyPath.hardened(accountIndex));
    }

    /** The account of a master private key. */
    public static Account fromMaster(ExtendedKey master, AddressType type, NetworkParams params, int accountIndex) {
        if (master.depth() != 0 || !master.isPrivate()) throw new IllegalArgumentException("expected a master private key");
        KeyPath path = accountPath(type, params, accountIndex);
        return new Account(chainDescriptor(master, type, params, path, Chain.RECEIVE), chainDescriptor(master, type, params, path, Chain.CHANGE));
    }

    private static Descriptor chainDescriptor(ExtendedKey master, AddressType type, NetworkParams params, KeyPath account, Chain chain) {
        KeyExpression key = new DerivedKey(Optional.empty(), master, account.child(chain.index()), KeyExpression.Wildcard.NORMAL, false);
        return new Descriptor(type.descriptorKind(), key, params);
    }

    /** The chain's descriptor with the master private key (listdescriptors private=true). */
    public Descriptor privateDescriptor(Chain chain) {
        return chain == Chain.RECEIVE ? receive : change;
    }

    /** The chain's normalized public descriptor (listdescriptors). */
    public Descriptor descriptor(Chain chain) {
        return privateDescriptor(chain).normalized();
    }

    public Script scriptPubKey(Chain chain, int index) {
        return privateDescriptor(chain).scriptPubKey(index);
    }

    public String address(Chain chain, int index) {
        return privateDescriptor(chain).address(index).encode();
    }
}
