package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Base58;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.psbt.Bip32Origin;
import dev.blocksmith.core.psbt.Bytes;
import dev.blocksmith.core.psbt.Musig2Fields;
import dev.blocksmith.core.psbt.GlobalXpub;
import dev.blocksmith.core.psbt.ProprietaryRecord;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtInput;
import dev.blocksmith.core.psbt.PsbtOutput;
import dev.blocksmith.core.psbt.TapKeyOrigin;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * decodepsbt's result, field for field and in bitcoind's order: the unsigned transaction as
 * decoderawtransaction shows it, the global map, every input's and output's fields, and the fee when
 * every input's UTXO is known.
 */
public final class PsbtRender {
    private PsbtRender() {
    }

    public static ObjectNode decode(Psbt psbt, NetworkParams params) {
        ObjectNode out = RpcJson.object();
        out.set("tx", TxRender.toJson(psbt.unsignedTx(), params, Optional.empty(), Optional.empty(), false, false));
        ArrayNode xpubs = out.putArray("global_xpubs");
        for (GlobalXpub x : psbt.xpubs()) {
            ObjectNode o = xpubs.addObject();
            o.put("xpub", Base58.encodeChecked(x.extendedKey().toByteArray()));
            o.put("master_fingerprint", x.origin().fingerprintHex());
            o.put("path", x.origin().pathString());
        }
        out.put("psbt_version", Psbt.VERSION);
        out.set("proprietary", proprietary(psbt.proprietary()));
        out.set("unknown", hexMap(psbt.unknown()));
        ArrayNode inputs = out.putArray("inputs");
        for (int i = 0; i < psbt.inputs().size(); i++) inputs.add(input(psbt, i, params));
        ArrayNode outputs = out.putArray("outputs");
        for (PsbtOutput o : psbt.outputs()) outputs.add(output(o));
        psbt.fee().ifPresent(fee -> out.set("fee", RpcJson.amount(Amount.ofSats(fee))));
        return out;
    }

    private static ObjectNode input(Psbt psbt, int index, NetworkParams params) {
        PsbtInput in = psbt.input(index);
        ObjectNode o = RpcJson.object();
        in.witnessUtxo().ifPresent(u -> o.set("witness_utxo", txOut(u, params)));
        in.nonWitnessUtxo().ifPresent(tx -> o.set("non_witness_utxo", TxRender.toJson(tx, params, Optional.empty(), Optional.empty(), false, false)));
        if (!in.partialSignatures().isEmpty()) {
            ObjectNode sigs = o.putObject("partial_signatures");
            in.partialSignatures().values().forEach(s -> sigs.put(s.publicKey().toHex(), s.signature().toHex()));
        }
        in.sighashType().ifPresent(t -> o.put("sighash", sighashName(t)));
        in.redeemScript().ifPresent(s -> o.set("redeem_script", script(s)));
        in.witnessScript().ifPresent(s -> o.set("witness_script", script(s)));
        if (!in.bip32Derivations().isEmpty()) o.set("bip32_derivs", derivations(in.bip32Derivations()));
        in.finalScriptSig().ifPresent(s -> {
            ObjectNode f = o.putObject("final_scriptSig");
            f.put("asm", ScriptRender.asm(s, true));
            f.put("hex", s.toHex());
        });
        in.finalScriptWitness().ifPresent(w -> {
            ArrayNode a = o.putArray("final_scriptwitness");
            w.rawItems().forEach(item -> a.add(Hex.encode(item)));
        });
        preimages(o, "ripemd160_preimages", in.ripemd160Preimages());
        preimages(o, "sha256_preimages", in.sha256Preimages());
        preimages(o, "hash160_preimages", in.hash160Preimages());
        preimages(o, "hash256_preimages", in.hash256Preimages());
        in.tapKeySig().ifPresent(s -> o.put("taproot_key_path_sig", s.toHex()));
        if (!in.tapScriptSigs().isEmpty()) {
            ArrayNode a = o.putArray("taproot_script_path_sigs");
            in.tapScriptSigs().forEach((k, sig) -> {
                ObjectNode s = a.addObject();
                s.put("pubkey", k.xOnlyKey().toHex());
                s.put("leaf_hash", k.leafHash().toHex());
                s.put("sig", sig.toHex());
            });
        }
        if (!in.tapLeafScripts().isEmpty()) {
            ArrayNode a = o.putArray("taproot_scripts");
            in.tapLeafScripts().forEach((leaf, blocks) -> {
                ObjectNode s = a.addObject();
                s.put("script", leaf.script().toHex());
                s.put("leaf_ver", leaf.leafVersion());
                ArrayNode cb = s.putArray("control_blocks");
                blocks.forEach(b -> cb.add(b.toHex()));
            });
        }
        if (!in.tapBip32Derivations().isEmpty()) o.set("taproot_bip32_derivs", tapDerivations(in.tapBip32Derivations()));
        in.tapInternalKey().ifPresent(k -> o.put("taproot_internal_key", k.toHex()));
        in.tapMerkleRoot().ifPresent(k -> o.put("taproot_merkle_root", k.toHex()));
        musig2(o, in.unknown(), true);
        if (!in.proprietary().isEmpty()) o.set("proprietary", proprietary(in.proprietary()));
        Map<Bytes, Bytes> unknown = withoutMusig2(in.unknown(), true);
        if (!unknown.isEmpty()) o.set("unknown", hexMap(unknown));
        return o;
    }

    private static ObjectNode output(PsbtOutput out) {
        ObjectNode o = RpcJson.object();
        out.redeemScript().ifPresent(s -> o.set("redeem_script", script(s)));
        out.witnessScript().ifPresent(s -> o.set("witness_script", script(s)));
        if (!out.bip32Derivations().isEmpty()) o.set("bip32_derivs", derivations(out.bip32Derivations()));
        out.tapInternalKey().ifPresent(k -> o.put("taproot_internal_key", k.toHex()));
        if (!out.tapTree().isEmpty()) {
            ArrayNode a = o.putArray("taproot_tree");
            out.tapTree().forEach(leaf -> {
                ObjectNode l = a.addObject();
                l.put("depth", leaf.depth());
                l.put("leaf_ver", leaf.leafVersion());
                l.put("script", leaf.script().toHex());
            });
        }
        if (!out.tapBip32Derivations().isEmpty()) o.set("taproot_bip32_derivs", tapDerivations(out.tapBip32Derivations()));
        musig2(o, out.unknown(), false);
        if (!out.proprietary().isEmpty()) o.set("proprietary", proprietary(out.proprietary()));
        Map<Bytes, Bytes> unknown = withoutMusig2(out.unknown(), false);
        if (!unknown.isEmpty()) o.set("unknown", hexMap(unknown));
        return o;
    }

    private static ObjectNode txOut(TxOut out, NetworkParams params) {
        ObjectNode o = RpcJson.object();
        o.set("amount", RpcJson.amount(Amount.ofSats(out.value())));
        o.set("scriptPubKey", ScriptRender.scriptPubKey(out.scriptPubKey(), params));
        return o;
    }

    /** bitcoind's ScriptToUniv without address: {asm, hex, type}. */
    private static ObjectNode script(Script s) {
        ObjectNode o = RpcJson.object();
        o.put("asm", ScriptRender.asm(s, false));
        o.put("hex", s.toHex());
        o.put("type", ScriptType.classify(s).rpcName());
        return o;
    }

    private static ArrayNode derivations(Map<Bytes, Bip32Origin> map) {
        ArrayNode a = RpcJson.array();
        map.forEach((pk, origin) -> {
            ObjectNode d = a.addObject();
            d.put("pubkey", pk.toHex());
            d.put("master_fingerprint", origin.fingerprintHex());
            d.put("path", origin.pathString());
        });
        return a;
    }

    private static ArrayNode tapDerivations(Map<Bytes, TapKeyOrigin> map) {
        ArrayNode a = RpcJson.array();
        map.forEach((x, o) -> {
            ObjectNode d = a.addObject();
            d.put("pubkey", x.toHex());
            d.put("master_fingerprint", o.origin().fingerprintHex());
            d.put("path", o.origin().pathString());
            ArrayNode hashes = d.putArray("leaf_hashes");
            o.leafHashes().forEach(h -> hashes.add(h.toHex()));
        });
        return a;
    }

    private static void preimages(ObjectNode o, String name, Map<Bytes, Bytes> map) {
        if (!map.isEmpty()) o.set(name, hexMap(map));
    }

    private static ArrayNode proprietary(SortedSet<ProprietaryRecord> records) {
        ArrayNode a = RpcJson.array();
        for (ProprietaryRecord r : records) {
            ObjectNode p = a.addObject();
            p.put("identifier", r.identifier().toHex());
            p.put("subtype", r.subtype());
            p.put("key", r.key().toHex());
            p.put("value", r.value().toHex());
        }
        return a;
    }

    /** bitcoind's decodepsbt MuSig2 (BIP373) fields, which Blocksmith carries among the unknown records. */
    private static void musig2(ObjectNode o, java.util.SortedMap<Bytes, Bytes> unknown, boolean input) {
        List<Musig2Fields.Participants> participants = Musig2Fields.participants(unknown, input);
        if (!participants.isEmpty()) {
            ArrayNode a = o.putArray("musig2_participant_pubkeys");
            for (Musig2Fields.Participants p : participants) {
                ObjectNode e = a.addObject();
                e.put("aggregate_pubkey", p.aggregate().toHex());
                ArrayNode keys = e.putArray("participant_pubkeys");
                p.participants().forEach(k -> keys.add(k.toHex()));
            }
        }
        if (!input) return;
        participantData(o, "musig2_pubnonces", "pubnonce", Musig2Fields.pubNonces(unknown));
        participantData(o, "musig2_partial_sigs", "partial_sig", Musig2Fields.partialSigs(unknown));
    }

    private static void participantData(ObjectNode o, String field, String valueName, List<Musig2Fields.ParticipantData> data) {
        if (data.isEmpty()) return;
        ArrayNode a = o.putArray(field);
        for (Musig2Fields.ParticipantData d : data) {
            ObjectNode e = a.addObject();
            e.put("participant_pubkey", d.participant().toHex());
            e.put("aggregate_pubkey", d.aggregate().toHex());
            d.leafHash().ifPresent(h -> e.put("leaf_hash", h.toHex()));
            e.put(valueName, d.value().toHex());
        }
    }

    private static Map<Bytes, Bytes> withoutMusig2(Map<Bytes, Bytes> unknown, boolean input) {
        Map<Bytes, Bytes> rest = new java.util.TreeMap<>();
        unknown.forEach((k, v) -> {
            if (!Musig2Fields.isMusig2(k, input)) rest.put(k, v);
        });
        return rest;
    }

    private static ObjectNode hexMap(Map<Bytes, Bytes> map) {
        ObjectNode o = RpcJson.object();
        map.forEach((k, v) -> o.put(k.toHex(), v.toHex()));
        return o;
    }

    /** bitcoind's SighashToStr: the defined types by name; anything else, SIGHASH_DEFAULT included, as "". */
    static String sighashName(int type) {
        return switch (type & 0xff) {
            case 0x01 -> "ALL";
            case 0x81 -> "ALL|ANYONECANPAY";
            case 0x02 -> "NONE";
            case 0x82 -> "NONE|ANYONECANPAY";
            case 0x03 -> "SINGLE";
            case 0x83 -> "SINGLE|ANYONECANPAY";
            default -> "";
        };
    }
}
