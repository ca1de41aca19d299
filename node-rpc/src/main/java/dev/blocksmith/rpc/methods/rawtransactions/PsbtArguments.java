package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import java.util.ArrayList;
import java.util.List;

/** The "txs" argument of combinepsbt and joinpsbts: an array of base64 PSBT strings. */
final class PsbtArguments {
    private PsbtArguments() {
    }

    static List<Psbt> decodeAll(JsonNode txs) throws RpcException {
        List<Psbt> out = new ArrayList<>(txs.size());
        for (JsonNode t : txs) {
            // bitcoind's get_str: a non-string element is a type error.
            if (!t.isTextual()) throw RpcException.typeError(JsonType.mismatchMessage(t, JsonType.STRING));
            out.add(PsbtBase64.decode(t.textValue()));
        }
        return out;
    }
}
