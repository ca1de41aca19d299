package dev.blocksmith.core.psbt;

import java.util.Locale;

/** The BIP174 roles, in the order a PSBT moves through them (Core's PSBTRole; analyzepsbt's "next"). */
public enum PsbtRole {
    CREATOR, UPDATER, SIGNER, FINALIZER, EXTRACTOR;

    /** The name analyzepsbt prints ("updater", ...). */
    public String rpcName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
