package dev.blocksmith.core.script;

/** Which signature rules a script runs under (Core's SigVersion). */
public enum SigVersion {
    /** Bare scripts and P2SH redeem scripts: legacy sighash. */
    BASE,
    /** BIP141 witness v0 scripts: BIP143 sighash. */
    WITNESS_V0,
    /** BIP341 key path spend: Schnorr with the key-path sighash. */
    TAPROOT,
    /** BIP342 script path spend: tapscript rules. */
    TAPSCRIPT
}
