package dev.blocksmith.wallet.account;

import dev.blocksmith.wallet.descriptor.Descriptor;
import java.util.Arrays;
import java.util.Optional;

/**
 * The address families a wallet account can use, with their BIP44-style purpose number and
 * Core's -addresstype names. BECH32 (BIP84, P2WPKH) is the default, as in Core.
 */
public enum AddressType {
    /** BIP44, P2PKH. */
    LEGACY("legacy", 44, Descriptor.Kind.PKH),
    /** BIP49, P2WPKH nested in P2SH. */
    P2SH_SEGWIT("p2sh-segwit", 49, Descriptor.Kind.SH_WPKH),
    /** BIP84, native P2WPKH. */
    BECH32("bech32", 84, Descriptor.Kind.WPKH),
    /** BIP86, P2TR key path with the BIP341 tweak and no script tree. */
    BECH32M("bech32m", 86, Descriptor.Kind.TR);

    public static final AddressType DEFAULT = BECH32;

    private final String rpcName;
    private final int purpose;
    private final Descriptor.Kind kind;

    AddressType(String rpcName, int purpose, Descriptor.Kind kind) {
        this.rpcName = rpcName;
        this.purpose = purpose;
        this.kind = kind;
    }

    public String rpcName() {
        return rpcName;
    }

    public int purpose() {
        return purpose;
    }

    public Descriptor.Kind descriptorKind() {
        return kind;
    }

    /**
     * The output type of a descriptor kind (Core's Descriptor::GetOutputType): P2SH is legacy unless it wraps a
     * segwit v0 script, P2WSH is bech32 like P2WPKH. P2PK, combo() (several types), addr() and raw() have none
     * here (Core infers addr()/raw() from the script; they cannot be made active either way).
     */
    public static Optional<AddressType> of(Descriptor.Kind kind) {
        return switch (kind) {
            case PKH, SH_PK, SH_PKH, SH_MULTI -> Optional.of(LEGACY);
            case SH_WPKH, SH_WSH_MULTI, SH_WSH_MINISCRIPT -> Optional.of(P2SH_SEGWIT);
            case WPKH, WSH_MULTI, WSH_MINISCRIPT -> Optional.of(BECH32);
            case TR, TR_TREE, RAWTR -> Optional.of(BECH32M);
            case PK, COMBO, ADDR, RAW, BARE_MULTI -> Optional.empty();
        };
    }

    public static Optional<AddressType> byRpcName(String name) {
        return Arrays.stream(values()).filter(t -> t.rpcName.equals(name)).findFirst();
    }
}
