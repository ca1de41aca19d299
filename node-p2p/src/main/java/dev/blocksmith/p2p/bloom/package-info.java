/** BIP37 connection bloom filters and the filtered blocks (merkleblock) served to peers that load one. */
package dev.blocksmith.p2p.bloom;
