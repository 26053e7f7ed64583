package io.pagekeys.bootstrap.cli;

/** A command line that cannot be understood: exit status 2, with the usage. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
