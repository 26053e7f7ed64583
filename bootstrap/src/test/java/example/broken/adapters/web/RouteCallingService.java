package example.broken.adapters.web;

import example.broken.application.service.AccountService;

/** Breaks "adapters use ports, not services". */
public class RouteCallingService {

    void handle(AccountService service) {
        service.open();
    }
}
