-- 0003_flows_checks: the same flows table, its CHECK constraints written without IN lists.
--
-- SQLite checks `category IN ('military', ...)` in a CHECK constraint by building a temporary
-- b-tree of the list for every row it inserts (OpenEphemeral: a page allocated and zeroed, then
-- freed). That was 40 % of the instructions of ingest's writer (callgrind, one 1 MB corpus shard:
-- 515 M with IN lists, 311 M with the comparisons below). `x = 'a' OR x = 'b'` is checked in place
-- and accepts exactly the same values.
--
-- SQLite cannot alter a CHECK constraint, so the table is rebuilt the documented way: new table,
-- copy, drop, rename, indexes again (the migrator runs every migration with foreign keys off and
-- runs `foreign_key_check` before it commits). Same columns in the same order, same rows and ids,
-- same indexes; flow_mentions' references to flows(id) name the table, so they follow the rename.
CREATE TABLE flows_rebuilt (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    mention_id   INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    amount       INTEGER NOT NULL,             -- cents
    amount_max   INTEGER,                      -- cents, high end of a range
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    approximate  INTEGER NOT NULL CHECK (approximate = 0 OR approximate = 1),
    donor_id     INTEGER REFERENCES parties(id),
    recipient_id INTEGER REFERENCES parties(id),
    mechanism    TEXT,
    category     TEXT NOT NULL CHECK (category = 'military' OR category = 'financial' OR category = 'humanitarian'
                                      OR category = 'development' OR category = 'other'),
    status       TEXT NOT NULL CHECK (status = 'pledged' OR status = 'committed' OR status = 'disbursed'),
    part_of      INTEGER REFERENCES flows(id) ON DELETE SET NULL,
    published    TEXT
) STRICT;
INSERT INTO flows_rebuilt(id, article_id, mention_id, amount, amount_max, currency, approximate, donor_id,
                          recipient_id, mechanism, category, status, part_of, published)
    SELECT id, article_id, mention_id, amount, amount_max, currency, approximate, donor_id,
           recipient_id, mechanism, category, status, part_of, published
    FROM flows;
DROP TABLE flows;
ALTER TABLE flows_rebuilt RENAME TO flows;
CREATE INDEX flows_article ON flows(article_id);
CREATE INDEX flows_mention ON flows(mention_id);
CREATE INDEX flows_part_of ON flows(part_of, donor_id, currency, status, published, amount, approximate)
    WHERE part_of IS NOT NULL;
CREATE INDEX flows_totals_donor ON flows(donor_id, currency, status, published, amount, approximate);
