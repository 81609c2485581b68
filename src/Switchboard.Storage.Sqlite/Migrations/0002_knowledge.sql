-- FAQ knowledge bases. One row per entry; kb_fts indexes search terms built by Switchboard.Knowledge
-- (words, and character bigrams for Chinese/Japanese/Korean runs) with FTS5's porter stemmer over unicode61:
-- 'terms' holds the question and its alternates, 'answer_terms' the answer (weighted lower at query time).
CREATE TABLE kb_entries (
    kb         TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    question   TEXT    NOT NULL,
    alternates TEXT    NOT NULL DEFAULT '[]',  -- JSON array of strings
    answer     TEXT    NOT NULL,
    category   TEXT    NULL,
    tags       TEXT    NOT NULL DEFAULT '[]',  -- JSON array of strings
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (kb, id)
);

CREATE VIRTUAL TABLE kb_fts USING fts5(
    kb UNINDEXED,
    id UNINDEXED,
    terms,
    answer_terms,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
