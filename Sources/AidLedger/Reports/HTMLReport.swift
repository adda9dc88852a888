import Foundation

/// What `Ledger.htmlReport` shows.
public struct HTMLReportOptions: Sendable, Hashable {
    /// The page's title and heading.
    public var title: String
    /// Convert every amount to this currency at dated rates (as `totals --in`).
    public var convertTo: String?
    public var maxRateAge: Int
    /// The flows table shows at most this many flows, the most recent first.
    public var flowLimit: Int
    /// Count parts even where their parent is counted (as `totals --include-parts`).
    public var includeParts: Bool

    public static let defaultTitle = "Aid ledger report"

    public init(title: String = HTMLReportOptions.defaultTitle, convertTo: String? = nil, maxRateAge: Int = 7,
                flowLimit: Int = 1000, includeParts: Bool = false) {
        self.title = title; self.convertTo = convertTo; self.maxRateAge = maxRateAge
        self.flowLimit = flowLimit; self.includeParts = includeParts
    }
}

extension Ledger {
    /// One self-contained HTML page of the flows matching `filter`: totals by donor, category and
    /// status as bar charts (inline SVG, one chart per currency unless converted), a time series
    /// by month, the pledge-to-delivery gap by donor, the most recent flows with their evidence
    /// and sources, and the valuation and rates used when converting. No script, no external
    /// resource: inline CSS and SVG only; every value from the ledger is HTML-escaped.
    /// The figures are those of `totals` and `gap` with the same filter (docs/report.md).
    public func htmlReport(filter: FlowFilter = .all, options: HTMLReportOptions = HTMLReportOptions()) throws -> String {
        if let date = filter.asOf {
            var f = filter
            f.asOf = nil
            return try withAsOf(date) { try buildReport(filter: f, asOf: date, options: options) }
        }
        return try buildReport(filter: filter, asOf: nil, options: options)
    }

    private func buildReport(filter: FlowFilter, asOf: String?, options o: HTMLReportOptions) throws -> String {
        typealias E = ReportText
        let target = o.convertTo?.uppercased()
        func totals(_ key: GroupKey) throws -> TotalsReport {
            try self.totals(by: [key], filter: filter, includeParts: o.includeParts, convertTo: target, maxRateAge: o.maxRateAge)
        }
        let byDonor = try totals(.donor), byCategory = try totals(.category), byStatus = try totals(.status)
        let byMonth = try totals(.month)
        let gapReport = try gap(by: .donor, filter: filter, includeParts: o.includeParts, convertTo: target, maxRateAge: o.maxRateAge)
        let singleStatus = filter.distinctStatuses.count == 1 ? filter.distinctStatuses.first : nil

        // The flows: every flow the filter matches (voided ones too, as `export` gives them).
        let w = try whereClause(filter, alias: "f")
        let total = Int(try database.scalarInt("SELECT COUNT(*) FROM flows f WHERE \(w.sql)", w.values) ?? 0)
        let voided = Int(try database.scalarInt("SELECT COUNT(*) FROM flows f WHERE \(w.sql) AND f.voided = 1", w.values) ?? 0)
        // The ids first (one pass over flows), then the joins for those rows only.
        let newest = "ORDER BY f.published IS NULL, f.published DESC, f.id DESC"
        let recent = try database.prepare(Self.flowSelect
            + " WHERE f.id IN (SELECT f.id FROM flows f WHERE \(w.sql) \(newest) LIMIT ?) \(newest)")
        try recent.bind(w.values + [.integer(Int64(max(0, o.flowLimit)))])
        var flows: [FlowRecord] = []
        while try recent.step() { flows.append(Self.record(recent)) }
        queryLog?.append(recent.sql)
        let sourcesQuery = try database.prepare("""
            SELECT a.title, a.source, a.url, s.published, s.stage, m.surface, se.text, s.lost
            FROM main.flow_sources s JOIN main.articles a ON a.id = s.article_id JOIN main.mentions m ON m.id = s.mention_id
            LEFT JOIN main.sentences se ON se.id = m.sentence_id
            WHERE s.flow_id = ?\(asOf == nil ? "" : " AND s.known_on <= ?")
            ORDER BY s.published IS NULL, s.published, s.id
            """)

        var h = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="generator" content="aidledger report">
            <title>\(E.escape(o.title))</title>
            <style>\(Self.reportCSS)</style>
            </head>
            <body>
            <main>

            """

        // Summary.
        var scope: [String] = []
        if let asOf { scope.append("as known on \(asOf)") }
        scope += Self.describe(filter)
        h += "<header id=\"summary\"><h1>\(E.escape(o.title))</h1>"
        h += "<p class=\"meta\"><span id=\"flow-count\">\(E.plural(total, "flow"))</span>"
            + (voided > 0 ? " (\(E.count(voided)) voided: listed, never counted)" : "")
            + (scope.isEmpty ? "" : " · " + E.escape(scope.joined(separator: " · ")))
            + (target.map { " · converted to \(E.escape($0)) (see Valuation)" } ?? " · each currency apart") + "</p>"
        h += "<p class=\"legend\">" + ReportCharts.statusOrder.map { "<span class=\"key \($0)\"></span>\($0)" }.joined(separator: " ")
            + "</p>"
        h += "<p class=\"note\">Amounts are exact sums of the ledger, as <code>aidledger totals</code> prints them. "
            + (target == nil ? "Amounts in different currencies are never added: one chart per currency. "
                : "Every amount is converted at the rate of its article's date (below); what could not be converted is shown apart, in its own currency. ")
            + "Pledges, commitments and disbursements are never added together: each bar is one status.</p></header>\n"

        var sections: [String: String] = [:]
        // Totals by donor, category, status.
        for (id, heading, key, report) in [("by-donor", "Totals by donor", "donor", byDonor),
                                           ("by-category", "Totals by category", "category", byCategory),
                                           ("by-status", "Totals by status", "status", byStatus)] {
            var t = "<section id=\"\(id)\"><h2>\(heading)</h2>"
            let charts = ReportCharts.bars(of: report, singleStatus: singleStatus)
            if charts.isEmpty { t += "<p class=\"empty\">No flows match.</p>" }
            t += "<div class=\"charts\">"
            for c in charts {
                let caption = c.unconverted ? "\(c.currency), not converted" : c.currency
                t += "<div class=\"chart-block\">" + ReportCharts.barChart(c.bars, currency: c.currency, caption: caption, what: heading)
                    + ReportCharts.barTable(c.bars, keyName: key) + "</div>"
            }
            sections[id] = t + "</div>" + Self.partsNote(report.partsLeftOut) + "</section>\n"
        }

        // Time series by month.
        var m = "<section id=\"by-month\"><h2>By month</h2>"
        let monthCharts = ReportCharts.bars(of: byMonth, singleStatus: singleStatus)
        if monthCharts.isEmpty { m += "<p class=\"empty\">No flows match.</p>" }
        m += "<div class=\"charts\">"
        var undated: [ReportCharts.Bar] = []
        let axis = ReportCharts.monthAxis(monthCharts.flatMap { $0.bars.map(\.label) })
        for c in monthCharts {
            undated += c.bars.filter { $0.label == "undated" }
            let dated = c.bars.filter { $0.label != "undated" }
            guard !dated.isEmpty else { continue }
            let caption = c.unconverted ? "\(c.currency), not converted" : c.currency
            m += "<div class=\"chart-block\">" + ReportCharts.monthChart(dated, axis: axis, currency: c.currency, caption: caption)
                + (dated.count <= 120 ? ReportCharts.barTable(dated, keyName: "month")
                    : "<p class=\"note\">\(E.count(dated.count)) month and status totals (each column's tooltip gives its amount): "
                        + "<code>aidledger totals --by month "
                        + (c.unconverted || target == nil ? "--currency \(E.escape(c.currency))" : "--in \(E.escape(c.currency))")
                        + "</code> lists them.</p>") + "</div>"
        }
        m += "</div>"
        if !undated.isEmpty {
            m += "<p class=\"undated\">Undated (no article date): " + undated.map {
                "<span class=\"total\" data-label=\"undated\"\($0.status.map { " data-status=\"\(E.escape($0))\"" } ?? "") "
                    + "data-currency=\"\(E.escape($0.currency))\">\(E.amount($0.cents))</span> \(E.escape($0.currency))"
                    + ($0.status.map { " " + E.escape($0) } ?? "") + " (\(E.plural($0.flows, "flow")))"
            }.joined(separator: "; ") + "</p>"
        }
        sections["by-month"] = m + Self.partsNote(byMonth.partsLeftOut) + "</section>\n"

        // The gap by donor.
        var g = "<section id=\"gap\"><h2>Pledged, committed, disbursed by donor</h2>"
        g += "<p class=\"note\">Cumulative stages: <em>pledged</em> counts every flow (each reached at least the pledge), "
            + "<em>committed</em> the flows committed or disbursed, <em>disbursed</em> the flows disbursed. "
            + "Delivered = disbursed ÷ pledged. As <code>aidledger gap --by donor</code>.</p>"
        let gapRows = gapReport.rows + gapReport.unconverted
        if gapRows.isEmpty {
            g += "<p class=\"empty\">No flows match.</p>"
        } else {
            var table = "<div class=\"table-wrap\"><table class=\"gap\"><thead><tr><th>donor</th><th>currency</th>"
                + "<th class=\"num\">pledged</th><th class=\"num\">committed</th><th class=\"num\">disbursed</th>"
                + "<th class=\"num\">delivered</th><th class=\"num\">flows</th></tr></thead><tbody>"
            for r in gapRows {
                table += "<tr class=\"gap-row\" data-label=\"\(E.escape(r.party))\" data-currency=\"\(E.escape(r.currency))\">"
                    + "<td>\(E.escape(r.party))</td><td>\(E.escape(r.currency))\(r.reason.map { " <span class=\"reason\">(not converted: \(E.escape($0)))</span>" } ?? "")</td>"
                    + "<td class=\"num pledged\">\(E.amount(r.pledgedCents))</td><td class=\"num committed\">\(E.amount(r.committedCents))</td>"
                    + "<td class=\"num disbursed\">\(E.amount(r.disbursedCents))</td>"
                    + "<td class=\"num share\">\(GapReport.percent(r.disbursedCents, of: r.pledgedCents) ?? "")</td>"
                    + "<td class=\"num\">\(r.flows)</td></tr>"
            }
            table += "</tbody></table></div>"
            var charts = "<div class=\"charts\">"
            var groups: [(String, Bool, [GapRow])] = []
            for (rows, unconverted) in [(gapReport.rows, false), (gapReport.unconverted, true)] {
                var byCurrency: [String: [GapRow]] = [:]
                for r in rows { byCurrency[r.currency, default: []].append(r) }
                for c in byCurrency.keys.sorted() { groups.append((c, unconverted, byCurrency[c] ?? [])) }
            }
            for (currency, unconverted, rows) in groups {
                charts += "<div class=\"chart-block\">" + ReportCharts.gapChart(rows, currency: currency,
                                                                                caption: unconverted ? "\(currency), not converted" : currency) + "</div>"
            }
            charts += "</div>"
            // A long table goes under the charts, folded.
            g += gapRows.count <= ReportCharts.maxBars ? table + charts
                : charts + "<details class=\"data\"><summary>All \(E.count(gapRows.count)) rows</summary>\(table)</details>"
        }
        sections["gap"] = g + Self.partsNote(gapReport.partsLeftOut, column: true) + "</section>\n"

        for id in ["gap", "by-donor", "by-month", "by-category", "by-status"] { h += sections[id] ?? "" }

        // The flows.
        h += "<section id=\"flows\"><h2>Flows</h2>"
        if flows.count < total {
            h += "<p class=\"more\" id=\"flows-more\">The \(E.count(flows.count)) most recent of \(E.plural(total, "flow")), newest first; "
                + "\(E.count(total - flows.count)) more: <code>aidledger export</code> with the same filters gives all \(E.count(total)).</p>"
        } else {
            h += "<p class=\"count\">\(total == 1 ? "The flow" : "All \(E.plural(total, "flow"))"), newest first.</p>"
        }
        if !flows.isEmpty {
            h += "<div class=\"table-wrap\"><table class=\"flows\"><thead><tr><th class=\"num\">id</th><th>date</th>"
                + "<th class=\"num\">amount</th><th>currency</th><th>donor</th><th>recipient</th><th>mechanism</th>"
                + "<th>category</th><th>status</th><th class=\"num\">sources</th></tr></thead><tbody>"
            for f in flows {
                try sourcesQuery.bind(f.id, at: 1)
                if let asOf { try sourcesQuery.bind(asOf, at: 2) }
                var sources: [String] = []
                var shown = 0, more = 0
                while try sourcesQuery.step() {
                    guard shown < 10 else { more += 1; continue }
                    shown += 1
                    sources.append(Self.sourceItem(title: sourcesQuery.string(0), outlet: sourcesQuery.string(1) ?? "",
                                                   url: sourcesQuery.string(2), published: sourcesQuery.string(3),
                                                   stage: sourcesQuery.string(4) ?? "", surface: sourcesQuery.string(5) ?? "",
                                                   sentence: sourcesQuery.string(6) ?? "", lost: sourcesQuery.int64(7) != 0))
                }
                sourcesQuery.reset()
                if sources.isEmpty {
                    sources.append(Self.sourceItem(title: f.articleTitle, outlet: f.source, url: nil, published: f.published,
                                                   stage: f.status, surface: f.surface, sentence: f.sentence, lost: false))
                }
                if more > 0 { sources.append("<li class=\"more-sources\">\(E.plural(more, "more source")): <code>aidledger show \(f.id)</code></li>") }
                var amount = E.amount(f.amount)
                if let max = f.amountMax { amount += "–" + E.amount(max) }
                if f.approximate { amount = "~" + amount }
                h += "<tr id=\"flow-\(f.id)\" class=\"flow\(f.voided ? " voided" : "")\" data-status=\"\(E.escape(f.status))\">"
                    + "<td class=\"num\">\(f.id)</td><td class=\"date\">\(E.escape(f.published ?? "undated"))</td>"
                    + "<td class=\"num\">\(amount)</td><td>\(E.escape(f.currency))</td>"
                    + "<td>\(E.escape(f.donor ?? ""))</td><td>\(E.escape(f.recipient ?? ""))</td>"
                    + "<td>\(E.escape(f.mechanism ?? ""))</td><td>\(E.escape(f.category))</td>"
                    + "<td>\(E.escape(f.status))\(f.voided ? " <span class=\"voided\">(voided)</span>" : "")"
                    + (f.partOf.map { " <span class=\"part\">part of #\($0)</span>" } ?? "") + "</td>"
                    + "<td class=\"num\">\(f.sources)</td></tr>\n"
                    + "<tr class=\"evidence\(f.voided ? " voided" : "")\" data-flow=\"\(f.id)\"><td></td><td colspan=\"9\"><ul>\(sources.joined())</ul></td></tr>\n"
            }
            h += "</tbody></table></div>"
        }
        h += "</section>\n"

        // Valuation.
        if let target {
            var rates: Set<RateUse> = []
            for r in [byDonor, byCategory, byStatus, byMonth] { rates.formUnion(r.ratesUsed) }
            rates.formUnion(gapReport.ratesUsed)
            let sorted = rates.sorted { ($0.from, $0.date) < ($1.from, $1.date) }
            h += "<section id=\"valuation\"><h2>Valuation</h2><p class=\"valuation\">\(E.escape(byDonor.valuation ?? "converted to \(target)"))</p>"
            if sorted.isEmpty {
                h += "<p>No rate was needed.</p>"
            } else {
                h += "<div class=\"table-wrap\"><table class=\"rates\"><thead><tr><th>from</th><th>to</th><th>for date</th>"
                    + "<th>rate date</th><th class=\"num\">rate</th><th>method</th></tr></thead><tbody>"
                for r in sorted {
                    h += "<tr class=\"rate\"><td>\(E.escape(r.from))</td><td>\(E.escape(r.to))</td><td>\(E.escape(r.date))</td>"
                        + "<td>\(E.escape(r.rateDate))</td><td class=\"num\">\(E.escape(r.rateText))</td><td>\(E.escape(r.method.rawValue))</td></tr>"
                }
                h += "</tbody></table></div>"
            }
            let unconverted = byStatus.unconverted
            if !unconverted.isEmpty {
                h += "<p class=\"unconverted\">Not converted, kept in their own currency: " + unconverted.map {
                    "\(E.amount($0.sumCents)) \(E.escape($0.currency)) \(E.escape($0.values.first ?? "")) (\(E.escape($0.reason ?? "")))"
                }.joined(separator: "; ") + ".</p>"
            }
            h += "</section>\n"
        }

        h += "<footer><p>Made by <code>aidledger report</code> from the ledger alone: no script, no network. "
            + "<code>aidledger totals</code>, <code>gap</code> and <code>export</code> with the same filters give the same figures.</p></footer>\n"
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    /// One source of a flow in the flows table: the sentence with the figure marked, and where it
    /// comes from (a link only to an http(s) article URL; else the outlet's name as text).
    private static func sourceItem(title: String?, outlet: String, url: String?, published: String?, stage: String,
                                   surface: String, sentence: String, lost: Bool) -> String {
        typealias E = ReportText
        var quote = E.escape(sentence)
        if !surface.isEmpty, let r = sentence.range(of: surface) {
            quote = E.escape(String(sentence[..<r.lowerBound])) + "<mark>" + E.escape(surface) + "</mark>"
                + E.escape(String(sentence[r.upperBound...]))
        }
        let name = title.map { E.escape($0) } ?? E.escape(outlet)
        var origin: String
        if let link = E.httpURL(url) {
            origin = "<a class=\"source-link\" href=\"\(E.escape(link))\" rel=\"noopener noreferrer\">\(name)</a>"
            if title != nil, !outlet.isEmpty { origin += ", <span class=\"outlet\">\(E.escape(outlet))</span>" }
        } else {
            origin = "<span class=\"outlet\">\(E.escape(outlet))</span>" + (title.map { ", <cite>\(E.escape($0))</cite>" } ?? "")
        }
        return "<li class=\"source\"><q>\(quote)</q> <span class=\"origin\">— \(origin), \(E.escape(published ?? "undated")), "
            + "\(E.escape(stage))\(lost ? ", no longer found in the article" : "")</span></li>"
    }

    private static func partsNote(_ n: Int, column: Bool = false) -> String {
        guard n > 0 else { return "" }
        return "<p class=\"parts\">\(ReportText.plural(n, "flow")) left out \(column ? "of pledged " : "")as part of another flow "
            + "in the same row (<code>--include-parts</code> counts them).</p>"
    }

    /// The filter in words, for the page's header.
    static func describe(_ f: FlowFilter) -> [String] {
        var out: [String] = []
        func list(_ name: String, _ values: [String]) { if !values.isEmpty { out.append("\(name): \(values.joined(separator: ", "))") } }
        list("donor", f.donors); list("recipient", f.recipients); list("mechanism", f.mechanisms)
        list("category", f.categories); list("status", f.statuses)
        if let c = f.currency { out.append("currency: \(c)") }
        if let s = f.since { out.append("since \(s)") }
        if let u = f.until { out.append("until \(u)") }
        if let a = f.articleID { out.append("article #\(a)") }
        if f.exactOnly { out.append("exact figures only") }
        return out
    }

    /// The page's only style sheet: readable at a phone's width (tables scroll sideways, charts
    /// scale with their viewBox) and in print.
    static let reportCSS = """
        :root{--ink:#1d232b;--muted:#5b6673;--line:#e3e7ec;--pledged:#9cc3e6;--committed:#3d85c6;--disbursed:#0b3f73;--track:#f1f3f6}
        *{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;color:var(--ink);background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
        main{max-width:1040px;margin:0 auto;padding:16px}
        h1{font-size:1.6em;margin:.2em 0 .3em}
        h2{font-size:1.2em;margin:0 0 .6em;padding-bottom:.25em;border-bottom:2px solid var(--line)}
        section{margin:32px 0}
        .meta,.note,.count,.more,.parts,.undated,.unconverted,footer{color:var(--muted);font-size:.92em}
        .more{color:var(--ink);font-weight:600}
        code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em;background:#f5f6f8;padding:0 .25em;border-radius:3px}
        .legend{font-size:.9em}
        .key{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 .8em;vertical-align:-.1em;border-radius:2px}
        .key:first-child{margin-left:0}
        .key.pledged{background:var(--pledged)}.key.committed{background:var(--committed)}.key.disbursed{background:var(--disbursed)}
        table.gap{margin-bottom:18px}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,440px),1fr));gap:18px 28px}
        .chart-block{min-width:0}
        figure{margin:0}
        figcaption{font-weight:600;margin-bottom:4px}
        .capped{font-weight:400;color:var(--muted);font-size:.85em}
        svg{display:block;width:100%;height:auto;max-width:640px;overflow:visible}
        svg text{font-size:14px;fill:var(--ink)}
        svg text.amount{font-variant-numeric:tabular-nums}
        svg text.tick,svg text.axis{font-size:11px;fill:var(--muted)}
        svg .track{fill:var(--track)}
        svg .baseline{stroke:#b9c1cb;stroke-width:1}
        g.bar .fill,rect.bar{fill:var(--pledged)}
        g.bar[data-status=committed] .fill,rect.bar[data-status=committed]{fill:var(--committed)}
        g.bar[data-status=disbursed] .fill,rect.bar[data-status=disbursed]{fill:var(--disbursed)}
        g.gap-bar .pledged{fill:var(--pledged)}g.gap-bar .committed{fill:var(--committed)}g.gap-bar .disbursed{fill:var(--disbursed)}
        details.data{margin-top:6px;font-size:.9em}
        details.data summary{cursor:pointer;color:var(--muted)}
        .table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
        table{border-collapse:collapse;font-size:.88em;width:100%}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{background:#f7f8fa;font-weight:600;white-space:nowrap}
        .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        table.flows td.date{white-space:nowrap}
        table.flows tr.flow td{border-bottom:0;padding-bottom:2px}
        table.flows tr.evidence td{padding-top:0;font-size:.95em}
        table.flows ul{margin:0;padding-left:1.1em;max-width:60em}
        table.flows li{margin:0 0 .35em}
        table.flows q{quotes:"\\201C" "\\201D"}
        mark{background:#fff0b3;padding:0 .1em}
        .origin{color:var(--muted)}
        tr.flow.voided td{color:#8a8f96;text-decoration:line-through}
        tr.evidence.voided td{color:#8a8f96}
        .voided,.part,.reason{font-size:.85em;color:var(--muted)}
        a{color:#1f5fa8}
        @media (max-width:600px){body{font-size:14px}main{padding:10px}h1{font-size:1.3em}svg text{font-size:15.5px}table.flows ul{min-width:18em}}
        @media print{body{font-size:9.5pt}main{max-width:none;padding:0}section{margin:14pt 0}
        .charts{grid-template-columns:1fr 1fr}figure,tr,.chart-block{break-inside:avoid}tr.flow{break-after:avoid}h2{break-after:avoid}
        details.data{display:none}.table-wrap{overflow:visible}table.flows{font-size:8pt}
        a{color:inherit;text-decoration:none}a.source-link::after{content:" <" attr(href) ">";font-size:.85em;word-break:break-all}}
        """
}
