-- Tool executions answered from the tool result cache: an idempotent tool called again with the same arguments within
-- the time to live. The tool did not run; status is 'ok' and the result is the cached one. Existing rows ran the tool.
ALTER TABLE tool_executions ADD COLUMN cached INTEGER NOT NULL DEFAULT 0;  -- 0 or 1
