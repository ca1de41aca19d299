package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtFinalizer;
import dev.blocksmith.core.psbt.PsbtSigner;
import dev.blocksmith.core.psbt.SigningProvider;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.wallet.WalletProcessPsbtMethod;
import dev.blocksmith.wallet.sign.PsbtSignatureCreator;
import java.util.List;

/**
 * {@code descriptorprocesspsbt "psbt" ["descriptor",...] ( "sighashtype" bip32derivs finalize )}: bitcoind's
 * ProcessPSBT with the given descriptors, private keys included, as the signing provider and no wallet: UTXOs
 * as utxoupdatepsbt finds them, then every input updated and signed with what the descriptors hold (a sighash
 * type other than the one the PSBT records is refused), and the outputs updated.
 */
public final class DescriptorProcessPsbtMethod implements RpcMethod {
    private final UtxoUpdatePsbtMethod utxos;

    public DescriptorProcessPsbtMethod(UtxoUpdatePsbtMethod utxos) {
        this.utxos = utxos;
    }

    @Override
    public String name() {
        return "descriptorprocesspsbt";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("psbt", RpcParamType.STR, "The transaction base64 string"),
                RpcParamSpec.required("descriptors", RpcParamType.ARR,
                        "An array of either strings or objects: an output descriptor, or {\"desc\": \"descriptor\", \"range\": end or [begin,end]}"),
                WalletProcessPsbtMethod.SIGHASHTYPE, WalletProcessPsbtMethod.BIP32DERIVS, WalletProcessPsbtMethod.FINALIZE);
    }

    @Override
    public String description() {
        return "Update all segwit inputs in a PSBT with information from output descriptors, the UTXO set or the mempool.\n"
                + "Then, sign the inputs we are able to with information from the output descriptors.";
    }

    @Override
    public String resultHelp() {
        return WalletProcessPsbtMethod.RESULT_HELP;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        SigningProvider descriptors = utxos.descriptors(request.arg("descriptors").asArray());
        int sighash = WalletProcessPsbtMethod.parseSighash(request.arg("sighashtype"));
        boolean bip32derivs = request.arg("bip32derivs").asBool();
        boolean finalize = request.arg("finalize").asBool();
        SigningProvider provider = SigningProvider.hiding(descriptors, false, !bip32derivs);
        Psbt psbt = utxos.withUtxos(PsbtBase64.decode(request.arg("psbt").asString()), provider);
        PrecomputedTransactionData data = PsbtSigner.precompute(psbt);
        for (int i = 0; i < psbt.inputs().size(); i++) {
            if (psbt.input(i).isFinalized()) continue;
            // bitcoind's ProcessPSBT: only a sighash mismatch is an error.
            if (psbt.input(i).sighashType().isPresent() && psbt.input(i).sighashType().get() != sighash) {
                throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "Specified sighash value does not match value stored in PSBT");
            }
            if (!PsbtSigner.isSignedAndVerified(psbt, i, data)) psbt = PsbtSigner.withSighashRecorded(psbt, i, sighash);
            psbt = PsbtSigner.signInput(psbt, i, provider, PsbtSignatureCreator.factory(sighash), data, finalize).psbt();
        }
        for (int i = 0; i < psbt.outputs().size(); i++) psbt = PsbtSigner.updateOutput(psbt, i, SigningProvider.hiding(descriptors, true, !bip32derivs));
        psbt = psbt.withoutUnneededNonWitnessUtxos(sighash == SignatureHasher.SIGHASH_DEFAULT ? SignatureHasher.SIGHASH_ALL : sighash);
        boolean complete = true;
        for (int i = 0; i < psbt.inputs().size(); i++) complete &= psbt.input(i).isFinalized();
        ObjectNode out = RpcJson.object();
        out.put("psbt", PsbtBase64.encode(psbt));
        out.put("complete", complete);
        if (complete) {
            out.put("hex", PsbtFinalizer.extract(psbt).orElseThrow(() -> new IllegalStateException("a complete PSBT did not finalize")).toHex());
        }
        return out;
    }
}
