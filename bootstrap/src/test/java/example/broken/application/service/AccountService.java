package example.broken.application.service;

/** A service class, which adapters must not call directly. */
public class AccountService {

    public void open() {}
}
