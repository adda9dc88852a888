-- 0004_totals_rollup: running sums behind the default totals (`totals --by donor`).
--
-- A GROUP BY over flows costs ~300-400 ns per row even on a covering index (4 s at 10^7 rows).
-- These tables hold the same sums already grouped, so totals grouped by donor, currency and
-- status (any subset; currency and status are always split) read a few thousand rows instead.
-- Queries that group or filter by anything else (recipient, mechanism, category, dates, article)
-- and converted totals still read flows; see Totals.swift.
--
-- flow_totals_donor: per (donor, currency, status, approximate), the sum of amount (cents) and
-- the number of flows. donor_id 0 stands for "no donor" (party ids start at 1; a primary key
-- cannot hold NULL). The table is not STRICT on purpose: should a sum ever overflow 64 bits,
-- SQLite turns it into a REAL instead of failing the ingest, the partial index below then lists
-- it, and totals fall back to reading flows (which report the overflow as before).
CREATE TABLE flow_totals_donor (
    donor_id    INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    status      TEXT NOT NULL,
    approximate INTEGER NOT NULL,
    amount      INTEGER NOT NULL,
    flows       INTEGER NOT NULL,
    PRIMARY KEY (donor_id, currency, status, approximate)
) WITHOUT ROWID;
CREATE INDEX flow_totals_donor_inexact ON flow_totals_donor(amount) WHERE typeof(amount) <> 'integer';

-- flow_totals_donor_parts: the parts rule. Totals leave out a part whose parent falls in the same
-- report row; without a conversion every row splits currency and status, so only parts with the
-- parent's currency and status can ever be left out. Per (part's donor, currency, status,
-- approximate; parent's donor and approximate): sum and count of such parts. A query subtracts
-- the entries whose parent passes its filter and, when it groups by donor, has the part's donor.
CREATE TABLE flow_totals_donor_parts (
    donor_id           INTEGER NOT NULL,
    currency           TEXT NOT NULL,
    status             TEXT NOT NULL,
    approximate        INTEGER NOT NULL,
    parent_donor_id    INTEGER NOT NULL,
    parent_approximate INTEGER NOT NULL,
    amount             INTEGER NOT NULL,
    flows              INTEGER NOT NULL,
    PRIMARY KEY (donor_id, currency, status, approximate, parent_donor_id, parent_approximate)
) WITHOUT ROWID;
CREATE INDEX flow_totals_donor_parts_inexact ON flow_totals_donor_parts(amount) WHERE typeof(amount) <> 'integer';

-- Which flows the sums hold: every flow with id <= covered. Flows are not added one by one
-- (a trigger on every INSERT costs more than the insert: SQLite then keeps a statement journal
-- per row); `Ledger.write` folds the new flows in with one statement before it commits, and
-- totals read these tables only while covered >= MAX(flows.id), else they read flows. Deletes
-- and updates of flows already folded are applied by the triggers below.
CREATE TABLE flow_totals_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    covered INTEGER NOT NULL
);
INSERT INTO flow_totals_state(id, covered) VALUES (1, 0);

-- Backfill: the fold `Ledger.foldTotals` runs (row by row through the upsert, so an overflowing
-- sum becomes a REAL instead of failing the migration).
INSERT INTO flow_totals_donor(donor_id, currency, status, approximate, amount, flows)
    SELECT coalesce(donor_id, 0), currency, status, approximate, amount, 1 FROM flows
    WHERE id > (SELECT covered FROM flow_totals_state WHERE id = 1)
    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
INSERT INTO flow_totals_donor_parts(donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount, flows)
    SELECT coalesce(c.donor_id, 0), c.currency, c.status, c.approximate, coalesce(p.donor_id, 0), p.approximate, c.amount, 1
    FROM flows c JOIN flows p ON p.id = c.part_of
    WHERE c.id > (SELECT covered FROM flow_totals_state WHERE id = 1) AND c.part_of IS NOT NULL AND p.currency = c.currency AND p.status = c.status
    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
UPDATE flow_totals_state SET covered = max(covered, coalesce((SELECT MAX(id) FROM flows), 0)) WHERE id = 1;

-- Before a flow goes, its folded parts lose their parent (their part_of is then set NULL by the
-- foreign key; the parent row is gone by then, so the update trigger finds no pair to remove).
CREATE TRIGGER flows_totals_delete_parent BEFORE DELETE ON flows BEGIN
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - s.total, flows = flow_totals_donor_parts.flows - s.n
        FROM (SELECT coalesce(c.donor_id, 0) AS d, c.approximate AS a, SUM(c.amount) AS total, COUNT(*) AS n
              FROM flows c WHERE c.part_of = old.id AND c.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
                AND c.currency = old.currency AND c.status = old.status
              GROUP BY 1, 2) AS s
        WHERE flow_totals_donor_parts.donor_id = s.d AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status AND flow_totals_donor_parts.approximate = s.a
          AND flow_totals_donor_parts.parent_donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.parent_approximate = old.approximate;
END;

-- A folded flow gone: take it out of its sums and, if it was a counted part, of the parts sums.
-- Should the highest ids go, new flows may get them again: covered drops to the highest id left.
CREATE TRIGGER flows_totals_delete AFTER DELETE ON flows WHEN old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1) BEGIN
    UPDATE flow_totals_donor SET amount = amount - old.amount, flows = flows - 1
        WHERE donor_id = coalesce(old.donor_id, 0) AND currency = old.currency AND status = old.status
          AND approximate = old.approximate;
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - old.amount, flows = flow_totals_donor_parts.flows - 1
        FROM flows p
        WHERE p.id = old.part_of AND p.currency = old.currency AND p.status = old.status
          AND flow_totals_donor_parts.donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status
          AND flow_totals_donor_parts.approximate = old.approximate AND flow_totals_donor_parts.parent_donor_id = coalesce(p.donor_id, 0)
          AND flow_totals_donor_parts.parent_approximate = p.approximate;
    UPDATE flow_totals_state SET covered = min(covered, coalesce((SELECT MAX(id) FROM flows), 0)) WHERE id = 1;
END;

-- A flow's grouped columns or amount changed: move it between sums (if folded), and move its
-- folded parts' pairs from its old key to its new one.
CREATE TRIGGER flows_totals_update AFTER UPDATE OF donor_id, currency, status, approximate, amount ON flows BEGIN
    UPDATE flow_totals_donor SET amount = amount - old.amount, flows = flows - 1
        WHERE old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1) AND donor_id = coalesce(old.donor_id, 0) AND currency = old.currency
          AND status = old.status AND approximate = old.approximate;
    INSERT INTO flow_totals_donor(donor_id, currency, status, approximate, amount, flows)
        SELECT coalesce(new.donor_id, 0), new.currency, new.status, new.approximate, new.amount, 1
        WHERE old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
        ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - s.total, flows = flow_totals_donor_parts.flows - s.n
        FROM (SELECT coalesce(c.donor_id, 0) AS d, c.approximate AS a, SUM(c.amount) AS total, COUNT(*) AS n
              FROM flows c WHERE c.part_of = old.id AND c.id <> old.id AND c.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
                AND c.currency = old.currency AND c.status = old.status
              GROUP BY 1, 2) AS s
        WHERE flow_totals_donor_parts.donor_id = s.d AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status AND flow_totals_donor_parts.approximate = s.a
          AND flow_totals_donor_parts.parent_donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.parent_approximate = old.approximate;
    INSERT INTO flow_totals_donor_parts(donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount, flows)
        SELECT coalesce(c.donor_id, 0), c.currency, c.status, c.approximate, coalesce(new.donor_id, 0), new.approximate, c.amount, 1
        FROM flows c WHERE c.part_of = new.id AND c.id <> new.id AND c.id <= (SELECT covered FROM flow_totals_state WHERE id = 1)
          AND c.currency = new.currency AND c.status = new.status
        ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
END;

-- A folded flow's parent (or its own key) changed: remove its old pair, add its new one.
CREATE TRIGGER flows_totals_update_part AFTER UPDATE OF part_of, donor_id, currency, status, approximate, amount ON flows
WHEN old.id <= (SELECT covered FROM flow_totals_state WHERE id = 1) BEGIN
    UPDATE flow_totals_donor_parts SET amount = flow_totals_donor_parts.amount - old.amount, flows = flow_totals_donor_parts.flows - 1
        FROM flows p
        WHERE p.id = old.part_of AND p.currency = old.currency AND p.status = old.status
          AND flow_totals_donor_parts.donor_id = coalesce(old.donor_id, 0) AND flow_totals_donor_parts.currency = old.currency AND flow_totals_donor_parts.status = old.status
          AND flow_totals_donor_parts.approximate = old.approximate AND flow_totals_donor_parts.parent_donor_id = coalesce(p.donor_id, 0)
          AND flow_totals_donor_parts.parent_approximate = p.approximate;
    INSERT INTO flow_totals_donor_parts(donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount, flows)
        SELECT coalesce(new.donor_id, 0), new.currency, new.status, new.approximate, coalesce(p.donor_id, 0), p.approximate, new.amount, 1
        FROM flows p WHERE p.id = new.part_of AND p.currency = new.currency AND p.status = new.status
        ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
END;
