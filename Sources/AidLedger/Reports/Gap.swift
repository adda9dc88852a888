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

        let party = key.sql("f"), parentParty = key.sql("p")
        let rank = { (a: String) in "CASE \(a).status WHEN 'disbursed' THEN 3 WHEN 'committed' THEN 2 ELSE 1 END" }
        let w = try countedClause(filter, alias: "f")
        let wp = try countedClause(filter, alias: "p")
        let sameCurrency = target == nil ? " AND p.currency = f.currency" : ""
        // The parent's stage when it is counted in the same row, else 0.
        let parentRank = includeParts ? "0" : """
            CASE WHEN f.part_of IS NULL THEN 0 ELSE coalesce((SELECT \(rank("p")) FROM flows p
                WHERE p.id = f.part_of AND \(wp.sql) AND \(parentParty) IS \(party)\(sameCurrency)), 0) END
            """
        let dateColumn = target == nil ? "" : ", g.published"
        let st = try database.prepare("""
            SELECT g.k, g.currency\(dateColumn),
                   SUM(CASE WHEN g.pr < 1 THEN g.amount ELSE 0 END), SUM(g.pr < 1), SUM(CASE WHEN g.pr < 1 THEN g.approximate ELSE 0 END),
                   SUM(CASE WHEN g.r >= 2 AND g.pr < 2 THEN g.amount ELSE 0 END), SUM(g.r >= 2 AND g.pr < 2),
                   SUM(CASE WHEN g.r >= 3 AND g.pr < 3 THEN g.amount ELSE 0 END), SUM(g.r >= 3 AND g.pr < 3),
                   SUM(g.pr >= 1)
            FROM (SELECT \(party) AS k, f.currency AS currency, f.published AS published, f.amount AS amount,
                         f.approximate AS approximate, \(rank("f")) AS r, \(parentRank) AS pr
                  FROM flows f WHERE \(w.sql)) g
            GROUP BY g.k, g.currency\(dateColumn) ORDER BY g.k, g.currency\(dateColumn)
            """)
        try st.bind((includeParts ? [] : wp.values) + w.values)
        queryLog?.append(st.sql)
        let parties = try partyTable()

        struct Sums {
            var pledged: Int64 = 0, committed: Int64 = 0, disbursed: Int64 = 0
            var flows = 0, committedFlows = 0, disbursedFlows = 0, hedged = 0
            var any: Bool { flows + committedFlows + disbursedFlows > 0 }
            mutating func add(_ o: Sums, currency: String) throws {
                let (a, o1) = pledged.addingReportingOverflow(o.pledged)
                let (b, o2) = committed.addingReportingOverflow(o.committed)
                let (c, o3) = disbursed.addingReportingOverflow(o.disbursed)
                guard !o1, !o2, !o3 else { throw LedgerError("total is too large for the ledger (over 9.2e16 \(currency))") }
                pledged = a; committed = b; disbursed = c
                flows += o.flows; committedFlows += o.committedFlows; disbursedFlows += o.disbursedFlows; hedged += o.hedged
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
        var partsLeftOut = 0
        let book = try target.map { _ in try RateBook(database: database, maxAge: maxRateAge) }
        var used: Set<RateUse> = []
        // Converted: the current party's converted sums and unconverted sums by (currency, kind).
        var current: Int64?? = nil
        var converted = Sums()
        var unconverted: [String: (Sums, String)] = [:], unconvertedOrder: [String] = []
        func flush() {
            guard let k = current else { return }
            if converted.any, let target { rows.append(row(k, target, converted)) }
            for u in unconvertedOrder {
                guard let (s, reason) = unconverted[u] else { continue }
                unconvertedRows.append(row(k, String(u.prefix(3)), s, reason: reason))
            }
            converted = Sums(); unconverted.removeAll(); unconvertedOrder.removeAll()
        }

        let base: Int32 = target == nil ? 2 : 3
        while try st.step() {
            let k: Int64? = st.string(0) == nil ? nil : st.int64(0)
            let currency = st.string(1) ?? ""
            let s = Sums(pledged: st.int64(base), committed: st.int64(base + 3), disbursed: st.int64(base + 5),
                         flows: st.int(base + 1), committedFlows: st.int(base + 4), disbursedFlows: st.int(base + 6),
                         hedged: st.int(base + 2))
            partsLeftOut += st.int(base + 7)
            guard s.any else { continue }
            guard let target, let book else {
                rows.append(row(k, currency, s))
                continue
            }
            if current == nil || current! != k { flush(); current = .some(k) }
            let date = st.string(2)
            if let rate = try book.rate(from: currency, to: target, date: date) {
                if rate.method != .identity { used.insert(rate) }
                guard let p = rate.convert(s.pledged), let c = rate.convert(s.committed), let d = rate.convert(s.disbursed) else {
                    throw LedgerError("converted total is too large for the ledger")
                }
                var cs = s
                cs.pledged = p; cs.committed = c; cs.disbursed = d
                try converted.add(cs, currency: target)
            } else {
                let kind = date == nil ? "undated" : "no rate"
                let reason = date == nil ? "undated" : "no \(currency)->\(target) rate on or up to \(maxRateAge) days before \(date ?? "")"
                let uKey = currency + kind
                if unconverted[uKey] == nil { unconvertedOrder.append(uKey); unconverted[uKey] = (Sums(), reason) }
                var entry = unconverted[uKey]!
                try entry.0.add(s, currency: currency)
                if date != nil, entry.1 != reason { entry.1 = "no \(currency)->\(target) rate within \(maxRateAge) days of the article dates" }
                unconverted[uKey] = entry
            }
        }
        flush()

        let valuation = target.map {
            "converted to \($0) at ECB reference rates of each article's date "
                + "(or the nearest earlier rate within \(maxRateAge) days; crossed through EUR where no direct rate)"
        }
        return GapReport(by: key, rows: Self.sortedGapRows(rows), unconverted: Self.sortedGapRows(unconvertedRows),
                         partsLeftOut: partsLeftOut, includeParts: includeParts, convertTo: target, valuation: valuation,
                         ratesUsed: used.sorted { ($0.from, $0.date) < ($1.from, $1.date) })
    }

    /// Report order, as totals: by party name ("(unnamed)" last), then currency.
    static func sortedGapRows(_ rows: [GapRow]) -> [GapRow] {
        rows.sorted { a, b in
            if a.party != b.party {
                let pa = a.party.hasPrefix("("), pb = b.party.hasPrefix("(")
                if pa != pb { return pb }
                return a.party < b.party
            }
            return a.currency < b.currency
        }
    }
}
