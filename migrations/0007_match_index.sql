-- 0007_match_index: the merge rule's lookup reads the index only. `flow_sources_match` (0005)
-- held (currency, amount, published, flow_id); every candidate then cost a table lookup for
-- amount_max, hedge and unit, which in a ledger of 10^6 flows misses the page cache. The same
-- index with those columns covers the lookup (`lost` is listed too: SQLite treats a partial index
-- as covering only when it holds every column the query names, its WHERE term included).
DROP INDEX flow_sources_match;
CREATE INDEX flow_sources_match ON flow_sources(currency, amount, published, flow_id, amount_max, hedge, unit, lost)
    WHERE lost = 0;
