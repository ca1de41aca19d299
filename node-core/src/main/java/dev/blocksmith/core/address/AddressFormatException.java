package dev.blocksmith.core.address;

import java.util.List;

/**
 * A string is not a valid address, key or encoding. The message is the user-facing reason, worded as
 * bitcoind's {@code DecodeDestination} and {@code bech32::LocateErrors} word it, so RPC can pass it on
 * unchanged (validateaddress "error"); {@link #errorLocations()} are the suspected character positions
 * (validateaddress "error_locations"), empty when unknown.
 */
public final class AddressFormatException extends Exception {
    private final List<Integer> errorLocations;

    public AddressFormatException(String message) {
        this(message, List.of());
    }

    public AddressFormatException(String message, List<Integer> errorLocations) {
        super(message);
        this.errorLocations = List.copyOf(errorLocations);
    }

    public List<Integer> errorLocations() {
        return errorLocations;
    }
}
