package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BIP330 transaction reconciliation (Erlay) as far as bitcoind 30 goes with {@code -txreconciliation}: the
 * negotiation. A peer is pre-registered with our salt when we send it sendtxrcncl, registered when its own
 * sendtxrcncl arrives (the common version, and the combined salt that would key short ids), and forgotten when the
 * handshake ends without both sides agreeing, or when it disconnects. No set reconciliation runs, in bitcoind either.
 * Call on the network thread.
 */
public final class TxReconciliationTracker {
    private static final Logger log = LoggerFactory.getLogger(TxReconciliationTracker.class);
    /** bitcoind's TXRECONCILIATION_VERSION. */
    public static final long VERSION = 1;

    /** bitcoind's ReconciliationRegisterResult. */
    public enum RegisterResult { NOT_FOUND, SUCCESS, ALREADY_REGISTERED, PROTOCOL_VIOLATION }

    private sealed interface State {
    }

    private record PreRegistered(long localSalt) implements State {
    }

    /** A registered peer: whether we initiate reconciliations (outbound peers) and the salt's two halves. */
    private record Registered(boolean weInitiate, long k0, long k1) implements State {
    }

    private final Map<Long, State> states = new HashMap<>();
    private final RandomGenerator random;

    public TxReconciliationTracker(RandomGenerator random) {
        this.random = random;
    }

    /** bitcoind's PreRegisterPeer: our salt for this peer, to send in sendtxrcncl. */
    public long preRegister(long peer) {
        long salt = random.nextLong();
        states.put(peer, new PreRegistered(salt));
        return salt;
    }

    /** bitcoind's RegisterPeer on receipt of the peer's sendtxrcncl. */
    public RegisterResult register(long peer, boolean inbound, long peerVersion, long remoteSalt) {
        State s = states.get(peer);
        if (s == null) return RegisterResult.NOT_FOUND;
        if (s instanceof Registered) return RegisterResult.ALREADY_REGISTERED;
        long localSalt = ((PreRegistered) s).localSalt();
        // The lower of the two versions; version 1 is the lowest there is.
        if (Math.min(peerVersion, VERSION) < 1) return RegisterResult.PROTOCOL_VIOLATION;
        log.debug("Register peer={} (inbound={})", peer, inbound ? 1 : 0);
        // BIP330: the salts in ascending order under the "Tx Relay Salting" tagged hash.
        long lo = Long.compareUnsigned(localSalt, remoteSalt) <= 0 ? localSalt : remoteSalt;
        long hi = lo == localSalt ? remoteSalt : localSalt;
        byte[] full = Hashes.taggedHash("Tx Relay Salting", new ByteWriter(16).i64le(lo).i64le(hi).toByteArray());
        ByteBuffer b = ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN);
        states.put(peer, new Registered(!inbound, b.getLong(0), b.getLong(8)));
        return RegisterResult.SUCCESS;
    }

    public boolean isRegistered(long peer) {
        return states.get(peer) instanceof Registered;
    }

    /** bitcoind's ForgetPeer. */
    public void forget(long peer) {
        if (states.remove(peer) != null) log.debug("Forget txreconciliation state of peer={}", peer);
    }
}
