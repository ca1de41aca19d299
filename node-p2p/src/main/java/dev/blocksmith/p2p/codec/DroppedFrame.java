package dev.blocksmith.p2p.codec;

/**
 * A complete frame that was dropped rather than delivered: its header was well-formed enough to skip the
 * payload but the checksum did not match or the message type was malformed. bitcoind drops such a message
 * without disconnecting (V1Transport's reject_message) and accounts its bytes under "*other*".
 *
 * @param error bitcoind's "Header error: ..." text, without the peer id
 */
public record DroppedFrame(int wireSize, String error) {
}
