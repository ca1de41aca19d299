package dev.blocksmith.wallet.descriptor;

/** A descriptor string cannot be parsed or used; the message is suitable for an RPC error. */
public final class DescriptorException extends Exception {
    public DescriptorException(String message) {
        super(message);
    }
}
