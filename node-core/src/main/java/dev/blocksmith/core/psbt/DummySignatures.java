package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptExecutionData;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureChecker;
import dev.blocksmith.core.script.SignatureHasher;
import java.util.Optional;

/**
 * Placeholder signatures of the final sizes, accepted by a checker that accepts every non-empty
 * signature (Core's DUMMY_SIGNATURE_CREATOR and DUMMY_CHECKER): analyzepsbt estimates the size of the
 * finished transaction with them.
 */
public final class DummySignatures implements SignatureCreator {
    public static final DummySignatures INSTANCE = new DummySignatures();
    /** Core's 32-byte R and S: a 71-byte DER signature with its hash type. */
    private static final int R_LENGTH = 32;
    private static final int S_LENGTH = 32;

    private static final SignatureChecker ACCEPT_ALL = new SignatureChecker() {
        @Override
        public boolean checkEcdsaSignature(byte[] signature, byte[] pubkey, Script scriptCode, SigVersion sigVersion) {
            return signature.length != 0;
        }

        @Override
        public ScriptError checkSchnorrSignature(byte[] signature, byte[] pubkey, SigVersion sigVersion, ScriptExecutionData execData) {
            return signature.length != 0 ? ScriptError.OK : ScriptError.SCHNORR_SIG;
        }

        @Override
        public boolean checkLockTime(long lockTime) {
            return true;
        }

        @Override
        public boolean checkSequence(long sequence) {
            return true;
        }
    };

    private DummySignatures() {
    }

    @Override
    public Optional<Bytes> ecdsa(SigningProvider provider, Bytes keyId, Script scriptCode, SigVersion sigVersion) {
        byte[] sig = new byte[R_LENGTH + S_LENGTH + 7];
        sig[0] = 0x30;
        sig[1] = (byte) (R_LENGTH + S_LENGTH + 4);
        sig[2] = 0x02;
        sig[3] = (byte) R_LENGTH;
        sig[4] = 0x01;
        sig[4 + R_LENGTH] = 0x02;
        sig[5 + R_LENGTH] = (byte) S_LENGTH;
        sig[6 + R_LENGTH] = 0x01;
        sig[6 + R_LENGTH + S_LENGTH] = (byte) SignatureHasher.SIGHASH_ALL;
        return Optional.of(Bytes.of(sig));
    }

    @Override
    public Optional<Bytes> schnorr(SigningProvider provider, Bytes xOnlyKey, Optional<Bytes> leafHash, SchnorrTweak tweak, SigVersion sigVersion) {
        return Optional.of(Bytes.of(new byte[64]));
    }

    @Override
    public SignatureChecker checker() {
        return ACCEPT_ALL;
    }
}
