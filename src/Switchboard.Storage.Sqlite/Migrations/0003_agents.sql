-- The agent runtime: per-conversation state, handoffs, tool executions, the handoff queue with its notes, and the
-- demo shop's orders and support tickets. Times are Unix milliseconds (UTC).

-- Who wrote an assistant message: an agent name, or 'operator:<name>' for a person. NULL for older messages.
ALTER TABLE messages ADD COLUMN author TEXT NULL;

CREATE TABLE agent_sessions (
    conversation_id TEXT    NOT NULL PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    current_agent   TEXT    NOT NULL,
    status          TEXT    NOT NULL,              -- active, escalated, human, resolved
    failed_turns    INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE agent_handoffs (
    id                TEXT    NOT NULL PRIMARY KEY,  -- hof_<time-sortable>
    conversation_id   TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    from_agent        TEXT    NULL,
    to_agent          TEXT    NOT NULL,
    reason            TEXT    NOT NULL,
    method            TEXT    NOT NULL,              -- classifier, llm, tool, escalation
    confidence        REAL    NULL,
    prompt_tokens     INTEGER NULL,
    completion_tokens INTEGER NULL,
    created_at        INTEGER NOT NULL
);

CREATE INDEX agent_handoffs_by_conversation ON agent_handoffs (conversation_id, created_at);

CREATE TABLE tool_executions (
    id              TEXT    NOT NULL PRIMARY KEY,    -- tex_<time-sortable>
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      TEXT    NULL,                    -- the assistant message that requested the call
    call_id         TEXT    NOT NULL,
    agent           TEXT    NOT NULL,
    tool            TEXT    NOT NULL,
    arguments       TEXT    NOT NULL,                -- JSON text as the model sent it
    result          TEXT    NOT NULL,                -- JSON text as returned to the model
    status          TEXT    NOT NULL,                -- ok, error, invalid_arguments, timeout, unknown_tool
    duration_ms     INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);

CREATE INDEX tool_executions_by_conversation ON tool_executions (conversation_id, created_at);

CREATE TABLE handoff_queue (
    id              TEXT    NOT NULL PRIMARY KEY,    -- hq_<time-sortable>
    conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    agent           TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    priority        TEXT    NOT NULL,                -- low, normal, high, urgent
    team            TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    status          TEXT    NOT NULL,                -- waiting, claimed, resolved, returned
    operator        TEXT    NULL,
    created_at      INTEGER NOT NULL,
    claimed_at      INTEGER NULL,
    closed_at       INTEGER NULL
);

-- The operators' listing: by status, oldest first.
CREATE INDEX handoff_queue_by_status ON handoff_queue (status, created_at);
CREATE INDEX handoff_queue_by_conversation ON handoff_queue (conversation_id, status);

CREATE TABLE handoff_notes (
    id            TEXT    NOT NULL PRIMARY KEY,      -- note_<time-sortable>
    queue_item_id TEXT    NOT NULL REFERENCES handoff_queue (id) ON DELETE CASCADE,
    author        TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE INDEX handoff_notes_by_item ON handoff_notes (queue_item_id, created_at);

CREATE TABLE orders (
    id               TEXT    NOT NULL PRIMARY KEY CHECK (id = upper(id)),  -- ORD-1001; looked up upper-cased
    customer_email   TEXT    NOT NULL,
    status           TEXT    NOT NULL,               -- processing, shipped, delivered, cancelled
    placed_at        INTEGER NOT NULL,
    delivered_at     INTEGER NULL,
    total            TEXT    NOT NULL,               -- exact decimal in invariant culture, e.g. '59.90'
    currency         TEXT    NOT NULL,               -- ISO 4217
    shipping_address TEXT    NOT NULL,
    items            TEXT    NOT NULL,
    refund_status    TEXT    NULL                    -- NULL or 'requested'
);

CREATE TABLE tickets (
    number          INTEGER NOT NULL PRIMARY KEY,    -- 1, 2, 3 …, assigned under the write lock
    id              TEXT    NOT NULL UNIQUE,         -- 'TCK-' || the number padded to six digits
    conversation_id TEXT    NULL REFERENCES conversations (id) ON DELETE SET NULL,
    subject         TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    priority        TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'open',
    created_at      INTEGER NOT NULL
);

-- Deleting a conversation looks its tickets up to clear the reference.
CREATE INDEX tickets_by_conversation ON tickets (conversation_id);
