-- API keys, the audit log, and the tenant and owner of every conversation (existing rows belong to tenant 'default').
CREATE TABLE api_keys (
    id            TEXT    NOT NULL PRIMARY KEY,   -- key_<time-sortable>; the token embeds it
    name          TEXT    NOT NULL,
    prefix        TEXT    NOT NULL,               -- the first characters of the token, for display
    salt          BLOB    NOT NULL,
    hash          BLOB    NOT NULL,               -- HMAC-SHA256(salt, secret); the secret itself is never stored
    tenant_id     TEXT    NOT NULL,
    team_id       TEXT    NULL,
    user_id       TEXT    NULL,
    roles         TEXT    NOT NULL,               -- JSON array of role names
    settings      TEXT    NOT NULL DEFAULT '{}',  -- JSON: allowed models/agents, rate limits, budgets
    metadata      TEXT    NOT NULL DEFAULT '{}',  -- JSON object of string pairs
    expires_at    INTEGER NULL,                   -- unix milliseconds
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    revoked_at    INTEGER NULL,
    created_by    TEXT    NULL
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, id);

CREATE TABLE audit_log (
    id          TEXT    NOT NULL PRIMARY KEY,     -- aud_<time-sortable>
    tenant_id   TEXT    NULL,                     -- null for events with no known tenant (a garbled key)
    actor       TEXT    NULL,                     -- key id, or operator:<name>
    action      TEXT    NOT NULL,                 -- e.g. key.create, auth.failure, conversation.delete
    resource    TEXT    NULL,
    outcome     TEXT    NOT NULL DEFAULT 'ok',
    before      TEXT    NULL,                     -- JSON
    after       TEXT    NULL,                     -- JSON
    ip          TEXT    NULL,
    user_agent  TEXT    NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ix_audit_tenant ON audit_log (tenant_id, id);
CREATE INDEX ix_audit_action ON audit_log (action, id);

-- Append-only: the database itself refuses to change or remove an audit record.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

ALTER TABLE conversations ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE conversations ADD COLUMN owner_id TEXT NULL;  -- the user, or key:<id> for a key without a user
CREATE INDEX ix_conversations_tenant ON conversations (tenant_id, id);
