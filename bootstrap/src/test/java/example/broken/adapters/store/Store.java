package example.broken.adapters.store;

/** A persistence adapter. */
public class Store {

    public Object load() {
        return "row";
    }
}
