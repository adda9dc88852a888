import AidExtraction
import Foundation

/// Which ledger rows a query reads. Every field narrows; empty lists and nils do not.
/// Donors and recipients match a party's canonical name or code, case-insensitively; mechanisms
/// match case-insensitively; categories and statuses must be known values. `since`/`until` are
/// inclusive YYYY-MM-DD dates of the article's publication (undated rows never match a date
/// bound). All values are bound as SQL parameters, never spliced into SQL text.
public struct FlowFilter: Sendable, Hashable {
    public var donors: [String]
    public var recipients: [String]
    public var mechanisms: [String]
    public var categories: [String]
    public var statuses: [String]
    public var currency: String?
    public var since: String?
    public var until: String?
    public var articleID: Int64?
    /// Leave out hedged figures and ranges.
    public var exactOnly: Bool
    /// The ledger as known on this date (YYYY-MM-DD): only sources known by then count, each
    /// flow at the furthest stage they report (`Ledger.withAsOf`).
    public var asOf: String? = nil

    public init(donors: [String] = [], recipients: [String] = [], mechanisms: [String] = [],
                categories: [String] = [], statuses: [String] = [], currency: String? = nil,
                since: String? = nil, until: String? = nil, articleID: Int64? = nil, exactOnly: Bool = false,
                asOf: String? = nil) {
        self.donors = donors; self.recipients = recipients; self.mechanisms = mechanisms
        self.categories = categories; self.statuses = statuses; self.currency = currency
        self.since = since; self.until = until; self.articleID = articleID; self.exactOnly = exactOnly
        self.asOf = asOf
    }

    /// Matches every row.
    public static let all = FlowFilter()

    /// The distinct statuses named (lower-cased).
    var distinctStatuses: Set<String> { Set(statuses.map { $0.lowercased() }) }
}

/// The column expressions a `FlowFilter` tests (fixed SQL text, never user input).
struct FilterColumns {
    var donor, recipient, mechanism, category, status, currency, published, article, approximate: String
    var id = "id"

    /// The flows table aliased `a`.
    init(flowsAlias a: String) {
        donor = "\(a).donor_id"; recipient = "\(a).recipient_id"; mechanism = "\(a).mechanism"
        category = "\(a).category"; status = "\(a).status"; currency = "\(a).currency"
        published = "\(a).published"; article = "\(a).article_id"; approximate = "\(a).approximate"
        id = "\(a).id"
    }
}

/// A WHERE clause built from fixed fragments with `?` placeholders, and the values to bind.
struct WhereClause {
    var fragments: [String] = []
    var values: [SQLValue] = []
    var sql: String { fragments.isEmpty ? "1" : fragments.joined(separator: " AND ") }

    mutating func add(_ fragment: String, _ vals: [SQLValue] = []) { fragments.append(fragment); values += vals }

    static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }
}

extension Ledger {
    /// All parties (id, code, name, kind), small enough to keep in memory.
    func partyTable() throws -> [Int64: (code: String, name: String)] {
        var out: [Int64: (code: String, name: String)] = [:]
        let st = try database.prepare("SELECT id, code, name FROM parties")
        while try st.step() { out[st.int64(0)] = (st.string(1) ?? "", st.string(2) ?? "") }
        return out
    }

    /// The WHERE clause of `filter` over the flows table aliased `alias`. Party names are resolved
    /// to ids first (Swift case-insensitive match, so non-ASCII names work too).
    func whereClause(_ filter: FlowFilter, alias a: String) throws -> WhereClause {
        try whereClause(filter, columns: FilterColumns(flowsAlias: a))
    }

    /// The WHERE clause of `filter` over the columns named by `c` (the flows table, or a totals
    /// rollup that holds some of its columns; the caller checks that the filter uses only those).
    func whereClause(_ filter: FlowFilter, columns c: FilterColumns) throws -> WhereClause {
        var w = WhereClause()
        let parties = (filter.donors.isEmpty && filter.recipients.isEmpty) ? [:] : try partyTable()
        func partyIDs(_ wanted: [String]) -> [SQLValue] {
            let keys = Set(wanted.map { $0.lowercased() })
            return parties.filter { keys.contains($0.value.code.lowercased()) || keys.contains($0.value.name.lowercased()) }
                .keys.sorted().map { SQLValue.integer($0) }
        }
        for (names, column) in [(filter.donors, c.donor), (filter.recipients, c.recipient)] where !names.isEmpty {
            let ids = partyIDs(names)
            if ids.isEmpty { w.add("0") } else { w.add("\(column) IN (\(WhereClause.placeholders(ids.count)))", ids) }
        }
        if !filter.mechanisms.isEmpty {
            w.add("\(c.mechanism) COLLATE NOCASE IN (\(WhereClause.placeholders(filter.mechanisms.count)))",
                  filter.mechanisms.map { .text($0) })
        }
        if !filter.categories.isEmpty {
            let cats = try filter.categories.map { c -> SQLValue in
                let v = c.lowercased()
                guard AidCategory(rawValue: v) != nil else {
                    throw LedgerError("unknown category '\(c)' (expected one of \(AidCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return .text(v)
            }
            w.add("\(c.category) IN (\(WhereClause.placeholders(cats.count)))", cats)
        }
        if !filter.statuses.isEmpty {
            let sts = try filter.statuses.map { s -> SQLValue in
                let v = s.lowercased()
                guard FlowStatus(rawValue: v) != nil else {
                    throw LedgerError("unknown status '\(s)' (expected one of \(FlowStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return .text(v)
            }
            w.add("\(c.status) IN (\(WhereClause.placeholders(sts.count)))", sts)
        }
        if let code = filter.currency { w.add("\(c.currency) = ?", [.text(code.uppercased())]) }
        if let s = filter.since {
            guard Article.isISODate(s) else { throw LedgerError("--since must be a date YYYY-MM-DD, got '\(s)'") }
            w.add("\(c.published) >= ?", [.text(s)])
        }
        if let u = filter.until {
            guard Article.isISODate(u) else { throw LedgerError("--until must be a date YYYY-MM-DD, got '\(u)'") }
            w.add("\(c.published) <= ?", [.text(u)])
        }
        if let id = filter.articleID {
            // a flow is "from" every article that reports it, not only the one it is booked at
            w.add("EXISTS (SELECT 1 FROM main.flow_sources s WHERE s.flow_id = \(c.id) AND s.article_id = ?)", [.integer(id)])
        }
        if filter.exactOnly { w.add("\(c.approximate) = 0") }
        return w
    }

    /// The SELECT behind `flows(filter:)` and the exporters; column order is `FlowColumn`.
    static let flowSelect = """
        SELECT f.id, f.published, a.title, a.source, f.amount, f.amount_max, f.currency, f.approximate,
               d.name, d.code, r.name, r.code, f.mechanism, f.category, f.status, f.part_of,
               se.text, m.start, m."end", f.article_id, m.surface, m.hedge,
               f.sources, f.first_source_date, f.latest_source_date, f.pledged_on, f.committed_on, f.disbursed_on,
               f.voided
        FROM flows f
        JOIN articles a ON a.id = f.article_id
        JOIN mentions m ON m.id = f.mention_id
        LEFT JOIN sentences se ON se.id = m.sentence_id
        LEFT JOIN parties d ON d.id = f.donor_id
        LEFT JOIN parties r ON r.id = f.recipient_id
        """

    static func record(_ st: Statement) -> FlowRecord {
        FlowRecord(
            id: st.int64(0), published: st.string(1), articleTitle: st.string(2), source: st.string(3) ?? "",
            amount: st.int64(4), amountMax: st.optionalInt64(5), currency: st.string(6) ?? "",
            approximate: st.int64(7) != 0, donor: st.string(8), donorCode: st.string(9),
            recipient: st.string(10), recipientCode: st.string(11), mechanism: st.string(12),
            category: st.string(13) ?? "", status: st.string(14) ?? "", partOf: st.optionalInt64(15),
            sentence: st.string(16) ?? "", spanStart: st.int(17), spanEnd: st.int(18), articleID: st.int64(19),
            surface: st.string(20) ?? "", hedge: st.string(21),
            sources: st.int(22), firstSourceDate: st.string(23), latestSourceDate: st.string(24),
            pledgedOn: st.string(25), committedOn: st.string(26), disbursedOn: st.string(27), voided: st.int64(28) != 0)
    }

    /// Ledger rows matching `filter`, in id order (for `list`).
    public func flows(filter: FlowFilter = .all) throws -> [FlowRecord] {
        var out: [FlowRecord] = []
        try forEachFlow(filter: filter) { out.append($0) }
        return out
    }

    /// Streams the rows `flows(filter:)` returns, one at a time (for very large ledgers).
    public func forEachFlow(filter: FlowFilter = .all, _ body: (FlowRecord) throws -> Void) throws {
        if let date = filter.asOf {
            var f = filter
            f.asOf = nil
            return try withAsOf(date) { try forEachFlow(filter: f, body) }
        }
        let w = try whereClause(filter, alias: "f")
        let st = try database.prepare(Self.flowSelect + " WHERE \(w.sql) ORDER BY f.id")
        try st.bind(w.values)
        while try st.step() { try body(Self.record(st)) }
    }

    /// One flow with everything `show` prints, or nil when there is no such id.
    public func flow(id: Int64) throws -> FlowDetail? {
        let st = try database.prepare(Self.flowSelect + " WHERE f.id = ?")
        try st.bind(id, at: 1)
        guard try st.step() else { return nil }
        let rec = Self.record(st)
        var evidence: [Evidence] = []
        let ev = try database.prepare("""
            SELECT m.id, m.surface, m.start, m."end", se.text, m.sentence_start, m.sentence_end,
                   m.amount, m.amount_max, m.currency, m.hedge, m.id = f.mention_id, m.article_id
            FROM flow_mentions fm JOIN mentions m ON m.id = fm.mention_id JOIN flows f ON f.id = fm.flow_id
            LEFT JOIN sentences se ON se.id = m.sentence_id
            WHERE fm.flow_id = ? ORDER BY m.id = f.mention_id DESC, m.article_id, m.start
            """)
        try ev.bind(id, at: 1)
        while try ev.step() {
            evidence.append(Evidence(mentionID: ev.int64(0), surface: ev.string(1) ?? "", start: ev.int(2), end: ev.int(3),
                                     sentence: ev.string(4) ?? "", sentenceStart: ev.int(5), sentenceEnd: ev.int(6),
                                     amount: ev.string(7) ?? "", amountMax: ev.string(8), currency: ev.string(9) ?? "",
                                     hedge: ev.string(10), isPrimary: ev.int64(11) != 0, articleID: ev.int64(12)))
        }
        let parent = try rec.partOf.flatMap { pid -> FlowRecord? in
            let p = try database.prepare(Self.flowSelect + " WHERE f.id = ?")
            try p.bind(pid, at: 1)
            return try p.step() ? Self.record(p) : nil
        }
        let parts = try database.prepare(Self.flowSelect + " WHERE f.part_of = ? ORDER BY f.id")
        try parts.bind(id, at: 1)
        var children: [FlowRecord] = []
        while try parts.step() { children.append(Self.record(parts)) }
        let art = try articles(ids: [rec.articleID]).first
        guard let article = art else { return nil }
        return FlowDetail(flow: rec, evidence: evidence, article: article, parent: parent, parts: children)
    }

    func articles(ids: [Int64]) throws -> [ArticleSummary] {
        let st = try database.prepare("""
            SELECT a.id, a.source, a.title, a.url, a.published, a.ingested_at, a.extractor_version,
                   (SELECT COUNT(*) FROM flow_sources s WHERE s.article_id = a.id AND s.lost = 0)
            FROM articles a WHERE a.id = ?
            """)
        var out: [ArticleSummary] = []
        for id in ids {
            try st.bind(id, at: 1)
            if try st.step() {
                out.append(ArticleSummary(id: st.int64(0), source: st.string(1) ?? "", title: st.string(2), url: st.string(3),
                                          published: st.string(4), ingestedAt: st.string(5) ?? "",
                                          extractorVersion: st.string(6) ?? "", figures: st.int(7)))
            }
            st.reset()
        }
        return out
    }
}

/// One ledger row with its article and parties resolved: what `list` and `export` print.
/// Amounts are cents (`Cents.string` renders them); spans are code points in the article file.
public struct FlowRecord: Sendable, Hashable {
    public var id: Int64
    /// The article's publication date (YYYY-MM-DD), nil when undated.
    public var published: String?
    public var articleTitle: String?
    public var source: String
    public var amount: Int64
    public var amountMax: Int64?
    public var currency: String
    public var approximate: Bool
    public var donor: String?
    public var donorCode: String?
    public var recipient: String?
    public var recipientCode: String?
    public var mechanism: String?
    public var category: String
    public var status: String
    public var partOf: Int64?
    /// The evidence sentence of the mention the row is booked at.
    public var sentence: String
    public var spanStart: Int
    public var spanEnd: Int
    public var articleID: Int64
    /// The money expression as written.
    public var surface: String
    public var hedge: String?
    /// Distinct articles reporting the flow (its `flow_sources`).
    public var sources: Int
    /// The earliest and latest dates of the flow's dated sources (YYYY-MM-DD), nil when none is dated.
    public var firstSourceDate: String?
    public var latestSourceDate: String?
    /// The date of the first source reporting each stage, nil when no dated source reports it.
    public var pledgedOn: String?
    public var committedOn: String?
    public var disbursedOn: String?
    /// Voided by an analyst: still listed and exported (marked), never counted in totals.
    public var voided: Bool

    /// IATI transaction type (donor's view): pledged 12, committed 2, disbursed 3.
    public var iatiTransactionType: Int? { FlowStatus(rawValue: status)?.iatiTransactionType }
}

/// One mention that evidences a flow, with its sentence and where the figure sits in it.
public struct Evidence: Sendable, Hashable {
    public var mentionID: Int64
    public var surface: String
    public var start: Int
    public var end: Int
    public var sentence: String
    public var sentenceStart: Int
    public var sentenceEnd: Int
    /// Exact decimal as recognised, in major units.
    public var amount: String
    public var amountMax: String?
    public var currency: String
    public var hedge: String?
    /// True for the mention the row is booked at.
    public var isPrimary: Bool
    /// The article the mention stands in (a flow's evidence may come from several).
    public var articleID: Int64 = 0

    /// The sentence with the figure wrapped in `open`/`close` (code-point offsets; the sentence
    /// is returned unmarked when the span does not fall inside it).
    public func marked(open: String = "[", close: String = "]") -> String {
        let scalars = Array(sentence.unicodeScalars)
        let s = start - sentenceStart, e = end - sentenceStart
        guard s >= 0, e >= s, e <= scalars.count else { return sentence }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[..<s])
        out.append(contentsOf: open.unicodeScalars)
        out.append(contentsOf: scalars[s..<e])
        out.append(contentsOf: close.unicodeScalars)
        out.append(contentsOf: scalars[e...])
        return String(out)
    }
}

/// Everything about one flow, for `show`.
public struct FlowDetail: Sendable, Hashable {
    public var flow: FlowRecord
    /// Every mention linked to the flow: the booking mention (`isPrimary`) first, then by article and position.
    public var evidence: [Evidence]
    public var article: ArticleSummary
    /// The flow this one is part of.
    public var parent: FlowRecord?
    /// Flows that are part of this one.
    public var parts: [FlowRecord]
}
