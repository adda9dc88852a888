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
        for c in try candidates(currency: v.currency, around: own, date: v.published) { try consider(c, amount: own) }
        // the same money reported in another currency, at the ledger's rate of the article's date
        if let date = v.published, try hasRates() {
            for other in sourceCurrencies.sorted() where other != v.currency {
                guard let rate = try rateBook().rate(from: v.currency, to: other, date: date),
                      let cents = rate.convert(v.amount) else { continue }
                let converted = FlowMatch.Amount(cents: cents, maxCents: v.amountMax.flatMap { rate.convert($0) },
                                                 hedge: v.hedge, unit: max(1, rate.convert(v.unit) ?? 1))
                for c in try candidates(currency: other, around: converted, date: date) { try consider(c, amount: converted) }
            }
        }
        return best?.id
    }

    /// A source found by the lookup: its flow, its amount, and its copy of the flow's parties.
    struct Candidate { var flowID: Int64; var amount: FlowMatch.Amount; var flowDonor: Int64?; var flowRecipient: Int64? }

    /// Sources in `currency` nearest to `a` (up and down), dated within the window or undated.
    func candidates(currency: String, around a: FlowMatch.Amount, date: String?) throws -> [Candidate] {
        let range = FlowMatch.searchRange(a)
        let (lo, hi) = Self.dateBounds(date, window: merge.windowDays)
        let k = Self.candidatesPerSide
        var out: [Candidate] = []
        // Column 0 says whether the entry is a candidate: dated within the window or undated.
        func collect(_ sql: String, _ values: [SQLValue], limit: Int) throws {
            guard limit > 0 else { return }
            let st = try cached(sql)
            try st.bind(values)
            var n = 0
            while n < limit, try st.step() {
                guard st.int64(0) != 0 else { continue }
                out.append(Candidate(flowID: st.int64(1), amount: FlowMatch.Amount(
                    cents: st.int64(2), maxCents: st.optionalInt64(3), hedge: st.string(4), unit: st.int64(5)),
                    flowDonor: st.optionalInt64(6), flowRecipient: st.optionalInt64(7)))
                n += 1
            }
            st.reset()
        }
        try collect(Self.sameAmountDated, [.text(currency), .integer(a.cents), .text(lo), .text(hi)], limit: k)
        try collect(Self.sameAmountUndated, [.text(currency), .integer(a.cents)], limit: k - out.count)
        try collect(Self.amountsAbove, [.text(currency), .integer(a.cents), .integer(range.upperBound), .text(lo), .text(hi)], limit: k)
        try collect(Self.amountsBelow, [.text(currency), .integer(range.lowerBound), .integer(a.cents), .text(lo), .text(hi)], limit: k)
        return out
    }

    static let candidateColumns = "flow_id, amount, amount_max, hedge, unit, flow_donor_id, flow_recipient_id"
    static let matchIndex = "flow_sources INDEXED BY flow_sources_match WHERE currency = ?1 AND lost = 0"
    static let sameAmountDated =
        "SELECT 1, \(candidateColumns) FROM \(matchIndex) AND amount = ?2 AND published BETWEEN ?3 AND ?4 LIMIT \(candidatesPerSide)"
    static let sameAmountUndated =
        "SELECT 1, \(candidateColumns) FROM \(matchIndex) AND amount = ?2 AND published IS NULL LIMIT \(candidatesPerSide)"
    static let amountsAbove =
        "SELECT published IS NULL OR published BETWEEN ?4 AND ?5, \(candidateColumns) FROM \(matchIndex) AND amount > ?2 AND amount <= ?3 ORDER BY amount LIMIT \(4 * candidatesPerSide)"
    static let amountsBelow =
        "SELECT published IS NULL OR published BETWEEN ?4 AND ?5, \(candidateColumns) FROM \(matchIndex) AND amount >= ?2 AND amount < ?3 ORDER BY amount DESC LIMIT \(4 * candidatesPerSide)"

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
