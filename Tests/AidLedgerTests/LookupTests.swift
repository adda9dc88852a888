import Foundation
import Testing
@testable import AidLedger

// The merge lookup (`LedgerWriter.candidates`) asks SQLite for the edge of the nearest amounts
// and then for the window's entries only. These tests hold it to the plain form it replaced:
// read the 4k nearest entries on each side in index order and keep the first k in the window
// (and, given a figure's parties, leave out those whose parties disagree).

/// A seeded linear congruential generator (Knuth's MMIX constants, high bits mixed down), so
/// every run checks the same cases; plenty for test data.
private struct SeededLCG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}

/// The lookup as it was first written: every one of the 4k nearest entries returned, the
/// window tested on each in Swift.
private func referenceCandidates(_ w: LedgerWriter, currency: String, around a: FlowMatch.Amount,
                                 date: String?) throws -> [LedgerWriter.Candidate] {
    let range = FlowMatch.searchRange(a)
    let (lo, hi) = LedgerWriter.dateBounds(date, window: w.merge.windowDays)
    let k = LedgerWriter.candidatesPerSide
    let m = LedgerWriter.matchIndex, c = LedgerWriter.candidateColumns
    var out: [LedgerWriter.Candidate] = []
    func collect(_ sql: String, _ values: [SQLValue], limit: Int) throws {
        guard limit > 0 else { return }
        let st = try w.db.prepare(sql)
        try st.bind(values)
        var n = 0
        while n < limit, try st.step() {
            guard st.int64(0) != 0 else { continue }
            out.append(LedgerWriter.Candidate(flowID: st.int64(1), amount: FlowMatch.Amount(
                cents: st.int64(2), maxCents: st.optionalInt64(3), hedge: st.string(4), unit: st.int64(5)),
                flowDonor: st.optionalInt64(6), flowRecipient: st.optionalInt64(7)))
            n += 1
        }
    }
    try collect("SELECT 1, \(c) FROM \(m) AND amount = ?2 AND published BETWEEN ?3 AND ?4 LIMIT \(k)",
                [.text(currency), .integer(a.cents), .text(lo), .text(hi)], limit: k)
    try collect("SELECT 1, \(c) FROM \(m) AND amount = ?2 AND published IS NULL LIMIT \(k)",
                [.text(currency), .integer(a.cents)], limit: k - out.count)
    try collect("SELECT published IS NULL OR published BETWEEN ?4 AND ?5, \(c) FROM \(m) AND amount > ?2 AND amount <= ?3 ORDER BY amount LIMIT \(4 * k)",
                [.text(currency), .integer(a.cents), .integer(range.upperBound), .text(lo), .text(hi)], limit: k)
    try collect("SELECT published IS NULL OR published BETWEEN ?4 AND ?5, \(c) FROM \(m) AND amount >= ?2 AND amount < ?3 ORDER BY amount DESC LIMIT \(4 * k)",
                [.text(currency), .integer(range.lowerBound), .integer(a.cents), .text(lo), .text(hi)], limit: k)
    return out
}

private struct Row: Hashable {
    var flowID: Int64, cents: Int64, maxCents: Int64?, hedge: String?, unit: Int64, donor: Int64?, recipient: Int64?
    init(_ c: LedgerWriter.Candidate) {
        flowID = c.flowID; cents = c.amount.cents; maxCents = c.amount.maxCents; hedge = c.amount.hedge
        unit = c.amount.unit; donor = c.flowDonor; recipient = c.flowRecipient
    }
}

@Suite struct LookupTests {
    /// A ledger of `sources` sources of few distinct amounts (long runs of equal amounts, so the
    /// 4k-th entry often falls inside a run), some undated, some lost, in two currencies.
    func denseLedger(sources: Int, amounts: Int, seed: UInt64) throws -> Ledger {
        var rng = SeededLCG(state: seed)
        let ledger = try Ledger.inMemory()
        let db = ledger.database
        try db.execute("PRAGMA foreign_keys=OFF")   // sources only: the lookup reads nothing else
        let ins = try db.prepare("""
            INSERT INTO flow_sources(flow_id, article_id, mention_id, stage, published, known_on, amount, amount_max,
                                     currency, approximate, hedge, unit, category, lost, flow_donor_id, flow_recipient_id)
            VALUES (?, ?, ?, 'pledged', ?, '2025-01-01', ?, ?, ?, 0, ?, ?, 'other', ?, ?, ?)
            """)
        let base: [Int64] = (0..<amounts).map { 100_000_000 + Int64($0) * 2_500_000 }
        try db.transaction {
            var last: [SQLValue] = []
            for i in 0..<sources {
                // some entries equal to the previous one in every column the lookup orders by
                // before the parties and the row id
                if !last.isEmpty, Int.random(in: 0..<8, using: &rng) == 0 {
                    var copy = last
                    copy[1] = .integer(Int64(i + 1)); copy[2] = .integer(Int64(i + 1))
                    copy[10] = .integer(Int64(Int.random(in: 1...4, using: &rng)))
                    copy[11] = Int.random(in: 0..<2, using: &rng) == 0 ? .null : .integer(Int64(Int.random(in: 1...4, using: &rng)))
                    try ins.bind(copy)
                    try ins.run()
                    continue
                }
                let cents = base[Int.random(in: 0..<base.count, using: &rng)]
                let day = Int.random(in: 0..<3650, using: &rng)
                let published: String? = Int.random(in: 0..<4, using: &rng) == 0 ? nil : CivilDate.string(day + 16_000)
                last = [
                    .integer(Int64(Int.random(in: 1...(sources / 2), using: &rng))), .integer(Int64(i + 1)), .integer(Int64(i + 1)),
                    published.map { .text($0) } ?? .null, .integer(cents),
                    Int.random(in: 0..<6, using: &rng) == 0 ? .integer(cents + 5_000_000) : .null,
                    .text(Int.random(in: 0..<5, using: &rng) == 0 ? "EUR" : "USD"),
                    Int.random(in: 0..<5, using: &rng) == 0 ? .text(["about", "nearly", "more than"][i % 3]) : .null,
                    .integer([1, 100, 10_000_000][Int.random(in: 0..<3, using: &rng)]),
                    .integer(Int.random(in: 0..<20, using: &rng) == 0 ? 1 : 0),
                    Int.random(in: 0..<3, using: &rng) == 0 ? .null : .integer(Int64(Int.random(in: 1...4, using: &rng))),
                    Int.random(in: 0..<3, using: &rng) == 0 ? .null : .integer(Int64(Int.random(in: 1...4, using: &rng))),
                ]
                try ins.bind(last)
                try ins.run()
            }
        }
        return ledger
    }

    @Test(arguments: [(sources: 3_000, amounts: 30), (sources: 600, amounts: 200), (sources: 40, amounts: 5), (sources: 5_000, amounts: 4)])
    func theEdgeLookupFindsWhatReadingEveryEntryFinds(sources: Int, amounts: Int) throws {
        let ledger = try denseLedger(sources: sources, amounts: amounts, seed: UInt64(sources * 31 + amounts))
        var rng = SeededLCG(state: 7)
        var checked = 0, full = 0, filtered = 0
        for window in [30, 365, 5000] {
            try ledger.write(merge: MergeOptions(windowDays: window)) { w in
                for _ in 0..<150 {
                    // amounts on, between and beyond the stored ones; some hedged or ranged
                    let cents = 100_000_000 + Int64(Int.random(in: -20...(amounts * 2 + 20), using: &rng)) * 1_250_000
                    let roll = Int.random(in: 0..<4, using: &rng)
                    let a = FlowMatch.Amount(cents: cents, maxCents: roll == 0 ? cents + 7_000_000 : nil,
                                             hedge: roll == 1 ? "about" : nil, unit: 100)
                    let date: String? = Int.random(in: 0..<5, using: &rng) == 0 ? nil
                        : CivilDate.string(16_000 + Int.random(in: -400...4_000, using: &rng))
                    // a figure's parties (the index holds donors and recipients 1-4 or none)
                    let parties = LedgerWriter.Parties(
                        donor: Int.random(in: 0..<3, using: &rng) == 0 ? nil : Int64(Int.random(in: 1...4, using: &rng)),
                        recipient: Int.random(in: 0..<3, using: &rng) == 0 ? nil : Int64(Int.random(in: 1...4, using: &rng)))
                    for currency in ["USD", "EUR", "GBP"] {
                        let got = try w.candidates(currency: currency, around: a, date: date).map(Row.init)
                        let reference = try referenceCandidates(w, currency: currency, around: a, date: date)
                        let expected = reference.map(Row.init)
                        #expect(got == expected, "\(currency) \(cents) \(date ?? "undated") window \(window)")
                        // with the figure's parties: the same entries, less those whose parties disagree
                        let agreeing = try w.candidates(currency: currency, around: a, date: date, parties: parties).map(Row.init)
                        let expectedAgreeing = reference.filter {
                            FlowMatch.partiesAgree(parties.donor, $0.flowDonor) && FlowMatch.partiesAgree(parties.recipient, $0.flowRecipient)
                        }.map(Row.init)
                        #expect(agreeing == expectedAgreeing, "\(currency) \(cents) \(date ?? "undated") window \(window) parties")
                        checked += 1
                        if expected.count >= 2 * LedgerWriter.candidatesPerSide { full += 1 }
                        if expectedAgreeing.count < expected.count { filtered += 1 }
                    }
                }
                #expect(w.db.busyStatementCount == 0, "every lookup statement is reset")
            }
        }
        #expect(checked == 1_350)
        if sources >= 3_000 { #expect(full > 0, "some lookups fill both sides") }
        #expect(filtered > 0, "some candidates are left out for their parties")
    }

    /// Every lookup statement reads the covering match index along its order: no table rows, no
    /// sort (the tie order of equal entries is the index's).
    @Test func theLookupReadsTheIndexInItsOrder() throws {
        let ledger = try Ledger.inMemory()
        try ledger.write { w in
            let statements = try w.lookupStatements().all
            #expect(statements.count == 12)
            for st in statements {
                let plan = try w.db.prepare("EXPLAIN QUERY PLAN " + st.sql)
                var details: [String] = []
                while try plan.step() { details.append(plan.string(3) ?? "") }
                #expect(details.count == 1 && details[0].contains("USING COVERING INDEX flow_sources_match"), "\(st.sql): \(details)")
                #expect(!details.contains { $0.contains("TEMP B-TREE") }, "\(st.sql)")
            }
        }
    }
}
