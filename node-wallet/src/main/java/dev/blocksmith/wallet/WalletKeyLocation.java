package dev.blocksmith.wallet;

import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;

/** Where a wallet script comes from: the account family, chain and derivation index. */
public record WalletKeyLocation(AddressType type, Account.Chain chain, int index) {
}
