package dev.blocksmith.core.params;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in networks, with values from ../shared/NETWORKS.md (Bitcoin Core 28-30). Their genesis
 * blocks are rebuilt from their fields here and tests check the hashes against the real ones.
 */
public final class Networks {
    private Networks() {
    }

    private static final String MAIN_MESSAGE = "The Times 03/Jan/2009 Chancellor on brink of second bailout for banks";
    private static final Script SATOSHI_KEY_SCRIPT = Script.fromHex(
            "4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac");

    /** The default signet's challenge: a 1-of-2 bare multisig (BIP325, bitcoind's SigNetParams). */
    public static final String DEFAULT_SIGNET_CHALLENGE =
            "512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae";
    private static final List<String> DEFAULT_SIGNET_SEEDS = List.of("seed.signet.bitcoin.sprovoost.nl", "seed.signet.achownodes.xyz");

    public static final NetworkParams MAIN = main();
    public static final NetworkParams TESTNET3 = testnet3();
    public static final NetworkParams TESTNET4 = testnet4();
    public static final NetworkParams SIGNET = signet(Optional.empty(), Optional.empty());
    public static final NetworkParams REGTEST = regtest();

    public static List<NetworkParams> builtIn() {
        return List.of(MAIN, TESTNET3, TESTNET4, SIGNET, REGTEST);
    }

    /**
     * Looks up a built-in network by the names bitcoind's {@code -chain=} accepts. bitcoind calls
     * testnet3 "test" ({@code -testnet}, {@code -chain=test}, config section {@code [test]}).
     */
    public static Optional<NetworkParams> byName(String name) {
        return switch (name) {
            case "main", "mainnet" -> Optional.of(MAIN);
            case "test" -> Optional.of(TESTNET3);
            case "testnet4" -> Optional.of(TESTNET4);
            case "signet" -> Optional.of(SIGNET);
            case "regtest" -> Optional.of(REGTEST);
            default -> Optional.empty();
        };
    }

    /**
     * Core's CreateGenesisBlock: one coinbase whose scriptSig pushes 486604799, the byte 4 and the
     * message, paying {@code reward} to {@code outputScript}.
     */
    public static Block createGenesis(String message, Script outputScript, long time, long nonce, long bits,
                                      int version, long reward) {
        Script scriptSig = new ScriptBuilder()
                .data(ScriptBuilder.encodeNumber(486604799L))
                .data(new byte[] {4})
                .data(message.getBytes(StandardCharsets.UTF_8))
                .build();
        Transaction coinbase = new Transaction(1,
                List.of(new TxIn(OutPoint.NULL, scriptSig, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(reward, outputScript)), 0);
        BlockHeader header = new BlockHeader(version, Sha256Hash.ZERO, coinbase.txid(), time, bits, nonce);
        return new Block(header, List.of(coinbase));
    }

    private static NetworkParams main() {
        return NetworkParams.builder()
                .name("main").dataDirName("")
                .magic(Hex.decode("f9beb4d9")).p2pPort(8333).rpcPort(8332)
                .genesis(createGenesis(MAIN_MESSAGE, SATOSHI_KEY_SCRIPT, 1231006505L, 2083236893L, 0x1d00ffffL, 1, 5_000_000_000L))
                .powLimit(BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE), 0x1d00ffffL)
                .deployments(new Deployments(227931,
                        Optional.of(Sha256Hash.fromHex("000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8")),
                        388381, 363725, 419328, 481824, 709632))
                .bip9Deployments(List.of(
                        testDummy(Bip9Deployment.NEVER_ACTIVE, 2016, 1815),
                        new Bip9Deployment("taproot", 2, 1619222400L, 1628640000L, 709632, 2016, 1815)))
                .scriptFlagExceptions(Map.of(
                        // BIP16 exception: a block that violates P2SH before it was enforced.
                        Sha256Hash.fromHex("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"), ScriptFlags.NONE,
                        // Taproot exception: a block with an invalid-under-taproot spend before activation.
                        Sha256Hash.fromHex("0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"), ScriptFlags.P2SH | ScriptFlags.WITNESS))
                .base58Versions(0, 5, 128).bech32Hrp("bc").bip32Versions(0x0488b21e, 0x0488ade4)
                .dnsSeeds(List.of("seed.bitcoin.sipa.be", "dnsseed.bluematt.me", "seed.bitcoin.jonasschnelli.ch",
                        "seed.btc.petertodd.net", "seed.bitcoin.sprovoost.nl", "dnsseed.emzy.de", "seed.bitcoin.wiz.biz",
                        "seed.mainnet.achownodes.xyz"))
                .minimumChainWork(new BigInteger("0000000000000000000000000000000000000000dee8e2a309ad8a9820433c68", 16))
                .assumeValid(Optional.of(Sha256Hash.fromHex("00000000000000000000611fd22f2df7c8fbd0688745c3a6c3bb5109cc2a12cb")))
                // bitcoind 30's chainTxData: getchaintxstats 4096 at the assumed-valid block.
                .chainTxData(new ChainTxData(1756722903L, 1_235_299_397L, 5.456290459519495))
                .builtIn(true)
                .build();
    }

    private static NetworkParams testnet4() {
        Script zeroKey = Script.fromHex("21" + "00".repeat(33) + "ac");
        return NetworkParams.builder()
                .name("testnet4").dataDirName("testnet4")
                .magic(Hex.decode("1c163f28")).p2pPort(48333).rpcPort(48332)
                .genesis(createGenesis("03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e",
                        zeroKey, 1714777860L, 393743547L, 0x1d00ffffL, 1, 5_000_000_000L))
                .powLimit(BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE), 0x1d00ffffL)
                .allowMinDifficultyBlocks(true).enforceBip94(true)
                .deployments(Deployments.allActive().withSegwitHeight(1))
                .bip9Deployments(List.of(testDummy(Bip9Deployment.NEVER_ACTIVE, 2016, 1512), alwaysActiveTaproot(2016, 1512)))
                .bech32Hrp("tb")
                .dnsSeeds(List.of("seed.testnet4.bitcoin.sprovoost.nl", "seed.testnet4.wiz.biz"))
                .minimumChainWork(new BigInteger("00000000000000000000000000000000000000000000034a4690fe592dc49c7c", 16))
                .assumeValid(Optional.of(Sha256Hash.fromHex("000000000000000180a58e7fa3b0db84b5ea76377524894f53660d93ac839d9b")))
                // bitcoind 30's chainTxData: getchaintxstats 4096 at the assumed-valid block.
                .chainTxData(new ChainTxData(1752470331L, 11_414_302L, 0.2842619757327476))
                .builtIn(true)
                .build();
    }

    /**
     * A signet (bitcoind's SigNetParams): {@code challenge} from {@code -signetchallenge} (empty: the
     * default signet), {@code seeds} from {@code -signetseednode} (empty: the default signet's DNS
     * seeds, or none for a custom challenge). Every signet shares genesis, ports and the data
     * directory "signet"; the message start is the first four bytes of SHA256d of the challenge
     * serialized with its CompactSize length, so each challenge gets its own P2P network.
     */
    public static NetworkParams signet(Optional<byte[]> challenge, Optional<List<String>> seeds) {
        boolean custom = challenge.isPresent();
        Script script = custom ? Script.of(challenge.get()) : Script.fromHex(DEFAULT_SIGNET_CHALLENGE);
        NetworkParams.Builder b = NetworkParams.builder()
                .name("signet").dataDirName("signet")
                .magic(signetMagic(script)).p2pPort(38333).rpcPort(38332)
                .genesis(createGenesis(MAIN_MESSAGE, SATOSHI_KEY_SCRIPT, 1598918400L, 52613770L, 0x1e0377aeL, 1, 5_000_000_000L))
                .powLimit(Difficulty.decodeCompact(0x1e0377aeL), 0x1e0377aeL)
                .deployments(Deployments.allActive().withSegwitHeight(1))
                .bip9Deployments(List.of(testDummy(Bip9Deployment.NEVER_ACTIVE, 2016, 1815), alwaysActiveTaproot(2016, 1815)))
                .bech32Hrp("tb")
                .signetChallenge(Optional.of(script))
                .dnsSeeds(seeds.orElse(custom ? List.of() : DEFAULT_SIGNET_SEEDS))
                .builtIn(!custom);
        if (!custom) {
            b.minimumChainWork(new BigInteger("0000000000000000000000000000000000000000000000000000067d328e681a", 16))
                    .assumeValid(Optional.of(Sha256Hash.fromHex("000000128586e26813922680309f04e1de713c7542fee86ed908f56368aefe2e")))
                    // bitcoind 30's chainTxData: getchaintxstats 4096 at the assumed-valid block.
                    .chainTxData(new ChainTxData(1756723017L, 26_185_472L, 0.7452721495389969));
        }
        return b.build();
    }

    /** First four bytes of SHA256d(CompactSize(length) || challenge), bitcoind's signet message start. */
    public static byte[] signetMagic(Script challenge) {
        byte[] serialized = new ByteWriter().varBytes(challenge.rawBytes()).toByteArray();
        return Arrays.copyOf(Hashes.sha256d(serialized), 4);
    }

    /**
     * Testnet3 (bitcoind's CTestNetParams, chain name "test"): deprecated but still in bitcoind 30.
     * The 20-minute minimum-difficulty rule applies, and retargets take the last block's target as
     * base (no BIP94 fixes).
     */
    private static NetworkParams testnet3() {
        return NetworkParams.builder()
                .name("test").dataDirName("testnet3")
                .magic(Hex.decode("0b110907")).p2pPort(18333).rpcPort(18332)
                .genesis(createGenesis(MAIN_MESSAGE, SATOSHI_KEY_SCRIPT, 1296688602L, 414098458L, 0x1d00ffffL, 1, 5_000_000_000L))
                .powLimit(BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE), 0x1d00ffffL)
                .allowMinDifficultyBlocks(true)
                // Taproot was a BIP9 deployment on testnet3; its script flags apply to every block in
                // bitcoind (GetBlockScriptFlags), which is all the height here is used for.
                .deployments(new Deployments(21111,
                        Optional.of(Sha256Hash.fromHex("0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8")),
                        581885, 330776, 770112, 834624, 0))
                .scriptFlagExceptions(Map.of(
                        // BIP16 exception block of testnet3.
                        Sha256Hash.fromHex("00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105"), ScriptFlags.NONE))
                .bech32Hrp("tb")
                .dnsSeeds(List.of("testnet-seed.bitcoin.jonasschnelli.ch", "seed.tbtc.petertodd.net",
                        "seed.testnet.bitcoin.sprovoost.nl", "testnet-seed.bluematt.me", "seed.testnet.achownodes.xyz"))
                .minimumChainWork(new BigInteger("0000000000000000000000000000000000000000000016dd270dd94fac1d7632", 16))
                .assumeValid(Optional.of(Sha256Hash.fromHex("0000000000000065c6c38258e201971a3fdfcc2ceee0dd6e85a6c022d45dee34")))
                // bitcoind 30's chainTxData: getchaintxstats 4096 at the assumed-valid block.
                .chainTxData(new ChainTxData(1751816758L, 508_468_699L, 7.172978845985714))
                .builtIn(true)
                .build();
    }

    private static NetworkParams regtest() {
        return NetworkParams.builder()
                .name("regtest").dataDirName("regtest")
                .magic(Hex.decode("fabfb5da")).p2pPort(18444).rpcPort(18443)
                .genesis(createGenesis(MAIN_MESSAGE, SATOSHI_KEY_SCRIPT, 1296688602L, 2L, 0x207fffffL, 1, 5_000_000_000L))
                .powLimit(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE), 0x207fffffL)
                .targetTimespan(24 * 3600)
                .allowMinDifficultyBlocks(true).noRetargeting(true)
                .subsidyHalvingInterval(150)
                .deployments(Deployments.allActive())
                // bitcoind 30's regtest: testdummy signals from genesis in 144-block periods, taproot is always active.
                .bip9Deployments(List.of(testDummy(0, 144, 108), alwaysActiveTaproot(144, 108)))
                .bech32Hrp("bcrt")
                // bitcoind's regtest has one DNS seed under the reserved .invalid TLD (RFC 6761): it never resolves,
                // but the seeding logic runs with -dnsseed=1 (behind -proxy it becomes an address fetch).
                .dnsSeeds(List.of("dummySeed.invalid."))
                // bitcoind 30's regtest rate, non-zero so that verificationprogress is testable.
                .chainTxData(new ChainTxData(0, 0, 0.001))
                .builtIn(true)
                .build();
    }

    /** bitcoind's DEPLOYMENT_TESTDUMMY: bit 28, no timeout; on the public networks never active. */
    private static Bip9Deployment testDummy(long startTime, int period, int threshold) {
        return new Bip9Deployment("testdummy", 28, startTime, Bip9Deployment.NO_TIMEOUT, 0, period, threshold);
    }

    private static Bip9Deployment alwaysActiveTaproot(int period, int threshold) {
        return new Bip9Deployment("taproot", 2, Bip9Deployment.ALWAYS_ACTIVE, Bip9Deployment.NO_TIMEOUT, 0, period, threshold);
    }
}
