package io.pagekeys.bootstrap;

/** A setting of the server or CLI that cannot be used; the message names it. */
public final class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
