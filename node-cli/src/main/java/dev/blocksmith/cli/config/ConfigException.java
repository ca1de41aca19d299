package dev.blocksmith.cli.config;

/** A configuration error with a message fit to show the operator as it is. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
