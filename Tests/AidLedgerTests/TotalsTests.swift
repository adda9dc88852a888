import AidExtraction
import Foundation
import Testing
@testable import AidLedger

/// A row as (values..., currency, cents, count) for compact comparisons.
private func flat(_ r: TotalsRow) -> String {
    // The currency is shown once: as a group value when it is one, else after the values.
    (r.values + (r.values.contains(r.currency) ? [] : [r.currency]) + [String(r.sumCents), String(r.flowCount)])
        .joined(separator: "|")
}

@Suite struct TotalsTests {
    @Test func byDonorKeepsCurrenciesAndStatusesApart() throws {
        let ledger = try fixtureLedger()
        let report = try ledger.totals(by: [.donor])
        #expect(report.groupBy == [.donor, .currency, .status])
        #expect(report.rows.map(flat) == [
            "European Union|EUR|disbursed|300000000700|2",
            "European Union|USD|pledged|2000000000000|1",   // the part counts: its parent (G7) is in another row
            "G7|USD|pledged|5000000000000|1",
            "Germany|EUR|disbursed|150000000|1",
            "United Kingdom|GBP|committed|500100000|2",
            "United States|USD|committed|51000000000|2",
            "United States|USD|pledged|200000000000|1",
            "(unnamed)|USD|committed|25000|1",
        ])
        #expect(report.partsLeftOut == 0)
        #expect(report.rows[0].codes == ["EU", nil, nil])
        #expect(report.rows[2].approximateCount == 1)
        #expect(report.rows.last?.codes == [nil, nil, nil])
        #expect(report.valuation == nil && report.unconverted.isEmpty)
    }

    @Test func partInTheSameRowAsItsParentIsLeftOut() throws {
        let ledger = try fixtureLedger()
        let report = try ledger.totals(by: [.recipient])
        #expect(report.rows.map(flat) == [
            "Ukraine|EUR|disbursed|300150000700|3",
            "Ukraine|GBP|committed|500100000|2",
            "Ukraine|USD|committed|51000025000|3",
            "Ukraine|USD|pledged|5200000000000|2",          // 50bn + 2bn: the EU's 20bn is inside the G7's 50bn
        ])
        #expect(report.partsLeftOut == 1)
        let all = try ledger.totals(by: [.recipient], includeParts: true)
        #expect(all.rows.last.map(flat) == "Ukraine|USD|pledged|7200000000000|3")
        #expect(all.partsLeftOut == 0 && all.includeParts)
    }

    @Test func partCountsWhereItsParentIsFilteredOut() throws {
        let ledger = try fixtureLedger()
        let report = try ledger.totals(by: [.recipient], filter: FlowFilter(donors: ["eu"]))
        #expect(report.rows.map(flat) == [
            "Ukraine|EUR|disbursed|300000000700|2",
            "Ukraine|USD|pledged|2000000000000|1",
        ])
        #expect(report.partsLeftOut == 0)
        // By mechanism: parent and part share "ERA Loans", so the part is left out there.
        let mech = try ledger.totals(by: [.mechanism], filter: FlowFilter(currency: "usd"))
        #expect(mech.rows.map(flat) == [
            "ERA Loans|USD|pledged|5000000000000|1",
            "armament package|USD|committed|50000000000|1",
            "(none)|USD|committed|1000025000|2",
            "(none)|USD|pledged|200000000000|1",
        ])
        #expect(mech.partsLeftOut == 1)
    }

    @Test func oneStatusDropsTheStatusColumn() throws {
        let ledger = try fixtureLedger()
        let pledged = try ledger.totals(by: [.donor], filter: FlowFilter(statuses: ["pledged", "PLEDGED"]))
        #expect(pledged.groupBy == [.donor, .currency])
        #expect(pledged.rows.map(flat) == [
            "European Union|USD|2000000000000|1", "G7|USD|5000000000000|1", "United States|USD|200000000000|1",
        ])
        let two = try ledger.totals(by: [.donor], filter: FlowFilter(statuses: ["pledged", "committed"]))
        #expect(two.groupBy == [.donor, .currency, .status])
        // Asking for currency and status explicitly keeps the requested order.
        let ordered = try ledger.totals(by: [.status, .currency, .category], filter: FlowFilter(currency: "GBP"))
        #expect(ordered.groupBy == [.status, .currency, .category])
        #expect(ordered.rows.map(flat) == ["committed|GBP|humanitarian|500100000|2"])
    }

    @Test func groupsByCategoryAndDates() throws {
        let ledger = try fixtureLedger()
        let cat = try ledger.totals(by: [.category], filter: FlowFilter(statuses: ["pledged"]))
        #expect(cat.rows.map(flat) == ["financial|USD|5000000000000|1", "military|USD|200000000000|1"])
        #expect(cat.partsLeftOut == 1)
        let year = try ledger.totals(by: [.year], filter: FlowFilter(currency: "USD"))
        #expect(year.groupBy == [.year, .currency, .status])
        #expect(year.rows.map(flat) == [
            "2024|USD|committed|50000025000|2",
            "2024|USD|pledged|5200000000000|2",
            "undated|USD|committed|1000000000|1",
        ])
        let quarter = try ledger.totals(by: [.quarter], filter: FlowFilter(currency: "EUR"))
        #expect(quarter.rows.map(flat) == ["2024-Q1|EUR|disbursed|300150000700|3"])
        let month = try ledger.totals(by: [.month], filter: FlowFilter(currency: "EUR"))
        #expect(month.rows.map(flat) == ["2024-01|EUR|disbursed|300150000000|2", "2024-03|EUR|disbursed|700|1"])
        let byCurrency = try ledger.totals(by: [.currency], filter: FlowFilter(statuses: ["committed"]))
        #expect(byCurrency.rows.map(flat) == ["GBP|500100000|2", "USD|51000025000|3"])
    }

    @Test func quartersOfTheWholeYear() throws {
        let ledger = try Ledger.inMemory()
        var items: [IngestItem] = []
        for (i, date) in ["2023-02-28", "2023-04-01", "2023-09-30", "2023-10-01", "2023-12-31"].enumerated() {
            items.append(try makeItem(title: "q\(i)", published: date, sentences: ["Kyiv got $\(i + 1) today."],
                                      figures: [FigSpec(text: "$\(i + 1)", amount: "\(i + 1)", currency: "USD")]))
        }
        _ = try ledger.write { w in try items.map { try w.insert($0) } }
        let q = try ledger.totals(by: [.quarter])
        #expect(q.rows.map(flat) == ["2023-Q1|USD|committed|100|1", "2023-Q2|USD|committed|200|1",
                                     "2023-Q3|USD|committed|300|1", "2023-Q4|USD|committed|900|2"])
    }

    @Test func everyFilterNarrows() throws {
        let ledger = try fixtureLedger()
        func ids(_ f: FlowFilter) throws -> [Int64] { try ledger.flows(filter: f).map(\.id) }
        #expect(try ids(.all) == Array(1...11))
        #expect(try ids(FlowFilter(donors: ["united states", "Germany"])) == [1, 5, 6, 9])
        #expect(try ids(FlowFilter(donors: ["USA"])) == [1, 6, 9])
        #expect(try ids(FlowFilter(donors: ["nobody"])) == [])
        #expect(try ids(FlowFilter(recipients: ["ukr"])) == Array(1...11))
        #expect(try ids(FlowFilter(recipients: ["usa"])) == [])
        #expect(try ids(FlowFilter(mechanisms: ["era loans"])) == [2, 3, 4])
        #expect(try ids(FlowFilter(categories: ["Humanitarian"])) == [5, 8, 10])
        #expect(try ids(FlowFilter(statuses: ["disbursed"])) == [2, 5, 11])
        #expect(try ids(FlowFilter(currency: "gbp")) == [8, 10])
        #expect(try ids(FlowFilter(since: "2024-01-06")) == [5, 6, 7, 8, 11])
        #expect(try ids(FlowFilter(until: "2024-01-05")) == [1, 2, 3, 4])
        #expect(try ids(FlowFilter(since: "2024-01-07", until: "2024-01-07")) == [5, 6, 7, 8])
        #expect(try ids(FlowFilter(articleID: 3)) == [9, 10])
        #expect(try ids(FlowFilter(exactOnly: true)) == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(try ids(FlowFilter(donors: ["EU"], statuses: ["pledged"], exactOnly: true)) == [4])
        // Totals see the same filters.
        let t = try ledger.totals(by: [.donor], filter: FlowFilter(categories: ["humanitarian"], since: "2024-01-01"))
        #expect(t.rows.map(flat) == ["Germany|EUR|disbursed|150000000|1", "United Kingdom|GBP|committed|100000|1"])
        // Bad values are errors, not silent empty results.
        #expect(throws: LedgerError.self) { try ledger.flows(filter: FlowFilter(categories: ["weapons"])) }
        #expect(throws: LedgerError.self) { try ledger.flows(filter: FlowFilter(statuses: ["promised"])) }
        #expect(throws: LedgerError.self) { try ledger.flows(filter: FlowFilter(since: "last week")) }
        // User text is only ever bound: SQL in a filter value is just a string that matches nothing.
        #expect(try ids(FlowFilter(donors: ["x' OR 1=1 --"], mechanisms: ["') OR 1=1 --"])) == [])
        #expect(try ledger.counts().flows == 11)
    }

    @Test func convertsAtTheArticleDateFallingBackToFriday() throws {
        let ledger = try fixtureLedger()
        #expect(try ledger.importRates(csvText: fixtureRatesECB) == 8)
        let r = try ledger.totals(by: [.donor], filter: FlowFilter(statuses: ["disbursed"]), convertTo: "usd")
        #expect(r.groupBy == [.donor])
        #expect(r.convertTo == "USD")
        #expect(r.rows.map(flat) == [
            "European Union|USD|327630000000|1",   // 3bn EUR x 1.0921 (Friday's own rate)
            "Germany|USD|163815000|1",              // Sunday's 1.5m EUR at Friday's 1.0921
        ])
        // 2024-03-20 has no rate within 7 days: listed apart, not dropped.
        #expect(r.unconverted.map(flat) == ["European Union|EUR|700|1"])
        #expect(r.unconverted.first?.reason?.contains("no EUR->USD rate") == true)
        #expect(r.valuation?.hasPrefix("converted to USD at ECB reference rates of each article's date") == true)
        #expect(r.ratesUsed.map { "\($0.from)>\($0.to) \($0.date) \($0.rateDate) \($0.rateText) \($0.method.rawValue)" } == [
            "EUR>USD 2024-01-05 2024-01-05 1.0921 direct",
            "EUR>USD 2024-01-07 2024-01-05 1.0921 direct",
        ])
        // A window of one day no longer reaches Friday from Sunday.
        let tight = try ledger.totals(by: [.donor], filter: FlowFilter(statuses: ["disbursed"]), convertTo: "USD", maxRateAge: 1)
        #expect(tight.rows.map(flat) == ["European Union|USD|327630000000|1"])
        #expect(tight.unconverted.map(flat) == ["European Union|EUR|700|1", "Germany|EUR|150000000|1"])
    }

    @Test func crossesThroughEURAndKeepsUndatedApart() throws {
        let ledger = try fixtureLedger()
        try ledger.importRates(csvText: fixtureRatesECB)
        let r = try ledger.totals(by: [.donor], filter: FlowFilter(donors: ["GBR"]), convertTo: "USD")
        #expect(r.groupBy == [.donor, .status])
        // 1000 GBP x (1.0921 / 0.8612) = 1268.114259... USD -> 126811 cents (half-even).
        #expect(r.rows.map(flat) == ["United Kingdom|committed|USD|126811|1"])
        #expect(r.unconverted.map(flat) == ["United Kingdom|committed|GBP|500000000|1"])
        #expect(r.unconverted.first?.reason == "undated")
        #expect(r.ratesUsed.count == 1)
        #expect(r.ratesUsed.first?.method == .viaEUR)
        #expect(r.ratesUsed.first?.rateDate == "2024-01-05")
        // Same-currency amounts need no rate, even undated.
        let usd = try ledger.totals(by: [.donor], filter: FlowFilter(donors: ["usa"]), convertTo: "USD")
        #expect(usd.rows.map(flat) == ["United States|committed|USD|51000000000|2", "United States|pledged|USD|200000000000|1"])
        #expect(usd.unconverted.isEmpty && usd.ratesUsed.isEmpty)
    }

    /// Two amounts that each fit in Int64 cents but whose converted sum does not: a one-line
    /// error, never a trap (it crashed with an arithmetic overflow before).
    @Test func aConvertedSumBeyondInt64IsAnErrorNotACrash() throws {
        let ledger = try Ledger.inMemory()
        for (day, n) in [("2024-01-04", 1), ("2024-01-05", 2)] {
            let item = try makeItem(title: "huge \(n)", published: day, sentences: ["Tokyo pledged ¥60 quadrillion, test amount \(n)."],
                                    figures: [FigSpec(text: "¥60 quadrillion", amount: "60000000000000000", currency: "JPY",
                                                      donor: P.usa, status: .pledged)], source: "huge\(n).txt")
            // two flows on purpose: merging would make them one
            _ = try ledger.write(merge: .off) { w in try w.insert(item) }
        }
        #expect(throws: LedgerError.self) { try ledger.totals(by: [.donor], convertTo: "JPY") }
        // each day alone still converts
        let one = try ledger.totals(by: [.donor], filter: FlowFilter(since: "2024-01-05"), convertTo: "JPY")
        #expect(one.rows.map(flat) == ["United States|pledged|JPY|6000000000000000000|1"])
    }

    @Test func convertedTotalsApplyThePartsRuleAcrossCurrencies() throws {
        let ledger = try Ledger.inMemory()
        // A USD programme with a EUR part: once both are in USD, the part is inside its parent.
        let item = try makeItem(title: "p", published: "2024-01-05", sentences: [
            "Donors pledged $100 million.", "Of it, €10 million comes from Brussels."
        ], figures: [
            FigSpec(text: "$100 million", amount: "100000000", currency: "USD", donor: P.g7, status: .pledged),
            FigSpec(text: "€10 million", amount: "10000000", currency: "EUR", donor: P.g7, status: .pledged, partOf: 0),
        ])
        _ = try ledger.write { w in try w.insert(item) }
        try ledger.importRates(csvText: "date,base,quote,rate\n2024-01-05,EUR,USD,1.1\n")
        let r = try ledger.totals(by: [.donor], convertTo: "USD")
        #expect(r.rows.map(flat) == ["G7|pledged|USD|10000000000|1"])
        #expect(r.partsLeftOut == 1)
        let all = try ledger.totals(by: [.donor], includeParts: true, convertTo: "USD")
        #expect(all.rows.map(flat) == ["G7|pledged|USD|11100000000|2"])
        // Unconverted in their own currency they are different rows: both count.
        let plain = try ledger.totals(by: [.donor])
        #expect(plain.rows.map(flat) == ["G7|EUR|pledged|1000000000|1", "G7|USD|pledged|10000000000|1"])
        #expect(plain.partsLeftOut == 0)
    }

    @Test func civilDateArithmetic() {
        #expect(CivilDate.days("1970-01-01") == 0)
        #expect(CivilDate.days("2000-03-01") == 11017)
        #expect(CivilDate.minus("2024-03-01", days: 1) == "2024-02-29")
        #expect(CivilDate.minus("2024-01-07", days: 7) == "2023-12-31")
        #expect(CivilDate.minus("1900-03-01", days: 1) == "1900-02-28")
        for d in stride(from: -719_162, to: 2_932_896, by: 997) {
            #expect(CivilDate.days(CivilDate.string(d)) == d)
        }
    }
}

@Suite struct QueryPlanTests {
    private func plan(_ ledger: Ledger, _ sql: String) throws -> String {
        let st = try ledger.database.prepare("EXPLAIN QUERY PLAN " + sql)
        var lines: [String] = []
        while try st.step() { lines.append(st.string(3) ?? "") }
        return lines.joined(separator: "\n")
    }

    /// Totals by donor, currency and status read the rollup tables (by primary key, no sort);
    /// other groupings read flows.
    @Test func donorTotalsReadTheRollup() throws {
        let ledger = try fixtureLedger()
        ledger.queryLog = []
        _ = try ledger.totals(by: [.donor])
        _ = try ledger.totals(by: [.recipient])
        let log = try #require(ledger.queryLog)
        #expect(log.count == 4)
        let main = try plan(ledger, log[0]), parts = try plan(ledger, log[1])
        #expect(log[0].contains("FROM flow_totals_donor t"))
        #expect(main.contains("SCAN t") && !main.contains("TEMP B-TREE"), "\(main)")
        #expect(log[1].contains("flow_totals_donor_parts"), "\(parts)")
        #expect(log[2].contains("FROM flows f"))
        #expect(ledger.database.busyStatementCount == 0)
    }

    /// Without the rollup (and for groupings it cannot answer), the default totals read only the
    /// covering index, and the parts correction starts from the partial index of parts (not from
    /// a scan of every flow). No statement is left running.
    @Test func defaultTotalsUseTheCoveringIndexes() throws {
        let ledger = try fixtureLedger()
        ledger.totalsRollupEnabled = false
        ledger.queryLog = []
        _ = try ledger.totals(by: [.donor])
        _ = try ledger.totals(by: [.recipient])
        let log = try #require(ledger.queryLog)
        #expect(log.count == 4)
        #expect(try plan(ledger, log[0]).contains("USING COVERING INDEX flows_totals_donor"))
        #expect(try plan(ledger, log[2]).contains("SCAN f"))
        for corr in [log[1], log[3]] {
            let p = try plan(ledger, corr)
            #expect(p.contains("INDEX flows_part_of"), "\(p)")
            #expect(p.contains("INTEGER PRIMARY KEY"), "\(p)")
        }
        // For the default grouping the parts (c) are read from the covering partial index alone.
        #expect(try plan(ledger, log[1]).contains("SEARCH c USING COVERING INDEX flows_part_of"))
        // No temporary sort for the default grouping either.
        #expect(try !plan(ledger, log[0]).contains("TEMP B-TREE"))
        _ = try ledger.flows(filter: FlowFilter(donors: ["eu"]))
        _ = try ledger.flow(id: 4)
        try ledger.export { (_: UnsafeRawBufferPointer) in }
        #expect(ledger.database.busyStatementCount == 0)
    }

    /// Converted totals group by (donor, currency, status, published): the covering index has the
    /// date in that position, so the buckets stream in index order with no sort; the parts
    /// correction comes first (its buckets are subtracted as the main scan streams).
    @Test func convertedTotalsStreamInIndexOrder() throws {
        let ledger = try fixtureLedger()
        try ledger.importRates(csvText: fixtureRatesECB)
        ledger.queryLog = []
        _ = try ledger.totals(by: [.donor, .currency], convertTo: "USD")
        let log = try #require(ledger.queryLog)
        #expect(log.count == 2)
        let corr = try plan(ledger, log[0]), main = try plan(ledger, log[1])
        #expect(corr.contains("SEARCH c USING COVERING INDEX flows_part_of"), "\(corr)")
        #expect(main.contains("SCAN f USING COVERING INDEX flows_totals_donor"), "\(main)")
        #expect(!main.contains("TEMP B-TREE"), "\(main)")
        #expect(ledger.database.busyStatementCount == 0)
    }
}
