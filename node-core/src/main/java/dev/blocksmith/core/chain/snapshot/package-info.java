/**
 * UTXO set snapshots in bitcoind's format (dumptxoutset): {@link dev.blocksmith.core.chain.snapshot.SnapshotMetadata},
 * the compressed coin serialization ({@link dev.blocksmith.core.chain.snapshot.CoinCompression}), the streaming
 * {@link dev.blocksmith.core.chain.snapshot.UtxoSnapshotWriter}, and the chain rollback a snapshot of an earlier
 * height needs ({@link dev.blocksmith.core.chain.snapshot.TemporaryRollback}).
 */
package dev.blocksmith.core.chain.snapshot;
