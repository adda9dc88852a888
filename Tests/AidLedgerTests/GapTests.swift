import AidExtraction
import Foundation
import Testing
@testable import AidLedger

// The pledge-to-delivery gap (`Ledger.gap`): cumulative stage columns per party and currency.
// Sentences here are written for these tests.

private enum GP {
    static let nor = Party(name: "Norway", code: "NOR", kind: .country)
}

/// Norway: a pledge (NOK 100m), a commitment (NOK 200m), a disbursement (NOK 50m), all dated
/// 2024-01-05, and a disbursement of $5 million (no USD rate in `gapRates`). Germany, in EUR: a
/// pledge (300m), a commitment (100m, 2024-01-07), a disbursement (60m) and a disbursement of
/// 999m that is voided.
private func gapLedger() throws -> (Ledger, voided: Int64) {
    let a = try makeItem(title: "Oslo's money", published: "2024-01-05", sentences: [
        "Norway pledged NOK 100 million for reconstruction.",
        "Oslo also committed NOK 200 million to schools.",
        "Norway has already paid out NOK 50 million for heating.",
        "A further $5 million was transferred by Norway to a fund.",
    ], figures: [
        FigSpec(text: "NOK 100 million", amount: "100000000", currency: "NOK", donor: GP.nor, category: .development, status: .pledged),
        FigSpec(text: "NOK 200 million", amount: "200000000", currency: "NOK", donor: GP.nor, category: .development, status: .committed),
        FigSpec(text: "NOK 50 million", amount: "50000000", currency: "NOK", donor: GP.nor, category: .humanitarian, status: .disbursed),
        FigSpec(text: "$5 million", amount: "5000000", currency: "USD", donor: GP.nor, category: .financial, status: .disbursed),
    ], source: "oslo.txt")
    let b = try makeItem(title: "Berlin's money", published: "2024-01-07", sentences: [
        "Germany pledged €300 million for air defence.",
        "Berlin committed €100 million to demining.",
        "Germany transferred €60 million for shelters.",
        "Germany transferred €999 million, a misreading.",
    ], figures: [
        FigSpec(text: "€300 million", amount: "300000000", currency: "EUR", donor: P.deu, status: .pledged),
        FigSpec(text: "€100 million", amount: "100000000", currency: "EUR", donor: P.deu, status: .committed),
        FigSpec(text: "€60 million", amount: "60000000", currency: "EUR", donor: P.deu, category: .humanitarian, status: .disbursed),
        FigSpec(text: "€999 million", amount: "999000000", currency: "EUR", donor: P.deu, category: .humanitarian, status: .disbursed),
    ], source: "berlin.txt")
    let ledger = try Ledger.inMemory()
    _ = try ledger.write(merge: .off) { w in try [a, b].map { try w.insert($0) } }
    let misread = try #require(try ledger.flows().first { $0.amount == 99_900_000_000 })
    try ledger.void(misread.id, reason: "a misreading", author: "test")
    return (ledger, misread.id)
}

/// Units per EUR, ECB layout: NOK only.
private let gapRates = """
Date,NOK,
2024-01-05,11.50,
2024-01-04,11.40,

"""

/// A row as party|currency|pledged|committed|disbursed|share|flows (cents).
private func flat(_ r: GapRow) -> String {
    [r.party, r.currency, String(r.pledgedCents), String(r.committedCents), String(r.disbursedCents),
     r.shareDelivered ?? "-", String(r.flows)].joined(separator: "|")
}

@Suite struct GapTests {
    @Test func cumulativeColumnsPerDonorAndCurrency() throws {
        let (ledger, _) = try gapLedger()
        let report = try ledger.gap(by: .donor)
        #expect(report.rows.map(flat) == [
            "Germany|EUR|46000000000|16000000000|6000000000|0.1304|3",    // 60 / 460; the voided 999m nowhere
            "Norway|NOK|35000000000|25000000000|5000000000|0.1429|3",    // 50 / 350
            "Norway|USD|500000000|500000000|500000000|1.0000|1",
        ])
        #expect(report.rows[1].committedFlows == 2 && report.rows[1].disbursedFlows == 1)
        #expect(report.rows[1].code == "NOR")
        #expect(report.convertTo == nil && report.valuation == nil && report.unconverted.isEmpty && report.ratesUsed.isEmpty)
        #expect(report.partsLeftOut == 0)
    }

    @Test func columnsAreTheTotalsOfEachStageFolded() throws {
        let (ledger, _) = try gapLedger()
        let totals = try ledger.totals(by: [.donor])
        let gap = try ledger.gap(by: .donor)
        for row in gap.rows {
            func sum(_ statuses: Set<String>) -> Int64 {
                totals.rows.filter { $0.values[0] == row.party && $0.currency == row.currency && statuses.contains($0.values[2]) }
                    .reduce(0) { $0 + $1.sumCents }
            }
            #expect(row.pledgedCents == sum(["pledged", "committed", "disbursed"]), "\(row.party) \(row.currency)")
            #expect(row.committedCents == sum(["committed", "disbursed"]), "\(row.party) \(row.currency)")
            #expect(row.disbursedCents == sum(["disbursed"]), "\(row.party) \(row.currency)")
        }
    }

    @Test func voidedFlowsAreLeftOut() throws {
        let (ledger, voided) = try gapLedger()
        #expect(try ledger.isVoided(voided))
        let germany = try #require(try ledger.gap(by: .donor, filter: FlowFilter(donors: ["DEU"])).rows.first)
        #expect(germany.disbursedCents == 6_000_000_000 && germany.flows == 3)
        // Only voided flows: nothing to report.
        let only = try ledger.gap(by: .donor, filter: FlowFilter(donors: ["DEU"], statuses: ["disbursed"], currency: "EUR"))
        #expect(only.rows.map(flat) == ["Germany|EUR|6000000000|6000000000|6000000000|1.0000|1"])
    }

    @Test func byRecipientAndFilters() throws {
        let (ledger, _) = try gapLedger()
        let report = try ledger.gap(by: .recipient, filter: FlowFilter(currency: "nok"))
        #expect(report.by == .recipient)
        #expect(report.rows.map(flat) == ["Ukraine|NOK|35000000000|25000000000|5000000000|0.1429|3"])
        // A status filter narrows the flows first: only commitments, so nothing is disbursed.
        let committed = try ledger.gap(by: .donor, filter: FlowFilter(donors: ["Norway"], statuses: ["committed"]))
        #expect(committed.rows.map(flat) == ["Norway|NOK|20000000000|20000000000|0|0.0000|1"])
        #expect(throws: LedgerError.self) { try ledger.gap(by: .category) }
    }

    @Test func conversionUsesTheRatesOfTotals() throws {
        let (ledger, _) = try gapLedger()
        _ = try ledger.importRates(csvText: gapRates)
        let report = try ledger.gap(by: .donor, convertTo: "eur")
        #expect(report.convertTo == "EUR")
        let totals = try ledger.totals(by: [.donor], convertTo: "EUR")
        #expect(report.valuation == totals.valuation)
        // NOK 350m at 11.50 per EUR (one bucket: one donor, currency and date): 30,434,782.61 EUR.
        #expect(report.rows.map(flat) == [
            "Germany|EUR|46000000000|16000000000|6000000000|0.1304|3",
            "Norway|EUR|3043478261|2173913043|434782609|0.1429|3",
        ])
        // The USD disbursement has no rate: kept apart, in its own currency, with the reason.
        #expect(report.unconverted.map(flat) == ["Norway|USD|500000000|500000000|500000000|1.0000|1"])
        #expect(report.unconverted.first?.reason == "no USD->EUR rate on or up to 7 days before 2024-01-05")
        #expect(report.ratesUsed.map { "\($0.from)->\($0.to) \($0.rateDate) \($0.method.rawValue)" } == ["NOK->EUR 2024-01-05 inverse"])
        #expect(Set(report.ratesUsed) == Set(totals.ratesUsed))
        // The disbursed column is the converted total of the disbursements.
        let disbursed = try ledger.totals(by: [.donor], filter: FlowFilter(statuses: ["disbursed"]), convertTo: "EUR")
        for row in report.rows {
            #expect(disbursed.rows.first { $0.values[0] == row.party }?.sumCents == row.disbursedCents)
        }
        #expect(throws: LedgerError.self) { try ledger.gap(by: .donor, convertTo: "euro") }
    }

    @Test func aTrancheOfAPledgeCountsInItsStagesNotTwiceInPledged() throws {
        let item = try makeItem(title: "Package", published: "2024-02-01", sentences: [
            "Germany pledged a €1 billion package.",
            "Of it, €200 million has been disbursed.",
        ], figures: [
            FigSpec(text: "€1 billion", amount: "1000000000", currency: "EUR", donor: P.deu, mechanism: "package", status: .pledged),
            FigSpec(text: "€200 million", amount: "200000000", currency: "EUR", donor: P.deu, mechanism: "package",
                    status: .disbursed, partOf: 0),
        ])
        let ledger = try Ledger.inMemory()
        _ = try ledger.write(merge: .off) { w in try w.insert(item) }
        let report = try ledger.gap(by: .donor)
        #expect(report.rows.map(flat) == ["Germany|EUR|100000000000|20000000000|20000000000|0.2000|1"])
        #expect(report.partsLeftOut == 1)
        // Totals keep statuses apart, so there the part counts in its own (disbursed) row.
        let totals = try ledger.totals(by: [.donor])
        #expect(totals.rows.map { "\($0.values[2])|\($0.sumCents)" } == ["disbursed|20000000000", "pledged|100000000000"])
        let all = try ledger.gap(by: .donor, includeParts: true)
        #expect(all.rows.map(flat) == ["Germany|EUR|120000000000|20000000000|20000000000|0.1667|2"])
        #expect(all.partsLeftOut == 0 && all.includeParts)
        // The parent filtered out: the part counts in every column it reached.
        let disbursed = try ledger.gap(by: .donor, filter: FlowFilter(statuses: ["disbursed"]))
        #expect(disbursed.rows.map(flat) == ["Germany|EUR|20000000000|20000000000|20000000000|1.0000|1"])
        #expect(disbursed.partsLeftOut == 0)
        let mechanism = try ledger.gap(by: .donor, filter: FlowFilter(donors: ["germany"], mechanisms: ["PACKAGE"]))
        #expect(mechanism.rows.map(flat) == report.rows.map(flat))
        #expect(try ledger.gap(by: .donor, filter: FlowFilter(donors: ["nobody"])).rows.isEmpty)
        // The same through --as-of (the shadow table of the ledger as known then).
        #expect(try ledger.gap(by: .donor, filter: FlowFilter(asOf: "2024-12-31")).rows.map(flat) == report.rows.map(flat))
        // By recipient the parent is in the same row too.
        let byRecipient = try ledger.gap(by: .recipient)
        #expect(byRecipient.rows.map(flat) == ["Ukraine|EUR|100000000000|20000000000|20000000000|0.2000|1"])
    }

    @Test func asOfResolvesEachFlowAtTheStageKnownThen() throws {
        let pledge = try makeItem(title: "Pledge", published: "2024-01-10", sentences: [
            "Germany pledged €80 million for generators.",
        ], figures: [FigSpec(text: "€80 million", amount: "80000000", currency: "EUR", donor: P.deu, mechanism: "generators", status: .pledged)],
            source: "p.txt")
        let paid = try makeItem(title: "Paid", published: "2024-03-10", sentences: [
            "Germany has disbursed the €80 million for generators.",
        ], figures: [FigSpec(text: "€80 million", amount: "80000000", currency: "EUR", donor: P.deu, mechanism: "generators", status: .disbursed)],
            source: "d.txt")
        let ledger = try Ledger.inMemory()
        _ = try ledger.write { w in try [pledge, paid].map { try w.insert($0) } }
        #expect(try ledger.flows().count == 1)
        #expect(try ledger.gap(by: .donor).rows.map(flat) == ["Germany|EUR|8000000000|8000000000|8000000000|1.0000|1"])
        let then = try ledger.gap(by: .donor, filter: FlowFilter(asOf: "2024-02-01"))
        #expect(then.rows.map(flat) == ["Germany|EUR|8000000000|0|0|0.0000|1"])
    }

    @Test func shareIsExactAndRoundedHalfEven() {
        #expect(GapReport.share(1, of: 3) == "0.3333")
        #expect(GapReport.share(2, of: 3) == "0.6667")
        #expect(GapReport.share(1, of: 8) == "0.1250")
        #expect(GapReport.share(1, of: 20_000) == "0.0000")      // 0.00005: a tie, to even
        #expect(GapReport.share(3, of: 20_000) == "0.0002")      // 0.00015: a tie, to even
        #expect(GapReport.share(5, of: 80_000) == "0.0001")      // 0.0000625
        #expect(GapReport.share(Int64.max, of: Int64.max) == "1.0000")
        #expect(GapReport.share(5, of: 0) == nil)
        #expect(GapReport.percent(1, of: 3) == "33.33%")
        #expect(GapReport.percent(5, of: 5) == "100.00%")
        #expect(GapReport.percent(1, of: 8) == "12.50%")
        #expect(GapReport.percent(0, of: 8) == "0.00%")
        #expect(GapReport.percent(1, of: 20_000) == "0.00%")
        #expect(GapReport.percent(3, of: 7) == "42.86%")
    }
}
