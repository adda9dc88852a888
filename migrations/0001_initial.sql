-- 0001_initial: the ledger's first schema. A shipped migration is never edited: add 0002_….sql.
-- Tables are STRICT (types enforced). Money is INTEGER hundredths of the major unit ("cents").

-- One row per distinct article (content_hash = SHA-256 hex of its body: the text after any front matter).
CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    content_hash      TEXT NOT NULL UNIQUE,
    source            TEXT NOT NULL,           -- front-matter source, else the file path or "-"
    title             TEXT,
    url               TEXT,
    published         TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ingested_at       TEXT NOT NULL,           -- UTC, ISO 8601
    extractor_version TEXT NOT NULL
) STRICT;

-- The full text, front matter included (spans count from its start), kept apart so that the
-- articles rows that every listing and export joins stay a few hundred bytes.
CREATE TABLE article_texts (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    full_text  TEXT NOT NULL
) STRICT;

-- Donors and recipients, keyed by a stable code (ISO 3166-1 alpha-3, or EU, G7, IMF, WB, ...).
CREATE TABLE parties (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('country', 'institution'))
) STRICT;

-- Every money expression found (stage 1), with its sentence. Spans are Unicode code points.
CREATE TABLE mentions (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    surface        TEXT NOT NULL,              -- as written, hedge included
    amount         TEXT NOT NULL,              -- exact decimal in major units, as recognised
    amount_max     TEXT,
    currency       TEXT NOT NULL,
    hedge          TEXT,
    sentence       TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
) STRICT;
CREATE INDEX mentions_article ON mentions(article_id);

-- The ledger rows. The evidence (surface text, span, sentence) is read through mention_id, the
-- mention the row is booked at, so it is stored once. `published` is a copy of the article's
-- date: articles never change after ingest (reextract re-copies it), and keeping it here lets
-- every totals query read this one table through a covering index.
CREATE TABLE flows (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    mention_id   INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    amount       INTEGER NOT NULL,             -- cents
    amount_max   INTEGER,                      -- cents, high end of a range
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    approximate  INTEGER NOT NULL CHECK (approximate IN (0, 1)),
    donor_id     INTEGER REFERENCES parties(id),
    recipient_id INTEGER REFERENCES parties(id),
    mechanism    TEXT,
    category     TEXT NOT NULL CHECK (category IN ('military', 'financial', 'humanitarian', 'development', 'other')),
    status       TEXT NOT NULL CHECK (status IN ('pledged', 'committed', 'disbursed')),
    part_of      INTEGER REFERENCES flows(id) ON DELETE SET NULL,
    published    TEXT
) STRICT;
CREATE INDEX flows_article ON flows(article_id);
CREATE INDEX flows_mention ON flows(mention_id);
CREATE INDEX flows_part_of ON flows(part_of) WHERE part_of IS NOT NULL;
-- Covering index for the default totals (GROUP BY donor, currency, status; SUM(amount)): the
-- grouped columns first, then every column the sums, the counts and the date filters read, so
-- the query never touches the table. Other groupings scan the table: each extra covering index
-- costs every ingest an index insert per row, so only the default one has its own.
CREATE INDEX flows_totals_donor ON flows(donor_id, currency, status, amount, approximate, published);

-- Which mentions evidence which flow (many to many).
CREATE TABLE flow_mentions (
    flow_id    INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
    mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    PRIMARY KEY (flow_id, mention_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX flow_mentions_mention ON flow_mentions(mention_id);

-- Exchange rates, the user's data: 1 base = rate quote on date. The rate is kept as the exact
-- decimal text it was published with (ECB rates have 4-6 significant digits); conversion
-- multiplies with Decimal, so no binary floating-point error enters a converted amount.
CREATE TABLE rates (
    date  TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    base  TEXT NOT NULL CHECK (length(base) = 3),
    quote TEXT NOT NULL CHECK (length(quote) = 3),
    rate  TEXT NOT NULL,
    PRIMARY KEY (base, quote, date)
) STRICT, WITHOUT ROWID;
