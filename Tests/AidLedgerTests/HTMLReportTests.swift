import AidExtraction
import Foundation
import Testing
@testable import AidLedger

// The HTML report (`Ledger.htmlReport`): sections, escaping, no external resource, the capped
// flows table. Sentences here are written for these tests.

/// The text of `<section id="ID">` … `</section>` in `html` (empty when there is none).
private func section(_ id: String, in html: String) -> String {
    guard let start = html.range(of: "<section id=\"\(id)\">"),
          let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return "" }
    return String(html[start.lowerBound..<end.upperBound])
}

/// Occurrences of `needle` in `hay`.
private func count(_ needle: String, in hay: String) -> Int {
    hay.components(separatedBy: needle).count - 1
}

/// An article whose front matter also names its outlet and URL (`makeItem` writes the title line
/// as given, so the extra lines ride on it).
private func itemWithURL(title: String, outlet: String, url: String, published: String, sentences: [String],
                         figures: [FigSpec], source: String) throws -> IngestItem {
    try makeItem(title: "\(title)\nsource: \(outlet)\nurl: \(url)", published: published, sentences: sentences,
                 figures: figures, source: source)
}

@Suite struct HTMLReportTests {
    @Test func everySectionAndOneChartPerCurrency() throws {
        let ledger = try fixtureLedger()
        let html = try ledger.htmlReport()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for id in ["summary", "by-donor", "by-category", "by-status", "by-month", "gap", "flows"] {
            #expect(html.contains("id=\"\(id)\""), "no #\(id)")
        }
        #expect(!html.contains("id=\"valuation\""))      // not converted: no valuation
        let byDonor = section("by-donor", in: html)
        for c in ["EUR", "GBP", "USD"] {
            #expect(count("<figure class=\"chart\" data-currency=\"\(c)\">", in: byDonor) == 1, "\(c)")
        }
        // One bar per totals row, each with the amount `totals` prints, in its currency's chart.
        let totals = try ledger.totals(by: [.donor])
        #expect(count("<g class=\"bar\"", in: byDonor) == totals.rows.count)
        for r in totals.rows {
            let amount = ReportText.amount(r.sumCents)
            #expect(byDonor.contains("<g class=\"bar\" data-label=\"\(ReportText.escape(r.values[0]))\" data-status=\"\(r.values[2])\" "
                                     + "data-currency=\"\(r.currency)\" data-amount=\"\(ReportText.plainAmount(r.sumCents))\""),
                    "\(r.values)")
            #expect(byDonor.contains("data-currency=\"\(r.currency)\">\(amount)</span>"), "\(r.values) \(amount)")
        }
        #expect(byDonor.contains(">3,000,000,007.00</span>"))     // the EU's EUR disbursements: 3bn + €7
        // By status: per currency and status, never added.
        let byStatus = section("by-status", in: html)
        #expect(count("<g class=\"bar\"", in: byStatus) == (try ledger.totals(by: [.status])).rows.count)
        // By month: the undated article is named apart; the parts rule note shows where it applies.
        let byMonth = section("by-month", in: html)
        #expect(byMonth.contains("<rect class=\"bar\" data-month=\"2024-01\" data-status=\"pledged\" data-currency=\"USD\""))
        #expect(byMonth.contains("Undated"))
        #expect(section("by-category", in: html).contains("left out as part of another flow"))
        // The gap by donor: a table row and a bar per donor and currency.
        let gap = section("gap", in: html)
        let gapReport = try ledger.gap(by: .donor)
        #expect(count("<tr class=\"gap-row\"", in: gap) == gapReport.rows.count)
        #expect(count("<g class=\"gap-bar\"", in: gap) == gapReport.rows.count)
        #expect(gap.contains("data-label=\"Germany\" data-currency=\"EUR\" data-pledged=\"1500000.00\" data-committed=\"1500000.00\" data-disbursed=\"1500000.00\" data-share=\"1.0000\""))
        // The flows: all 11, newest first, the undated ones last, each with its evidence.
        let flows = section("flows", in: html)
        #expect(count("<tr id=\"flow-", in: flows) == 11)
        #expect(!flows.contains("flows-more"))
        let order = ["flow-11", "flow-5", "flow-1", "flow-9"].map { flows.range(of: "id=\"\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! })
        #expect(flows.contains("<mark>€7</mark>"))
        #expect(flows.contains("<span class=\"outlet\">a.txt</span>"))
    }

    @Test func everyValueIsEscaped() throws {
        let item = try makeItem(title: "<script>alert('title')</script> & \"quotes\"", published: "2024-05-02", sentences: [
            "The <b>Fund</b> & partners sent €40 million to <i>Kyiv</i>.",
        ], figures: [FigSpec(text: "€40 million", amount: "40000000", currency: "EUR", donor: P.eu, mechanism: "<img src=x onerror=alert(1)>",
                             status: .disbursed)], source: "<evil>.txt")
        let ledger = try Ledger.inMemory()
        _ = try ledger.write { w in try w.insert(item) }
        let html = try ledger.htmlReport(options: HTMLReportOptions(title: "Report </title><script>alert(1)</script>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img") && !html.contains("<b>") && !html.contains("<i>") && !html.contains("<evil>"))
        #expect(html.contains("<title>Report &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("The &lt;b&gt;Fund&lt;/b&gt; &amp; partners sent <mark>€40 million</mark> to &lt;i&gt;Kyiv&lt;/i&gt;."))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(ReportText.escape("a\u{01}b") == "a\u{FFFD}b")
    }

    @Test func noExternalResourceAndLinksOnlyToArticles() throws {
        let good = try itemWithURL(title: "Aid arrives", outlet: "Harbour Herald", url: "https://news.example.org/aid?id=1&lang=en",
                                   published: "2024-06-01", sentences: ["Germany disbursed €12 million for water."],
                                   figures: [FigSpec(text: "€12 million", amount: "12000000", currency: "EUR", donor: P.deu, status: .disbursed)],
                                   source: "good.txt")
        let bad = try itemWithURL(title: "Trick", outlet: "Nowhere", url: "javascript:alert(1)",
                                  published: "2024-06-02", sentences: ["Germany pledged €13 million for roads."],
                                  figures: [FigSpec(text: "€13 million", amount: "13000000", currency: "EUR", donor: P.deu, status: .pledged)],
                                  source: "bad.txt")
        let ledger = try Ledger.inMemory()
        _ = try ledger.write(merge: .off) { w in try [good, bad].map { try w.insert($0) } }
        let html = try ledger.htmlReport()
        let lower = html.lowercased()
        for banned in ["src=", "<script", "<link", "<iframe", "<object", "<embed", "<img", "@import", "url(", "@font-face", "javascript:"] {
            #expect(!lower.contains(banned), "\(banned)")
        }
        // The only href is the article's own http(s) URL, in the flows table.
        #expect(count("href=", in: lower) == 1)
        #expect(section("flows", in: html).contains(
            "<a class=\"source-link\" href=\"https://news.example.org/aid?id=1&amp;lang=en\" rel=\"noopener noreferrer\">Aid arrives</a>"))
        #expect(html.contains("<span class=\"outlet\">Nowhere</span>, <cite>Trick</cite>"))
        // Inline only: the CSS is in the page, every chart an inline SVG sized by its viewBox.
        #expect(html.contains("<style>") && html.contains("@media print") && html.contains("@media (max-width:"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<svg viewBox=\"0 0 480 ") && html.contains("width=\"100%\""))
        #expect(html.contains("default-src 'none'"))
    }

    @Test func theFlowsTableShowsTheThousandMostRecent() throws {
        var items: [IngestItem] = []
        for i in 0..<1005 {
            let amount = 1_000_000 + i * 1000
            let date = CivilDate.string((CivilDate.days("2020-01-01") ?? 0) + i)
            items.append(try makeItem(title: "Note \(i)", published: date, sentences: ["Germany sent EUR \(amount) to Kyiv."],
                                      figures: [FigSpec(text: "EUR \(amount)", amount: String(amount), currency: "EUR", donor: P.deu,
                                                        status: .disbursed)],
                                      source: "n\(i).txt"))
        }
        let ledger = try Ledger.inMemory()
        _ = try ledger.write(merge: .off) { w in try items.map { try w.insert($0) } }
        #expect(try ledger.counts().flows == 1005)
        let html = try ledger.htmlReport()
        let flows = section("flows", in: html)
        #expect(count("<tr id=\"flow-", in: flows) == 1000)
        #expect(flows.contains("<p class=\"more\" id=\"flows-more\">The 1,000 most recent of 1,005 flows, newest first; 5 more: "
                               + "<code>aidledger export</code> with the same filters gives all 1,005.</p>"))
        // Newest first: the last article's flow is in, the five oldest are not.
        #expect(flows.contains("id=\"flow-1005\""))
        for id in 1...5 { #expect(!flows.contains("id=\"flow-\(id)\""), "flow \(id)") }
        #expect(flows.contains("id=\"flow-6\""))
        // The charts still count every flow.
        #expect(section("by-donor", in: html).contains("data-flows=\"1005\""))
        // A filter narrows both.
        let narrow = try ledger.htmlReport(filter: FlowFilter(since: "2022-09-01"))
        #expect(!section("flows", in: narrow).contains("flows-more"))
    }

    @Test func convertedReportNamesItsValuationAndRates() throws {
        let ledger = try fixtureLedger()
        _ = try ledger.importRates(csvText: fixtureRatesECB)
        let html = try ledger.htmlReport(options: HTMLReportOptions(convertTo: "EUR"))
        let totals = try ledger.totals(by: [.donor], convertTo: "EUR")
        let valuation = section("valuation", in: html)
        #expect(valuation.contains(ReportText.escape(totals.valuation ?? "?")))
        for r in totals.ratesUsed {
            #expect(valuation.contains("<tr class=\"rate\"><td>\(r.from)</td><td>EUR</td><td>\(r.date)</td><td>\(r.rateDate)</td>"
                                       + "<td class=\"num\">\(r.rateText)</td>"), "\(r.from) \(r.date)")
        }
        // Converted rows in one EUR chart; what has no rate (the undated article) in its own currency.
        let byDonor = section("by-donor", in: html)
        #expect(count("<figure class=\"chart\" data-currency=\"EUR\">", in: byDonor) == 1)
        #expect(byDonor.contains("<figcaption>USD, not converted</figcaption>"))
        #expect(byDonor.contains("<figcaption>GBP, not converted</figcaption>"))
        for r in totals.rows {
            #expect(byDonor.contains("data-currency=\"EUR\">\(ReportText.amount(r.sumCents))</span>"), "\(r.values)")
        }
    }

    @Test func asOfAndAnEmptyLedger() throws {
        let ledger = try fixtureLedger()
        let html = try ledger.htmlReport(filter: FlowFilter(asOf: "2024-01-06"))
        #expect(html.contains("as known on 2024-01-06"))
        let flows = section("flows", in: html)
        #expect(flows.contains("id=\"flow-1\"") && !flows.contains("id=\"flow-11\""))   // article D (2024-03-20) not yet known
        let empty = try Ledger.inMemory().htmlReport()
        #expect(section("by-donor", in: empty).contains("No flows match."))
        #expect(empty.contains("<span id=\"flow-count\">0 flows</span>"))
    }
}
