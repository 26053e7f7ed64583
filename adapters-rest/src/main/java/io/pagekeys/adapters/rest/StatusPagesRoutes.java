package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.RenameStatusPageCommand;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import java.util.Optional;

/**
 * {@code /api/v2/orgs/{org_id}/status_pages[/{subdomain}]}. The listing holds exactly the pages the key
 * may read, possibly none; one page that exists but may not be read is 403, never 404.
 */
final class StatusPagesRoutes {

    private final Administration administration;
    private final Exchange exchange;

    StatusPagesRoutes(Administration administration, Exchange exchange) {
        this.administration = administration;
        this.exchange = exchange;
    }

    void register(Routes routes) {
        routes.get("/api/v2/orgs/{org_id}/status_pages", ctx -> {
            Caller caller = exchange.caller(ctx);
            exchange.answer(ctx, 200, StatusPageJson.ListEnvelope.of(
                    administration.statusPages(caller.principal(), PathIds.organization(ctx))));
        });
        routes.post("/api/v2/orgs/{org_id}/status_pages", this::create);
        routes.get("/api/v2/orgs/{org_id}/status_pages/{subdomain}", ctx -> {
            Caller caller = exchange.caller(ctx);
            exchange.answer(ctx, 200, StatusPageJson.Envelope.of(
                    administration.statusPage(caller.principal(), PathIds.organization(ctx), PathIds.subdomain(ctx))));
        });
        routes.put("/api/v2/orgs/{org_id}/status_pages/{subdomain}", this::rename);
        routes.delete("/api/v2/orgs/{org_id}/status_pages/{subdomain}", ctx -> {
            Caller caller = exchange.caller(ctx);
            administration.deleteStatusPage(caller.principal(), PathIds.organization(ctx), PathIds.subdomain(ctx));
            exchange.noContent(ctx);
        });
    }

    private void create(Context ctx) {
        Caller caller = exchange.caller(ctx);
        OrganizationId organization = PathIds.organization(ctx);
        CreateStatusPageCommand command = Gate.unlessRefusedFirst(() -> {
            StatusPageJson.Request page = Fields.required(
                    exchange.read(ctx, StatusPageJson.RequestEnvelope.class, "status_page").statusPage(), "status_page");
            Subdomain subdomain = Subdomain.of(Fields.required(page.subdomain(), "subdomain"));
            return new CreateStatusPageCommand(organization, subdomain, Fields.required(page.name(), "name"));
        }, () -> exchange.gate().require(caller, VerifyQuery.Target.organization(organization), Permission.PAGES_CREATE));
        exchange.answer(ctx, 201, StatusPageJson.Envelope.of(administration.createStatusPage(caller.principal(), command)));
    }

    /** A partial update: the name when given; without one the page stays as it is, and is answered so. */
    private void rename(Context ctx) {
        Caller caller = exchange.caller(ctx);
        OrganizationId organization = PathIds.organization(ctx);
        Subdomain subdomain = PathIds.subdomain(ctx);
        Optional<RenameStatusPageCommand> command = Gate.unlessRefusedFirst(() -> {
            StatusPageJson.Request page = Fields.required(
                    exchange.read(ctx, StatusPageJson.RequestEnvelope.class, "status_page").statusPage(), "status_page");
            if (page.subdomain() != null && !page.subdomain().equals(subdomain.value())) {
                throw Fields.invalid("subdomain", "cannot change; create a new status page instead");
            }
            return Optional.ofNullable(page.name()).map(name -> new RenameStatusPageCommand(organization, subdomain, name));
        }, () -> mayWrite(caller, organization, subdomain));
        StatusPage answered = command.isPresent()
                ? administration.renameStatusPage(caller.principal(), command.get())
                : unchanged(caller, organization, subdomain);
        exchange.answer(ctx, 200, StatusPageJson.Envelope.of(answered));
    }

    /** 404 unless the page exists under that organization, then 403 unless the caller may write it. */
    private void mayWrite(Caller caller, OrganizationId organization, Subdomain subdomain) {
        pageUnder(caller, organization, subdomain);
        exchange.gate().require(caller, VerifyQuery.Target.page(subdomain), Permission.PAGES_WRITE);
    }

    /**
     * The page, for an update that changes nothing; refused as a rename would be (404, then 403 without
     * {@code pages.write}). Showing it needs {@code pages.read} as well: the driving port has no way to
     * read a page on {@code pages.write} alone.
     */
    private StatusPage unchanged(Caller caller, OrganizationId organization, Subdomain subdomain) {
        StatusPage page;
        try {
            page = administration.statusPage(caller.principal(), organization, subdomain);
        } catch (AccessDeniedException readDenied) {
            exchange.gate().require(caller, VerifyQuery.Target.page(subdomain), Permission.PAGES_WRITE);
            throw readDenied;
        }
        exchange.gate().require(caller, VerifyQuery.Target.page(subdomain), Permission.PAGES_WRITE);
        return page;
    }

    /** 404 unless the page exists under that organization; whether it may be read does not matter here. */
    private void pageUnder(Caller caller, OrganizationId organization, Subdomain subdomain) {
        try {
            administration.statusPage(caller.principal(), organization, subdomain);
        } catch (AccessDeniedException e) {
            // It exists there; the permission that counts is asked next.
        }
    }
}
