import AidExtraction
import Foundation

/// A flow's values are resolved from its sources and then its corrections (docs/merging.md):
///
/// - status: a corrected status, else the furthest stage any source reports;
/// - booking source (article, evidence sentence, amount, currency): the first dated source
///   reporting that stage (by date, then id), else the first source; sources no longer found
///   by extraction (`lost`) only when no other is left;
/// - date (`published`): the booking source's date when it reports the stage, else the earliest
///   dated source, else none;
/// - donor, recipient, mechanism: the first source (in date order) that names one;
/// - category: the one most sources give (ties: the earliest);
/// - corrections replace any of these; a corrected amount is exact.
struct StoredSource: Hashable {
    var id: Int64
    var articleID: Int64
    var mentionID: Int64
    var stage: FlowStatus
    var published: String?
    var amount: Int64
    var amountMax: Int64?
    var currency: String
    var approximate: Bool
    var donorID: Int64?
    var recipientID: Int64?
    var mechanism: String?
    var category: AidCategory
    var lost: Bool
}

/// The resolved columns of a flows row.
struct ResolvedFlow: Hashable {
    var articleID: Int64
    var mentionID: Int64
    var amount: Int64
    var amountMax: Int64?
    var currency: String
    var approximate: Bool
    var donorID: Int64?
    var recipientID: Int64?
    var mechanism: String?
    var category: String
    var status: String
    var published: String?
    var sources: Int
    var firstSourceDate: String?
    var latestSourceDate: String?
    var pledgedOn: String?
    var committedOn: String?
    var disbursedOn: String?

    static let columns = """
        article_id, mention_id, amount, amount_max, currency, approximate, donor_id, recipient_id, mechanism, \
        category, status, published, sources, first_source_date, latest_source_date, pledged_on, committed_on, disbursed_on
        """

    init(reading st: Statement) {
        articleID = st.int64(0); mentionID = st.int64(1); amount = st.int64(2); amountMax = st.optionalInt64(3)
        currency = st.string(4) ?? ""; approximate = st.int64(5) != 0; donorID = st.optionalInt64(6)
        recipientID = st.optionalInt64(7); mechanism = st.string(8); category = st.string(9) ?? ""
        status = st.string(10) ?? ""; published = st.string(11); sources = st.int(12)
        firstSourceDate = st.string(13); latestSourceDate = st.string(14); pledgedOn = st.string(15)
        committedOn = st.string(16); disbursedOn = st.string(17)
    }

    /// Resolves from `sources` (in date order, undated last) and the corrections by field name.
    /// Nil when there is no source at all.
    init?(sources all: [StoredSource], corrections: [String: String?], partyID: (String) throws -> Int64?) rethrows {
        let live = all.filter { !$0.lost }
        let pool = live.isEmpty ? all : live
        guard let first = pool.first else { return nil }
        let furthest = pool.map(\.stage).max { $0.rank < $1.rank } ?? first.stage
        let status = corrections["status"].flatMap { $0.flatMap(FlowStatus.init(rawValue:)) } ?? furthest
        let atStage = pool.filter { $0.stage == status }
        let booking = atStage.first(where: { $0.published != nil }) ?? atStage.first ?? pool.first(where: { $0.published != nil }) ?? first
        articleID = booking.articleID; mentionID = booking.mentionID
        amount = booking.amount; amountMax = booking.amountMax; currency = booking.currency
        approximate = booking.approximate
        donorID = pool.lazy.compactMap(\.donorID).first
        recipientID = pool.lazy.compactMap(\.recipientID).first
        mechanism = pool.lazy.compactMap(\.mechanism).first
        var votes: [AidCategory: Int] = [:]
        for s in pool { votes[s.category, default: 0] += 1 }
        let top = votes.values.max() ?? 0
        category = (pool.first { votes[$0.category] == top }?.category ?? first.category).rawValue
        self.status = status.rawValue
        let dated = all.compactMap(\.published)
        published = atStage.compactMap(\.published).min() ?? dated.min()
        sources = Set(all.map(\.articleID)).count
        firstSourceDate = dated.min(); latestSourceDate = dated.max()
        func on(_ s: FlowStatus) -> String? { all.filter { $0.stage == s }.compactMap(\.published).min() }
        pledgedOn = on(.pledged); committedOn = on(.committed); disbursedOn = on(.disbursed)

        for (field, value) in corrections {
            switch field {
            case "donor": donorID = try value.flatMap(partyID)
            case "recipient": recipientID = try value.flatMap(partyID)
            case "mechanism": mechanism = value
            case "category": if let v = value { category = v }
            case "currency": if let v = value { currency = v }
            case "amount":
                if let v = value, let c = Int64(v) { amount = c; amountMax = nil; approximate = false }
            default: break
            }
        }
    }
}

extension FlowStatus {
    /// Pledged < committed < disbursed.
    var rank: Int {
        switch self { case .pledged: return 0; case .committed: return 1; case .disbursed: return 2 }
    }
}

extension LedgerWriter {
    /// The sources of a flow, in date order (undated last), then id.
    func storedSources(of flowID: Int64) throws -> [StoredSource] {
        let st = try cached("""
            SELECT id, article_id, mention_id, stage, published, amount, amount_max, currency, approximate, donor_id,
                   recipient_id, mechanism, category, lost
            FROM flow_sources WHERE flow_id = ? ORDER BY published IS NULL, published, id
            """)
        try st.bind(flowID, at: 1)
        defer { st.reset() }
        var out: [StoredSource] = []
        while try st.step() {
            out.append(StoredSource(
                id: st.int64(0), articleID: st.int64(1), mentionID: st.int64(2),
                stage: FlowStatus(rawValue: st.string(3) ?? "") ?? .committed, published: st.string(4),
                amount: st.int64(5), amountMax: st.optionalInt64(6), currency: st.string(7) ?? "",
                approximate: st.int64(8) != 0, donorID: st.optionalInt64(9), recipientID: st.optionalInt64(10),
                mechanism: st.string(11), category: AidCategory(rawValue: st.string(12) ?? "") ?? .other,
                lost: st.int64(13) != 0))
        }
        return out
    }

    /// An analyst's corrections of a flow, by field (nil value: the field was cleared).
    func corrections(of flowID: Int64) throws -> [String: String?] {
        let st = try cached("SELECT field, value FROM flow_corrections WHERE flow_id = ?")
        try st.bind(flowID, at: 1)
        defer { st.reset() }
        var out: [String: String?] = [:]
        while try st.step() { out[st.string(0) ?? ""] = .some(st.string(1)) }
        return out
    }

    func partyID(code: String) throws -> Int64? {
        let st = try cached("SELECT id FROM parties WHERE code = ?")
        try st.bind(code, at: 1)
        defer { st.reset() }
        return try st.step() ? st.int64(0) : nil
    }

    /// Resolves a flow's row again from its sources and corrections; writes it only when a
    /// value changed. A flow left with no source is kept as it is (the caller decides).
    func refresh(_ flowID: Int64) throws {
        let srcs = try storedSources(of: flowID)
        guard let r = try ResolvedFlow(sources: srcs, corrections: try corrections(of: flowID),
                                       partyID: { try self.partyID(code: $0) }) else { return }
        let cur = try cached("SELECT \(ResolvedFlow.columns) FROM flows WHERE id = ?")
        try cur.bind(flowID, at: 1)
        let old = try cur.step() ? ResolvedFlow(reading: cur) : nil
        cur.reset()
        guard let old, old != r else { return }
        let st = try cached("""
            UPDATE flows SET article_id = ?, mention_id = ?, amount = ?, amount_max = ?, currency = ?, approximate = ?,
                donor_id = ?, recipient_id = ?, mechanism = ?, category = ?, status = ?, published = ?, sources = ?,
                first_source_date = ?, latest_source_date = ?, pledged_on = ?, committed_on = ?, disbursed_on = ?
            WHERE id = ?
            """)
        try st.bind(r.articleID, at: 1); try st.bind(r.mentionID, at: 2); try st.bind(r.amount, at: 3)
        try st.bind(r.amountMax, at: 4); try st.bind(r.currency, at: 5); try st.bind(r.approximate, at: 6)
        try st.bind(r.donorID, at: 7); try st.bind(r.recipientID, at: 8); try st.bind(r.mechanism, at: 9)
        try st.bind(r.category, at: 10); try st.bind(r.status, at: 11); try st.bind(r.published, at: 12)
        try st.bind(r.sources, at: 13); try st.bind(r.firstSourceDate, at: 14); try st.bind(r.latestSourceDate, at: 15)
        try st.bind(r.pledgedOn, at: 16); try st.bind(r.committedOn, at: 17); try st.bind(r.disbursedOn, at: 18)
        try st.bind(flowID, at: 19)
        try st.run()
    }

    /// The fields history records of a flow (nil when there is no such flow).
    func snapshot(_ flowID: Int64) throws -> [String: String?]? {
        let st = try cached("""
            SELECT f.amount, f.amount_max, f.currency, d.code, r.code, f.mechanism, f.category, f.status, f.published,
                   f.sources, f.voided
            FROM flows f LEFT JOIN parties d ON d.id = f.donor_id LEFT JOIN parties r ON r.id = f.recipient_id
            WHERE f.id = ?
            """)
        try st.bind(flowID, at: 1)
        defer { st.reset() }
        guard try st.step() else { return nil }
        return ["amount": Cents.string(st.int64(0)), "amount_max": st.optionalInt64(1).map(Cents.string),
                "currency": st.string(2), "donor": st.string(3), "recipient": st.string(4), "mechanism": st.string(5),
                "category": st.string(6), "status": st.string(7), "published": st.string(8),
                "sources": String(st.int64(9)), "voided": st.int64(10) != 0 ? "true" : "false"]
    }

    /// One row of `flow_history`; `before`/`after` keep only the fields that differ.
    func recordHistory(flowID: Int64, other: Int64?, action: String, author: String, reason: String,
                       before: [String: String?]?, after: [String: String?]?) throws {
        var b = before, a = after
        if let x = before, let y = after {
            b = x.filter { y[$0.key] != $0.value }
            a = y.filter { x[$0.key] != $0.value }
        }
        let st = try cached("""
            INSERT INTO flow_history(flow_id, other, at, author, action, reason, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try st.bind(flowID, at: 1); try st.bind(other, at: 2); try st.bind(now, at: 3); try st.bind(author, at: 4)
        try st.bind(action, at: 5); try st.bind(reason, at: 6)
        try st.bind(b.map(Self.json), at: 7); try st.bind(a.map(Self.json), at: 8)
        try st.run()
    }

    /// A JSON object with sorted keys (null for nil values).
    static func json(_ fields: [String: String?]) -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        }
        let body = fields.keys.sorted().map { k in quote(k) + ":" + ((fields[k] ?? nil).map(quote) ?? "null") }
        return "{" + body.joined(separator: ",") + "}"
    }
}
