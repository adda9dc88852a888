-- 0008_match_parties: the merge rule's party test read from the match index.
--
-- Every candidate source the lookup finds (0007's covering index) then cost a `flows` row lookup
-- for the flow's donor, recipient, mechanism and source dates. In a ledger of 10^6 flows that is
-- a dozen random reads of a 100 MB table per figure, and 99 % of them only to find that the
-- parties disagree (measured on `make bench`'s corpus: 420,822 lookups, 4,271 with agreeing
-- parties). Each source now carries a copy of its flow's resolved donor and recipient
-- (`flows.donor_id`, `recipient_id`: corrections included), and the match index holds the copy,
-- so the lookup tests the parties on the index entry and reads `flows` only for the few that
-- agree (which then test everything, the parties included, on the flow itself).
--
-- The copies are kept equal to the flow's values: the writer sets them when it inserts a source,
-- and the triggers below follow every change of a flow's parties and every source moved to
-- another flow (merge, split). `aidledger check` verifies them. A copy that were NULL would only
-- let a candidate through to the exact test, never change a merge.
ALTER TABLE flow_sources ADD COLUMN flow_donor_id INTEGER;
ALTER TABLE flow_sources ADD COLUMN flow_recipient_id INTEGER;
UPDATE flow_sources SET (flow_donor_id, flow_recipient_id) =
    (SELECT f.donor_id, f.recipient_id FROM flows f WHERE f.id = flow_sources.flow_id);

DROP INDEX flow_sources_match;
CREATE INDEX flow_sources_match ON flow_sources(currency, amount, published, flow_id, amount_max, hedge, unit, lost,
                                                flow_donor_id, flow_recipient_id)
    WHERE lost = 0;

CREATE TRIGGER flow_sources_follow_flow_parties AFTER UPDATE OF donor_id, recipient_id ON flows
WHEN old.donor_id IS NOT new.donor_id OR old.recipient_id IS NOT new.recipient_id BEGIN
    UPDATE flow_sources SET flow_donor_id = new.donor_id, flow_recipient_id = new.recipient_id WHERE flow_id = new.id;
END;

CREATE TRIGGER flow_sources_moved AFTER UPDATE OF flow_id ON flow_sources WHEN old.flow_id IS NOT new.flow_id BEGIN
    UPDATE flow_sources SET (flow_donor_id, flow_recipient_id) =
        (SELECT f.donor_id, f.recipient_id FROM flows f WHERE f.id = new.flow_id)
        WHERE id = new.id;
END;
