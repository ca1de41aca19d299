package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtFinalizer;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtBase64;
import dev.blocksmith.wallet.PsbtFill;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;

/**
 * {@code walletprocesspsbt "psbt" ( sign "sighashtype" bip32derivs finalize )}: the wallet as Updater and
 * Signer (bitcoind's FillPSBT): fills UTXOs, scripts and BIP32/taproot origins of what it knows, signs
 * what it can and finalizes complete inputs; returns the PSBT, whether it is complete, and then the
 * network transaction.
 */
public final class WalletProcessPsbtMethod extends WalletMethod {
    public WalletProcessPsbtMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "walletprocesspsbt";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("psbt", RpcParamType.STR, "The transaction base64 string"),
                RpcParamSpec.withDefault("sign", RpcParamType.BOOL, true, "Also sign the transaction when updating (requires wallet to be unlocked)"),
                SIGHASHTYPE, BIP32DERIVS, FINALIZE);
    }

    /** The signing arguments walletprocesspsbt and descriptorprocesspsbt share, as bitcoind declares them. */
    public static final RpcParamSpec SIGHASHTYPE = RpcParamSpec.withHint("sighashtype", RpcParamType.STR, "\"DEFAULT for Taproot, ALL otherwise\"",
            "The signature hash type to sign with if not specified by the PSBT: DEFAULT, ALL, NONE, SINGLE, "
                    + "ALL|ANYONECANPAY, NONE|ANYONECANPAY or SINGLE|ANYONECANPAY");
    public static final RpcParamSpec BIP32DERIVS = RpcParamSpec.withDefault("bip32derivs", RpcParamType.BOOL, true,
            "Include BIP 32 derivation paths for public keys if we know them");
    public static final RpcParamSpec FINALIZE = RpcParamSpec.withDefault("finalize", RpcParamType.BOOL, true, "Also finalize inputs if possible");

    /** The result both methods return. */
    public static final String RESULT_HELP = """
            Result:
            {                             (json object)
              "psbt" : "str",             (string) The base64-encoded partially signed transaction
              "complete" : true|false,    (boolean) If the transaction has a complete set of signatures
              "hex" : "hex"               (string, optional) The hex-encoded network transaction if complete
            }""";

    @Override
    public String description() {
        return "Update a PSBT with input information from our wallet and then sign inputs\n"
                + "that we can sign for.\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.";
    }

    @Override
    public String resultHelp() {
        return RESULT_HELP;
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"psbt\"", "[\"psbt\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Psbt psbt = PsbtBase64.decode(request.arg("psbt").asString());
        int sighash = parseSighash(request.arg("sighashtype"));
        boolean sign = request.arg("sign").asBool();
        boolean bip32derivs = request.arg("bip32derivs").asBool();
        boolean finalize = request.arg("finalize").asBool();
        if (sign && w.isLocked()) {
            throw new RpcException(RpcErrorCode.WALLET_UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        PsbtFill fill;
        try {
            fill = w.fillPsbt(psbt, sighash, sign, bip32derivs, finalize);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        ObjectNode out = RpcJson.object();
        out.put("psbt", PsbtBase64.encode(fill.psbt()));
        out.put("complete", fill.complete());
        if (fill.complete()) {
            out.put("hex", PsbtFinalizer.extract(fill.psbt()).orElseThrow(
                    () -> new IllegalStateException("a complete PSBT did not finalize")).toHex());
        }
        return out;
    }

    /** bitcoind's ParseSighashString: absent means SIGHASH_DEFAULT (descriptorprocesspsbt reads it the same way). */
    public static int parseSighash(RpcParam p) throws RpcException {
        if (p.isNull()) return SignatureHasher.SIGHASH_DEFAULT;
        String s = p.asString();
        return switch (s) {
            case "DEFAULT" -> SignatureHasher.SIGHASH_DEFAULT;
            case "ALL" -> SignatureHasher.SIGHASH_ALL;
            case "NONE" -> SignatureHasher.SIGHASH_NONE;
            case "SINGLE" -> SignatureHasher.SIGHASH_SINGLE;
            case "ALL|ANYONECANPAY" -> SignatureHasher.SIGHASH_ALL | SignatureHasher.SIGHASH_ANYONECANPAY;
            case "NONE|ANYONECANPAY" -> SignatureHasher.SIGHASH_NONE | SignatureHasher.SIGHASH_ANYONECANPAY;
            case "SINGLE|ANYONECANPAY" -> SignatureHasher.SIGHASH_SINGLE | SignatureHasher.SIGHASH_ANYONECANPAY;
            default -> throw RpcException.invalidParameter("'" + s + "' is not a valid sighash parameter.");
        };
    }
}
