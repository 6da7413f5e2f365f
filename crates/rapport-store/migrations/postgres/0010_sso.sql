-- Single sign-on (OpenID Connect), per organization: the provider an admin
-- set, the email domains whose people join on first sign-in (each domain
-- belongs to one organization), and the sign-ins under way.
CREATE TABLE sso_settings (
    org_id        TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
    issuer        TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    require_sso   BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE sso_domains (
    domain TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE
);
CREATE INDEX sso_domains_org ON sso_domains (org_id);

-- One row per sign-in sent to the provider, found by the hash of its
-- `state`; used once (used_at), then kept until it expires so that a
-- replayed answer is told apart from an unknown one.
CREATE TABLE sso_logins (
    state_hash    TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path     TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    used_at       BIGINT
);
CREATE INDEX sso_logins_expires ON sso_logins (expires_at);

-- Provisioning (SCIM): the organization's directory deactivates people
-- (history kept, hidden from pickers, no way in) and calls with tokens an
-- admin created, stored as hashes.
ALTER TABLE people ADD COLUMN deactivated_at BIGINT;

CREATE TABLE scim_tokens (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX scim_tokens_org ON scim_tokens (org_id);
