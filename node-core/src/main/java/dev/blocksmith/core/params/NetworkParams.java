package dev.blocksmith.core.params;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that distinguishes one network from another: identity and ports, genesis, proof-of-work
 * and retarget rules, money rules, soft-fork activation and address encodings. Immutable; built with
 * {@link Builder}. The built-in networks live in {@link Networks}; custom ones load from a params file.
 */
public final class NetworkParams {
    private final String name;
    private final String dataDirName;
    private final byte[] magic;
    private final int p2pPort;
    private final int rpcPort;
    private final Block genesis;
    private final BigInteger powLimit;
    private final long powLimitBits;
    private final long targetSpacing;
    private final long targetTimespan;
    private final boolean allowMinDifficultyBlocks;
    private final boolean noRetargeting;
    private final boolean enforceBip94;
    private final int subsidyHalvingInterval;
    private final long initialSubsidy;
    private final int coinbaseMaturity;
    private final Deployments deployments;
    private final List<Bip9Deployment> bip9Deployments;
    private final Map<Sha256Hash, Integer> scriptFlagExceptions;
    private final int p2pkhVersion;
    private final int p2shVersion;
    private final int wifVersion;
    private final String bech32Hrp;
    private final int xpubVersion;
    private final int xprvVersion;
    private final List<String> dnsSeeds;
    private final BigInteger minimumChainWork;
    private final Optional<Sha256Hash> assumeValid;
    private final ChainTxData chainTxData;
    private final boolean builtIn;
    private final Optional<Script> signetChallenge;

    private NetworkParams(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.dataDirName = Objects.requireNonNull(b.dataDirName, "dataDirName");
        this.magic = Objects.requireNonNull(b.magic, "magic").clone();
        if (magic.length != 4) throw new IllegalArgumentException("magic must be 4 bytes");
        this.p2pPort = b.p2pPort;
        this.rpcPort = b.rpcPort;
        this.genesis = Objects.requireNonNull(b.genesis, "genesis");
        this.powLimit = Objects.requireNonNull(b.powLimit, "powLimit");
        this.powLimitBits = b.powLimitBits;
        this.targetSpacing = b.targetSpacing;
        this.targetTimespan = b.targetTimespan;
        this.allowMinDifficultyBlocks = b.allowMinDifficultyBlocks;
        this.noRetargeting = b.noRetargeting;
        this.enforceBip94 = b.enforceBip94;
        this.subsidyHalvingInterval = b.subsidyHalvingInterval;
        this.initialSubsidy = b.initialSubsidy;
        this.coinbaseMaturity = b.coinbaseMaturity;
        this.deployments = Objects.requireNonNull(b.deployments, "deployments");
        this.bip9Deployments = List.copyOf(b.bip9Deployments);
        this.scriptFlagExceptions = Map.copyOf(b.scriptFlagExceptions);
        this.p2pkhVersion = b.p2pkhVersion;
        this.p2shVersion = b.p2shVersion;
        this.wifVersion = b.wifVersion;
        this.bech32Hrp = Objects.requireNonNull(b.bech32Hrp, "bech32Hrp");
        this.xpubVersion = b.xpubVersion;
        this.xprvVersion = b.xprvVersion;
        this.dnsSeeds = List.copyOf(b.dnsSeeds);
        this.minimumChainWork = b.minimumChainWork;
        this.assumeValid = b.assumeValid;
        this.chainTxData = Objects.requireNonNull(b.chainTxData, "chainTxData");
        this.builtIn = b.builtIn;
        this.signetChallenge = Objects.requireNonNull(b.signetChallenge, "signetChallenge");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Chain name as bitcoind reports it: main, test (testnet3), testnet4, signet, regtest, or the custom name. */
    public String name() {
        return name;
    }

    /** Subdirectory of the datadir (empty for main, as Core). */
    public String dataDirName() {
        return dataDirName;
    }

    /** Message start bytes in wire order. */
    public byte[] magic() {
        return magic.clone();
    }

    public String magicHex() {
        return Hex.encode(magic);
    }

    public int p2pPort() {
        return p2pPort;
    }

    public int rpcPort() {
        return rpcPort;
    }

    public Block genesis() {
        return genesis;
    }

    public Sha256Hash genesisHash() {
        return genesis.hash();
    }

    public BigInteger powLimit() {
        return powLimit;
    }

    /** powLimit in compact form, the value min-difficulty blocks carry. */
    public long powLimitBits() {
        return powLimitBits;
    }

    public long targetSpacing() {
        return targetSpacing;
    }

    public long targetTimespan() {
        return targetTimespan;
    }

    /** Blocks between retargets (timespan / spacing): 2016 on main. */
    public int retargetInterval() {
        return (int) (targetTimespan / targetSpacing);
    }

    public boolean allowMinDifficultyBlocks() {
        return allowMinDifficultyBlocks;
    }

    public boolean noRetargeting() {
        return noRetargeting;
    }

    public boolean enforceBip94() {
        return enforceBip94;
    }

    public int subsidyHalvingInterval() {
        return subsidyHalvingInterval;
    }

    public long initialSubsidy() {
        return initialSubsidy;
    }

    public int coinbaseMaturity() {
        return coinbaseMaturity;
    }

    public Deployments deployments() {
        return deployments;
    }

    /** Version-bits deployments in bitcoind's report order (testdummy, taproot), enabled or not. */
    public List<Bip9Deployment> bip9Deployments() {
        return bip9Deployments;
    }

    /**
     * These parameters with some buried deployments moved to other heights (regtest's
     * {@code -testactivationheight=name@height}); see {@link TestActivationHeights}.
     */
    public NetworkParams withActivationHeights(Map<BuriedDeployment, Integer> heights) {
        Deployments d = deployments;
        for (Map.Entry<BuriedDeployment, Integer> e : heights.entrySet()) {
            d = e.getKey().withHeight(d, e.getValue());
        }
        return toBuilder().deployments(d).build();
    }

    /** A builder holding every value of these parameters. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.dataDirName = dataDirName;
        b.magic = magic.clone();
        b.p2pPort = p2pPort;
        b.rpcPort = rpcPort;
        b.genesis = genesis;
        b.powLimit = powLimit;
        b.powLimitBits = powLimitBits;
        b.targetSpacing = targetSpacing;
        b.targetTimespan = targetTimespan;
        b.allowMinDifficultyBlocks = allowMinDifficultyBlocks;
        b.noRetargeting = noRetargeting;
        b.enforceBip94 = enforceBip94;
        b.subsidyHalvingInterval = subsidyHalvingInterval;
        b.initialSubsidy = initialSubsidy;
        b.coinbaseMaturity = coinbaseMaturity;
        b.deployments = deployments;
        b.bip9Deployments = bip9Deployments;
        b.scriptFlagExceptions = scriptFlagExceptions;
        b.p2pkhVersion = p2pkhVersion;
        b.p2shVersion = p2shVersion;
        b.wifVersion = wifVersion;
        b.bech32Hrp = bech32Hrp;
        b.xpubVersion = xpubVersion;
        b.xprvVersion = xprvVersion;
        b.dnsSeeds = dnsSeeds;
        b.minimumChainWork = minimumChainWork;
        b.assumeValid = assumeValid;
        b.chainTxData = chainTxData;
        b.builtIn = builtIn;
        return b;
    }

    /** Blocks validated with an exact set of script flags instead of the height-derived ones. */
    public Map<Sha256Hash, Integer> scriptFlagExceptions() {
        return scriptFlagExceptions;
    }

    public int p2pkhVersion() {
        return p2pkhVersion;
    }

    public int p2shVersion() {
        return p2shVersion;
    }

    public int wifVersion() {
        return wifVersion;
    }

    public String bech32Hrp() {
        return bech32Hrp;
    }

    public int xpubVersion() {
        return xpubVersion;
    }

    public int xprvVersion() {
        return xprvVersion;
    }

    public List<String> dnsSeeds() {
        return dnsSeeds;
    }

    public BigInteger minimumChainWork() {
        return minimumChainWork;
    }

    public Optional<Sha256Hash> assumeValid() {
        return assumeValid;
    }

    /** Transaction statistics at a known point, for the verification progress estimate. */
    public ChainTxData chainTxData() {
        return chainTxData;
    }

    public boolean isBuiltIn() {
        return builtIn;
    }

    /**
     * The BIP325 block challenge on a signet (every block but genesis must carry a solution to it);
     * empty on proof-of-work-only networks.
     */
    public Optional<Script> signetChallenge() {
        return signetChallenge;
    }

    /** True on every signet, default or custom (bitcoind's chain type SIGNET). */
    public boolean isSignet() {
        return signetChallenge.isPresent();
    }

    public boolean isRegtest() {
        return "regtest".equals(name);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Mutable builder; {@link #build()} checks that required fields are present. */
    public static final class Builder {
        private String name;
        private String dataDirName;
        private byte[] magic;
        private int p2pPort;
        private int rpcPort;
        private Block genesis;
        private BigInteger powLimit;
        private long powLimitBits;
        private long targetSpacing = 600;
        private long targetTimespan = 14 * 24 * 3600;
        private boolean allowMinDifficultyBlocks;
        private boolean noRetargeting;
        private boolean enforceBip94;
        private int subsidyHalvingInterval = 210_000;
        private long initialSubsidy = 50 * 100_000_000L;
        private int coinbaseMaturity = 100;
        private Deployments deployments = Deployments.allActive();
        private List<Bip9Deployment> bip9Deployments = List.of();
        private Map<Sha256Hash, Integer> scriptFlagExceptions = Map.of();
        private int p2pkhVersion = 111;
        private int p2shVersion = 196;
        private int wifVersion = 239;
        private String bech32Hrp;
        private int xpubVersion = 0x043587cf;
        private int xprvVersion = 0x04358394;
        private List<String> dnsSeeds = List.of();
        private BigInteger minimumChainWork = BigInteger.ZERO;
        private Optional<Sha256Hash> assumeValid = Optional.empty();
        private ChainTxData chainTxData = ChainTxData.NONE;
        private boolean builtIn;
        private Optional<Script> signetChallenge = Optional.empty();

        public Builder name(String v) { name = v; return this; }
        public Builder dataDirName(String v) { dataDirName = v; return this; }
        public Builder magic(byte[] v) { magic = v.clone(); return this; }
        public Builder p2pPort(int v) { p2pPort = v; return this; }
        public Builder rpcPort(int v) { rpcPort = v; return this; }
        public Builder genesis(Block v) { genesis = v; return this; }
        public Builder powLimit(BigInteger v, long compact) { powLimit = v; powLimitBits = compact; return this; }
        public Builder targetSpacing(long v) { targetSpacing = v; return this; }
        public Builder targetTimespan(long v) { targetTimespan = v; return this; }
        public Builder allowMinDifficultyBlocks(boolean v) { allowMinDifficultyBlocks = v; return this; }
        public Builder noRetargeting(boolean v) { noRetargeting = v; return this; }
        public Builder enforceBip94(boolean v) { enforceBip94 = v; return this; }
        public Builder subsidyHalvingInterval(int v) { subsidyHalvingInterval = v; return this; }
        public Builder initialSubsidy(long v) { initialSubsidy = v; return this; }
        public Builder coinbaseMaturity(int v) { coinbaseMaturity = v; return this; }
        public Builder deployments(Deployments v) { deployments = v; return this; }
        public Builder bip9Deployments(List<Bip9Deployment> v) { bip9Deployments = v; return this; }
        public Builder scriptFlagExceptions(Map<Sha256Hash, Integer> v) { scriptFlagExceptions = v; return this; }
        public Builder base58Versions(int p2pkh, int p2sh, int wif) { p2pkhVersion = p2pkh; p2shVersion = p2sh; wifVersion = wif; return this; }
        public Builder bech32Hrp(String v) { bech32Hrp = v; return this; }
        public Builder bip32Versions(int xpub, int xprv) { xpubVersion = xpub; xprvVersion = xprv; return this; }
        public Builder dnsSeeds(List<String> v) { dnsSeeds = v; return this; }
        public Builder minimumChainWork(BigInteger v) { minimumChainWork = v; return this; }
        public Builder assumeValid(Optional<Sha256Hash> v) { assumeValid = v; return this; }
        public Builder chainTxData(ChainTxData v) { chainTxData = v; return this; }
        public Builder builtIn(boolean v) { builtIn = v; return this; }
        public Builder signetChallenge(Optional<Script> v) { signetChallenge = v; return this; }

        public NetworkParams build() {
            return new NetworkParams(this);
        }
    }
}
