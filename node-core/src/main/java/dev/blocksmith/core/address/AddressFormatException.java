package dev.blocksmith.core.address;

/**
 * A string is not a valid address, key or encoding. The message is the user-facing reason, worded as
 * bitcoind's {@code DecodeDestination} and {@code bech32::LocateErrors} word it, so RPC can pass it on
 * unchanged (validateaddress "error").
 */
public final class AddressFormatException extends Exception {
    public AddressFormatException(String message) {
        super(message);
    }
}
