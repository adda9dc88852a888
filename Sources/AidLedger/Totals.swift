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
    /// EUR when there is no direct pair. Rounding point: each (row, currency, date) sum of cents
    /// is converted exactly (the rate as an integer ratio of the stored decimal rates, see
    /// `RateUse.convert`) and rounded half-even to cents once; a row adds its rounded sums.
    /// Undated or rateless amounts go to `unconverted`.
    public func totals(by keys: [GroupKey], filter: FlowFilter = .all, includeParts: Bool = false,
                       convertTo: String? = nil, maxRateAge: Int = 7) throws -> TotalsReport {
        if let date = filter.asOf {
            var f = filter
            f.asOf = nil
            return try withAsOf(date) {
                try totals(by: keys, filter: f, includeParts: includeParts, convertTo: convertTo, maxRateAge: maxRateAge)
            }
        }
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
        if let target {
            return try convertedTotals(groupBy: groupBy, bucketKeys: bucketKeys, extra: extra, filter: filter,
                                       includeParts: includeParts, target: target, maxRateAge: maxRateAge)
        }

        if totalsRollupEnabled, let rollup = try rollupStatements(groupBy: groupBy, filter: filter, includeParts: includeParts) {
            do {
                return try plainTotals(groupBy: groupBy, includeParts: includeParts, main: rollup.main, parts: { rollup.parts })
            } catch {
                // An error the rollup's sums raise (a 64-bit overflow) is reported as reading flows reports it.
            }
        }
        let w = try countedClause(filter, alias: "f")
        let cols = bucketKeys.joined(separator: ", ")
        let main = try database.prepare("""
            SELECT \(cols), SUM(f.amount), COUNT(*), SUM(f.approximate) FROM flows f
            WHERE \(w.sql) GROUP BY \(cols)
            """)
        try main.bind(w.values)
        queryLog?.append(main.sql)
        return try plainTotals(groupBy: groupBy, includeParts: includeParts, main: main) {
            try partsCorrection(filter: filter, groupBy: groupBy, extra: [])
        }
    }

    /// The unconverted report from two statements with the same columns: the row keys, then the
    /// sum of cents, the number of flows and the number of approximate flows. `main` gives the
    /// buckets (in GROUP BY order), `parts` (unless `includeParts`) what the parts rule leaves out.
    private func plainTotals(groupBy: [GroupKey], includeParts: Bool, main: Statement,
                             parts: () throws -> Statement?) throws -> TotalsReport {
        struct Sum { var cents: Int64 = 0; var count = 0; var approx = 0 }
        var buckets: [[String?]: Sum] = [:]
        var order: [[String?]] = []
        let n = Int32(groupBy.count)
        while try main.step() {
            let key = (0..<n).map { main.string($0) }
            buckets[key] = Sum(cents: main.int64(n), count: main.int(n + 1), approx: main.int(n + 2))
            order.append(key)
        }

        var partsLeftOut = 0
        if !includeParts, let corr = try parts() {
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
        let currencyIndex = groupBy.firstIndex(of: .currency) ?? 0
        let rows = order.compactMap { key -> TotalsRow? in
            guard let s = buckets[key], s.count > 0 else { return nil }
            let r = Self.render(key, groupBy: groupBy, parties: parties)
            return TotalsRow(values: r.values, codes: r.codes, currency: key[currencyIndex] ?? "",
                             sumCents: s.cents, flowCount: s.count, approximateCount: s.approx, reason: nil)
        }
        return TotalsReport(groupBy: groupBy, rows: Self.sortedRows(rows), unconverted: [], partsLeftOut: partsLeftOut,
                            includeParts: includeParts, convertTo: nil, valuation: nil, ratesUsed: [])
    }

    /// Rendered values and party codes of a row key (raw SQL texts of the grouped columns).
    static func render(_ key: [String?], groupBy: [GroupKey],
                       parties: [Int64: (code: String, name: String)]) -> (values: [String], codes: [String?]) {
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

    /// Report order: by each value, then the currency; placeholders ("(unnamed)", "undated") last.
    static func sortedRows(_ rows: [TotalsRow]) -> [TotalsRow] {
        func less(_ x: String, _ y: String) -> Bool? {
            guard x != y else { return nil }
            let px = x.hasPrefix("(") || x == "undated", py = y.hasPrefix("(") || y == "undated"
            if px != py { return py }
            return x < y
        }
        // Sort row numbers over one flat array of keys (values, then currency) instead of moving
        // the rows themselves: each move of a TotalsRow retains and releases its arrays and
        // strings, which cost more than the comparisons. Same comparator, same stable sort.
        let width = (rows.first?.values.count ?? 0) + 1
        guard rows.count > 1, rows.allSatisfy({ $0.values.count == width - 1 }) else {
            return rows.sorted { a, b in
                for (x, y) in zip(a.values, b.values) { if let r = less(x, y) { return r } }
                return less(a.currency, b.currency) ?? false
            }
        }
        var keys: [String] = []
        keys.reserveCapacity(rows.count * width)
        for r in rows { keys += r.values; keys.append(r.currency) }
        let placeholder = keys.map { $0.hasPrefix("(") || $0 == "undated" }
        var order = Array(0..<rows.count)
        keys.withUnsafeBufferPointer { k in
            placeholder.withUnsafeBufferPointer { p in
                order.sort { a, b in
                    let ia = a * width, ib = b * width
                    for i in 0..<width where k[ia + i] != k[ib + i] {
                        if p[ia + i] != p[ib + i] { return p[ib + i] }
                        return k[ia + i] < k[ib + i]
                    }
                    return false
                }
            }
        }
        return order.map { rows[$0] }
    }

    /// The converted report. Buckets are (row keys, currency, published date) sums computed by
    /// SQL in key order, so a row's buckets arrive together and are folded into it as they stream
    /// (no per-bucket dictionary). Parts left out are subtracted per bucket before converting.
    ///
    /// Rounding point: each bucket's exact cent sum is converted once, exactly (`RateUse.convert`:
    /// integer ratio, no intermediate rounding), and rounded half-even to cents; a row is the sum
    /// of its rounded buckets. Each distinct (currency, date) looks its rate up once.
    private func convertedTotals(groupBy: [GroupKey], bucketKeys: [String], extra: [String], filter: FlowFilter,
                                 includeParts: Bool, target: String, maxRateAge: Int) throws -> TotalsReport {
        struct Sum { var cents: Int64 = 0; var count = 0; var approx = 0 }
        /// An encoded bucket key, hashed in one call over its bytes (not byte by byte).
        struct BucketKey: Hashable {
            var bytes: [UInt8]
            func hash(into h: inout Hasher) { bytes.withUnsafeBytes { h.combine(bytes: $0) } }
        }
        let rowWidth = groupBy.count
        let n = Int32(bucketKeys.count)
        let cols = bucketKeys.joined(separator: ", ")

        // Encodes the bucket key columns of `st` into `out` (type tag, then value), returning the
        // length of the row-key prefix (the first `rowWidth` columns).
        func encode(_ st: Statement, into out: inout [UInt8]) -> Int {
            out.removeAll(keepingCapacity: true)
            var prefix = 0
            for i in 0..<n {
                if Int(i) == rowWidth { prefix = out.count }
                st.appendKey(i, to: &out)
            }
            return rowWidth == Int(n) ? out.count : prefix
        }

        // Parts left out, per bucket (before the main scan, so the scan can stream).
        var corrections: [BucketKey: Sum] = [:]
        var partsLeftOut = 0
        var keyBuf: [UInt8] = []
        keyBuf.reserveCapacity(256)
        if !includeParts {
            let corr = try partsCorrection(filter: filter, groupBy: groupBy, extra: extra)
            while try corr.step() {
                _ = encode(corr, into: &keyBuf)
                let cnt = corr.int(n + 1)
                partsLeftOut += cnt
                corrections[BucketKey(bytes: keyBuf)] = Sum(cents: corr.int64(n), count: cnt, approx: corr.int(n + 2))
            }
        }

        let w = try countedClause(filter, alias: "f")
        let main = try database.prepare("""
            SELECT \(cols), SUM(f.amount), COUNT(*), SUM(f.approximate) FROM flows f
            WHERE \(w.sql) GROUP BY \(cols) ORDER BY \(cols)
            """)
        try main.bind(w.values)
        queryLog?.append(main.sql)

        let book = try RateBook(database: database, maxAge: maxRateAge)
        let parties = groupBy.contains(.donor) || groupBy.contains(.recipient) ? try partyTable() : [:]
        let currencyIndex = Int32(groupBy.firstIndex(of: .currency) ?? rowWidth)
        let dateIndex = n - 1
        // Rates by (currency, date) packed into one integer: 3 ASCII letters and YYYYMMDD.
        var rateCache: [Int: RateUse?] = [:]
        var used: Set<RateUse> = []
        var rows: [TotalsRow] = [], unconvertedRows: [TotalsRow] = []
        var prevPrefix: [UInt8] = [], havePrefix = false
        var rowKey: [String?] = []
        var converted = Sum(), anyConverted = false
        var unconverted: [[String]: (Sum, String)] = [:], unconvertedOrder: [[String]] = []

        func flushRow() {
            guard havePrefix else { return }
            let r = Self.render(rowKey, groupBy: groupBy, parties: parties)
            if anyConverted {
                rows.append(TotalsRow(values: r.values, codes: r.codes, currency: target, sumCents: converted.cents,
                                      flowCount: converted.count, approximateCount: converted.approx, reason: nil))
            }
            for u in unconvertedOrder {
                guard let (s, reason) = unconverted[u] else { continue }
                unconvertedRows.append(TotalsRow(values: r.values, codes: r.codes, currency: u[0], sumCents: s.cents,
                                                 flowCount: s.count, approximateCount: s.approx, reason: reason))
            }
            converted = Sum(); anyConverted = false
            unconverted.removeAll(keepingCapacity: true); unconvertedOrder.removeAll(keepingCapacity: true)
        }

        while try main.step() {
            let prefix = encode(main, into: &keyBuf)
            var s = Sum(cents: main.int64(n), count: main.int(n + 1), approx: main.int(n + 2))
            if !corrections.isEmpty, let c = corrections[BucketKey(bytes: keyBuf)] {
                s.cents -= c.cents; s.count -= c.count; s.approx -= c.approx
            }
            guard s.count > 0 else { continue }
            let samePrefix = havePrefix && prevPrefix.count == prefix
                && keyBuf.withUnsafeBufferPointer { k in prevPrefix.withUnsafeBufferPointer { p in
                    prefix == 0 || (k.baseAddress.flatMap { kb in p.baseAddress.map { memcmp(kb, $0, prefix) == 0 } } ?? false) } }
            if !samePrefix {
                flushRow()
                prevPrefix.removeAll(keepingCapacity: true)
                prevPrefix.append(contentsOf: keyBuf[..<prefix])
                havePrefix = true
                rowKey = (0..<Int32(rowWidth)).map { main.string($0) }
            }
            // The rate of this bucket's (currency, date), looked up once per distinct pair.
            let packed = Self.packedRateKey(main, currency: currencyIndex, date: dateIndex)
            let rate: RateUse?
            if let packed, let hit = rateCache[packed] {
                rate = hit
            } else {
                let found = try book.rate(from: main.string(currencyIndex) ?? "", to: target, date: main.string(dateIndex))
                if let packed { rateCache[packed] = found }
                if let found, found.method != .identity { used.insert(found) }
                rate = found
            }
            if let rate {
                guard let cents = rate.convert(s.cents) else {
                    throw LedgerError("converted total is too large for the ledger")
                }
                // a sum of many converted totals may pass Int64 cents (9.2e16 units): say so, never trap
                let (sum, overflow) = converted.cents.addingReportingOverflow(cents)
                guard !overflow else { throw LedgerError("converted total is too large for the ledger (over 9.2e16 \(target))") }
                converted.cents = sum; converted.count += s.count; converted.approx += s.approx
                anyConverted = true
            } else {
                let currency = main.string(currencyIndex) ?? ""
                let date = main.string(dateIndex)
                let reason = date == nil ? "undated"
                    : "no \(currency)->\(target) rate on or up to \(maxRateAge) days before \(date ?? "")"
                let uKey = [currency, date == nil ? "undated" : "no rate"]
                if unconverted[uKey] == nil { unconvertedOrder.append(uKey); unconverted[uKey] = (Sum(), reason) }
                let (sum, overflow) = (unconverted[uKey]?.0.cents ?? 0).addingReportingOverflow(s.cents)
                guard !overflow else { throw LedgerError("total is too large for the ledger (over 9.2e16 \(currency))") }
                unconverted[uKey]?.0.cents = sum
                unconverted[uKey]?.0.count += s.count
                unconverted[uKey]?.0.approx += s.approx
                if date != nil, unconverted[uKey]?.1 != reason { unconverted[uKey]?.1 = "no \(currency)->\(target) rate within \(maxRateAge) days of the article dates" }
            }
        }
        flushRow()

        let valuation = "converted to \(target) at ECB reference rates of each article's date "
            + "(or the nearest earlier rate within \(maxRateAge) days; crossed through EUR where no direct rate)"
        let rates = used.sorted { ($0.from, $0.date) < ($1.from, $1.date) }
        return TotalsReport(groupBy: groupBy, rows: Self.sortedRows(rows), unconverted: Self.sortedRows(unconvertedRows),
                            partsLeftOut: partsLeftOut, includeParts: includeParts, convertTo: target,
                            valuation: valuation, ratesUsed: rates)
    }
}

extension Ledger {
    /// Folds the flows added since the last fold (ids above `flow_totals_state.covered`) into
    /// the totals rollup: one statement per table, each flow through the same upsert the
    /// migration's backfill uses. `write` calls it before committing; anything that inserts flows
    /// another way leaves the rollup behind, and totals then read flows until the next fold.
    public func foldTotals() throws {
        try database.execute(Self.foldTotalsSQL)
    }

    /// The fold (also in migrations/0004_totals_rollup.sql as its backfill; voided flows, from
    /// 0005, are never in the sums).
    static let foldTotalsSQL = """
        INSERT INTO flow_totals_donor(donor_id, currency, status, approximate, amount, flows)
            SELECT coalesce(donor_id, 0), currency, status, approximate, amount, 1 FROM flows
            WHERE id > (SELECT covered FROM flow_totals_state WHERE id = 1) AND voided = 0
            ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
        INSERT INTO flow_totals_donor_parts(donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount, flows)
            SELECT coalesce(c.donor_id, 0), c.currency, c.status, c.approximate, coalesce(p.donor_id, 0), p.approximate, c.amount, 1
            FROM flows c JOIN flows p ON p.id = c.part_of
            WHERE c.id > (SELECT covered FROM flow_totals_state WHERE id = 1) AND c.part_of IS NOT NULL
              AND c.voided = 0 AND p.voided = 0 AND p.currency = c.currency AND p.status = c.status
            ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, flows = flows + 1;
        UPDATE flow_totals_state SET covered = max(covered, coalesce((SELECT MAX(id) FROM flows), 0)) WHERE id = 1;
        """

    /// Statements reading the totals rollup (migration 0004) instead of flows, with the columns
    /// `plainTotals` expects; nil when the rollup cannot answer: it holds donor, currency, status
    /// and approximate only, so the grouping must use no other key and the filter no other column
    /// (any conversion needs each article's date, and reads flows too). Also nil when one of its
    /// sums overflowed 64 bits (stored as REAL, listed by the partial indexes), or when flows were
    /// added without a fold.
    ///
    /// The rows come in the order of the flows query (the rollup's key order; "no donor" is
    /// stored as 0, which sorts where NULL does), so the report is the same in every byte.
    func rollupStatements(groupBy: [GroupKey], filter: FlowFilter,
                          includeParts: Bool) throws -> (main: Statement, parts: Statement?)? {
        guard groupBy.allSatisfy({ $0 == .donor || $0 == .currency || $0 == .status }),
              filter.recipients.isEmpty, filter.mechanisms.isEmpty, filter.categories.isEmpty,
              filter.since == nil, filter.until == nil, filter.articleID == nil else { return nil }
        let unusable = try database.scalarInt("""
            SELECT EXISTS (SELECT 1 FROM flow_totals_donor INDEXED BY flow_totals_donor_inexact WHERE typeof(amount) <> 'integer')
                OR EXISTS (SELECT 1 FROM flow_totals_donor_parts INDEXED BY flow_totals_donor_parts_inexact WHERE typeof(amount) <> 'integer')
                OR (SELECT covered FROM flow_totals_state WHERE id = 1) < coalesce((SELECT MAX(id) FROM flows), 0)
            """)
        guard unusable == 0 else { return nil }
        let select = groupBy.map { $0 == .donor ? "NULLIF(t.donor_id, 0)" : $0.sql("t") }.joined(separator: ", ")
        let group = groupBy.map { $0 == .donor ? "t.donor_id" : $0.sql("t") }.joined(separator: ", ")
        let columns = FilterColumns(flowsAlias: "t")
        let w = try whereClause(filter, columns: columns)
        // A party filter that names no known party reads flows, as before the rollup (whatever
        // that path answers, this one answers the same).
        guard !w.fragments.contains("0") else { return nil }
        let main = try database.prepare("""
            SELECT \(select), SUM(t.amount), SUM(t.flows), SUM(t.flows * t.approximate) FROM flow_totals_donor t
            WHERE \(w.sql) GROUP BY \(group)
            """)
        try main.bind(w.values)
        queryLog?.append(main.sql)
        guard !includeParts else { return (main, nil) }
        // Parts whose parent passes the filter too (the parent's donor and approximate flag are
        // its own columns; currency and status are the part's) and, by donor, has the same donor.
        var parentColumns = columns
        parentColumns.donor = "t.parent_donor_id"
        parentColumns.approximate = "t.parent_approximate"
        let wp = try whereClause(filter, columns: parentColumns)
        let same = groupBy.contains(.donor) ? " AND t.donor_id = t.parent_donor_id" : ""
        let parts = try database.prepare("""
            SELECT \(select), SUM(t.amount), SUM(t.flows), SUM(t.flows * t.approximate) FROM flow_totals_donor_parts t
            WHERE \(w.sql) AND \(wp.sql)\(same) GROUP BY \(group)
            """)
        try parts.bind(w.values + wp.values)
        queryLog?.append(parts.sql)
        return (main, parts)
    }

    /// `filter`'s clause over the flows a total counts: never a voided flow (the covering
    /// indexes of totals hold unvoided flows only, so the term must be there for them to serve).
    func countedClause(_ filter: FlowFilter, alias a: String) throws -> WhereClause {
        var w = try whereClause(filter, alias: a)
        w.fragments.insert("\(a).voided = 0", at: 0)
        return w
    }

    /// The parts-rule correction: per bucket, the sums of flows whose parent passes the same filter
    /// and falls in the same bucket (so the parent already counts them). Starts from the partial
    /// covering index on `part_of`, so it reads only the parts.
    func partsCorrection(filter: FlowFilter, groupBy: [GroupKey], extra: [String]) throws -> Statement {
        let wc = try countedClause(filter, alias: "c"), wp = try countedClause(filter, alias: "p")
        let same = groupBy.map { "\($0.sql("c")) IS \($0.sql("p"))" }
        let ccols = (groupBy.map { $0.sql("c") } + extra.map { "c.\($0)" }).joined(separator: ", ")
        // a filter no row can pass ("0": a party nobody names) leaves SQLite no use for the index
        let index = (wc.fragments + wp.fragments).contains("0") ? "" : "INDEXED BY flows_part_of"
        let corr = try database.prepare("""
            SELECT \(ccols), SUM(c.amount), COUNT(*), SUM(c.approximate)
            FROM flows c \(index) JOIN flows p ON p.id = c.part_of
            WHERE c.part_of IS NOT NULL AND \(wc.sql) AND \(wp.sql)\(same.isEmpty ? "" : " AND " + same.joined(separator: " AND "))
            GROUP BY \(ccols)
            """)
        try corr.bind(wc.values + wp.values)
        queryLog?.append(corr.sql)
        return corr
    }
}
