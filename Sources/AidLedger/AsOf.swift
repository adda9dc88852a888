import AidExtraction
import Foundation

extension Ledger {
    /// Runs `body` against the ledger as it was known on `date`: a temporary `flows` table,
    /// which shadows the stored one for every unqualified query of this connection, holds each
    /// flow resolved from the sources known by then (an article's date, else the day it was
    /// ingested) and the corrections, with the indexes the totals queries name. Flows no source
    /// reported yet are absent. Read-only: nothing is written while the shadow exists, and the
    /// totals rollup (which holds today's sums) is not read.
    public func withAsOf<T>(_ date: String, _ body: () throws -> T) throws -> T {
        guard Article.isISODate(date) else { throw LedgerError("--as-of must be a date YYYY-MM-DD, got '\(date)'") }
        if try database.scalarInt("SELECT COUNT(*) FROM temp.sqlite_schema WHERE name = 'flows'") != 0 {
            try database.execute("DROP TABLE temp.flows")
        }
        try database.execute("CREATE TEMP TABLE flows AS SELECT * FROM main.flows WHERE 0")
        // CREATE TABLE AS keeps no key: the fill updates by id, so index it (else a scan per flow)
        try database.execute("CREATE UNIQUE INDEX temp.flows_as_of_id ON flows(id)")
        defer { try? database.execute("DROP TABLE IF EXISTS temp.flows") }
        try fillAsOf(date)
        let rollup = totalsRollupEnabled
        totalsRollupEnabled = false
        defer { totalsRollupEnabled = rollup }
        return try body()
    }

    /// Fills the shadow `temp.flows` (its statements are finalised when this returns, so that
    /// the table can be dropped afterwards).
    private func fillAsOf(_ date: String) throws {
        var corrections: [Int64: [String: String?]] = [:]
        let c = try database.prepare("SELECT flow_id, field, value FROM main.flow_corrections")
        while try c.step() { corrections[c.int64(0), default: [:]][c.string(1) ?? ""] = .some(c.string(2)) }
        var parties: [String: Int64] = [:]
        for (id, p) in try partyTable() { parties[p.code] = id }

        let src = try database.prepare("""
            SELECT flow_id, id, article_id, mention_id, stage, published, amount, amount_max, currency, approximate, donor_id,
                   recipient_id, mechanism, category, lost
            FROM main.flow_sources WHERE known_on <= ? ORDER BY flow_id, published IS NULL, published, id
            """)
        try src.bind(date, at: 1)
        let copy = try database.prepare("INSERT INTO temp.flows SELECT * FROM main.flows WHERE id = ?")
        let set = try database.prepare("""
            UPDATE temp.flows SET article_id = ?, mention_id = ?, amount = ?, amount_max = ?, currency = ?, approximate = ?,
                donor_id = ?, recipient_id = ?, mechanism = ?, category = ?, status = ?, published = ?, sources = ?,
                first_source_date = ?, latest_source_date = ?, pledged_on = ?, committed_on = ?, disbursed_on = ?
            WHERE id = ?
            """)
        var current: Int64? = nil
        var group: [StoredSource] = []
        func flush() throws {
            guard let id = current, let r = ResolvedFlow(sources: group, corrections: corrections[id] ?? [:],
                                                         partyID: { parties[$0] }) else { return }
            try copy.bind(id, at: 1); try copy.run()
            try set.bind([.integer(r.articleID), .integer(r.mentionID), .integer(r.amount), r.amountMax.map { .integer($0) } ?? .null,
                          .text(r.currency), .integer(r.approximate ? 1 : 0), r.donorID.map { .integer($0) } ?? .null,
                          r.recipientID.map { .integer($0) } ?? .null, r.mechanism.map { .text($0) } ?? .null,
                          .text(r.category), .text(r.status), r.published.map { .text($0) } ?? .null, .integer(Int64(r.sources)),
                          r.firstSourceDate.map { .text($0) } ?? .null, r.latestSourceDate.map { .text($0) } ?? .null,
                          r.pledgedOn.map { .text($0) } ?? .null, r.committedOn.map { .text($0) } ?? .null,
                          r.disbursedOn.map { .text($0) } ?? .null, .integer(id)])
            try set.run()
        }
        while try src.step() {
            let id = src.int64(0)
            if id != current { try flush(); current = id; group.removeAll(keepingCapacity: true) }
            group.append(StoredSource(
                id: src.int64(1), articleID: src.int64(2), mentionID: src.int64(3),
                stage: FlowStatus(rawValue: src.string(4) ?? "") ?? .committed, published: src.string(5),
                amount: src.int64(6), amountMax: src.optionalInt64(7), currency: src.string(8) ?? "",
                approximate: src.int64(9) != 0, donorID: src.optionalInt64(10), recipientID: src.optionalInt64(11),
                mechanism: src.string(12), category: AidCategory(rawValue: src.string(13) ?? "") ?? .other,
                lost: src.int64(14) != 0))
        }
        try flush()
        // the indexes the totals queries name (INDEXED BY), on the shadow
        try database.execute("""
            CREATE INDEX temp.flows_totals_donor ON flows(donor_id, currency, status, published, amount, approximate, voided) WHERE voided = 0;
            CREATE INDEX temp.flows_part_of ON flows(part_of, donor_id, currency, status, published, amount, approximate, voided)
                WHERE part_of IS NOT NULL AND voided = 0;
            """)
    }
}
