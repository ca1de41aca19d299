package dev.blocksmith.core.consensus;

import dev.blocksmith.core.params.Deployments;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptFlags;

/** Script flags a block is validated with (Core's GetBlockScriptFlags). */
public final class BlockScriptFlags {
    private BlockScriptFlags() {
    }

    public static int forBlock(Sha256Hash hash, int height, NetworkParams params) {
        int flags = ScriptFlags.MANDATORY;
        Integer exception = params.scriptFlagExceptions().get(hash);
        if (exception != null) flags = exception;
        Deployments d = params.deployments();
        if (height >= d.bip66Height()) flags |= ScriptFlags.DERSIG;
        if (height >= d.bip65Height()) flags |= ScriptFlags.CHECKLOCKTIMEVERIFY;
        if (height >= d.csvHeight()) flags |= ScriptFlags.CHECKSEQUENCEVERIFY;
        if (height >= d.segwitHeight()) flags |= ScriptFlags.NULLDUMMY;
        return flags;
    }
}
