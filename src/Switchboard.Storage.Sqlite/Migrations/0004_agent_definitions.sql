-- Agents created or changed through the admin API (PUT /api/v1/agents/{name}); presets and agent files are not stored.
CREATE TABLE agent_definitions (
    name        TEXT    NOT NULL PRIMARY KEY,
    definition  TEXT    NOT NULL,            -- the agent as YAML or JSON, exactly as it was accepted
    created_at  INTEGER NOT NULL,            -- unix milliseconds
    updated_at  INTEGER NOT NULL
);
