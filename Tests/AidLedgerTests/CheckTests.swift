import AidExtraction
import Foundation
import Testing
@testable import AidLedger

/// `Ledger.check()`: a ledger built by ingesting passes; each corruption, written with raw SQL,
/// is named by the report (and, where the corruption touches nothing else, is the only line).
@Suite struct CheckTests {
    /// Three short articles (a pledge and its disbursement reported a month apart, which merge
    /// into one flow with two sources; a part; a donorless gift), then the shared fixture.
    static func items() throws -> [IngestItem] {
        let pledge = try makeItem(title: "Brussels pledges grid money", published: "2025-01-10", sentences: [
            "Brussels pledged €480 million to Kyiv for grid repairs.",
            "Of that sum, €60 million will buy transformers.",
        ], figures: [
            FigSpec(text: "€480 million", amount: "480000000", currency: "EUR", donor: P.eu, category: .development,
                    status: .pledged),
            FigSpec(text: "€60 million", amount: "60000000", currency: "EUR", donor: P.eu, category: .development,
                    status: .pledged, partOf: 0),
        ], source: "pledge.txt")
        let paid = try makeItem(title: "EU pays for the grid", published: "2025-03-02", sentences: [
            "The European Union disbursed €480 million to Ukraine's grid operator.",
        ], figures: [
            FigSpec(text: "€480 million", amount: "480000000", currency: "EUR", donor: P.eu, category: .development,
                    status: .disbursed),
        ], source: "paid.txt")
        let gift = try makeItem(title: "Clinic", published: "2025-02-01", sentences: [
            "An anonymous donor gave $730 to a clinic in Kharkiv.",
        ], figures: [
            FigSpec(text: "$730", amount: "730", currency: "USD", donor: nil, category: .humanitarian),
        ], source: "gift.txt")
        return [pledge, paid, gift] + (try fixtureItems())
    }

    static func ledger() throws -> Ledger {
        let ledger = try Ledger.inMemory()
        _ = try ledger.write { w in try items().map { try w.insert($0) } }
        return ledger
    }

    /// The flow holding the source of `cents` in `currency` (the first, by flow id).
    static func flow(_ ledger: Ledger, cents: Int64, _ currency: String) throws -> Int64 {
        try #require(try ledger.database.scalarInt(
            "SELECT MIN(flow_id) FROM flow_sources WHERE amount = ? AND currency = ?", [.integer(cents), .text(currency)]))
    }

    /// The EU's €480 million: pledged in one article, disbursed in another.
    static func merged(_ ledger: Ledger) throws -> Int64 { try flow(ledger, cents: 48_000_000_000, "EUR") }

    @Test func anIngestedLedgerPasses() throws {
        let ledger = try Self.ledger()
        let report = try ledger.check()
        #expect(report.violations == [])
        #expect(report.notes == [])
        #expect(report.isClean)
        #expect(Int64(report.flows) == (try ledger.database.scalarInt("SELECT COUNT(*) FROM flows")))
        #expect(Int64(report.sources) == (try ledger.database.scalarInt("SELECT COUNT(*) FROM flow_sources")))
        // the checks saw a flow with two sources at two stages, and a part
        let id = try Self.merged(ledger)
        #expect(try ledger.database.scalarInt("SELECT sources FROM flows WHERE id = ?", [.integer(id)]) == 2)
        #expect(try ledger.database.scalarText("SELECT status FROM flows WHERE id = ?", [.integer(id)]) == "disbursed")
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM flows WHERE part_of IS NOT NULL") == 2)
    }

    @Test func voidedFlowsAndCorrectionsApplied() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        try ledger.database.execute("UPDATE flows SET voided = 1 WHERE id = \(try Self.flow(ledger, cents: 73_000, "USD"))")
        try ledger.database.execute("INSERT INTO flow_corrections(flow_id, field, value) VALUES (\(id), 'status', 'committed')")
        #expect(try ledger.check().violations == ["flow #\(id): status disbursed, but its status correction says committed"])
        try ledger.write { w in try w.refresh(id) }
        #expect(try ledger.database.scalarText("SELECT status FROM flows WHERE id = ?", [.integer(id)]) == "committed")
        #expect(try ledger.check().violations == [])
    }

    @Test func aLostSourceIsANoteOfACorrectedFlowOnly() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        let paid = try #require(try ledger.database.scalarInt(
            "SELECT article_id FROM flow_sources WHERE flow_id = ? AND stage = 'disbursed'", [.integer(id)]))
        try ledger.database.execute("UPDATE flow_sources SET lost = 1 WHERE flow_id = \(id) AND stage = 'disbursed'")
        let source = try #require(try ledger.database.scalarInt(
            "SELECT id FROM flow_sources WHERE flow_id = ? AND lost = 1", [.integer(id)]))
        try ledger.write { w in try w.refresh(id) }
        #expect(try ledger.check().violations == [
            "flow #\(id): source #\(source) (article #\(paid)) is lost, but the flow has no correction (nor a void) to keep it for",
        ])
        try ledger.database.execute("INSERT INTO flow_corrections(flow_id, field, value) VALUES (\(id), 'mechanism', 'Grid Fund')")
        try ledger.write { w in try w.refresh(id) }
        let report = try ledger.check()
        #expect(report.violations == [])
        #expect(report.notes == ["flow #\(id): article #\(paid) no longer yields figure 480,000,000 EUR, kept for its corrections"])
        // the stage still found is the status; the lost one keeps its date
        #expect(try ledger.database.scalarText("SELECT status FROM flows WHERE id = ?", [.integer(id)]) == "pledged")
        #expect(try ledger.database.scalarText("SELECT disbursed_on FROM flows WHERE id = ?", [.integer(id)]) == "2025-03-02")
    }

    @Test func aFlowWithoutSources() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        try ledger.database.execute("DELETE FROM flow_sources WHERE flow_id = \(id)")
        #expect(try ledger.check().violations == ["flow #\(id): no evidence (no source)"])
    }

    @Test func aMentionOfAnotherArticle() throws {
        let ledger = try Self.ledger()
        let id = try Self.flow(ledger, cents: 73_000, "USD")
        let source = try #require(try ledger.database.scalarInt("SELECT id FROM flow_sources WHERE flow_id = ?", [.integer(id)]))
        let article = try #require(try ledger.database.scalarInt("SELECT article_id FROM flow_sources WHERE id = ?", [.integer(source)]))
        let other = try #require(try ledger.database.scalarInt(
            "SELECT MIN(id) FROM mentions WHERE article_id <> ?", [.integer(article)]))
        let otherArticle = try #require(try ledger.database.scalarInt(
            "SELECT article_id FROM mentions WHERE id = ?", [.integer(other)]))
        try ledger.database.execute("UPDATE flow_sources SET mention_id = \(other) WHERE id = \(source)")
        let violations = try ledger.check().violations
        #expect(violations.contains("flow #\(id): source #\(source): mention #\(other) belongs to article #\(otherArticle), not article #\(article)"))
        #expect(violations.contains { $0.hasPrefix("flow #\(id): booked at mention #") && $0.hasSuffix("which is none of its sources") })
    }

    @Test func aSourceWhoseCopyOfTheFlowsPartiesIsStale() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        let source = try #require(try ledger.database.scalarInt("SELECT MIN(id) FROM flow_sources WHERE flow_id = ?", [.integer(id)]))
        let donor = try #require(try ledger.database.scalarInt("SELECT donor_id FROM flows WHERE id = ?", [.integer(id)]))
        let recipient = try #require(try ledger.database.scalarInt("SELECT recipient_id FROM flows WHERE id = ?", [.integer(id)]))
        try ledger.database.execute("UPDATE flow_sources SET flow_donor_id = NULL WHERE id = \(source)")
        #expect(try ledger.check().violations == [
            "flow #\(id): source #\(source) holds donor none, recipient #\(recipient) for the merge lookup, but the flow has donor #\(donor), recipient #\(recipient)",
        ])
    }

    @Test func aPartOfCycle() throws {
        let ledger = try Self.ledger()
        let part = try Self.flow(ledger, cents: 6_000_000_000, "EUR")
        let whole = try #require(try ledger.database.scalarInt("SELECT part_of FROM flows WHERE id = ?", [.integer(part)]))
        try ledger.database.execute("UPDATE flows SET part_of = \(part) WHERE id = \(whole)")
        let (a, b) = (min(part, whole), max(part, whole))
        #expect(try ledger.check().violations == ["flow #\(a): part_of cycle #\(a) -> #\(b) -> #\(a)"])
    }

    @Test func aPartOfAMissingFlow() throws {
        let ledger = try Self.ledger()
        let part = try Self.flow(ledger, cents: 6_000_000_000, "EUR")
        try ledger.database.execute("PRAGMA foreign_keys=OFF")
        try ledger.database.execute("UPDATE flows SET part_of = 9999 WHERE id = \(part)")
        try ledger.database.execute("PRAGMA foreign_keys=ON")
        let violations = try ledger.check().violations
        #expect(violations.contains("flow #\(part): part of #9999, which is not a flow"))
        #expect(violations.contains("foreign key: flows row \(part) refers to a missing flows row"))
        #expect(violations.count == 2)
    }

    @Test func amountsThatAreNotPositive() throws {
        let ledger = try Self.ledger()
        let id = try Self.flow(ledger, cents: 73_000, "USD")
        try ledger.database.execute("UPDATE flows SET amount = -500 WHERE id = \(id)")
        #expect(try ledger.check().violations == ["flow #\(id): amount -5 is not positive"])
        let source = try #require(try ledger.database.scalarInt("SELECT id FROM flow_sources WHERE flow_id = ?", [.integer(id)]))
        try ledger.database.execute("UPDATE flows SET amount = 73000, amount_max = 100 WHERE id = \(id)")
        try ledger.database.execute("UPDATE flow_sources SET amount = 0 WHERE id = \(source)")
        #expect(try ledger.check().violations == [
            "flow #\(id): amount_max 1 is below amount 730",
            "flow #\(id): source #\(source): amount 0 is not positive",
        ])
    }

    @Test func anUnknownCurrency() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        try ledger.database.execute("UPDATE flows SET currency = 'XYZ' WHERE id = \(id)")
        #expect(try ledger.check().violations == ["flow #\(id): currency 'XYZ' is not a known ISO 4217 code"])
        #expect(KnownCurrencies.contains("EUR") && KnownCurrencies.contains("XDR") && !KnownCurrencies.contains("XXX"))
    }

    @Test func aStatusBehindItsSources() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        try ledger.database.execute("UPDATE flows SET status = 'pledged' WHERE id = \(id)")
        #expect(try ledger.check().violations == ["flow #\(id): status pledged, but its sources report disbursed"])
    }

    @Test func stageDatesThatDisagree() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        try ledger.database.execute("UPDATE flows SET disbursed_on = NULL, pledged_on = '2025-01-11' WHERE id = \(id)")
        #expect(try ledger.check().violations == [
            "flow #\(id): pledged_on 2025-01-11, but its earliest pledged source is dated 2025-01-10",
            "flow #\(id): status disbursed has no date (disbursed_on empty), though a disbursed source is dated 2025-03-02",
        ])
    }

    @Test func aWrongSourcesCount() throws {
        let ledger = try Self.ledger()
        let id = try Self.merged(ledger)
        try ledger.database.execute("UPDATE flows SET sources = 3 WHERE id = \(id)")
        #expect(try ledger.check().violations == ["flow #\(id): sources 3, but its sources come from 2 articles"])
    }

    @Test func aRollupThatDisagrees() throws {
        let ledger = try Self.ledger()
        try ledger.database.execute("""
            UPDATE flow_totals_donor SET amount = amount + 100
            WHERE donor_id = (SELECT id FROM parties WHERE code = 'USA') AND currency = 'USD' AND status = 'committed' AND approximate = 0
            """)
        #expect(try ledger.check().violations == [
            "rollup (USA, USD, committed, exact) holds 2 flows, 510,000,001 USD; the flows sum to 2 flows, 510,000,000 USD",
        ])
        try ledger.database.execute("DELETE FROM flow_totals_donor WHERE donor_id = 0")
        #expect(try ledger.check().violations == [
            "rollup (no donor, USD, committed, exact) holds nothing; the flows sum to 2 flows, 980 USD",
            "rollup (USA, USD, committed, exact) holds 2 flows, 510,000,001 USD; the flows sum to 2 flows, 510,000,000 USD",
        ])
    }

    @Test func aRollupPartsPairThatDisagrees() throws {
        let ledger = try Self.ledger()
        try ledger.database.execute("UPDATE flow_totals_donor_parts SET flows = flows + 1 WHERE currency = 'USD'")
        let violations = try ledger.check().violations
        #expect(violations.count == 1)
        #expect(violations.first?.hasPrefix("rollup parts (EU, USD, pledged, exact; parent G7, approximate) holds 2 flows, 20,000,000,000 USD") == true)
    }

    @Test func retiredIdsThatLoopOrDangle() throws {
        let ledger = try Self.ledger()
        let live = try Self.merged(ledger)
        try ledger.database.execute("""
            INSERT INTO retired_flows(id, merged_into, retired_at, reason) VALUES
                (100, 101, '2025-01-01T00:00:00Z', 'test'), (101, 100, '2025-01-01T00:00:00Z', 'test'),
                (102, 999, '2025-01-01T00:00:00Z', 'test'), (103, 102, '2025-01-01T00:00:00Z', 'test'),
                (\(live), NULL, '2025-01-01T00:00:00Z', 'test')
            """)
        #expect(try ledger.check().violations == [
            "flow #\(live): the id is also retired (retired_flows)",
            "retired flow #102: merged into #999, which is neither a flow nor a retired id",
            "retired flow #100: merge cycle #100 -> #101 -> #100",
        ])
    }

    @Test func cyclesAreFoundOnceFromTheirSmallestNode() {
        #expect(LedgerChecker.cycles([1: 2, 2: 3, 3: 1, 4: 1, 5: 5, 6: 7]) == [[1, 2, 3], [5]])
        #expect(LedgerChecker.cycles([9: 8, 8: 7, 7: 8]) == [[7, 8]])
    }
}
