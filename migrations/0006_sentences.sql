-- 0006_sentences: evidence stored once. Until now every money expression kept its own copy of
-- its sentence (a 3 MB file of "$1," made a million 8 KB copies, 8.6 GB). From here each
-- sentence that holds a money expression is one row of `sentences`, and a mention points at it;
-- the ledger's size is linear in its input whatever the input contains (docs/storage.md).
CREATE TABLE sentences (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,              -- code points in the article's full text
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    UNIQUE (article_id, start, "end")
) STRICT;

INSERT INTO sentences(article_id, start, "end", text)
    SELECT article_id, sentence_start, sentence_end, MIN(sentence) FROM mentions
    GROUP BY article_id, sentence_start, sentence_end;

ALTER TABLE mentions ADD COLUMN sentence_id INTEGER REFERENCES sentences(id);
UPDATE mentions SET sentence_id = (SELECT s.id FROM sentences s WHERE s.article_id = mentions.article_id
                                   AND s.start = mentions.sentence_start AND s."end" = mentions.sentence_end);
ALTER TABLE mentions DROP COLUMN sentence;
CREATE INDEX mentions_sentence ON mentions(sentence_id);

-- The money expressions that are no figure's evidence: per article, their spans only (code
-- points, LEB128 varints: distance from the previous start, then length; `MoneySpans`), so a file of a
-- million "$1," stores a few bytes per expression instead of a row. The recogniser finds their
-- amounts again from the stored text. Rows kept from before this schema stay rows until a
-- `reextract` re-stores the article.
CREATE TABLE money_spans (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    count      INTEGER NOT NULL,
    spans      BLOB NOT NULL
) STRICT;
