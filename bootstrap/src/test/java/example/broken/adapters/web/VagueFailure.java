package example.broken.adapters.web;

/** Breaks "no generic exceptions are thrown". */
public class VagueFailure {

    void fail() {
        throw new RuntimeException("something went wrong");
    }
}
