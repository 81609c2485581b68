-- Each search row of kb_fts takes the rowid of its entry in kb_entries, so that replacing an entry finds its search row
-- by rowid. Before, the import deleted it by kb and id, columns FTS5 does not index: a scan of the whole index per
-- entry, so an import took time in the square of the knowledge base's size. Rows are re-keyed once, terms unchanged;
-- a search row without an entry (none are written) is dropped.
CREATE TEMP TABLE kb_fts_rekeyed AS
    SELECT e.rowid AS entry_rowid, f.kb AS kb, f.id AS id, f.terms AS terms, f.answer_terms AS answer_terms
    FROM kb_fts AS f
    JOIN kb_entries AS e ON e.kb = f.kb AND e.id = f.id;

DELETE FROM kb_fts;

INSERT INTO kb_fts (rowid, kb, id, terms, answer_terms)
    SELECT entry_rowid, kb, id, terms, answer_terms FROM kb_fts_rekeyed;

DROP TABLE kb_fts_rekeyed;
