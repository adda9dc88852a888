import AidExtraction
import Foundation
import Testing
@testable import AidLedger

/// The totals rollup (migration 0004) must always equal what a scan of `flows` gives: these
/// tests compare the two paths, and the rollup tables with sums recomputed from flows, after
/// every kind of write (insert, part_of set, reextract, delete, update).
@Suite struct RollupTests {
    /// Parts in several currencies, statuses and hedges: some with the parent's donor, currency
    /// and status (left out), some differing in one of them (counted), one chain of parts.
    static func partsItem(published: String?, source: String) throws -> IngestItem {
        try makeItem(title: "Tranches", published: published, sentences: [
            "The donors announced a $900 million package and a €40 million fund.",
            "Of the package, $300 million comes first and roughly $200 million follows.",
            "Within the first tranche, $100 million goes to repairs.",
            "Of the fund, €15 million was already paid and £5 million came from London.",
            "A separate ¥2 billion loan was pledged, of which ¥500 million is disbursed.",
        ], figures: [
            FigSpec(text: "$900 million", amount: "900000000", currency: "USD", donor: P.usa, status: .pledged),
            FigSpec(text: "€40 million", amount: "40000000", currency: "EUR", donor: P.eu, category: .financial, status: .committed),
            FigSpec(text: "$300 million", amount: "300000000", currency: "USD", donor: P.usa, status: .pledged, partOf: 0),
            FigSpec(text: "roughly $200 million", amount: "200000000", currency: "USD", donor: P.usa, status: .pledged,
                    partOf: 0, hedge: "roughly"),
            FigSpec(text: "$100 million", amount: "100000000", currency: "USD", donor: P.usa, status: .pledged, partOf: 2),
            FigSpec(text: "€15 million", amount: "15000000", currency: "EUR", donor: P.eu, category: .financial,
                    status: .disbursed, partOf: 1),
            FigSpec(text: "£5 million", amount: "5000000", currency: "GBP", donor: P.gbr, category: .financial,
                    status: .committed, partOf: 1),
            FigSpec(text: "¥2 billion", amount: "2000000000", currency: "JPY", donor: nil, category: .development, status: .pledged),
            FigSpec(text: "¥500 million", amount: "500000000", currency: "JPY", donor: nil, category: .development,
                    status: .pledged, partOf: 7),
        ], source: source)
    }

    static func ledger() throws -> Ledger {
        let ledger = try fixtureLedger()
        _ = try ledger.write { w in
            _ = try w.insert(try partsItem(published: "2024-02-01", source: "p1.txt"))
            // Same body twice would be a duplicate: change the date line only via another body.
            var second = try partsItem(published: nil, source: "p2.txt")
            second.article = try Article(text: second.article.fullText + "Appendix.\n")
            return try w.insert(second)
        }
        return ledger
    }

    /// Every grouping and filter the rollup answers, plus a few it does not.
    static let groupings: [[GroupKey]] = [[.donor], [.currency], [.status], [.donor, .currency], [.currency, .donor],
                                          [.status, .donor], [.donor, .status, .currency], [.recipient], [.category, .donor]]
    static let filters: [FlowFilter] = [
        .all, FlowFilter(donors: ["usa"]), FlowFilter(donors: ["European Union", "GBR"]), FlowFilter(donors: ["GBR", "nobody"]),
        FlowFilter(statuses: ["pledged"]), FlowFilter(statuses: ["committed", "disbursed"]), FlowFilter(currency: "usd"),
        FlowFilter(exactOnly: true), FlowFilter(donors: ["USA"], statuses: ["Pledged"], exactOnly: true),
        FlowFilter(since: "2024-01-06"), FlowFilter(categories: ["financial"]),
    ]

    /// Compares rollup-backed totals with the flows scan for every grouping and filter, and
    /// checks that the rollup was in fact used where it can answer.
    static func expectSameAsScan(_ ledger: Ledger, _ note: Comment) throws {
        var usedRollup = 0
        for keys in groupings {
            for filter in filters {
                for includeParts in [false, true] {
                    ledger.totalsRollupEnabled = false
                    let scan = try ledger.totals(by: keys, filter: filter, includeParts: includeParts)
                    ledger.totalsRollupEnabled = true
                    ledger.queryLog = []
                    let fast = try ledger.totals(by: keys, filter: filter, includeParts: includeParts)
                    if ledger.queryLog?.first?.contains("flow_totals_donor") == true { usedRollup += 1 }
                    #expect(fast == scan, "\(note): \(keys) \(filter) parts \(includeParts)")
                }
            }
        }
        ledger.queryLog = nil
        #expect(usedRollup >= 60, note)
        try expectTablesMatchFlows(ledger, note)
    }

    /// The rollup tables hold exactly the sums recomputed from unvoided flows (rows emptied by deletes
    /// may stay with zero flows).
    static func expectTablesMatchFlows(_ ledger: Ledger, _ note: Comment) throws {
        func rows(_ sql: String) throws -> [String] {
            let st = try ledger.database.prepare(sql)
            var out: [String] = []
            while try st.step() { out.append((0..<7).map { st.string(Int32($0)) ?? "-" }.joined(separator: "|")) }
            return out
        }
        #expect(try rows("""
            SELECT donor_id, currency, status, approximate, amount, flows, 0 FROM flow_totals_donor WHERE flows <> 0 ORDER BY 1, 2, 3, 4
            """) == rows("""
            SELECT coalesce(donor_id, 0), currency, status, approximate, SUM(amount), COUNT(*), 0 FROM flows WHERE voided = 0 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """), note)
        #expect(try rows("""
            SELECT donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount || '/' || flows
            FROM flow_totals_donor_parts WHERE flows <> 0 ORDER BY 1, 2, 3, 4, 5, 6
            """) == rows("""
            SELECT coalesce(c.donor_id, 0), c.currency, c.status, c.approximate, coalesce(p.donor_id, 0), p.approximate,
                   SUM(c.amount) || '/' || COUNT(*)
            FROM flows c JOIN flows p ON p.id = c.part_of WHERE c.voided = 0 AND p.voided = 0 AND p.currency = c.currency AND p.status = c.status
            GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
            """), note)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM flow_totals_donor WHERE flows < 0 OR typeof(amount) <> 'integer'") == 0)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM flow_totals_donor_parts WHERE flows < 0 OR typeof(amount) <> 'integer'") == 0)
    }

    @Test func rollupMatchesTheScanAfterIngest() throws {
        let ledger = try Self.ledger()
        // The fixture really has parts left out by donor, so the parts sums are exercised.
        #expect(try ledger.totals(by: [.donor]).partsLeftOut >= 4)
        try Self.expectSameAsScan(ledger, "after ingest")
    }

    @Test func rollupFollowsReextractDeleteAndUpdate() throws {
        let ledger = try Self.ledger()
        // Re-extraction that drops the last figure of every article and moves parts around.
        _ = try ledger.reextract(extractorVersion: "test-9") { stored in
            let items = try fixtureItems() + [try Self.partsItem(published: "2024-02-01", source: "p1.txt")]
            let original = items.first { $0.article.body == (try? Article(text: stored.fullText))?.body }
            var ex = original?.extraction ?? Extraction(mentions: [], figures: [])
            if ex.figures.count > 1 { ex.figures.removeLast() }
            for i in ex.figures.indices where ex.figures[i].partOf == 0 { ex.figures[i].partOf = nil }
            return ex
        }
        try Self.expectSameAsScan(ledger, "after reextract")

        // A parent changes donor, currency and status; a part changes parent; a flow is deleted.
        let parent = try #require(try ledger.database.scalarInt("SELECT MIN(part_of) FROM flows"))
        try ledger.database.execute("UPDATE flows SET donor_id = NULL WHERE id = \(parent)")
        try Self.expectSameAsScan(ledger, "after a parent's donor changed")
        try ledger.database.execute("UPDATE flows SET currency = 'CHF', status = 'disbursed', approximate = 1 WHERE id = \(parent)")
        try Self.expectTablesMatchFlows(ledger, "after a parent's currency changed")
        let part = try #require(try ledger.database.scalarInt("SELECT MAX(id) FROM flows WHERE part_of IS NOT NULL"))
        try ledger.database.execute("UPDATE flows SET part_of = (SELECT MIN(id) FROM flows) WHERE id = \(part)")
        try ledger.database.execute("UPDATE flows SET amount = amount + 7, donor_id = (SELECT MIN(id) FROM parties) WHERE id = \(part)")
        try Self.expectSameAsScan(ledger, "after a part moved")
        // Deleting a parent sets its parts' part_of to NULL (foreign key) and they count again.
        let parent2 = try #require(try ledger.database.scalarInt("SELECT MAX(part_of) FROM flows"))
        try ledger.database.execute("DELETE FROM flows WHERE id = \(parent2)")
        try Self.expectSameAsScan(ledger, "after a parent was deleted")
        // Deleting whole articles (flows and parents together, in either order).
        try ledger.write { w in
            for id in try ledger.articles().map(\.id) where id % 2 == 0 { try w.clearExtraction(articleID: id) }
        }
        try ledger.database.execute("DELETE FROM flows WHERE id IN (SELECT id FROM flows ORDER BY id DESC LIMIT 3)")
        try Self.expectSameAsScan(ledger, "after deletes")
    }

    /// Flows added without `Ledger.write` are not in the rollup until the next fold: totals read
    /// flows meanwhile. Ids freed at the top by a delete and given out again are folded too.
    @Test func flowsAddedOutsideAWriteAreFoldedLater() throws {
        let ledger = try Self.ledger()
        try ledger.database.execute("""
            INSERT INTO flows(article_id, mention_id, amount, currency, approximate, donor_id, category, status, published)
            SELECT article_id, mention_id, amount + 1, currency, approximate, donor_id, category, status, published FROM flows
            """)
        ledger.queryLog = []
        let scan = try ledger.totals(by: [.donor])
        #expect(ledger.queryLog?.first?.contains("FROM flows f") == true)
        try ledger.write { _ in }
        ledger.queryLog = []
        #expect(try ledger.totals(by: [.donor]) == scan)
        #expect(ledger.queryLog?.first?.contains("flow_totals_donor") == true)
        try Self.expectSameAsScan(ledger, "after a fold")
        // Delete the highest ids, then add flows that get those ids again.
        try ledger.database.execute("DELETE FROM flows WHERE id IN (SELECT id FROM flows ORDER BY id DESC LIMIT 5)")
        try Self.expectSameAsScan(ledger, "after deleting the top ids")
        let top = try #require(try ledger.database.scalarInt("SELECT MAX(id) FROM flows"))
        var third = try Self.partsItem(published: "2025-05-05", source: "p3.txt")
        third.article = try Article(text: third.article.fullText + "Coda.\n")
        let outcome = try ledger.write { w in try w.insert(third) }
        #expect(outcome == .added(articleID: 4 + 3, figures: 9))
        #expect(try ledger.database.scalarInt("SELECT MIN(id) FROM flows WHERE id > ?", [.integer(top)]) == top + 1)
        try Self.expectSameAsScan(ledger, "after reusing the top ids")
    }

    @Test func migrationBackfillsALedgerWrittenBeforeIt() throws {
        try withTemporaryPath { path in
            // A ledger at version 2, written without the triggers.
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            do {
                let db = try Database(path: path)
                try Migrator.migrate(db, migrations: Migrator.all.filter { $0.version <= 2 })
            }
            do {
                let db = try Database(path: path)
                try insertLegacy(db, try fixtureItems() + [try Self.partsItem(published: "2024-02-01", source: "p1.txt")])
                #expect(try db.scalarInt("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'flow_totals_donor'") == 0)
            }
            let ledger = try Ledger(path: path)   // migrates to the latest version: backfill
            #expect(try Migrator.currentVersion(ledger.database) == Migrator.latestVersion)
            try Self.expectSameAsScan(ledger, "after backfill")
        }
    }

    /// A sum too large for 64 bits makes the rollup unusable, not wrong: totals read flows and
    /// report what reading flows reports.
    @Test func overflowingSumFallsBackToTheScan() throws {
        let ledger = try fixtureLedger()
        try ledger.database.execute("UPDATE flow_totals_donor SET amount = amount + 9223372036854775807 WHERE 1")
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM flow_totals_donor WHERE typeof(amount) = 'real'") ?? 0 > 0)
        ledger.queryLog = []
        let fast = try ledger.totals(by: [.donor])
        #expect(ledger.queryLog?.first?.contains("FROM flows f") == true)
        ledger.totalsRollupEnabled = false
        #expect(try ledger.totals(by: [.donor]) == fast)
    }

    @Test func plainCentsTextIsExact() {
        #expect(LedgerWriter.cents(plainText: "1500") == 150_000)
        #expect(LedgerWriter.cents(plainText: "1.5") == 150)
        #expect(LedgerWriter.cents(plainText: "0.25") == 25)
        #expect(LedgerWriter.cents(plainText: "-3") == -300)
        #expect(LedgerWriter.cents(plainText: "9999999999999999") == 999_999_999_999_999_900)
        #expect(LedgerWriter.cents(plainText: "99999999999999.99") == 9_999_999_999_999_999)
        #expect(LedgerWriter.cents(plainText: "99999999999999999") == nil)
        // Anything it cannot do exactly is left to Cents.from (which rounds).
        #expect(LedgerWriter.cents(plainText: "0.125") == nil)
        #expect(LedgerWriter.cents(plainText: "100000000000000000") == nil)
        #expect(LedgerWriter.cents(plainText: "1.") == nil)
        #expect(LedgerWriter.cents(plainText: ".5") == nil)
        #expect(LedgerWriter.cents(plainText: "1e5") == nil)
        #expect(LedgerWriter.cents(plainText: "") == nil)
    }
}

/// The two-thread export writes exactly the bytes of the one-thread export.
@Suite struct ParallelExportTests {
    @Test func parallelExportIsByteIdentical() throws {
        try withTemporaryPath { path in
            let ledger = try Ledger(path: path)
            let n = 300
            let sentence = "Pledges, as listed: " + (0..<n).map { "$\($0 + 1)," }.joined(separator: " ") + " in \"cash\"."
            var figures: [FigSpec] = []
            for i in 0..<n {
                figures.append(FigSpec(text: "$\(i + 1),", amount: "\(i + 1)", currency: "USD", donor: i % 3 == 0 ? P.usa : P.deu,
                                       status: i % 2 == 0 ? .pledged : .disbursed, partOf: i % 5 == 4 ? i - 1 : nil))
            }
            _ = try ledger.write { w in
                _ = try w.insert(try makeItem(title: "=many, \"quoted\"", published: "2024-02-02", sentences: [sentence], figures: figures))
                return try fixtureItems().map { try w.insert($0) }
            }
            func bytes(_ filter: FlowFilter, _ options: ExportOptions) throws -> [UInt8] {
                var out: [UInt8] = []
                try ledger.export(filter: filter, options: options) { out += $0 }
                return out
            }
            let cases: [(FlowFilter, ExportOptions)] = [
                (.all, ExportOptions()), (.all, ExportOptions(excelBOM: true)), (.all, ExportOptions(format: .jsonl)),
                (FlowFilter(donors: ["DEU"]), ExportOptions()), (FlowFilter(statuses: ["pledged"], exactOnly: true), ExportOptions()),
                (FlowFilter(donors: ["nobody"]), ExportOptions()),
            ]
            for (filter, options) in cases {
                ledger.parallelExportMinimum = .max
                let one = try bytes(filter, options)
                for block: Int64 in [1, 7, 64, 1000] {
                    ledger.parallelExportMinimum = 1
                    ledger.parallelExportBlock = block
                    let two = try bytes(filter, options)
                    #expect(two == one, "block \(block), \(filter), \(options.format)")
                }
            }
            #expect(try bytes(.all, ExportOptions()).count > 10_000)
            #expect(ledger.database.busyStatementCount == 0)

            // While another connection writes (holds the write lock), the export cannot keep
            // writers out, so it runs on one thread at once (it neither waits nor fails), with
            // the same bytes; afterwards the ledger is writable again.
            ledger.parallelExportMinimum = .max
            let single = try bytes(.all, ExportOptions())
            ledger.parallelExportMinimum = 1
            ledger.parallelExportBlock = 7
            let writer = try Database(path: path)
            try writer.execute("BEGIN IMMEDIATE")
            let started = Date()
            let whileWriting = try bytes(.all, ExportOptions())
            #expect(Date().timeIntervalSince(started) < 4)  // did not sit out the 5 s busy timeout
            try writer.execute("COMMIT")
            #expect(whileWriting == single)
            #expect(try ledger.database.scalarInt("PRAGMA busy_timeout") == 5000)
            _ = try ledger.write { w in try w.insert(try makeItem(title: "after", published: "2024-03-03",
                                                                   sentences: ["Oslo gave $9 to Kyiv."],
                                                                   figures: [FigSpec(text: "$9", amount: "9", currency: "USD")])) }
        }
    }
}
