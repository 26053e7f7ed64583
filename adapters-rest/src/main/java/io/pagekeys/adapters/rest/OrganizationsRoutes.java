package io.pagekeys.adapters.rest;

import io.pagekeys.application.port.in.Administration;

/** {@code GET /api/v2/orgs/{org_id}}: any key of that organization may read it. */
final class OrganizationsRoutes {

    private final Administration administration;
    private final Exchange exchange;

    OrganizationsRoutes(Administration administration, Exchange exchange) {
        this.administration = administration;
        this.exchange = exchange;
    }

    void register(Routes routes) {
        routes.get("/api/v2/orgs/{org_id}", ctx -> {
            Caller caller = exchange.caller(ctx);
            var organization = administration.organization(caller.principal(), PathIds.organization(ctx));
            exchange.answer(ctx, 200, new OrganizationJson.Envelope(OrganizationJson.Body.of(organization)));
        });
    }
}
