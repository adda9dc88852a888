import AidExtraction
import Foundation

/// An analyst's correction of a flow's fields, as typed (`amend`). A nil field is left alone;
/// an empty string clears donor, recipient or mechanism.
public struct FlowAmendment: Sendable, Hashable {
    public var donor: String?
    public var recipient: String?
    /// Exact decimal in major units ("1500000", "1.25e9" is refused).
    public var amount: String?
    public var currency: String?
    public var status: String?
    public var category: String?
    public var mechanism: String?
    public init(donor: String? = nil, recipient: String? = nil, amount: String? = nil, currency: String? = nil,
                status: String? = nil, category: String? = nil, mechanism: String? = nil) {
        self.donor = donor; self.recipient = recipient; self.amount = amount; self.currency = currency
        self.status = status; self.category = category; self.mechanism = mechanism
    }
    public var isEmpty: Bool { [donor, recipient, amount, currency, status, category, mechanism].allSatisfy { $0 == nil } }
}

/// One row of a flow's audit trail.
public struct HistoryEntry: Sendable, Hashable {
    public var id: Int64
    public var flowID: Int64
    /// The other flow of a merge or split.
    public var other: Int64?
    public var at: String
    public var author: String
    public var action: String
    public var reason: String
    /// JSON objects of the fields that changed (nil where the flow did not exist before/after).
    public var before: String?
    public var after: String?
}

/// Where a flow id points now: the flow itself, the flow it was merged into, or nowhere.
public enum FlowLocation: Sendable, Hashable {
    case live(Int64)
    /// Merged into `into` (after following every later merge), with the first merge's reason.
    case merged(id: Int64, into: Int64, at: String, reason: String)
    /// Removed (no article yields its figure any more).
    case removed(id: Int64, at: String, reason: String)
    case unknown(Int64)
}

extension Ledger {
    /// Follows merges from `id` to the flow that holds its sources now.
    public func locate(_ id: Int64) throws -> FlowLocation {
        if try database.scalarInt("SELECT COUNT(*) FROM flows WHERE id = ?", [.integer(id)]) == 1 { return .live(id) }
        let st = try database.prepare("SELECT merged_into, retired_at, reason FROM retired_flows WHERE id = ?")
        try st.bind(id, at: 1)
        guard try st.step() else { return .unknown(id) }
        let at = st.string(1) ?? "", reason = st.string(2) ?? ""
        guard var cur = st.optionalInt64(0) else { return .removed(id: id, at: at, reason: reason) }
        var seen: Set<Int64> = [id]
        while true {
            if try database.scalarInt("SELECT COUNT(*) FROM flows WHERE id = ?", [.integer(cur)]) == 1 {
                return .merged(id: id, into: cur, at: at, reason: reason)
            }
            let next = try database.prepare("SELECT merged_into FROM retired_flows WHERE id = ?")
            try next.bind(cur, at: 1)
            guard try next.step(), let n = next.optionalInt64(0), !seen.contains(n) else {
                return .removed(id: id, at: at, reason: reason)
            }
            seen.insert(cur)
            cur = n
        }
    }

    /// The live flow an id names, or a one-line error saying where it went.
    func liveFlow(_ id: Int64) throws -> Int64 {
        switch try locate(id) {
        case .live(let f): return f
        case .merged(_, let into, _, _): throw LedgerError("flow #\(id) was merged into flow #\(into); use #\(into)")
        case .removed: throw LedgerError("flow #\(id) was removed (no article yields its figure any more)")
        case .unknown: throw LedgerError("no flow #\(id)")
        }
    }

    /// Stores `amendment` against flow `id` (it overrides the sources from now on, through every
    /// re-ingest and re-extraction) and records it. Returns the flow's id.
    @discardableResult
    public func amend(_ id: Int64, _ amendment: FlowAmendment, reason: String, author: String) throws -> Int64 {
        guard !amendment.isEmpty else { throw LedgerError("amend: give at least one field to change") }
        let reason = try Self.checkedReason(reason)
        return try write { w in
            let flow = try liveFlow(id)
            var values: [(String, String?)] = []
            let gazetteer = Gazetteer()
            func party(_ text: String, _ role: String) throws -> String? {
                let t = text.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return nil }
                let known = try partyTable().values.first { $0.code.lowercased() == t.lowercased() || $0.name.lowercased() == t.lowercased() }
                if let known { return known.code }
                guard let p = gazetteer.party(code: t.uppercased()) ?? gazetteer.resolve(t) else {
                    throw LedgerError("unknown \(role) '\(text)' (give a party's name or code, e.g. 'Norway' or 'NOR')")
                }
                _ = try w.party(p)
                return p.code
            }
            if let d = amendment.donor { values.append(("donor", try party(d, "donor"))) }
            if let r = amendment.recipient { values.append(("recipient", try party(r, "recipient"))) }
            if let a = amendment.amount {
                let t = a.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
                guard t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let d = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")),
                      d > 0, let c = Cents.from(d) else {
                    throw LedgerError("--amount must be a positive decimal amount in major units, got '\(a)'")
                }
                values.append(("amount", String(c)))
            }
            if let c = amendment.currency {
                let code = c.uppercased()
                guard Self.isCurrencyCode(code), KnownCurrencies.contains(code) else {
                    throw LedgerError("unknown currency '\(c)' (an ISO 4217 code, e.g. EUR)")
                }
                values.append(("currency", code))
            }
            if let s = amendment.status {
                guard let v = FlowStatus(rawValue: s.lowercased()) else {
                    throw LedgerError("unknown status '\(s)' (expected one of \(FlowStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                values.append(("status", v.rawValue))
            }
            if let k = amendment.category {
                guard let v = AidCategory(rawValue: k.lowercased()) else {
                    throw LedgerError("unknown category '\(k)' (expected one of \(AidCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                values.append(("category", v.rawValue))
            }
            if let m = amendment.mechanism {
                let t = m.trimmingCharacters(in: .whitespaces)
                values.append(("mechanism", t.isEmpty ? nil : t))
            }
            let before = try w.snapshot(flow)
            let st = try database.prepare("""
                INSERT INTO flow_corrections(flow_id, field, value) VALUES (?, ?, ?)
                ON CONFLICT(flow_id, field) DO UPDATE SET value = excluded.value
                """)
            for (field, value) in values {
                try st.bind(flow, at: 1); try st.bind(field, at: 2); try st.bind(value, at: 3)
                try st.run()
            }
            try w.refresh(flow)
            try w.recordHistory(flowID: flow, other: nil, action: "amend", author: author, reason: reason,
                                before: before, after: try w.snapshot(flow))
            return flow
        }
    }

    /// Voids flow `id`: it stays listed and exported (marked), counts in no total, and stays
    /// voided through every re-ingest and re-extraction.
    public func void(_ id: Int64, reason: String, author: String) throws {
        let reason = try Self.checkedReason(reason)
        try write { w in
            let flow = try liveFlow(id)
            guard try database.scalarInt("SELECT voided FROM flows WHERE id = ?", [.integer(flow)]) == 0 else {
                throw LedgerError("flow #\(flow) is already voided")
            }
            let before = try w.snapshot(flow)
            try database.prepare("UPDATE flows SET voided = 1 WHERE id = ?").bindingRun([.integer(flow)])
            try w.recordHistory(flowID: flow, other: nil, action: "void", author: author, reason: reason,
                                before: before, after: try w.snapshot(flow))
        }
    }

    /// Merges flows into the lowest id: its sources, evidence and the corrections it lacks move
    /// there; the others' ids then point to it. Flows in different currencies need `force`.
    @discardableResult
    public func merge(_ ids: [Int64], reason: String, author: String, force: Bool = false) throws -> Int64 {
        let reason = try Self.checkedReason(reason)
        return try write { w in
            var flows: [Int64] = []
            for id in ids { let f = try liveFlow(id); if !flows.contains(f) { flows.append(f) } }
            guard flows.count >= 2 else { throw LedgerError("merge needs two or more different flows") }
            flows.sort()
            var currencies: Set<String> = []
            for f in flows { currencies.insert(try database.scalarText("SELECT currency FROM flows WHERE id = ?", [.integer(f)]) ?? "") }
            if currencies.count > 1, !force {
                throw LedgerError("flows are in different currencies (\(currencies.sorted().joined(separator: ", "))); add --force to merge them")
            }
            try w.mergeFlows(into: flows[0], from: Array(flows.dropFirst()), author: author, reason: reason)
            return flows[0]
        }
    }

    /// Makes article `articleID`'s evidence of flow `id` a flow of its own, which the automatic
    /// merge never joins to `id` again. Returns the new flow's id.
    @discardableResult
    public func split(_ id: Int64, article articleID: Int64, reason: String, author: String) throws -> Int64 {
        let reason = try Self.checkedReason(reason)
        return try write { w in
            let flow = try liveFlow(id)
            let here = try database.scalarInt("SELECT COUNT(*) FROM flow_sources WHERE flow_id = ? AND article_id = ?",
                                              [.integer(flow), .integer(articleID)]) ?? 0
            let all = try database.scalarInt("SELECT COUNT(*) FROM flow_sources WHERE flow_id = ?", [.integer(flow)]) ?? 0
            guard here > 0 else { throw LedgerError("flow #\(flow) has no source in article #\(articleID)") }
            guard here < all else { throw LedgerError("flow #\(flow) has no source outside article #\(articleID); nothing to split") }
            let before = try w.snapshot(flow)
            let new = try w.takeFlowID()
            try database.prepare("""
                INSERT INTO flows(id, article_id, mention_id, amount, amount_max, currency, approximate, donor_id, recipient_id,
                                  mechanism, category, status, published)
                SELECT ?, article_id, mention_id, amount, amount_max, currency, approximate, donor_id, recipient_id,
                       mechanism, category, status, published FROM flows WHERE id = ?
                """).bindingRun([.integer(new), .integer(flow)])
            try database.prepare("UPDATE flow_sources SET flow_id = ? WHERE flow_id = ? AND article_id = ?")
                .bindingRun([.integer(new), .integer(flow), .integer(articleID)])
            try database.prepare("""
                UPDATE flow_mentions SET flow_id = ? WHERE flow_id = ? AND mention_id IN (SELECT id FROM mentions WHERE article_id = ?)
                """).bindingRun([.integer(new), .integer(flow), .integer(articleID)])
            try database.prepare("INSERT OR IGNORE INTO flows_apart(a, b) VALUES (?, ?)")
                .bindingRun([.integer(min(flow, new)), .integer(max(flow, new))])
            try w.refresh(new)
            try w.refresh(flow)
            try w.recordHistory(flowID: flow, other: new, action: "split", author: author,
                                reason: reason + " (article #\(articleID) now flow #\(new))",
                                before: before, after: try w.snapshot(flow))
            try w.recordHistory(flowID: new, other: flow, action: "split", author: author,
                                reason: reason + " (split from flow #\(flow))", before: nil, after: try w.snapshot(new))
            return new
        }
    }

    /// The audit trail: every change to `flowID` (or to any flow), oldest first.
    public func history(flowID: Int64? = nil) throws -> [HistoryEntry] {
        let st: Statement
        if let id = flowID {
            st = try database.prepare("""
                SELECT id, flow_id, other, at, author, action, reason, before, after FROM flow_history
                WHERE flow_id = ?1 OR other = ?1 ORDER BY id
                """)
            try st.bind(id, at: 1)
        } else {
            st = try database.prepare("SELECT id, flow_id, other, at, author, action, reason, before, after FROM flow_history ORDER BY id")
        }
        var out: [HistoryEntry] = []
        while try st.step() {
            out.append(HistoryEntry(id: st.int64(0), flowID: st.int64(1), other: st.optionalInt64(2), at: st.string(3) ?? "",
                                    author: st.string(4) ?? "", action: st.string(5) ?? "", reason: st.string(6) ?? "",
                                    before: st.string(7), after: st.string(8)))
        }
        return out
    }

    static func checkedReason(_ reason: String) throws -> String {
        let r = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !r.isEmpty else { throw LedgerError("--reason must say why (it is kept in the history)") }
        return r
    }
}

extension Statement {
    /// Binds `values` and runs the statement once.
    func bindingRun(_ values: [SQLValue]) throws {
        try bind(values)
        try run()
    }
}

extension LedgerWriter {
    /// Moves every source, evidence link and missing correction of `others` into `survivor`,
    /// retires their ids (pointing at the survivor), refreshes it, and records both sides.
    func mergeFlows(into survivor: Int64, from others: [Int64], author: String, reason: String) throws {
        for x in others where x != survivor {
            let before = try snapshot(survivor), absorbed = try snapshot(x)
            try cached("UPDATE flow_sources SET flow_id = ? WHERE flow_id = ?").bindingRun([.integer(survivor), .integer(x)])
            try cached("INSERT OR IGNORE INTO flow_mentions(flow_id, mention_id) SELECT ?, mention_id FROM flow_mentions WHERE flow_id = ?")
                .bindingRun([.integer(survivor), .integer(x)])
            try cached("INSERT OR IGNORE INTO flow_corrections(flow_id, field, value) SELECT ?, field, value FROM flow_corrections WHERE flow_id = ?")
                .bindingRun([.integer(survivor), .integer(x)])
            try cached("DELETE FROM flows_apart WHERE a = ?1 OR b = ?1").bindingRun([.integer(x)])
            try retire(x, mergedInto: survivor, reason: reason, author: author)
            try refresh(survivor)
            try recordHistory(flowID: survivor, other: x, action: "merge", author: author,
                              reason: reason + " (flow #\(x) merged in)", before: before, after: try snapshot(survivor))
            try recordHistory(flowID: x, other: survivor, action: "merge", author: author,
                              reason: reason + " (merged into flow #\(survivor))", before: absorbed, after: nil)
        }
    }
}
