-- pagekeys schema, version 2: change notifications for the in-process view of every instance.
--
-- Each instance keeps in memory what decisions need (keys by fingerprint and id, a user's memberships
-- in an organization, pages, organizations). Every write that can change a decision sends, at commit,
-- a notification on the channel 'pagekeys_view' naming what it changed, whoever the writer is (an
-- instance of pagekeys, the operator's CLI, a migration, psql): the triggers below, not the
-- application, send them. Payloads name identifiers only, never a secret:
--   key:<key id>:<fingerprint>      a key, or its page selection (the fingerprint is empty when the
--                                   key itself is gone)
--   member:<user id>:<organization id>
--   page:<subdomain>
--   organization:<organization id>
--   all                             a TRUNCATE: forget everything
-- PostgreSQL delivers a notification only when its transaction commits, and folds identical ones of one
-- transaction into one. A use of a key (only last_used_at written) notifies nothing: no decision reads it.

-- One function per table: PL/pgSQL resolves OLD.<column> and NEW.<column> against the table that fired.
CREATE FUNCTION notify_key_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM pg_notify('pagekeys_view', 'key:' || OLD.id || ':' || OLD.fingerprint);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM pg_notify('pagekeys_view', 'key:' || NEW.id || ':' || NEW.fingerprint);
        END IF;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION notify_key_page_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM pg_notify('pagekeys_view', 'key:' || OLD.key_id || ':'
                || coalesce((SELECT fingerprint FROM api_keys WHERE id = OLD.key_id), ''));
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM pg_notify('pagekeys_view', 'key:' || NEW.key_id || ':'
                || coalesce((SELECT fingerprint FROM api_keys WHERE id = NEW.key_id), ''));
        END IF;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION notify_membership_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM pg_notify('pagekeys_view', 'member:' || OLD.user_id || ':' || OLD.organization_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM pg_notify('pagekeys_view', 'member:' || NEW.user_id || ':' || NEW.organization_id);
        END IF;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION notify_page_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM pg_notify('pagekeys_view', 'page:' || OLD.subdomain);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM pg_notify('pagekeys_view', 'page:' || NEW.subdomain);
        END IF;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION notify_organization_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM pg_notify('pagekeys_view', 'organization:' || OLD.id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM pg_notify('pagekeys_view', 'organization:' || NEW.id);
        END IF;
        RETURN NULL;
    END
    $$;

CREATE FUNCTION notify_truncation() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        PERFORM pg_notify('pagekeys_view', 'all');
        RETURN NULL;
    END
    $$;

-- Every column but last_used_at: an UPDATE that writes only the last use (the batched record of uses)
-- fires nothing.
CREATE TRIGGER api_keys_view_change
    AFTER INSERT OR DELETE OR UPDATE OF id, kind, organization_id, user_id, name, scope, page_rule, allowed_cidrs,
        expires_at, fingerprint, hint, created_at, created_by, revoked_at, revoked_by, rotated_at, rotated_by,
        replaced_by, grace_until
    ON api_keys FOR EACH ROW EXECUTE FUNCTION notify_key_change();

CREATE TRIGGER api_key_pages_view_change
    AFTER INSERT OR UPDATE OR DELETE ON api_key_pages FOR EACH ROW EXECUTE FUNCTION notify_key_page_change();

CREATE TRIGGER memberships_view_change
    AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION notify_membership_change();

CREATE TRIGGER status_pages_view_change
    AFTER INSERT OR UPDATE OR DELETE ON status_pages FOR EACH ROW EXECUTE FUNCTION notify_page_change();

CREATE TRIGGER organizations_view_change
    AFTER INSERT OR UPDATE OR DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION notify_organization_change();

CREATE TRIGGER api_keys_view_truncate
    AFTER TRUNCATE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION notify_truncation();

CREATE TRIGGER api_key_pages_view_truncate
    AFTER TRUNCATE ON api_key_pages FOR EACH STATEMENT EXECUTE FUNCTION notify_truncation();

CREATE TRIGGER memberships_view_truncate
    AFTER TRUNCATE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION notify_truncation();

CREATE TRIGGER status_pages_view_truncate
    AFTER TRUNCATE ON status_pages FOR EACH STATEMENT EXECUTE FUNCTION notify_truncation();

CREATE TRIGGER organizations_view_truncate
    AFTER TRUNCATE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION notify_truncation();
