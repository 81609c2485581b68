-- Conversations and their messages. Times are Unix milliseconds (UTC).
CREATE TABLE conversations (
    id            TEXT    NOT NULL PRIMARY KEY,   -- conv_<time-sortable>
    title         TEXT    NULL,
    model         TEXT    NULL,
    agent         TEXT    NULL,
    metadata      TEXT    NOT NULL DEFAULT '{}',  -- JSON object of string pairs
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE messages (
    id                TEXT    NOT NULL PRIMARY KEY,  -- msg_<time-sortable>
    conversation_id   TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,              -- 1, 2, 3 … within the conversation
    role              TEXT    NOT NULL,
    content           TEXT    NULL,
    tool_calls        TEXT    NULL,                  -- JSON array of {id, name, arguments}
    tool_call_id      TEXT    NULL,
    model             TEXT    NULL,
    provider          TEXT    NULL,
    prompt_tokens     INTEGER NULL,
    completion_tokens INTEGER NULL,
    latency_ms        INTEGER NULL,
    finish_reason     TEXT    NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (conversation_id, seq)
);
