package example.broken.adapters.web;

import java.util.logging.Logger;

/** Breaks "no java.util.logging". */
public class JulLogger {

    private static final Logger LOG = Logger.getLogger("example");

    void log() {
        LOG.info("hello");
    }
}
