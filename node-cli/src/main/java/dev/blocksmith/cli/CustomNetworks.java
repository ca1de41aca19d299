package dev.blocksmith.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.params.Deployments;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Custom proof-of-work networks from a params file (JSON; format in docs/custom-networks.md). Every
 * field is checked and a wrong or inconsistent file gets an error naming the field.
 */
public final class CustomNetworks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESERVED = Set.of("main", "mainnet", "testnet4", "signet", "regtest", "testnet");

    private CustomNetworks() {
    }

    /** A parsed params file: the network, and whether its genesis block is solved. */
    public record Loaded(NetworkParams params, boolean genesisSolved, ObjectNode json) {
    }

    public static NetworkParams load(Path file) throws ConfigException {
        Loaded l = read(file);
        if (!l.genesisSolved()) {
            throw new ConfigException(file + ": genesis.nonce does not solve the genesis block; run: blocksmith genesis -params=" + file);
        }
        return l.params();
    }

    public static Loaded read(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read params file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new ConfigException(file + ": the params file must be a JSON object");
        return parse((ObjectNode) root, file.toString());
    }

    static Loaded parse(ObjectNode root, String where) throws ConfigException {
        Fields f = new Fields(root, where);
        String name = f.string("name");
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}") || RESERVED.contains(name)) {
            throw f.error("name", "must be 1-32 lower-case letters, digits, '-' or '_' and not a built-in network name");
        }
        byte[] magic = f.hex("magic", 4);
        int p2pPort = f.port("p2pPort");
        int rpcPort = f.port("rpcPort");
        if (p2pPort == rpcPort) throw f.error("rpcPort", "must differ from p2pPort");
        String hrp = f.string("bech32Hrp");
        if (!hrp.matches("[a-z0-9]{1,20}")) throw f.error("bech32Hrp", "must be 1-20 lower-case letters or digits");
        int p2pkh = f.intIn("base58.p2pkh", 0, 255);
        int p2sh = f.intIn("base58.p2sh", 0, 255);
        int wif = f.intIn("base58.wif", 0, 255);
        if (p2pkh == p2sh) throw f.error("base58.p2sh", "must differ from base58.p2pkh");

        long spacing = f.longIn("targetSpacingSeconds", 1, 86_400);
        long interval = f.longIn("retargetInterval", 1, 1_000_000);
        int halving = (int) f.longIn("halvingInterval", 1, Integer.MAX_VALUE);
        int maturity = (int) f.longIn("coinbaseMaturity", 1, 10_000);
        long reward = f.longIn("genesis.rewardSats", 0, 21_000_000L * 100_000_000L);

        long time = f.longIn("genesis.time", 0, 0xffffffffL);
        long bits = f.hexLong("genesis.bits");
        BigInteger target = Difficulty.validTarget(bits, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
        if (target == null) throw f.error("genesis.bits", "is not a valid compact target");
        BigInteger powLimit = root.has("powLimit") ? new BigInteger(Hex.encode(f.hex("powLimit", 32)), 16) : target;
        if (target.compareTo(powLimit) > 0) throw f.error("genesis.bits", "is easier than powLimit");
        long nonce = f.longIn("genesis.nonce", 0, 0xffffffffL);
        int version = (int) f.longIn("genesis.version", 1, Integer.MAX_VALUE);
        String message = f.string("genesis.message");
        if (message.isEmpty() || message.length() > 90) throw f.error("genesis.message", "must be 1-90 characters (coinbase script limit)");
        Script rewardScript = Script.of(f.hex("genesis.rewardScript", -1));

        Deployments d = new Deployments(f.activation("bip34"), Optional.empty(), f.activation("bip65"), f.activation("bip66"),
                f.activation("csv"), f.activation("segwit"), f.activation("taproot"));
        List<String> seeds = new ArrayList<>();
        for (JsonNode s : root.path("dnsSeeds")) seeds.add(s.asText());

        Block genesis = Networks.createGenesis(message, rewardScript, time, nonce, bits, version, reward);
        boolean solved = Difficulty.checkProofOfWork(genesis.hash(), bits, powLimit);
        if (root.hasNonNull("genesisHash") && solved) {
            String claimed = root.get("genesisHash").asText();
            if (!claimed.equals(genesis.hash().toHex())) {
                throw f.error("genesisHash", "is " + claimed + " but the genesis fields hash to " + genesis.hash());
            }
        }
        NetworkParams params = NetworkParams.builder()
                .name(name).dataDirName(name)
                .magic(magic).p2pPort(p2pPort).rpcPort(rpcPort)
                .genesis(genesis)
                .powLimit(powLimit, Difficulty.encodeCompact(powLimit))
                .targetSpacing(spacing).targetTimespan(spacing * interval)
                .allowMinDifficultyBlocks(root.path("allowMinDifficultyBlocks").asBoolean(false))
                .noRetargeting(root.path("noRetargeting").asBoolean(false))
                .subsidyHalvingInterval(halving).initialSubsidy(reward).coinbaseMaturity(maturity)
                .deployments(d)
                .base58Versions(p2pkh, p2sh, wif).bech32Hrp(hrp)
                .dnsSeeds(seeds)
                .build();
        return new Loaded(params, solved, root);
    }

    /** Field access that names the field in every error. */
    private record Fields(ObjectNode root, String where) {
        ConfigException error(String field, String what) {
            return new ConfigException(where + ": field '" + field + "' " + what);
        }

        JsonNode node(String path) throws ConfigException {
            JsonNode n = root;
            for (String part : path.split("\\.")) n = n.path(part);
            if (n.isMissingNode() || n.isNull()) throw error(path, "is missing");
            return n;
        }

        String string(String path) throws ConfigException {
            JsonNode n = node(path);
            if (!n.isTextual()) throw error(path, "must be a string");
            return n.asText();
        }

        long longIn(String path, long min, long max) throws ConfigException {
            JsonNode n = node(path);
            if (!n.canConvertToLong() || !n.isIntegralNumber()) throw error(path, "must be an integer");
            long v = n.asLong();
            if (v < min || v > max) throw error(path, "must be between " + min + " and " + max);
            return v;
        }

        int intIn(String path, int min, int max) throws ConfigException {
            return (int) longIn(path, min, max);
        }

        int port(String path) throws ConfigException {
            return intIn(path, 1, 65535);
        }

        byte[] hex(String path, int length) throws ConfigException {
            String s = string(path);
            if (!Hex.isHex(s)) throw error(path, "must be hex");
            byte[] b = Hex.decode(s);
            if (length >= 0 && b.length != length) throw error(path, "must be " + length + " bytes (" + 2 * length + " hex digits)");
            return b;
        }

        long hexLong(String path) throws ConfigException {
            return Long.parseLong(Hex.encode(hex(path, 4)), 16);
        }

        int activation(String deployment) throws ConfigException {
            String path = "activationHeights." + deployment;
            JsonNode n = root.path("activationHeights").path(deployment);
            if (n.isMissingNode() || n.isNull()) return 0;
            return (int) longIn(path, 0, Integer.MAX_VALUE);
        }
    }

    /** The file's JSON with the solved genesis written in (used by the genesis command). */
    public static ObjectNode withGenesis(ObjectNode json, long time, long nonce, Sha256Hash hash) {
        ObjectNode copy = json.deepCopy();
        ObjectNode g = (ObjectNode) copy.get("genesis");
        g.put("time", time);
        g.put("nonce", nonce);
        copy.put("genesisHash", hash.toHex());
        return copy;
    }

    public static String pretty(ObjectNode json) throws ConfigException {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new ConfigException("cannot write params: " + e.getMessage());
        }
    }
}
