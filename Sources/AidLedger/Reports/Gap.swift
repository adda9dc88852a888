import Foundation

/// One line of a pledge-to-delivery gap report: one party in one currency (the target currency
/// in a converted report). The three amounts are cumulative stages: `pledgedCents` counts every
/// flow (each reached at least the pledge stage), `committedCents` the flows whose furthest stage
/// is committed or disbursed, `disbursedCents` the flows disbursed.
public struct GapRow: Sendable, Hashable {
    /// The party's name ("(unnamed)" for flows that name none).
    public var party: String
    /// The party's code (nil for unnamed).
    public var code: String?
    public var currency: String
    public var pledgedCents: Int64
    public var committedCents: Int64
    public var disbursedCents: Int64
    /// Flows counted in `pledgedCents` (every flow of the row, less parts left out).
    public var flows: Int
    public var committedFlows: Int
    public var disbursedFlows: Int
    /// Hedged figures and ranges among `flows`.
    public var hedged: Int
    /// Why the row could not be converted (only for `GapReport.unconverted`).
    public var reason: String?

    /// disbursed ÷ pledged as a fraction to `GapReport.sharePlaces` decimal places ("0.0857"),
    /// nil when nothing is pledged.
    public var shareDelivered: String? { GapReport.share(disbursedCents, of: pledgedCents) }
}

/// A pledge-to-delivery gap report: per party and currency, never adding currencies unless
/// converted at dated rates (the conversion of `totals`, same rounding point).
public struct GapReport: Sendable, Hashable {
    /// `.donor` or `.recipient`.
    public var by: GroupKey
    public var rows: [GapRow]
    /// Converted reports only: rows kept in their own currency (undated, no rate), with a reason.
    public var unconverted: [GapRow]
    /// Flows left out of the pledged column because their parent is in the same row.
    public var partsLeftOut: Int
    public var includeParts: Bool
    public var convertTo: String?
    public var valuation: String?
    public var ratesUsed: [RateUse]

    /// Decimal places of `GapRow.shareDelivered` (4: a percentage to two places).
    public static let sharePlaces = 4

    /// `part ÷ whole` rounded half-even to `places` decimal places, as plain text ("0.2500",
    /// "1.0000"); nil when `whole` is 0. Integer arithmetic only.
    public static func share(_ part: Int64, of whole: Int64, places: Int = sharePlaces) -> String? {
        guard whole != 0 else { return nil }
        var scale: Int128 = 1
        for _ in 0..<places { scale *= 10 }
        let n = Int128(part) * scale, d = Int128(whole)
        let negative = (n < 0) != (d < 0)
        let m = n.magnitude, dm = d.magnitude
        var q = m / dm
        let r = m - q * dm
        if r * 2 > dm || (r * 2 == dm && q % 2 == 1) { q += 1 }
        let units = q / UInt128(scale), frac = q % UInt128(scale)
        var fracText = String(frac)
        fracText = String(repeating: "0", count: max(0, places - fracText.count)) + fracText
        return (negative && q != 0 ? "-" : "") + String(units) + (places > 0 ? "." + fracText : "")
    }

    /// The same share as a percentage with `places - 2` decimals ("8.57%", "100.00%"), nil when
    /// `whole` is 0: the digits of `share`, the decimal point moved, never rounded again.
    public static func percent(_ part: Int64, of whole: Int64, places: Int = sharePlaces) -> String? {
        guard places >= 2, let s = share(part, of: whole, places: places) else { return nil }
        let negative = s.hasPrefix("-")
        let body = negative ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let frac = parts.count > 1 ? String(parts[1]) : ""
        let moved = String(parts[0]) + frac.prefix(2), rest = frac.dropFirst(2)
        let trimmed = String(moved.drop(while: { $0 == "0" }))
        return (negative ? "-" : "") + (trimmed.isEmpty ? "0" : trimmed) + (rest.isEmpty ? "" : "." + rest) + "%"
    }
}

extension Ledger {
    /// The pledge-to-delivery gap by donor or recipient, for the flows matching `filter`
    /// (voided flows never count).
    ///
    /// Columns are cumulative: a flow counts in `pledged`, in `committed` when its furthest stage
    /// is committed or disbursed, and in `disbursed` when it is disbursed. Parts rule, as in
    /// totals but per column: a flow whose `part_of` parent passes the filter and falls in the
    /// same row (same party and, unless converting, the same currency) is left out of each
    /// column that also counts its parent (a disbursed tranche of a pledged package counts in
    /// committed and disbursed, not again in pledged). `includeParts` counts every flow.
    ///
    /// With `convertTo`, each (party, currency, date) sum of every column is converted at the
    /// rate `totals` uses for it and rounded half-even to cents once, so each column equals the
    /// converted totals of its flows; undated or rateless amounts go to `unconverted`.
    public func gap(by key: GroupKey, filter: FlowFilter = .all, includeParts: Bool = false,
                    convertTo: String? = nil, maxRateAge: Int = 7) throws -> GapReport {
        guard key == .donor || key == .recipient else {
            throw LedgerError("the gap is by donor or recipient, not \(key.rawValue)")
        }
        if let date = filter.asOf {
            var f = filter
            f.asOf = nil
            return try withAsOf(date) {
                try gap(by: key, filter: f, includeParts: includeParts, convertTo: convertTo, maxRateAge: maxRateAge)
            }
        }
        let target = convertTo?.uppercased()
        if let target, !Self.isCurrencyCode(target) { throw LedgerError("'\(convertTo ?? "")' is not a currency code") }

        let party = key.sql("f"), partParty = key.sql("c"), parentParty = key.sql("p")
        let rank = { (status: String?) -> Int in status == "disbursed" ? 3 : status == "committed" ? 2 : 1 }
        let parties = try partyTable()

        struct Sums {
            var pledged: Int64 = 0, committed: Int64 = 0, disbursed: Int64 = 0
            var flows = 0, committedFlows = 0, disbursedFlows = 0, hedged = 0
            var any: Bool { flows + committedFlows + disbursedFlows > 0 }
            /// Adds (or, with `sign` -1, takes away) a group of flows at stage `rank` to the columns
            /// `columns` (1: pledged, 2: committed, 3: disbursed) it counts in.
            mutating func add(cents: Int64, count: Int, hedged h: Int, columns: ClosedRange<Int>, sign: Int64 = 1,
                              currency: String) throws {
                for column in columns {
                    let (v, overflow): (Int64, Bool)
                    switch column {
                    case 1: (v, overflow) = pledged.addingReportingOverflow(sign * cents)
                    case 2: (v, overflow) = committed.addingReportingOverflow(sign * cents)
                    default: (v, overflow) = disbursed.addingReportingOverflow(sign * cents)
                    }
                    guard !overflow else { throw LedgerError("total is too large for the ledger (over 9.2e16 \(currency))") }
                    switch column {
                    case 1: pledged = v; flows += Int(sign) * count; hedged += Int(sign) * h
                    case 2: committed = v; committedFlows += Int(sign) * count
                    default: disbursed = v; disbursedFlows += Int(sign) * count
                    }
                }
            }
            mutating func add(_ o: Sums, currency: String) throws {
                let (a, o1) = pledged.addingReportingOverflow(o.pledged)
                let (b, o2) = committed.addingReportingOverflow(o.committed)
                let (c, o3) = disbursed.addingReportingOverflow(o.disbursed)
                guard !o1, !o2, !o3 else { throw LedgerError("total is too large for the ledger (over 9.2e16 \(currency))") }
                pledged = a; committed = b; disbursed = c
                flows += o.flows; committedFlows += o.committedFlows; disbursedFlows += o.disbursedFlows; hedged += o.hedged
            }
        }
        /// A bucket: the party, the currency and, when converting, the date (each converts apart).
        struct Bucket: Hashable { var party: Int64?; var currency: String; var date: String? }
        var buckets: [Bucket: Sums] = [:]
        func bucket(_ st: Statement) -> Bucket {
            Bucket(party: st.string(0) == nil ? nil : st.int64(0), currency: st.string(1) ?? "", date: st.string(2))
        }

        // Each (party, currency, [date], status) sum, into the columns that status reaches: the
        // covering index of totals serves it (an index-only scan for donors).
        let w = try countedClause(filter, alias: "f")
        let dateColumn = target == nil ? "NULL" : "f.published"
        let main = try database.prepare("""
            SELECT \(party), f.currency, \(dateColumn), f.status, SUM(f.amount), COUNT(*), SUM(f.approximate) FROM flows f
            WHERE \(w.sql) GROUP BY \(party), f.currency, f.status\(target == nil ? "" : ", f.published")
            """)
        try main.bind(w.values)
        queryLog?.append(main.sql)
        while try main.step() {
            let b = bucket(main)
            try buckets[b, default: Sums()].add(cents: main.int64(4), count: main.int(5), hedged: main.int(6),
                                                columns: 1...rank(main.string(3)), currency: b.currency)
        }

        // Parts rule: a part whose parent passes the filter and is in the same row (party and,
        // unless converting, currency) leaves each column that counts its parent too. Reads the
        // parts only (the partial index on part_of). The parent's terms carry unary `+` so that
        // only `p.id` serves as its index: the `--as-of` shadow table has no primary key, and
        // SQLite then indexes it for the join instead of walking another index per part.
        var partsLeftOut = 0
        if !includeParts {
            let wc = try countedClause(filter, alias: "c")
            var pc = FilterColumns(flowsAlias: "p")
            for path in [\FilterColumns.donor, \.recipient, \.mechanism, \.category, \.status, \.currency, \.published, \.approximate] {
                pc[keyPath: path] = "+" + pc[keyPath: path]
            }
            var wp = try whereClause(filter, columns: pc)
            wp.fragments.insert("p.voided = 0", at: 0)
            let sameCurrency = target == nil ? " AND +p.currency = c.currency" : ""
            let partDate = target == nil ? "NULL" : "c.published"
            // as totals' parts correction: a filter no row can pass ("0") leaves no use for the index
            let index = (wc.fragments + wp.fragments).contains("0") ? "" : "INDEXED BY flows_part_of"
            let parts = try database.prepare("""
                SELECT \(partParty), c.currency, \(partDate), c.status, p.status, SUM(c.amount), COUNT(*), SUM(c.approximate)
                FROM flows c \(index) JOIN flows p ON p.id = c.part_of
                WHERE c.part_of IS NOT NULL AND \(wc.sql) AND \(wp.sql) AND +\(parentParty) IS \(partParty)\(sameCurrency)
                GROUP BY 1, 2, 3, 4, 5
                """)
            try parts.bind(wc.values + wp.values)
            queryLog?.append(parts.sql)
            while try parts.step() {
                let b = bucket(parts)
                let r = rank(parts.string(3)), pr = rank(parts.string(4))
                let count = parts.int(6)
                partsLeftOut += count
                try buckets[b, default: Sums()].add(cents: parts.int64(5), count: count, hedged: parts.int(7),
                                                    columns: 1...min(r, pr), sign: -1, currency: b.currency)
            }
        }

        func row(_ k: Int64?, _ currency: String, _ s: Sums, reason: String? = nil) -> GapRow {
            let p = k.flatMap { parties[$0] }
            return GapRow(party: p?.name ?? key.placeholder, code: p?.code, currency: currency,
                          pledgedCents: s.pledged, committedCents: s.committed, disbursedCents: s.disbursed,
                          flows: s.flows, committedFlows: s.committedFlows, disbursedFlows: s.disbursedFlows,
                          hedged: s.hedged, reason: reason)
        }

        var rows: [GapRow] = [], unconvertedRows: [GapRow] = []
        var used: Set<RateUse> = []
        if let target {
            // Each bucket's columns converted at its (currency, date) rate, rounded once; a row adds them.
            let book = try RateBook(database: database, maxAge: maxRateAge)
            struct Unconverted: Hashable { var party: Int64?; var currency: String; var undated: Bool }
            var converted: [Int64?: Sums] = [:]
            var unconverted: [Unconverted: (Sums, String)] = [:]
            for (b, s) in buckets where s.any {
                if let rate = try book.rate(from: b.currency, to: target, date: b.date) {
                    if rate.method != .identity { used.insert(rate) }
                    guard let p = rate.convert(s.pledged), let c = rate.convert(s.committed), let d = rate.convert(s.disbursed) else {
                        throw LedgerError("converted total is too large for the ledger")
                    }
                    var cs = s
                    cs.pledged = p; cs.committed = c; cs.disbursed = d
                    try converted[b.party, default: Sums()].add(cs, currency: target)
                } else {
                    let key = Unconverted(party: b.party, currency: b.currency, undated: b.date == nil)
                    let reason = b.date == nil ? "undated" : "no \(b.currency)->\(target) rate on or up to \(maxRateAge) days before \(b.date ?? "")"
                    var entry = unconverted[key] ?? (Sums(), reason)
                    try entry.0.add(s, currency: b.currency)
                    if b.date != nil, entry.1 != reason {
                        entry.1 = "no \(b.currency)->\(target) rate within \(maxRateAge) days of the article dates"
                    }
                    unconverted[key] = entry
                }
            }
            for (k, s) in converted where s.any { rows.append(row(k, target, s)) }
            for (k, (s, reason)) in unconverted {
                unconvertedRows.append(row(k.party, k.currency, s, reason: reason))
            }
        } else {
            for (b, s) in buckets where s.any { rows.append(row(b.party, b.currency, s)) }
        }

        let valuation = target.map {
            "converted to \($0) at ECB reference rates of each article's date "
                + "(or the nearest earlier rate within \(maxRateAge) days; crossed through EUR where no direct rate)"
        }
        return GapReport(by: key, rows: Self.sortedGapRows(rows), unconverted: Self.sortedGapRows(unconvertedRows),
                         partsLeftOut: partsLeftOut, includeParts: includeParts, convertTo: target, valuation: valuation,
                         ratesUsed: used.sorted { ($0.from, $0.date) < ($1.from, $1.date) })
    }

    /// Report order, as totals: by party name ("(unnamed)" last), then currency (then reason:
    /// an unconverted party and currency may have an undated row and a rateless one).
    static func sortedGapRows(_ rows: [GapRow]) -> [GapRow] {
        rows.sorted { a, b in
            if a.party != b.party {
                let pa = a.party.hasPrefix("("), pb = b.party.hasPrefix("(")
                if pa != pb { return pb }
                return a.party < b.party
            }
            if a.currency != b.currency { return a.currency < b.currency }
            if a.code != b.code { return (a.code ?? "") < (b.code ?? "") }
            // undated first, as totals lists them
            return (a.reason == "undated" ? "" : a.reason ?? "") < (b.reason == "undated" ? "" : b.reason ?? "")
        }
    }
}
