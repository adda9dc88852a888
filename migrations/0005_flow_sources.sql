-- 0005_flow_sources: one flow however many articles report it; stages over time; corrections.
--
-- Until 0004 a flow was one figure of one article. From here a flow is a real transfer of money:
-- every article figure that reports it is a row of flow_sources, and the flows row holds the
-- resolved values (see docs/merging.md): its status is the furthest stage a source reports, its
-- `published` the date of the first source reporting that stage, and an analyst's corrections
-- (flow_corrections) override what the sources say. flows.article_id and flows.mention_id now
-- name the booking source (the one `published` comes from), whose sentence `list` prints.
--
-- Existing rows are kept as they are: each flow gets one source, itself. A `reextract` afterwards
-- merges the flows that report the same money.

-- Voided by an analyst: kept, listed and exported (marked), never counted. One way only.
ALTER TABLE flows ADD COLUMN voided INTEGER NOT NULL DEFAULT 0 CHECK (voided = 0 OR voided = 1);
-- Kept in step with flow_sources by the ledger (Ledger.refresh): export and list read them here.
ALTER TABLE flows ADD COLUMN sources INTEGER NOT NULL DEFAULT 1;   -- distinct articles
ALTER TABLE flows ADD COLUMN first_source_date TEXT;
ALTER TABLE flows ADD COLUMN latest_source_date TEXT;
ALTER TABLE flows ADD COLUMN pledged_on TEXT;                      -- first source at each stage
ALTER TABLE flows ADD COLUMN committed_on TEXT;
ALTER TABLE flows ADD COLUMN disbursed_on TEXT;

UPDATE flows SET first_source_date = published, latest_source_date = published,
    pledged_on = CASE WHEN status = 'pledged' THEN published END,
    committed_on = CASE WHEN status = 'committed' THEN published END,
    disbursed_on = CASE WHEN status = 'disbursed' THEN published END;

-- One row per article figure that reports a flow, with what that figure said (the flow's own
-- values are resolved from these and the corrections). `known_on` is the article's date, else
-- the day it was ingested: `--as-of` reads the stages known on a date from it. `lost`: a later
-- extraction no longer finds the figure; kept only as evidence of a corrected flow.
CREATE TABLE flow_sources (
    id           INTEGER PRIMARY KEY,
    flow_id      INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    mention_id   INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    stage        TEXT NOT NULL CHECK (stage = 'pledged' OR stage = 'committed' OR stage = 'disbursed'),
    published    TEXT,
    known_on     TEXT NOT NULL,
    amount       INTEGER NOT NULL,             -- cents
    amount_max   INTEGER,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    approximate  INTEGER NOT NULL CHECK (approximate = 0 OR approximate = 1),
    hedge        TEXT,
    unit         INTEGER NOT NULL DEFAULT 1,   -- cents of the last digit the figure states
    donor_id     INTEGER REFERENCES parties(id),
    recipient_id INTEGER REFERENCES parties(id),
    mechanism    TEXT,
    category     TEXT NOT NULL CHECK (category = 'military' OR category = 'financial' OR category = 'humanitarian'
                                      OR category = 'development' OR category = 'other'),
    lost         INTEGER NOT NULL DEFAULT 0 CHECK (lost = 0 OR lost = 1)
) STRICT;
CREATE INDEX flow_sources_flow ON flow_sources(flow_id);
CREATE INDEX flow_sources_article ON flow_sources(article_id);
CREATE INDEX flow_sources_mention ON flow_sources(mention_id);

-- (`unit` is left 1, an exact figure, for rows made before this schema; `reextract` sets it.)
INSERT INTO flow_sources(flow_id, article_id, mention_id, stage, published, known_on, amount, amount_max, currency,
                         approximate, hedge, donor_id, recipient_id, mechanism, category)
    SELECT f.id, f.article_id, f.mention_id, f.status, f.published, coalesce(f.published, substr(a.ingested_at, 1, 10)),
           f.amount, f.amount_max, f.currency, f.approximate, m.hedge, f.donor_id, f.recipient_id, f.mechanism, f.category
    FROM flows f JOIN articles a ON a.id = f.article_id JOIN mentions m ON m.id = f.mention_id;

-- Candidate flows for a new figure: sources in its currency with an amount in a range.
CREATE INDEX flow_sources_match ON flow_sources(currency, amount, published, flow_id) WHERE lost = 0;

-- An analyst's corrections: one value per (flow, field); they override the sources on every
-- refresh, so re-ingesting and re-extracting never undo them. `value` is the stored form (party
-- code, cents, currency code, status, category, mechanism text); NULL clears the field.
CREATE TABLE flow_corrections (
    flow_id INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
    field   TEXT NOT NULL CHECK (field = 'donor' OR field = 'recipient' OR field = 'amount' OR field = 'currency'
                                 OR field = 'status' OR field = 'category' OR field = 'mechanism'),
    value   TEXT,
    PRIMARY KEY (flow_id, field)
) STRICT, WITHOUT ROWID;

-- Every change to a flow, the automatic merges included: who, when, why, the fields before and
-- after (JSON objects). No foreign key: a merged-away flow's history stays.
CREATE TABLE flow_history (
    id      INTEGER PRIMARY KEY,
    flow_id INTEGER NOT NULL,
    other   INTEGER,                           -- the other flow of a merge or split
    at      TEXT NOT NULL,
    author  TEXT NOT NULL,
    action  TEXT NOT NULL CHECK (action = 'amend' OR action = 'void' OR action = 'merge' OR action = 'split'
                                 OR action = 'remove'),
    reason  TEXT NOT NULL,
    before  TEXT,
    after   TEXT
) STRICT;
CREATE INDEX flow_history_flow ON flow_history(flow_id);
CREATE INDEX flow_history_other ON flow_history(other) WHERE other IS NOT NULL;

-- Ids that left the flows table: merged into another flow (`merged_into`), or removed because
-- re-extraction no longer finds any of their figures. New flows never take these ids again.
CREATE TABLE retired_flows (
    id          INTEGER PRIMARY KEY,
    merged_into INTEGER,
    retired_at  TEXT NOT NULL,
    reason      TEXT NOT NULL
) STRICT;

-- Pairs of flows an analyst split apart: the automatic merge never joins them again.
CREATE TABLE flows_apart (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) STRICT, WITHOUT ROWID;

-- Totals count no voided flow: the covering indexes of the totals queries hold unvoided flows
-- only (queries say `voided = 0`), and the rollup (0004) holds unvoided flows only. Its triggers
-- are written again with that condition; the new ones take a flow out when it is voided.
DROP INDEX flows_totals_donor;
CREATE INDEX flows_totals_donor ON flows(donor_id, currency, status, published, amount, approximate, voided) WHERE voided = 0;
DROP INDEX flows_part_of;
CREATE INDEX flows_part_of ON flows(part_of, donor_id, currency, status, published, amount, approximate, voided)
    WHERE part_of IS NOT NULL AND voided = 0;
CREATE INDEX flows_voided ON flows(id) WHERE voided = 1;

DROP TRIGGER flows_totals_delete_parent;
DROP TRIGGER flows_totals_delete;
DROP TRIGGER flows_totals_update;
DROP TRIGGER flows_totals_update_part;

CREATE TRIGGER flows_totals_delete_parent BEFORE DELETE ON flows WHEN old.voided = 0 BEGIN
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - s.total, flows = flow_totals_donor_parts.flows - s.n
        FROM (SELECT coalesce(c.donor_id, 0) AS d, c.approximate AS a, SUM(c.amount) AS total, COUNT(*) AS n
              FROM flows c WHERE c.part_of = old.id AND c.voided = 0 AND c.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
                AND c.currency = old.currency AND c.status = old.status
              GROUP BY 1, 2) AS s
        WHERE flow_totals_donor_parts.donor_id = s.d AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status AND flow_totals_donor_parts.approximate = s.a
          AND flow_totals_donor_parts.parent_donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.parent_approximate = old.approximate;
END;

CREATE TRIGGER flows_totals_delete AFTER DELETE ON flows WHEN old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1) BEGIN
    UPDATE flow_totals_donor SET amount = amount - old.amount, flows = flows - 1
        WHERE old.voided = 0 AND donor_id = coalesce(old.donor_id, 0) AND currency = old.currency AND status = old.status
          AND approximate = old.approximate;
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - old.amount, flows = flow_totals_donor_parts.flows - 1
        FROM flows p
        WHERE old.voided = 0 AND p.id = old.part_of AND p.voided = 0 AND p.currency = old.currency AND p.status = old.status
          AND flow_totals_donor_parts.donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status
          AND flow_totals_donor_parts.approximate = old.approximate AND flow_totals_donor_parts.parent_donor_id = coalesce(p.donor_id, 0)
          AND flow_totals_donor_parts.parent_approximate = p.approximate;
    UPDATE flow_totals_state SET covered = min(covered, coalesce((SELECT MAX(id) FROM flows), 0)) WHERE id = 1;
END;

CREATE TRIGGER flows_totals_update AFTER UPDATE OF donor_id, currency, status, approximate, amount ON flows
WHEN old.voided = 0 AND new.voided = 0 BEGIN
    UPDATE flow_totals_donor SET amount = amount - old.amount, flows = flows - 1
        WHERE old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1) AND donor_id = coalesce(old.donor_id, 0) AND currency = old.currency
          AND status = old.status AND approximate = old.approximate;
    INSERT INTO flow_totals_donor(donor_id, currency, status, approximate, amount, flows)
        SELECT coalesce(new.donor_id, 0), new.currency, new.status, new.approximate, new.amount, 1
        WHERE old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
        ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - s.total, flows = flow_totals_donor_parts.flows - s.n
        FROM (SELECT coalesce(c.donor_id, 0) AS d, c.approximate AS a, SUM(c.amount) AS total, COUNT(*) AS n
              FROM flows c WHERE c.part_of = old.id AND c.id <> old.id AND c.voided = 0 AND c.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
                AND c.currency = old.currency AND c.status = old.status
              GROUP BY 1, 2) AS s
        WHERE flow_totals_donor_parts.donor_id = s.d AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status AND flow_totals_donor_parts.approximate = s.a
          AND flow_totals_donor_parts.parent_donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.parent_approximate = old.approximate;
    INSERT INTO flow_totals_donor_parts(donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount, flows)
        SELECT coalesce(c.donor_id, 0), c.currency, c.status, c.approximate, coalesce(new.donor_id, 0), new.approximate, c.amount, 1
        FROM flows c WHERE c.part_of = new.id AND c.id <> new.id AND c.voided = 0 AND c.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
          AND c.currency = new.currency AND c.status = new.status
        ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
END;

CREATE TRIGGER flows_totals_update_part AFTER UPDATE OF part_of, donor_id, currency, status, approximate, amount ON flows
WHEN old.voided = 0 AND new.voided = 0 AND old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1) BEGIN
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - old.amount, flows = flow_totals_donor_parts.flows - 1
        FROM flows p
        WHERE p.id = old.part_of AND p.voided = 0 AND p.currency = old.currency AND p.status = old.status
          AND flow_totals_donor_parts.donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status
          AND flow_totals_donor_parts.approximate = old.approximate AND flow_totals_donor_parts.parent_donor_id = coalesce(p.donor_id, 0)
          AND flow_totals_donor_parts.parent_approximate = p.approximate;
    INSERT INTO flow_totals_donor_parts(donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount, flows)
        SELECT coalesce(new.donor_id, 0), new.currency, new.status, new.approximate, coalesce(p.donor_id, 0), p.approximate, new.amount, 1
        FROM flows p WHERE p.id = new.part_of AND p.voided = 0 AND p.currency = new.currency AND p.status = new.status
        ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
END;

-- Voiding takes the flow out of the sums (when folded), its own part pair, and its parts' pairs.
CREATE TRIGGER flows_totals_void AFTER UPDATE OF voided ON flows WHEN old.voided = 0 AND new.voided = 1 BEGIN
    UPDATE flow_totals_donor SET amount = amount - old.amount, flows = flows - 1
        WHERE old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1) AND donor_id = coalesce(old.donor_id, 0)
          AND currency = old.currency AND status = old.status AND approximate = old.approximate;
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - old.amount, flows = flow_totals_donor_parts.flows - 1
        FROM flows p
        WHERE old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
          AND p.id = old.part_of AND p.voided = 0 AND p.currency = old.currency AND p.status = old.status
          AND flow_totals_donor_parts.donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status
          AND flow_totals_donor_parts.approximate = old.approximate AND flow_totals_donor_parts.parent_donor_id = coalesce(p.donor_id, 0)
          AND flow_totals_donor_parts.parent_approximate = p.approximate;
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - s.total, flows = flow_totals_donor_parts.flows - s.n
        FROM (SELECT coalesce(c.donor_id, 0) AS d, c.approximate AS a, SUM(c.amount) AS total, COUNT(*) AS n
              FROM flows c WHERE c.part_of = old.id AND c.id <> old.id AND c.voided = 0 AND c.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
                AND c.currency = old.currency AND c.status = old.status
              GROUP BY 1, 2) AS s
        WHERE flow_totals_donor_parts.donor_id = s.d AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status AND flow_totals_donor_parts.approximate = s.a
          AND flow_totals_donor_parts.parent_donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.parent_approximate = old.approximate;
END;

CREATE TRIGGER flows_unvoid BEFORE UPDATE OF voided ON flows WHEN old.voided = 1 AND new.voided = 0 BEGIN
    SELECT RAISE(ABORT, 'a voided flow stays voided');
END;
