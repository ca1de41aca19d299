package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStore;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.FlatFileBlockStore;
import dev.blocksmith.core.chain.MemoryBlockFiles;
import dev.blocksmith.core.chain.PruneOptions;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an unclean shutdown the chain knows itself as of its last flush (bitcoind's crash contract), so a wallet's
 * best block may be forgotten: its stored locator leads to the nearest known ancestor, as bitcoind's does, instead of
 * a rescan from genesis (which pruned history could not even serve).
 */
class WalletUncleanShutdownTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 36_000;
    /** -prune with pruneblockchain only and -fastprune: one block per file. */
    private static final ChainOptions OPTIONS = new ChainOptions(false, false).withPrune(new PruneOptions(PruneOptions.MANUAL, true));

    @TempDir
    Path dir;
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final BlockStore blocks = FlatFileBlockStore.inMemory(new MemoryBlockFiles(), PARAMS.magic(), 1);
    private int tag;

    private ChainManager openChain() {
        return ChainManager.open(PARAMS, store, blocks, new RejectSpendsVerifier(), OPTIONS, () -> NOW);
    }

    private WalletManager manager(ChainManager chain) {
        return new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), tx -> Optional.empty(),
                FeeEstimator.NONE, WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1)), Clock.systemUTC());
    }

    private Block mineOn(ChainManager chain, BlockIndex prev, Script to) throws Exception {
        Block b = TestBlocks.nextBlock(PARAMS, prev, to, List.of(), 0, ++tag);
        chain.processBlock(b);
        return b;
    }

    @Test
    void aForgottenBestBlockResumesFromItsNearestKnownAncestor() throws Exception {
        ChainManager chain = openChain();
        WalletManager manager = manager(chain);
        Wallet w = manager.create("w", Optional.empty(), Optional.of(true));
        Script mine = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
        for (int i = 0; i < 400; i++) mineOn(chain, chain.tip().index(), TestBlocks.p2wpkhScript(7));
        // pruneblockchain flushes the chain state at 400, then deletes the files of blocks 0-112.
        assertThat(chain.pruneBlockchain(112)).isEqualTo(OptionalInt.of(112));
        List<Block> forgotten = new ArrayList<>();
        for (int i = 0; i < 2; i++) forgotten.add(mineOn(chain, chain.tip().index(), mine));
        assertThat(w.lastBlockHeight()).isEqualTo(402);
        // Regtest halves every 150 blocks: 12.5 BTC each.
        assertThat(w.balances().immature().sats()).isEqualTo(2 * 1_250_000_000L);

        // Killed: the chain is not closed. The wallet saved itself at block 402 (it touched the wallet); its file is
        // released here as a dead process's would be.
        manager.close();
        ChainManager restarted = openChain();
        assertThat(restarted.tip().height()).isEqualTo(400);
        WalletManager again = manager(restarted);
        again.loadStartupWallets(List.of());
        Wallet back = again.loadedWallet("w").orElseThrow();
        assertThat(back.lastBlockHash()).isEqualTo(restarted.tip().hash());
        assertThat(back.balances().immature().sats()).isZero();

        // The peers send the blocks again: the coinbases are ours once more.
        for (Block b : forgotten) restarted.processBlock(b);
        assertThat(back.lastBlockHeight()).isEqualTo(402);
        assertThat(back.balances().immature().sats()).isEqualTo(2 * 1_250_000_000L);
        again.close();
    }
}
