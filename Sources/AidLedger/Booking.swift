import AidExtraction
import Foundation

/// How `ingest` and `reextract` join a figure to a flow already in the ledger (docs/merging.md).
public struct MergeOptions: Sendable, Hashable {
    /// Off: every figure makes a flow of its own (`--no-merge`).
    public var enabled: Bool
    /// An article joins a flow only if dated within this many days of the flow's sources.
    public var windowDays: Int
    /// Rates for a figure in another currency: the article's date or up to this many days before.
    public var maxRateAge: Int
    public init(enabled: Bool = true, windowDays: Int = 365, maxRateAge: Int = 7) {
        self.enabled = enabled; self.windowDays = windowDays; self.maxRateAge = maxRateAge
    }
    public static let standard = MergeOptions()
    public static let off = MergeOptions(enabled: false)
}

/// A figure that joined an existing flow instead of making a row.
public struct MergeEvent: Sendable, Hashable {
    public var articleID: Int64
    /// The figure as found: cents and currency.
    public var amount: Int64
    public var currency: String
    public var flowID: Int64
}

/// What one article figure says about its flow: a row of `flow_sources`.
struct SourceValues: Hashable {
    var articleID: Int64
    var mentionID: Int64
    var stage: FlowStatus
    var published: String?
    var knownOn: String
    var amount: Int64
    var amountMax: Int64?
    var currency: String
    var approximate: Bool
    var hedge: String?
    var unit: Int64
    var donorID: Int64?
    var recipientID: Int64?
    var mechanism: String?
    var category: AidCategory

    var matchAmount: FlowMatch.Amount { FlowMatch.Amount(cents: amount, maxCents: amountMax, hedge: hedge, unit: unit) }
}

extension LedgerWriter {
    /// The next flow id: above every id the ledger ever gave (retired ids are never reused).
    func takeFlowID() throws -> Int64 {
        if nextFlowID == 0 {
            nextFlowID = max(try db.scalarInt("SELECT MAX(id) FROM flows") ?? 0,
                             try db.scalarInt("SELECT MAX(id) FROM retired_flows") ?? 0) + 1
        }
        defer { nextFlowID += 1 }
        return nextFlowID
    }

    /// Books one figure: joins the flow it reports (merge rule) or makes a new flow. `touched`
    /// holds the flows this article already reports, which it never joins twice.
    func book(_ v: SourceValues, touched: inout Set<Int64>) throws -> Int64 {
        if merge.enabled, let target = try findFlow(for: v, excluding: touched) {
            let before = try snapshot(target)
            let flow = try flowForMatch(target)
            try insertSource(v, flowID: target, flowDonor: flow?.donor, flowRecipient: flow?.recipient)
            try refresh(target)
            let after = try snapshot(target)
            try recordHistory(flowID: target, other: nil, action: "merge", author: "aidledger",
                              reason: "article #\(v.articleID) reports this flow (\(Cents.string(v.amount)) \(v.currency))",
                              before: before, after: after)
            merges.append(MergeEvent(articleID: v.articleID, amount: v.amount, currency: v.currency, flowID: target))
            touched.insert(target)
            return target
        }
        let id = try takeFlowID()
        let st = try cached("""
            INSERT INTO flows(id, article_id, mention_id, amount, amount_max, currency, approximate, donor_id,
                              recipient_id, mechanism, category, status, published, sources, first_source_date,
                              latest_source_date, pledged_on, committed_on, disbursed_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
            """)
        try st.bind(id, at: 1)
        try st.bind(v.articleID, at: 2)
        try st.bind(v.mentionID, at: 3)
        try st.bind(v.amount, at: 4)
        try st.bind(v.amountMax, at: 5)
        try st.bind(v.currency, at: 6)
        try st.bind(v.approximate, at: 7)
        try st.bind(v.donorID, at: 8)
        try st.bind(v.recipientID, at: 9)
        try st.bind(v.mechanism, at: 10)
        try st.bind(v.category.rawValue, at: 11)
        try st.bind(v.stage.rawValue, at: 12)
        try st.bind(v.published, at: 13)
        try st.bind(v.published, at: 14)
        try st.bind(v.published, at: 15)
        try st.bind(v.stage == .pledged ? v.published : nil, at: 16)
        try st.bind(v.stage == .committed ? v.published : nil, at: 17)
        try st.bind(v.stage == .disbursed ? v.published : nil, at: 18)
        try st.run()
        try insertSource(v, flowID: id, flowDonor: v.donorID, flowRecipient: v.recipientID)
        sourceCurrencies.insert(v.currency)
        touched.insert(id)
        return id
    }

    /// Adds `v` as a source of `flowID`, with a copy of the flow's current donor and recipient
    /// (the merge lookup's party test reads them from the match index: migration 0008).
    func insertSource(_ v: SourceValues, flowID: Int64, flowDonor: Int64?, flowRecipient: Int64?) throws {
        let st = try cached("""
            INSERT INTO flow_sources(flow_id, article_id, mention_id, stage, published, known_on, amount, amount_max,
                                     currency, approximate, hedge, unit, donor_id, recipient_id, mechanism, category,
                                     flow_donor_id, flow_recipient_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try st.bind(flowID, at: 1)
        try bindSource(v, st, from: 2)
        try st.bind(flowDonor, at: 17)
        try st.bind(flowRecipient, at: 18)
        try st.run()
    }

    /// Binds a source's values (article .. category) at `from`, `from + 1`, ...
    func bindSource(_ v: SourceValues, _ st: Statement, from k: Int32) throws {
        try st.bind(v.articleID, at: k)
        try st.bind(v.mentionID, at: k + 1)
        try st.bind(v.stage.rawValue, at: k + 2)
        try st.bind(v.published, at: k + 3)
        try st.bind(v.knownOn, at: k + 4)
        try st.bind(v.amount, at: k + 5)
        try st.bind(v.amountMax, at: k + 6)
        try st.bind(v.currency, at: k + 7)
        try st.bind(v.approximate, at: k + 8)
        try st.bind(v.hedge, at: k + 9)
        try st.bind(v.unit, at: k + 10)
        try st.bind(v.donorID, at: k + 11)
        try st.bind(v.recipientID, at: k + 12)
        try st.bind(v.mechanism, at: k + 13)
        try st.bind(v.category.rawValue, at: k + 14)
    }

    // MARK: the merge rule's lookup

    /// Candidates per kind: at most this many sources of the same amount dated within the window
    /// (an index seek on amount and date) plus as many undated, and, of the 4x this many nearest
    /// amounts up and down, the first this many within the window; so a lookup reads a bounded
    /// number of index entries in any size of ledger (the index covers it: migration 0007).
    static let candidatesPerSide = 16

    /// The flow `v` reports, if any: a flow with a source whose amount agrees (same currency, or
    /// converted at the ledger's rate of the article's date), whose donor and recipient agree,
    /// whose mechanism does not contradict, within the date window. The best-agreeing wins.
    func findFlow(for v: SourceValues, excluding: Set<Int64>, belowID: Int64? = nil,
                  apartFrom: Int64? = nil) throws -> Int64? {
        var best: (score: Int, id: Int64)? = nil
        var seen: Set<Int64> = []
        func consider(_ cand: Candidate, amount a: FlowMatch.Amount) throws {
            guard !excluding.contains(cand.flowID), !seen.contains(cand.flowID) else { return }
            if let b = belowID, cand.flowID >= b { return }
            guard FlowMatch.amountsAgree(a, cand.amount) else { return }
            seen.insert(cand.flowID)
            // the index entry's copy of the flow's parties (0008) spares the flow lookup of most
            // candidates; the flow itself is tested in full below
            guard FlowMatch.partiesAgree(v.donorID, cand.flowDonor), FlowMatch.partiesAgree(v.recipientID, cand.flowRecipient)
            else { return }
            guard let f = try flowForMatch(cand.flowID) else { return }
            guard FlowMatch.partiesAgree(v.donorID, f.donor), FlowMatch.partiesAgree(v.recipientID, f.recipient),
                  FlowMatch.mechanismsAgree(v.mechanism, f.mechanism),
                  FlowMatch.withinWindow(v.published, first: f.first, latest: f.latest, window: merge.windowDays)
            else { return }
            if let other = apartFrom, try areApart(other, cand.flowID) { return }
            var score = 0
            if a.cents == cand.amount.cents { score += 4 }
            if v.donorID != nil, v.donorID == f.donor { score += 4 }
            if v.recipientID != nil, v.recipientID == f.recipient { score += 2 }
            if v.mechanism != nil, f.mechanism != nil { score += 1 }
            if let b = best, score < b.score || (score == b.score && cand.flowID > b.id) { return }
            best = (score, cand.flowID)
        }
        let own = v.matchAmount
        let parties = Parties(donor: v.donorID, recipient: v.recipientID)
        for c in try candidates(currency: v.currency, around: own, date: v.published, parties: parties) { try consider(c, amount: own) }
        // the same money reported in another currency, at the ledger's rate of the article's date
        if let date = v.published, try hasRates() {
            for other in sourceCurrencies.sorted() where other != v.currency {
                guard let rate = try rateBook().rate(from: v.currency, to: other, date: date),
                      let cents = rate.convert(v.amount) else { continue }
                let converted = FlowMatch.Amount(cents: cents, maxCents: v.amountMax.flatMap { rate.convert($0) },
                                                 hedge: v.hedge, unit: max(1, rate.convert(v.unit) ?? 1))
                for c in try candidates(currency: other, around: converted, date: date, parties: parties) {
                    try consider(c, amount: converted)
                }
            }
        }
        return best?.id
    }

    /// A source found by the lookup: its flow, its amount, and its copy of the flow's parties.
    struct Candidate { var flowID: Int64; var amount: FlowMatch.Amount; var flowDonor: Int64?; var flowRecipient: Int64? }

    /// A figure's donor and recipient, for the lookup's party test on the index's copies (0008).
    struct Parties {
        var donor: Int64?
        var recipient: Int64?
        func agree(donor d: Int64?, recipient r: Int64?) -> Bool {
            FlowMatch.partiesAgree(donor, d) && FlowMatch.partiesAgree(recipient, r)
        }
    }

    /// Sources in `currency` nearest to `a` (up and down), dated within the window or undated:
    /// up to k of the same amount dated within the window, then up to k minus those undated;
    /// then, on each side, of the 4k index entries nearest to `a` (in the index's order: amount,
    /// then its other columns and the row id), the first k dated within the window or undated.
    ///
    /// SQLite returns only the entries that are candidates. It first finds the 4k-th entry of a
    /// side (the edge) without returning the others; then the window's entries before the edge's
    /// amount; then, at the edge's amount, the undated entries and those dated within the window
    /// (a seek on amount and date each) as far as the edge. The result, and its order, are those
    /// of reading all 4k entries and testing each (the tests hold it to that form).
    ///
    /// With `parties`, an entry whose copy of its flow's donor or recipient disagrees with them
    /// still counts towards the k of its kind but is left out of the result (`findFlow` would
    /// reject it unread): the same candidates reach the full test, without reading the columns
    /// of the many that cannot agree.
    func candidates(currency: String, around a: FlowMatch.Amount, date: String?, parties: Parties? = nil) throws -> [Candidate] {
        let range = FlowMatch.searchRange(a)
        let (lo, hi) = Self.dateBounds(date, window: merge.windowDays)
        let k = Self.candidatesPerSide
        let q = try lookupStatements()
        var out: [Candidate] = []
        func append(_ st: Statement) {
            out.append(Candidate(flowID: st.int64(1), amount: FlowMatch.Amount(
                cents: st.int64(2), maxCents: st.optionalInt64(3), hedge: st.string(4), unit: st.int64(5)),
                flowDonor: st.optionalInt64(6), flowRecipient: st.optionalInt64(7)))
        }
        /// Appends the rows of `st` (at most `limit`; all of them when `edge` is nil, else those
        /// up to the edge in the scan's order) and returns how many it appended.
        func collect(_ st: Statement, _ values: [SQLValue], limit: Int, upTo edge: MatchKey? = nil, descending: Bool = false) throws -> Int {
            guard limit > 0 else { return 0 }
            try st.bind(values)
            defer { st.reset() }
            var n = 0
            while n < limit, try st.step() {
                // An entry at the edge's amount whose date differs from the edge's lies before
                // the edge in the scan (the scans' date bounds see to it); only one of the edge's
                // date is placed by its full key.
                if let edge, st.string(8) == edge.published {
                    let key = MatchKey(st, from: 1)
                    if descending ? key < edge : edge < key { break }
                }
                n += 1
                if let parties, !parties.agree(donor: st.optionalInt64(6), recipient: st.optionalInt64(7)) { continue }
                append(st)
            }
            return n
        }
        let cur = SQLValue.text(currency)
        var n = try collect(q.sameAmountDated, [cur, .integer(a.cents), .text(lo), .text(hi)], limit: k)
        n += try collect(q.sameAmountUndated, [cur, .integer(a.cents)], limit: k - n)
        // Above `a`: the edge, if there are 4k entries up to the range's end.
        try q.aboveEdge.bind([cur, .integer(a.cents), .integer(range.upperBound)])
        if try q.aboveEdge.step() {
            let edgeAmount = q.aboveEdge.int64(0), edge = MatchKey(q.aboveEdge, from: 1)
            q.aboveEdge.reset()
            var m = try collect(q.aboveBefore, [cur, .integer(a.cents), .integer(edgeAmount), .text(lo), .text(hi)], limit: k)
            // at the edge's amount, in index order: the undated (NULL sorts first), then the dated
            m += try collect(q.undatedAt, [cur, .integer(edgeAmount)], limit: k - m, upTo: edge)
            // (no seek when the window starts after the edge's date: nothing dated between them)
            if let edgeDate = edge.published, m < k, !Self.precedes(Self.earlier(hi, edgeDate), lo) {
                m += try collect(q.datedAt, [cur, .integer(edgeAmount), .text(lo), .text(Self.earlier(hi, edgeDate))],
                                 limit: k - m, upTo: edge)
            }
        } else {
            q.aboveEdge.reset()
            _ = try collect(q.aboveThrough, [cur, .integer(a.cents), .integer(range.upperBound), .text(lo), .text(hi)], limit: k)
        }
        // Below `a`, scanning down: the same in reverse index order (at the edge's amount the
        // dated come first, latest first, then the undated).
        try q.belowEdge.bind([cur, .integer(a.cents), .integer(range.lowerBound)])
        if try q.belowEdge.step() {
            let edgeAmount = q.belowEdge.int64(0), edge = MatchKey(q.belowEdge, from: 1)
            q.belowEdge.reset()
            var m = try collect(q.belowBefore, [cur, .integer(a.cents), .integer(edgeAmount), .text(lo), .text(hi)], limit: k)
            let from = edge.published.map { Self.later(lo, $0) } ?? lo
            if !Self.precedes(hi, from) {
                m += try collect(q.datedAtDown, [cur, .integer(edgeAmount), .text(from), .text(hi)], limit: k - m, upTo: edge,
                                 descending: true)
            }
            if edge.published == nil {
                m += try collect(q.undatedAtDown, [cur, .integer(edgeAmount)], limit: k - m, upTo: edge, descending: true)
            }
        } else {
            q.belowEdge.reset()
            _ = try collect(q.belowThrough, [cur, .integer(a.cents), .integer(range.lowerBound), .text(lo), .text(hi)], limit: k)
        }
        return out
    }

    /// The earlier and the later of two dates (ISO text, compared as SQLite compares text).
    static func earlier(_ x: String, _ y: String) -> String { precedes(x, y) ? x : y }
    static func later(_ x: String, _ y: String) -> String { precedes(x, y) ? y : x }
    static func precedes(_ x: String, _ y: String) -> Bool { x.utf8.lexicographicallyPrecedes(y.utf8) }

    /// Where an entry of the match index sits among the entries of its amount: the index's
    /// columns after `amount`, then the row id, ordered as SQLite orders them (NULL first,
    /// integers by value, text by its bytes).
    struct MatchKey: Comparable {
        var published: String?
        var flowID: Int64
        var amountMax: Int64?
        var hedge: String?
        var unit: Int64
        var lost: Int64
        var flowDonor: Int64?
        var flowRecipient: Int64?
        var rowID: Int64

        /// Reads `matchKeyColumns` from column `k` on.
        init(_ st: Statement, from k: Int32) {
            published = st.string(k + 7); flowID = st.int64(k); amountMax = st.optionalInt64(k + 2)
            hedge = st.string(k + 3); unit = st.int64(k + 4); lost = st.int64(k + 8)
            flowDonor = st.optionalInt64(k + 5); flowRecipient = st.optionalInt64(k + 6); rowID = st.int64(k + 9)
        }

        static func < (x: MatchKey, y: MatchKey) -> Bool {
            func order<T>(_ a: T?, _ b: T?, _ less: (T, T) -> Bool) -> Int {
                switch (a, b) {
                case (nil, nil): return 0
                case (nil, _): return -1
                case (_, nil): return 1
                case let (a?, b?): return less(a, b) ? -1 : less(b, a) ? 1 : 0
                }
            }
            let text: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let int: (Int64, Int64) -> Bool = { $0 < $1 }
            for c in [order(x.published, y.published, text), order(x.flowID, y.flowID, int),
                      order(x.amountMax, y.amountMax, int), order(x.hedge, y.hedge, text), order(x.unit, y.unit, int),
                      order(x.lost, y.lost, int), order(x.flowDonor, y.flowDonor, int),
                      order(x.flowRecipient, y.flowRecipient, int), order(x.rowID, y.rowID, int)] where c != 0 {
                return c < 0
            }
            return false
        }
    }

    /// The lookup's statements, prepared once per writer (held, not looked up by their SQL text).
    struct LookupStatements {
        let sameAmountDated, sameAmountUndated: Statement
        let aboveEdge, aboveBefore, aboveThrough, undatedAt, datedAt: Statement
        let belowEdge, belowBefore, belowThrough, undatedAtDown, datedAtDown: Statement
        var all: [Statement] {
            [sameAmountDated, sameAmountUndated, aboveEdge, aboveBefore, aboveThrough, undatedAt, datedAt,
             belowEdge, belowBefore, belowThrough, undatedAtDown, datedAtDown]
        }
    }

    func lookupStatements() throws -> LookupStatements {
        if let q = lookup { return q }
        let m = Self.matchIndex, c = Self.candidateColumns, key = Self.matchKeyColumns, w = Self.windowTest, k = Self.candidatesPerSide
        let order = Self.matchKeyOrder.joined(separator: ", "), down = Self.matchKeyOrder.map { $0 + " DESC" }.joined(separator: ", ")
        let edge = "LIMIT 1 OFFSET \(4 * k - 1)"
        func prepare(_ sql: String) throws -> Statement { try db.prepare(sql) }
        let q = LookupStatements(
            sameAmountDated: try prepare("SELECT 1, \(c) FROM \(m) AND amount = ?2 AND published BETWEEN ?3 AND ?4 LIMIT \(k)"),
            sameAmountUndated: try prepare("SELECT 1, \(c) FROM \(m) AND amount = ?2 AND published IS NULL LIMIT \(k)"),
            aboveEdge: try prepare("SELECT amount, \(key) FROM \(m) AND amount > ?2 AND amount <= ?3 ORDER BY amount \(edge)"),
            aboveBefore: try prepare("SELECT 1, \(c) FROM \(m) AND amount > ?2 AND amount < ?3 AND \(w) ORDER BY amount LIMIT \(k)"),
            aboveThrough: try prepare("SELECT 1, \(c) FROM \(m) AND amount > ?2 AND amount <= ?3 AND \(w) ORDER BY amount LIMIT \(k)"),
            undatedAt: try prepare("SELECT 1, \(key) FROM \(m) AND amount = ?2 AND published IS NULL ORDER BY \(order)"),
            datedAt: try prepare("SELECT 1, \(key) FROM \(m) AND amount = ?2 AND published BETWEEN ?3 AND ?4 ORDER BY \(order)"),
            belowEdge: try prepare("SELECT amount, \(key) FROM \(m) AND amount < ?2 AND amount >= ?3 ORDER BY amount DESC \(edge)"),
            belowBefore: try prepare("SELECT 1, \(c) FROM \(m) AND amount < ?2 AND amount > ?3 AND \(w) ORDER BY amount DESC LIMIT \(k)"),
            belowThrough: try prepare("SELECT 1, \(c) FROM \(m) AND amount < ?2 AND amount >= ?3 AND \(w) ORDER BY amount DESC LIMIT \(k)"),
            undatedAtDown: try prepare("SELECT 1, \(key) FROM \(m) AND amount = ?2 AND published IS NULL ORDER BY \(down)"),
            datedAtDown: try prepare("SELECT 1, \(key) FROM \(m) AND amount = ?2 AND published BETWEEN ?3 AND ?4 ORDER BY \(down)"))
        lookup = q
        return q
    }

    /// Column 0 is the candidate flag; then the candidate (`Candidate`, columns 1-7).
    static let candidateColumns = "flow_id, amount, amount_max, hedge, unit, flow_donor_id, flow_recipient_id"
    /// The candidate's columns, then what places it among the entries of its amount (`MatchKey`).
    static let matchKeyColumns = "\(candidateColumns), published, lost, rowid"
    /// The index's columns after `amount` as far as SQLite reads an ORDER BY off this index
    /// (3.40 sorts in a temporary b-tree from `flow_donor_id` on): the scan then runs along the
    /// index, forward or backward, so entries equal in these come in index order too (as the
    /// nearest-amount scans' ties do, and as `MatchKey` orders them).
    static let matchKeyOrder = ["published", "flow_id", "amount_max", "hedge", "unit", "lost"]
    static let matchIndex = "flow_sources INDEXED BY flow_sources_match WHERE currency = ?1 AND lost = 0"
    static let windowTest = "(published IS NULL OR published BETWEEN ?4 AND ?5)"

    /// The source-date bounds of a lookup: the window around `date` (the flow test is exact later).
    static func dateBounds(_ date: String?, window: Int) -> (String, String) {
        guard let date, let d = CivilDate.days(date) else { return ("0000-00-00", "9999-99-99") }
        return (CivilDate.string(max(d - window, CivilDate.days("0000-01-01") ?? 0)), CivilDate.string(min(d + window, CivilDate.days("9999-12-31") ?? 0)))
    }

    struct MatchFlow { var donor: Int64?; var recipient: Int64?; var mechanism: String?; var first: String?; var latest: String? }

    func flowForMatch(_ id: Int64) throws -> MatchFlow? {
        let st = try cached("SELECT donor_id, recipient_id, mechanism, first_source_date, latest_source_date FROM flows WHERE id = ?")
        try st.bind(id, at: 1)
        defer { st.reset() }
        guard try st.step() else { return nil }
        return MatchFlow(donor: st.optionalInt64(0), recipient: st.optionalInt64(1), mechanism: st.string(2),
                         first: st.string(3), latest: st.string(4))
    }

    func areApart(_ a: Int64, _ b: Int64) throws -> Bool {
        let st = try cached("SELECT 1 FROM flows_apart WHERE a = ? AND b = ?")
        try st.bind(min(a, b), at: 1)
        try st.bind(max(a, b), at: 2)
        defer { st.reset() }
        return try st.step()
    }

    func hasRates() throws -> Bool {
        if let h = ratesPresent { return h }
        let h = (try db.scalarInt("SELECT EXISTS (SELECT 1 FROM rates)") ?? 0) != 0
        ratesPresent = h
        if h {
            let st = try db.prepare("SELECT DISTINCT currency FROM flow_sources")
            while try st.step() { if let c = st.string(0) { sourceCurrencies.insert(c) } }
        }
        return h
    }

    func rateBook() throws -> RateBook {
        if let b = rates { return b }
        let b = try RateBook(database: db, maxAge: merge.maxRateAge)
        rates = b
        return b
    }
}

extension LedgerWriter {
    /// What `fig` says, as a source row (its party ids upserted).
    func sourceValues(_ fig: Figure, articleID: Int64, mentionID: Int64, published: String?, knownOn: String,
                      cents known: Int64?) throws -> SourceValues {
        guard let amount = known ?? Cents.from(fig.money.amount) else {
            throw LedgerError("amount \(fig.money.text) is too large for the ledger")
        }
        var amountMax: Int64? = nil
        if let mx = fig.money.amountMax {
            guard let c = Cents.from(mx) else { throw LedgerError("amount \(fig.money.text) is too large for the ledger") }
            amountMax = c
        }
        return SourceValues(articleID: articleID, mentionID: mentionID, stage: fig.status, published: published,
                            knownOn: knownOn, amount: amount, amountMax: amountMax, currency: fig.money.currency,
                            approximate: fig.money.approximate, hedge: fig.money.hedge,
                            unit: FlowMatch.statedUnit(surface: fig.money.text, cents: amount),
                            donorID: try party(fig.donor), recipientID: try party(fig.recipient),
                            mechanism: fig.mechanism, category: fig.category)
    }

    /// part_of: figure index -> flow, once every figure is booked. Out-of-range, self and cyclic
    /// references are dropped (a cycle would make both flows "parts" of each other), and a flow
    /// that is already part of another keeps its parent.
    func setParts(_ figures: [Figure], flowIDs: [Int64]) throws {
        for (i, fig) in figures.enumerated() {
            guard let p = fig.partOf, Self.validParent(i, figures) else { continue }
            let child = flowIDs[i], parent = flowIDs[p]
            guard child != parent, try partOf(child) == nil, try !isAncestor(child, of: parent) else { continue }
            let st = try cached("UPDATE flows SET part_of = ? WHERE id = ?")
            try st.bind(parent, at: 1)
            try st.bind(child, at: 2)
            try st.run()
        }
    }

    func partOf(_ id: Int64) throws -> Int64? {
        let st = try cached("SELECT part_of FROM flows WHERE id = ?")
        try st.bind(id, at: 1)
        defer { st.reset() }
        return try st.step() ? st.optionalInt64(0) : nil
    }

    /// True when `a` is `b` or one of `b`'s parents (so making `a` a part of `b` closes a cycle).
    func isAncestor(_ a: Int64, of b: Int64) throws -> Bool {
        var cur: Int64? = b, steps = 0
        while let c = cur, steps < 10_000 {
            if c == a { return true }
            cur = try partOf(c); steps += 1
        }
        return false
    }
}
