package dev.blocksmith.rpc.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.TxLocation;
import dev.blocksmith.core.chain.UtxoView;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.render.ScriptRender;
import dev.blocksmith.rpc.render.TxRender;
import dev.blocksmith.rpc.server.HttpReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** REST's transaction endpoints: /tx and /getutxos (BIP64's query, with /checkmempool). */
final class TxEndpoints {
    /** bitcoind's MAX_GETUTXOS_OUTPOINTS. */
    private static final int MAX_OUTPOINTS = 15;

    private final RestContext ctx;

    TxEndpoints(RestContext ctx) {
        this.ctx = ctx;
    }

    /** /rest/tx/TXID.ext: a transaction from the mempool, or from a block through -txindex. */
    HttpReply tx(String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        Sha256Hash txid = RestContext.hash(p.param());
        Optional<Sha256Hash> blockHash = Optional.empty();
        Optional<Transaction> tx = ctx.mempool().flatMap(m -> m.get(txid));
        if (tx.isEmpty()) {
            Optional<TxLocation> location = ctx.chain().txLocation(txid);
            if (location.isPresent()) {
                Optional<Block> block = ctx.chain().block(location.get().blockHash());
                if (block.isPresent() && location.get().position() < block.get().transactions().size()) {
                    tx = Optional.of(block.get().transactions().get(location.get().position()));
                    blockHash = Optional.of(location.get().blockHash());
                }
            }
        }
        Transaction found = tx.orElseThrow(() -> RestException.notFound(p.param() + " not found"));
        return RestContext.reply(p.format(), found.serialize(),
                TxRender.toJson(found, ctx.chain().params(), blockHash, Optional.empty(), false, true));
    }

    /**
     * /rest/getutxos[/checkmempool]/TXID-N/....ext, or a POSTed binary/hex request: which outpoints are unspent
     * (BIP64), with the chain tip the answer describes.
     */
    HttpReply getUtxos(String uriPart, byte[] body) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        String param = p.param();
        List<String> uriParts = param.length() > 1 ? RestPaths.split(param.substring(1)) : List.of();
        if (body.length == 0 && uriParts.isEmpty()) throw RestException.badRequest("Error: empty request");

        boolean checkMempool = false;
        boolean inputParsed = false;
        List<OutPoint> outpoints = new ArrayList<>();
        if (!uriParts.isEmpty()) {
            checkMempool = uriParts.get(0).equals("checkmempool");
            for (int i = checkMempool ? 1 : 0; i < uriParts.size(); i++) outpoints.add(outpoint(uriParts.get(i)));
            if (outpoints.isEmpty()) throw RestException.badRequest("Error: empty request");
            inputParsed = true;
        }

        switch (p.format()) {
            case HEX, BINARY -> {
                byte[] request = p.format() == RestFormat.HEX ? lenientHex(new String(body, StandardCharsets.ISO_8859_1)) : body;
                if (request.length > 0) {
                    if (inputParsed) {
                        throw RestException.badRequest("Combination of URI scheme inputs and raw post data is not allowed");
                    }
                    BinaryRequest r = BinaryRequest.parse(request);
                    checkMempool = r.checkMempool();
                    outpoints = r.outpoints();
                }
            }
            case JSON -> {
                if (!inputParsed) throw RestException.badRequest("Error: empty request");
            }
            default -> throw RestException.formatNotFound(RestFormat.available());
        }
        if (outpoints.size() > MAX_OUTPOINTS) {
            throw RestException.badRequest("Error: max outpoints exceeded (max: " + MAX_OUTPOINTS + ", tried: " + outpoints.size() + ")");
        }

        ChainTip tip = ctx.chain().tip();
        UtxoView view = checkMempool ? ctx.requireMempool().utxoView() : ctx.chain().utxoView();
        List<Coin> found = new ArrayList<>();
        byte[] bitmap = new byte[(outpoints.size() + 7) / 8];
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < outpoints.size(); i++) {
            Optional<Coin> coin = view.coin(outpoints.get(i));
            coin.ifPresent(found::add);
            bits.append(coin.isPresent() ? '1' : '0');
            if (coin.isPresent()) bitmap[i / 8] |= (byte) (1 << (i % 8));
        }

        if (p.format() == RestFormat.JSON) {
            ObjectNode out = RpcJson.object();
            out.put("chainHeight", tip.height());
            out.put("chaintipHash", tip.hash().toHex());
            out.put("bitmap", bits.toString());
            ArrayNode utxos = out.putArray("utxos");
            for (Coin c : found) {
                ObjectNode u = utxos.addObject();
                u.put("height", c.height());
                u.set("value", RpcJson.amount(Amount.ofSats(c.output().value())));
                u.set("scriptPubKey", ScriptRender.scriptPubKey(c.output().scriptPubKey(), ctx.chain().params()));
            }
            return RestContext.json(out);
        }
        // BIP64's binary answer: height, tip hash, bitmap, then each coin as bitcoind's CCoin (a zero version, height, output).
        ByteWriter w = new ByteWriter(128);
        w.i32le(tip.height()).hash(tip.hash()).varBytes(bitmap);
        w.compactSize(found.size());
        for (Coin c : found) {
            w.u32le(0).u32le(Integer.toUnsignedLong(c.height()));
            c.output().write(w);
        }
        return RestContext.reply(p.format(), w.toByteArray(), null);
    }

    /** "TXID-N" as bitcoind splits it: exactly one '-', a 64-digit txid and a uint32 index. */
    private static OutPoint outpoint(String part) throws RestException {
        String[] pieces = part.split("-", -1);
        if (pieces.length != 2) throw RestException.badRequest("Parse error");
        long n = RestCounts.unsigned(pieces[1], 0xffffffffL);
        Sha256Hash txid;
        try {
            txid = RestContext.hash(pieces[0]);
        } catch (RestException e) {
            throw RestException.badRequest("Parse error");
        }
        if (n < 0) throw RestException.badRequest("Parse error");
        return new OutPoint(txid, n);
    }

    /** bitcoind's ParseHex: the bytes of a string of hex digit pairs, nothing at all when it is not one. */
    private static byte[] lenientHex(String text) {
        if (text.length() % 2 != 0) return new byte[0];
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0 || text.charAt(i) > 'f') return new byte[0];
        }
        return Hex.decode(text);
    }

    /**
     * The POSTed request. bitcoind first writes the body into a stream as a serialized string (so with its
     * CompactSize length in front) and then reads a bool and a vector of outpoints from that stream; a client
     * speaking to bitcoind gets exactly this reading, so it is kept.
     */
    private record BinaryRequest(boolean checkMempool, List<OutPoint> outpoints) {
        static BinaryRequest parse(byte[] body) throws RestException {
            ByteWriter stream = new ByteWriter(body.length + 9);
            stream.varBytes(body);
            try {
                ByteReader r = new ByteReader(stream.toByteArray());
                boolean check = r.u8() != 0;
                long n = r.compactSize();
                if (n * 36 > r.remaining()) throw RestException.badRequest("Parse error");
                List<OutPoint> out = new ArrayList<>();
                for (long i = 0; i < n; i++) out.add(new OutPoint(r.hash(), r.u32le()));
                return new BinaryRequest(check, out);
            } catch (SerializationException | IllegalArgumentException e) {
                throw RestException.badRequest("Parse error");
            }
        }
    }
}
