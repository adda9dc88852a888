import AidExtraction
import Foundation

/// What totals can be grouped by. Dates come from the article's published date; rows without
/// one group under "undated". A flow without a donor or recipient groups under "(unnamed)", one
/// without a mechanism under "(none)".
public enum GroupKey: String, Sendable, Hashable, CaseIterable {
    case donor, recipient, mechanism, category, status, currency, year, quarter, month

    /// SQL expression over the flows table aliased `a` (fixed text, no user input).
    func sql(_ a: String) -> String {
        switch self {
        case .donor: return "\(a).donor_id"
        case .recipient: return "\(a).recipient_id"
        case .mechanism: return "\(a).mechanism"
        case .category: return "\(a).category"
        case .status: return "\(a).status"
        case .currency: return "\(a).currency"
        case .year: return "substr(\(a).published, 1, 4)"
        case .month: return "substr(\(a).published, 1, 7)"
        case .quarter:
            return "(substr(\(a).published, 1, 4) || '-Q' || ((CAST(substr(\(a).published, 6, 2) AS INTEGER) + 2) / 3))"
        }
    }

    /// Shown when the value is NULL.
    public var placeholder: String {
        switch self {
        case .donor, .recipient: return "(unnamed)"
        case .mechanism: return "(none)"
        case .year, .quarter, .month: return "undated"
        case .category, .status, .currency: return "(none)"
        }
    }
}

/// One line of a totals report.
public struct TotalsRow: Sendable, Hashable {
    /// One rendered value per `TotalsReport.groupBy` key (party names, "undated", ...).
    public var values: [String]
    /// Party codes aligned with `values` (nil for non-party keys and unnamed parties).
    public var codes: [String?]
    /// Currency of `sumCents` (the target currency in a converted report).
    public var currency: String
    /// Exact sum, in cents.
    public var sumCents: Int64
    public var flowCount: Int
    /// How many of the summed flows are hedged or ranges.
    public var approximateCount: Int
    /// Why the row could not be converted (only for `TotalsReport.unconverted`).
    public var reason: String?
}

/// A totals report: rows of exact sums, never adding two currencies (unless converted at dated
/// rates) nor two statuses (unless the filter keeps one), plus everything the footer needs.
public struct TotalsReport: Sendable, Hashable {
    /// Grouping columns, in order: the requested keys, then `currency` (when not converting) and
    /// `status` (unless the filter narrows to one status) if they were not requested.
    public var groupBy: [GroupKey]
    public var rows: [TotalsRow]
    /// Converted reports only: rows that could not be converted (no date, no rate in the window),
    /// in their own currency, with a reason. Never dropped.
    public var unconverted: [TotalsRow]
    /// Flows left out because their parent is counted in the same row (0 with `includeParts`).
    public var partsLeftOut: Int
    public var includeParts: Bool
    /// Target currency when converting.
    public var convertTo: String?
    /// Sentence describing the valuation, for the report header (nil when not converting).
    public var valuation: String?
    /// Every rate used, sorted by currency and date.
    public var ratesUsed: [RateUse]
}

extension Ledger {
    /// Totals of the flows matching `filter`, grouped by `keys` (see `TotalsReport.groupBy` for
    /// the currency and status rules). Sums are exact integer cents computed by SQL.
    ///
    /// Parts rule: a flow whose `part_of` parent falls in the same row is left out of that row
    /// (counted in `partsLeftOut`); where the parent is filtered out or in another row, the part
    /// counts. `includeParts` counts every flow.
    ///
    /// With `convertTo`, amounts are converted at the rate of each article's published date or
    /// the nearest earlier date with a rate, at most `maxRateAge` days older, crossing through
    /// EUR when there is no direct pair; each (row, currency, date) sum is converted with
    /// `Decimal` and rounded half-even to cents. Undated or rateless amounts go to `unconverted`.
    public func totals(by keys: [GroupKey], filter: FlowFilter = .all, includeParts: Bool = false,
                       convertTo: String? = nil, maxRateAge: Int = 7) throws -> TotalsReport {
        let target = convertTo?.uppercased()
        if let target, !Self.isCurrencyCode(target) { throw LedgerError("'\(convertTo ?? "")' is not a currency code") }
        var groupBy: [GroupKey] = []
        for k in keys where !groupBy.contains(k) { groupBy.append(k) }
        if target == nil, !groupBy.contains(.currency) { groupBy.append(.currency) }
        if filter.distinctStatuses.count != 1, !groupBy.contains(.status) { groupBy.append(.status) }

        // Buckets: the row keys, plus currency and date when converting (each converts apart).
        var bucketKeys = groupBy.map { $0.sql("f") }
        var extra: [String] = []
        if target != nil {
            if !groupBy.contains(.currency) { extra.append("currency") }
            extra.append("published")
        }
        bucketKeys += extra.map { "f.\($0)" }
        let rowWidth = groupBy.count

        struct Sum { var cents: Int64 = 0; var count = 0; var approx = 0 }
        var buckets: [[String?]: Sum] = [:]
        var order: [[String?]] = []

        let w = try whereClause(filter, alias: "f")
        let cols = bucketKeys.joined(separator: ", ")
        let main = try database.prepare("""
            SELECT \(cols), SUM(f.amount), COUNT(*), SUM(f.approximate) FROM flows f
            WHERE \(w.sql) GROUP BY \(cols)
            """)
        try main.bind(w.values)
        queryLog?.append(main.sql)
        let n = Int32(bucketKeys.count)
        while try main.step() {
            let key = (0..<n).map { main.string($0) }
            buckets[key] = Sum(cents: main.int64(n), count: main.int(n + 1), approx: main.int(n + 2))
            order.append(key)
        }

        var partsLeftOut = 0
        if !includeParts {
            let wc = try whereClause(filter, alias: "c"), wp = try whereClause(filter, alias: "p")
            let same = groupBy.map { "\($0.sql("c")) IS \($0.sql("p"))" }
            let cBucket = groupBy.map { $0.sql("c") } + extra.map { "c.\($0)" }
            let ccols = cBucket.joined(separator: ", ")
            let corr = try database.prepare("""
                SELECT \(ccols), SUM(c.amount), COUNT(*), SUM(c.approximate)
                FROM flows c INDEXED BY flows_part_of JOIN flows p ON p.id = c.part_of
                WHERE c.part_of IS NOT NULL AND \(wc.sql) AND \(wp.sql)\(same.isEmpty ? "" : " AND " + same.joined(separator: " AND "))
                GROUP BY \(ccols)
                """)
            try corr.bind(wc.values + wp.values)
            queryLog?.append(corr.sql)
            while try corr.step() {
                let key = (0..<n).map { corr.string($0) }
                let cnt = corr.int(n + 1)
                partsLeftOut += cnt
                if var s = buckets[key] {
                    s.cents -= corr.int64(n); s.count -= cnt; s.approx -= corr.int(n + 2)
                    buckets[key] = s
                }
            }
        }

        let parties = groupBy.contains(.donor) || groupBy.contains(.recipient) ? try partyTable() : [:]
        func render(_ key: [String?]) -> (values: [String], codes: [String?]) {
            var values: [String] = [], codes: [String?] = []
            for (i, g) in groupBy.enumerated() {
                let raw = key[i]
                switch g {
                case .donor, .recipient:
                    if let raw, let id = Int64(raw), let p = parties[id] { values.append(p.name); codes.append(p.code) }
                    else { values.append(g.placeholder); codes.append(nil) }
                default:
                    values.append(raw ?? g.placeholder); codes.append(nil)
                }
            }
            return (values, codes)
        }
        func sorted(_ rows: [TotalsRow]) -> [TotalsRow] {
            rows.sorted { a, b in
                for (x, y) in zip(a.values + [a.currency], b.values + [b.currency]) where x != y {
                    let px = x.hasPrefix("(") || x == "undated", py = y.hasPrefix("(") || y == "undated"
                    if px != py { return py }
                    return x < y
                }
                return false
            }
        }

        guard let target else {
            let currencyIndex = groupBy.firstIndex(of: .currency) ?? 0
            let rows = order.compactMap { key -> TotalsRow? in
                guard let s = buckets[key], s.count > 0 else { return nil }
                let r = render(key)
                return TotalsRow(values: r.values, codes: r.codes, currency: key[currencyIndex] ?? "",
                                 sumCents: s.cents, flowCount: s.count, approximateCount: s.approx, reason: nil)
            }
            return TotalsReport(groupBy: groupBy, rows: sorted(rows), unconverted: [], partsLeftOut: partsLeftOut,
                                includeParts: includeParts, convertTo: nil, valuation: nil, ratesUsed: [])
        }

        // Conversion.
        let book = try RateBook(database: database, maxAge: maxRateAge)
        let currencyIndex = groupBy.firstIndex(of: .currency) ?? rowWidth
        let dateIndex = bucketKeys.count - 1
        var converted: [[String?]: Sum] = [:], convertedOrder: [[String?]] = []
        var unconverted: [[String?]: (Sum, String)] = [:], unconvertedOrder: [[String?]] = []
        var used: Set<RateUse> = []
        for key in order {
            guard let s = buckets[key], s.count > 0 else { continue }
            let currency = key[currencyIndex] ?? ""
            let date = key[dateIndex]
            let rowKey = Array(key[..<rowWidth])
            if let rate = try book.rate(from: currency, to: target, date: date) {
                var value = Decimal(s.cents) * rate.rate
                guard let cents = Cents.roundedInteger(&value) else {
                    throw LedgerError("converted total is too large for the ledger")
                }
                if rate.method != .identity { used.insert(rate) }
                if converted[rowKey] == nil { convertedOrder.append(rowKey); converted[rowKey] = Sum() }
                converted[rowKey]?.cents += cents
                converted[rowKey]?.count += s.count
                converted[rowKey]?.approx += s.approx
            } else {
                let reason = date == nil ? "undated"
                    : "no \(currency)->\(target) rate on or up to \(maxRateAge) days before \(date ?? "")"
                let uKey = rowKey + [currency, date == nil ? "undated" : "no rate"]
                if unconverted[uKey] == nil { unconvertedOrder.append(uKey); unconverted[uKey] = (Sum(), reason) }
                unconverted[uKey]?.0.cents += s.cents
                unconverted[uKey]?.0.count += s.count
                unconverted[uKey]?.0.approx += s.approx
                if date != nil, unconverted[uKey]?.1 != reason { unconverted[uKey]?.1 = "no \(currency)->\(target) rate within \(maxRateAge) days of the article dates" }
            }
        }
        let rows = convertedOrder.compactMap { key -> TotalsRow? in
            guard let s = converted[key] else { return nil }
            let r = render(key)
            return TotalsRow(values: r.values, codes: r.codes, currency: target, sumCents: s.cents,
                             flowCount: s.count, approximateCount: s.approx, reason: nil)
        }
        let unconvertedRows = unconvertedOrder.compactMap { key -> TotalsRow? in
            guard let (s, reason) = unconverted[key] else { return nil }
            let r = render(key)
            return TotalsRow(values: r.values, codes: r.codes, currency: key[rowWidth] ?? "", sumCents: s.cents,
                             flowCount: s.count, approximateCount: s.approx, reason: reason)
        }
        let valuation = "converted to \(target) at ECB reference rates of each article's date "
            + "(or the nearest earlier rate within \(maxRateAge) days; crossed through EUR where no direct rate)"
        let rates = used.sorted { ($0.from, $0.date) < ($1.from, $1.date) }
        return TotalsReport(groupBy: groupBy, rows: sorted(rows), unconverted: sorted(unconvertedRows),
                            partsLeftOut: partsLeftOut, includeParts: includeParts, convertTo: target,
                            valuation: valuation, ratesUsed: rates)
    }
}
