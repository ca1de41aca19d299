package dev.blocksmith.miner.sha;

import static dev.blocksmith.miner.sha.Sha256Constants.INT_BE;
import static dev.blocksmith.miner.sha.Sha256Constants.INT_LE;
import static dev.blocksmith.miner.sha.Sha256Constants.IV;
import static dev.blocksmith.miner.sha.Sha256Constants.NONCE_OFFSET_IN_CHUNK;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Kernel that runs the JDK's own SHA-256 block compression on a state it controls.
 *
 * <p>HotSpot replaces {@code sun.security.provider.SHA2.implCompress0} with a SHA-NI/AVX2 intrinsic,
 * but the public {@link java.security.MessageDigest} API can neither start from a midstate nor avoid
 * recompressing the first 64 header bytes (and {@code clone()} allocates for every nonce). So this
 * kernel holds one provider object, keeps a reference to its 8-word {@code state} array, and per nonce
 * writes the midstate into it and calls the package-private {@code implCompress(byte[], int)} through
 * a constant {@link MethodHandle}, which the JIT inlines down to the intrinsic. Two compressions per
 * nonce, no allocation.
 *
 * <p>This reaches into JDK internals, so it needs {@code --add-opens java.base/sun.security.provider=ALL-UNNAMED}
 * (or {@code Add-Opens} in an executable jar's manifest). {@link #access()} reports whether it is
 * usable; {@link Sha256dKernels} falls back to {@link PortableSha256dKernel} otherwise and verifies
 * this kernel against {@link dev.blocksmith.core.crypto.Hashes#sha256d} before trusting it.
 */
final class IntrinsicSha256dKernel implements Sha256dKernel {
    private static final String SHA2 = "sun.security.provider.SHA2";
    private static final String SHA256 = "sun.security.provider.SHA2$SHA256";

    /** (Object sha2, byte[] block, int offset) -> void. */
    private static final MethodHandle COMPRESS;
    /** (Object sha2) -> int[] state. */
    private static final MethodHandle STATE;
    /** () -> Object, a fresh SHA-256 provider object. */
    private static final MethodHandle NEW_DIGEST;
    private static final Optional<Throwable> UNAVAILABLE;

    static {
        MethodHandle compress = null;
        MethodHandle state = null;
        MethodHandle newDigest = null;
        Throwable failure = null;
        try {
            Class<?> sha2 = Class.forName(SHA2);
            Class<?> sha256 = Class.forName(SHA256);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(sha2, MethodHandles.lookup());
            compress = lookup.findVirtual(sha2, "implCompress", MethodType.methodType(void.class, byte[].class, int.class))
                    .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class));
            state = lookup.findGetter(sha2, "state", int[].class)
                    .asType(MethodType.methodType(int[].class, Object.class));
            newDigest = MethodHandles.privateLookupIn(sha256, MethodHandles.lookup())
                    .findConstructor(sha256, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // RuntimeException covers InaccessibleObjectException (package not opened) and
            // IllegalCallerException; the kernel is then unavailable and the portable one is used.
            failure = e;
        }
        COMPRESS = compress;
        STATE = state;
        NEW_DIGEST = newDigest;
        UNAVAILABLE = Optional.ofNullable(failure);
    }

    private final Object digest;
    private final int[] state;
    private final int[] midstate = new int[8];
    private final byte[] chunk2 = new byte[64];
    private final byte[] chunk3 = Sha256Constants.hashChunk();

    /** Use {@link Sha256dKernels}; throws {@link IllegalStateException} if the JDK internals are closed. */
    IntrinsicSha256dKernel() {
        if (UNAVAILABLE.isPresent()) {
            throw new IllegalStateException("JDK SHA-256 internals not accessible", UNAVAILABLE.get());
        }
        try {
            digest = (Object) NEW_DIGEST.invokeExact();
            state = (int[]) STATE.invokeExact(digest);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create the JDK SHA-256 provider object", t);
        }
        if (state.length != 8) throw new IllegalStateException("unexpected SHA-256 state layout");
    }

    /** Empty if the JDK internals can be reached, otherwise why not. */
    static Optional<Throwable> access() {
        return UNAVAILABLE;
    }

    @Override
    public String name() {
        return "jdk-intrinsic";
    }

    @Override
    public void load(byte[] header80) {
        if (header80.length != 80) throw new IllegalArgumentException("header must be 80 bytes");
        System.arraycopy(IV, 0, state, 0, 8);
        compress(header80);
        System.arraycopy(state, 0, midstate, 0, 8);
        System.arraycopy(Sha256Constants.secondChunk(header80), 0, chunk2, 0, 64);
    }

    @Override
    public long scan(int firstNonce, int count, int topWordLimit) {
        final int[] s = state;
        for (int i = 0; i < count; i++) {
            int nonce = firstNonce + i;
            doubleHash(nonce);
            // The hash is read as a little-endian number, so its top word is bytes 28..31 reversed.
            if (Integer.compareUnsigned(Integer.reverseBytes(s[7]), topWordLimit) <= 0) {
                return Integer.toUnsignedLong(nonce);
            }
        }
        return -1;
    }

    @Override
    public void hash(int nonce, byte[] out32) {
        doubleHash(nonce);
        for (int i = 0; i < 8; i++) {
            INT_BE.set(out32, 4 * i, state[i]);
        }
    }

    /** Leaves SHA-256(SHA-256(header with nonce)) in {@code state} as big-endian words. */
    private void doubleHash(int nonce) {
        final int[] s = state;
        final byte[] c3 = chunk3;
        INT_LE.set(chunk2, NONCE_OFFSET_IN_CHUNK, nonce);
        System.arraycopy(midstate, 0, s, 0, 8);
        compress(chunk2);
        for (int i = 0; i < 8; i++) {
            INT_BE.set(c3, 4 * i, s[i]);
        }
        System.arraycopy(IV, 0, s, 0, 8);
        compress(c3);
    }

    private void compress(byte[] block) {
        try {
            COMPRESS.invokeExact(digest, block, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("JDK SHA-256 compression failed", t);
        }
    }
}
