package dev.blocksmith.core.filter;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A BIP158 block filter: its type, the block it describes and the encoded Golomb-coded set. The key is the
 * first 16 bytes of the block hash (internal byte order) read as two little-endian 64-bit words.
 */
public record BlockFilter(BlockFilterType type, Sha256Hash blockHash, byte[] encoded) {
    public BlockFilter {
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * The basic filter of {@code block}: every output script except empty and OP_RETURN ones, and every script
     * its inputs spend (from the block's undo data) except empty ones, each once.
     */
    public static BlockFilter basic(Block block, BlockUndo undo) {
        return basic(block, spentScripts(undo));
    }

    /** The basic filter of {@code block} given the scripts its inputs spend (bitcoind's BasicFilterElements). */
    public static BlockFilter basic(Block block, List<byte[]> spentScripts) {
        List<byte[]> elements = new ArrayList<>();
        for (ByteBuffer e : basicElements(block, spentScripts)) elements.add(e.array());
        return of(BlockFilterType.BASIC, block.hash(), elements);
    }

    /**
     * bitcoind's BasicFilterElements: every output script except empty and OP_RETURN ones and every spent script
     * except empty ones, each once, in first-seen order.
     */
    public static Set<ByteBuffer> basicElements(Block block, List<byte[]> spentScripts) {
        Set<ByteBuffer> elements = new LinkedHashSet<>();
        for (Transaction tx : block.transactions()) {
            for (TxOut out : tx.outputs()) {
                byte[] script = out.scriptPubKey().bytes();
                if (script.length == 0 || (script[0] & 0xff) == Opcodes.OP_RETURN) continue;
                elements.add(ByteBuffer.wrap(script));
            }
        }
        for (byte[] script : spentScripts) {
            if (script.length > 0) elements.add(ByteBuffer.wrap(script));
        }
        return elements;
    }

    /** The scripts a block's undo data says its inputs spent, in order. */
    public static List<byte[]> spentScripts(BlockUndo undo) {
        List<byte[]> spent = new ArrayList<>();
        for (List<Coin> coins : undo.spentByTx()) {
            for (Coin coin : coins) spent.add(coin.output().scriptPubKey().bytes());
        }
        return spent;
    }

    /** The filter of {@code type} over distinct {@code elements} for the block {@code blockHash}. */
    public static BlockFilter of(BlockFilterType type, Sha256Hash blockHash, Collection<byte[]> elements) {
        ByteBuffer key = ByteBuffer.wrap(blockHash.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        GolombCodedSet set = GolombCodedSet.build(type.p(), type.m(), key.getLong(0), key.getLong(8), elements);
        return new BlockFilter(type, blockHash, set.encoded());
    }

    /** The filter as a set to query. */
    public GolombCodedSet set() {
        ByteBuffer key = ByteBuffer.wrap(blockHash.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return GolombCodedSet.decode(type.p(), type.m(), key.getLong(0), key.getLong(8), encoded);
    }

    /** BIP157's filter hash: double SHA-256 of the encoded filter. */
    public Sha256Hash hash() {
        return Hashes.hash256(encoded);
    }

    /** BIP157's filter header: double SHA-256 of this filter's hash followed by the previous header. */
    public Sha256Hash header(Sha256Hash previousHeader) {
        return headerOf(hash(), previousHeader);
    }

    public static Sha256Hash headerOf(Sha256Hash filterHash, Sha256Hash previousHeader) {
        byte[] buf = new byte[64];
        filterHash.copyInto(buf, 0);
        previousHeader.copyInto(buf, 32);
        return Hashes.hash256(buf);
    }
}
