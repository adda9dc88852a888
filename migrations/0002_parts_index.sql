-- 0002_parts_index: indexes that let every default totals query read indexes only, in order.
--
-- Totals leave out a part whose parent falls in the same row. That correction visits every
-- part (flows with part_of set) and its parent. 0001's flows_part_of held only part_of, so each
-- part also cost a table lookup for its grouped columns; this one covers the default grouping
-- (donor, currency, status) and the sums, and is ordered by part_of, so the parent lookups walk
-- the flows table in id order. It still serves the part_of foreign key.
DROP INDEX flows_part_of;
CREATE INDEX flows_part_of ON flows(part_of, donor_id, currency, status, published, amount, approximate)
    WHERE part_of IS NOT NULL;

-- The covering index of the default totals, with `published` moved before the summed columns:
-- converted totals group by (donor, currency, status, published), and with the date in that
-- position they stream in index order instead of sorting every row in a temporary B-tree.
-- Unconverted totals (GROUP BY donor, currency, status) read it exactly as before.
DROP INDEX flows_totals_donor;
CREATE INDEX flows_totals_donor ON flows(donor_id, currency, status, published, amount, approximate);
