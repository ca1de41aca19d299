package dev.blocksmith.cli.training;

/** The output types of the training chain's coins: the common ones of the main network. */
enum OutputKind {
    P2PKH, P2SH_P2WPKH, P2WPKH, P2WSH_MULTISIG, P2TR_KEY
}
