-- The cost ledger: one row per model call (ok, failed or cancelled). Costs are exact: INTEGER nano-USD (USD x 1e9,
-- rounded half away from zero), so sums are exact; cost_nano_usd is NULL only for a model without a price.
CREATE TABLE ledger (
    id                      TEXT    NOT NULL PRIMARY KEY,  -- led_…
    created_at              INTEGER NOT NULL,              -- unix milliseconds (UTC), when the call started
    tenant_id               TEXT    NOT NULL,
    key_id                  TEXT,
    user_id                 TEXT,
    team_id                 TEXT,
    conversation_id         TEXT,
    agent                   TEXT,
    agent_run_id            TEXT,
    route                   TEXT,
    provider                TEXT,
    model                   TEXT,                          -- canonical provider:model
    streaming               INTEGER NOT NULL,              -- 0 or 1
    prompt_tokens           INTEGER NOT NULL,
    completion_tokens       INTEGER NOT NULL,
    cached_tokens           INTEGER NOT NULL,
    reasoning_tokens        INTEGER NOT NULL,
    input_price_per_million TEXT,                          -- exact decimal text, USD
    output_price_per_million TEXT,
    price_version           TEXT    NOT NULL,
    cost_nano_usd           INTEGER,                       -- NULL when unpriced
    unpriced                INTEGER NOT NULL,              -- 0 or 1
    cache_hit               INTEGER NOT NULL,              -- 0 or 1
    saved_nano_usd          INTEGER NOT NULL,
    latency_ms              REAL    NOT NULL,
    ttft_ms                 REAL,
    status                  TEXT    NOT NULL,              -- ok, or the error type
    error_class             TEXT
);

CREATE INDEX ix_ledger_tenant_created ON ledger (tenant_id, created_at);
CREATE INDEX ix_ledger_tenant_conversation ON ledger (tenant_id, conversation_id);
CREATE INDEX ix_ledger_tenant_key ON ledger (tenant_id, key_id);
