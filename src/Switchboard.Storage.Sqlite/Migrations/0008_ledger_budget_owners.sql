-- Budgets restart from the ledger (IBudgetSpendSource): the cost of one user's or team's calls since a window's start.
-- Partial indexes, so that calls without a user or team (most keys) cost nothing more to write.
CREATE INDEX ix_ledger_tenant_user ON ledger (tenant_id, user_id, created_at) WHERE user_id IS NOT NULL;
CREATE INDEX ix_ledger_tenant_team ON ledger (tenant_id, team_id, created_at) WHERE team_id IS NOT NULL;
