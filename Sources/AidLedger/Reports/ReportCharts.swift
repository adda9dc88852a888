import Foundation

/// Inline SVG charts of the HTML report. Amounts are exact cents throughout; `Double` is used
/// only for the geometry (a bar's length relative to the longest bar of its chart). Every chart
/// holds one currency: bars of two currencies are never on one scale.
enum ReportCharts {
    typealias E = ReportText

    static let width = 480.0
    /// A chart draws at most this many bars: the largest, when there are more (its figures table
    /// and `totals` list every row).
    static let maxBars = 40

    /// `items` when there are at most `maxBars`, else the `maxBars` largest by `size`, largest
    /// first (ties in report order), with how many were left out.
    static func largest<T>(_ items: [T], by size: (T) -> Int64) -> (shown: [T], hidden: Int) {
        guard items.count > maxBars else { return (items, 0) }
        let order = items.indices.sorted { size(items[$0]) != size(items[$1]) ? size(items[$0]) > size(items[$1]) : $0 < $1 }
        return (order.prefix(maxBars).map { items[$0] }, items.count - maxBars)
    }

    /// The caption, and a note when bars were left out.
    static func caption(_ caption: String, shown: Int, hidden: Int) -> String {
        "<figcaption>\(E.escape(caption))" + (hidden > 0
            ? " <span class=\"capped\">(the \(shown) largest of \(E.count(shown + hidden)) rows; the table lists them all)</span>" : "")
            + "</figcaption>"
    }
    static let statusOrder = ["pledged", "committed", "disbursed"]

    /// One horizontal bar: a row of a totals report.
    struct Bar {
        var label: String
        var status: String?
        var currency: String
        var cents: Int64
        var flows: Int
        var hedged: Int
        var reason: String?
    }

    /// The bars of `report` grouped into charts, one per currency: converted rows first (the target
    /// currency), then rows left unconverted, per currency. `singleStatus` names the status when the
    /// filter keeps one (the report then has no status column).
    static func bars(of report: TotalsReport, singleStatus: String?) -> [(currency: String, unconverted: Bool, bars: [Bar])] {
        let statusIndex = report.groupBy.firstIndex(of: .status)
        func bar(_ r: TotalsRow) -> Bar {
            Bar(label: r.values.first ?? "", status: statusIndex.map { r.values[$0] } ?? singleStatus, currency: r.currency,
                cents: r.sumCents, flows: r.flowCount, hedged: r.approximateCount, reason: r.reason)
        }
        var out: [(String, Bool, [Bar])] = []
        for (rows, unconverted) in [(report.rows, false), (report.unconverted, true)] {
            var byCurrency: [String: [Bar]] = [:]
            for r in rows { byCurrency[r.currency, default: []].append(bar(r)) }
            for c in byCurrency.keys.sorted() { out.append((c, unconverted, byCurrency[c] ?? [])) }
        }
        return out
    }

    /// A horizontal bar chart of one currency: per bar its label (and status), the amount as
    /// `totals` prints it, and the bar.
    static func barChart(_ all: [Bar], currency: String, caption: String, what: String) -> String {
        let (bars, hidden) = largest(all) { $0.cents }
        let rowH = 34.0
        let maxCents = bars.map(\.cents).max() ?? 0
        var svg = "<svg viewBox=\"0 0 \(E.coord(width)) \(E.coord(rowH * Double(bars.count) + 4))\" width=\"100%\" role=\"img\" "
            + "aria-label=\"\(E.escape(what)) in \(E.escape(currency))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (i, b) in bars.enumerated() {
            let y = rowH * Double(i)
            let length = maxCents > 0 ? max(b.cents > 0 ? 1 : 0, width * Double(b.cents) / Double(maxCents)) : 0
            let amount = E.amount(b.cents)
            var label = b.label
            if let s = b.status, s != b.label { label += " · " + s }
            let tip = "\(label): \(amount) \(b.currency) (\(E.plural(b.flows, "flow"))\(b.hedged > 0 ? ", \(b.hedged) hedged" : ""))"
                + (b.reason.map { "; not converted: \($0)" } ?? "")
            svg += "<g class=\"bar\" data-label=\"\(E.escape(b.label))\""
                + (b.status.map { " data-status=\"\(E.escape($0))\"" } ?? "")
                + " data-currency=\"\(E.escape(b.currency))\" data-amount=\"\(E.plainAmount(b.cents))\" data-flows=\"\(b.flows)\""
                + " transform=\"translate(0,\(E.coord(y)))\">"
                + "<title>\(E.escape(tip))</title>"
                + "<text class=\"label\" x=\"0\" y=\"14\">\(E.escape(E.shortened(label, to: 40)))</text>"
                + "<text class=\"amount\" x=\"\(E.coord(width))\" y=\"14\" text-anchor=\"end\">\(amount)</text>"
                + "<rect class=\"track\" x=\"0\" y=\"19\" width=\"\(E.coord(width))\" height=\"10\"/>"
                + "<rect class=\"fill\" x=\"0\" y=\"19\" width=\"\(E.coord(length))\" height=\"10\"/></g>"
        }
        svg += "</svg>"
        return "<figure class=\"chart\" data-currency=\"\(E.escape(currency))\">"
            + Self.caption(caption, shown: bars.count, hidden: hidden) + "\(svg)</figure>"
    }

    /// The figures of `bars` as a table (collapsed under the chart): each amount in a
    /// `span.total`, the text `totals` prints.
    static func barTable(_ bars: [Bar], keyName: String) -> String {
        var t = "<details class=\"data\"><summary>Figures</summary><div class=\"table-wrap\"><table><thead><tr>"
            + "<th>\(E.escape(keyName))</th><th>status</th><th class=\"num\">amount</th><th>currency</th>"
            + "<th class=\"num\">flows</th><th class=\"num\">hedged</th></tr></thead><tbody>"
        for b in bars {
            t += "<tr><td>\(E.escape(b.label))</td><td>\(E.escape(b.status ?? ""))</td>"
                + "<td class=\"num\"><span class=\"total\" data-label=\"\(E.escape(b.label))\""
                + (b.status.map { " data-status=\"\(E.escape($0))\"" } ?? "")
                + " data-currency=\"\(E.escape(b.currency))\">\(E.amount(b.cents))</span></td>"
                + "<td>\(E.escape(b.currency))</td><td class=\"num\">\(b.flows)</td><td class=\"num\">\(b.hedged)</td></tr>"
        }
        return t + "</tbody></table></div></details>"
    }

    /// Every month from the first to the last of `months` ("YYYY-MM"; others are ignored), at
    /// most 2,400 (200 years).
    static func monthAxis(_ months: [String]) -> [String] {
        let dated = months.filter { $0.count == 7 && $0 != "undated" }
        guard let first = dated.min(), let last = dated.max() else { return [] }
        var axis: [String] = []
        var (y, m) = (Int(first.prefix(4)) ?? 0, Int(first.suffix(2)) ?? 1)
        while axis.count < 2400 {
            let label = (y < 1000 ? String(repeating: "0", count: 4 - String(y).count) : "") + String(y) + "-" + (m < 10 ? "0" : "") + String(m)
            axis.append(label)
            if label >= last { break }
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return axis
    }

    /// One column chart of one currency over `axis` (the months of every chart of the report, so
    /// that charts of different currencies line up): a column per month and status.
    static func monthChart(_ bars: [Bar], axis: [String], currency: String, caption: String) -> String {
        guard !axis.isEmpty else { return "" }
        let statuses = statusOrder.filter { s in bars.contains { $0.status == s } }
        let slots = max(1, statuses.count)
        let left = 4.0, top = 22.0, plotH = 150.0, height = top + plotH + 26
        let plotW = width - left - 4
        let step = plotW / Double(axis.count)
        let barW = min(18, step * 0.8 / Double(slots))
        let groupW = barW * Double(slots)
        let dated = bars.filter { $0.label != "undated" }
        let maxCents = dated.map(\.cents).max() ?? 0
        var svg = "<svg viewBox=\"0 0 \(E.coord(width)) \(E.coord(height))\" width=\"100%\" role=\"img\" "
            + "aria-label=\"By month in \(E.escape(currency))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<text class=\"axis\" x=\"0\" y=\"12\">highest column: \(E.amount(maxCents)) \(E.escape(currency))</text>"
        svg += "<line class=\"baseline\" x1=\"\(E.coord(left))\" y1=\"\(E.coord(top + plotH))\" x2=\"\(E.coord(width - 4))\" y2=\"\(E.coord(top + plotH))\"/>"
        let index = Dictionary(uniqueKeysWithValues: axis.enumerated().map { ($1, $0) })
        for b in dated {
            guard let i = index[b.label] else { continue }
            let slot = Double(b.status.flatMap { statuses.firstIndex(of: $0) } ?? 0)
            let h = maxCents > 0 ? max(b.cents > 0 ? 1 : 0, plotH * Double(b.cents) / Double(maxCents)) : 0
            let x = left + step * (Double(i) + 0.5) - groupW / 2 + barW * slot
            svg += "<rect class=\"bar\" data-month=\"\(E.escape(b.label))\""
                + (b.status.map { " data-status=\"\(E.escape($0))\"" } ?? "")
                + " data-currency=\"\(E.escape(b.currency))\" data-amount=\"\(E.plainAmount(b.cents))\""
                + " x=\"\(E.coord(x))\" y=\"\(E.coord(top + plotH - h))\" width=\"\(E.coord(max(0.5, barW)))\" height=\"\(E.coord(h))\">"
                + "<title>\(E.escape("\(b.label)\(b.status.map { ", " + $0 } ?? ""): \(E.amount(b.cents)) \(b.currency) (\(E.plural(b.flows, "flow")))"))</title></rect>"
        }
        // At most about 6 month labels.
        let every = max(1, Int((Double(axis.count) / 6).rounded(.up)))
        for (i, label) in axis.enumerated() where i % every == 0 {
            let x = left + step * (Double(i) + 0.5)
            svg += "<text class=\"tick\" x=\"\(E.coord(x))\" y=\"\(E.coord(top + plotH + 16))\" text-anchor=\"middle\">\(E.escape(label))</text>"
        }
        svg += "</svg>"
        return "<figure class=\"chart month\" data-currency=\"\(E.escape(currency))\"><figcaption>\(E.escape(caption))</figcaption>\(svg)</figure>"
    }

    /// The gap bars of one currency: per party the pledged, committed and disbursed bars on one
    /// scale, overlaid, and the share delivered.
    static func gapChart(_ all: [GapRow], currency: String, caption: String) -> String {
        let (rows, hidden) = largest(all) { max($0.pledgedCents, $0.committedCents, $0.disbursedCents) }
        let rowH = 34.0
        let maxCents = rows.map { max($0.pledgedCents, $0.committedCents, $0.disbursedCents) }.max() ?? 0
        func len(_ c: Int64) -> Double { maxCents > 0 ? max(c > 0 ? 1 : 0, width * Double(c) / Double(maxCents)) : 0 }
        var svg = "<svg viewBox=\"0 0 \(E.coord(width)) \(E.coord(rowH * Double(rows.count) + 4))\" width=\"100%\" role=\"img\" "
            + "aria-label=\"Pledged, committed and disbursed in \(E.escape(currency))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (i, r) in rows.enumerated() {
            let share = GapReport.percent(r.disbursedCents, of: r.pledgedCents)
            let tip = "\(r.party): pledged \(E.amount(r.pledgedCents)), committed \(E.amount(r.committedCents)), "
                + "disbursed \(E.amount(r.disbursedCents)) \(r.currency)" + (share.map { "; \($0) delivered" } ?? "")
            svg += "<g class=\"gap-bar\" data-label=\"\(E.escape(r.party))\" data-currency=\"\(E.escape(r.currency))\""
                + " data-pledged=\"\(E.plainAmount(r.pledgedCents))\" data-committed=\"\(E.plainAmount(r.committedCents))\""
                + " data-disbursed=\"\(E.plainAmount(r.disbursedCents))\" data-share=\"\(r.shareDelivered ?? "")\""
                + " transform=\"translate(0,\(E.coord(rowH * Double(i))))\">"
                + "<title>\(E.escape(tip))</title>"
                + "<text class=\"label\" x=\"0\" y=\"14\">\(E.escape(E.shortened(r.party, to: 36)))</text>"
                + "<text class=\"amount\" x=\"\(E.coord(width))\" y=\"14\" text-anchor=\"end\">"
                + (share.map { "\($0) delivered" } ?? "nothing pledged") + "</text>"
                + "<rect class=\"track\" x=\"0\" y=\"19\" width=\"\(E.coord(width))\" height=\"10\"/>"
                + "<rect class=\"pledged\" x=\"0\" y=\"19\" width=\"\(E.coord(len(r.pledgedCents)))\" height=\"10\"/>"
                + "<rect class=\"committed\" x=\"0\" y=\"19\" width=\"\(E.coord(len(r.committedCents)))\" height=\"10\"/>"
                + "<rect class=\"disbursed\" x=\"0\" y=\"19\" width=\"\(E.coord(len(r.disbursedCents)))\" height=\"10\"/></g>"
        }
        svg += "</svg>"
        return "<figure class=\"chart gap\" data-currency=\"\(E.escape(currency))\">"
            + Self.caption(caption, shown: rows.count, hidden: hidden) + "\(svg)</figure>"
    }
}
