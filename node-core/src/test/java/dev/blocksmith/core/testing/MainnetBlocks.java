package dev.blocksmith.core.testing;

import java.nio.file.Path;

/**
 * Real main-network blocks for import tests, and what Bitcoin reports for them. The file holds genesis and
 * blocks 1..438 in blk*.dat layout: bitcoinj 0.12's test file {@code first-100k-blocks.dat}, which the build
 * unpacks from Maven Central (the {@code mainnet-blocks} execution in the root pom). The expected figures are
 * Bitcoin Knots 29.4's (bitcoind's consensus code) after {@code -loadblock} of the same file on main with
 * {@code -assumevalid=0}: getblockchaininfo, gettxoutsetinfo with both hash types, getchaintxstats and
 * getblockstats 170.
 */
public final class MainnetBlocks {
    public static final int TIP_HEIGHT = 438;
    public static final String TIP_HASH = "0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a";
    public static final long TXOUTS = 443;
    public static final long TRANSACTIONS = 442;
    public static final long BOGOSIZE = 51_831;
    public static final long TOTAL_SATS = 21_900_0000_0000L;
    public static final String HASH_SERIALIZED_3 = "3790edaecd696a0879c5b6f1d2a9bdf8af69b28706517a960c7dd58ec8bd67fa";
    public static final String MUHASH = "bbfed8c011991c30706e507a56d7e7f13f509a4ba66038253a179d4bcd7112a1";
    /** getchaintxstats: all transactions of the chain, genesis coinbase included. */
    public static final long CHAIN_TX_COUNT = 446;
    /** Inputs of the file's spending transactions (blocks 170, 181, 182, 183, 187, 221, 248), one each. */
    public static final int SPENDING_INPUTS = 7;

    private MainnetBlocks() {
    }

    /** The unpacked file; the system property {@code blocksmith.mainnet.blocks} names it where the working directory differs. */
    public static Path file() {
        return Path.of(System.getProperty("blocksmith.mainnet.blocks", "target/mainnet-blocks/org/bitcoinj/core/first-100k-blocks.dat"));
    }
}
