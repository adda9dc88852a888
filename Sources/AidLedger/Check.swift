import AidExtraction
import Foundation

/// What `Ledger.check()` found. Each violation and each note is one line. Violations name what
/// the ledger promises and the database breaks ("flow #12: no evidence (no source)"); notes are
/// states the ledger allows but an analyst may want to know about.
public struct CheckReport: Sendable, Hashable {
    public var violations: [String]
    public var notes: [String]
    /// Rows read: flows, and their sources (flow_sources rows).
    public var flows: Int
    public var sources: Int
    /// True when there is no violation (notes do not count).
    public var isClean: Bool { violations.isEmpty }

    public init(violations: [String] = [], notes: [String] = [], flows: Int = 0, sources: Int = 0) {
        self.violations = violations; self.notes = notes; self.flows = flows; self.sources = sources
    }
}

extension Ledger {
    /// Reads the whole ledger (in one read transaction, never writing) and checks what every
    /// write is meant to keep true:
    ///
    /// - SQLite's own `integrity_check` and `foreign_key_check`;
    /// - evidence: every flow has a source; every source's (and the flow's) mention exists and
    ///   belongs to its article; the flow is booked at one of its sources; a lost source is kept
    ///   only for a corrected flow (then it is a note);
    /// - `part_of` names a flow and never leads back to where it started; retired ids are not
    ///   flows, merge chains (`retired_flows.merged_into`) end and never name an unknown id;
    /// - amounts are positive and a range's high end is not below its low end; currencies are
    ///   ISO 4217 codes the extractor knows (`KnownCurrencies`);
    /// - the resolved columns agree with the sources as `ResolvedFlow` resolves them: status
    ///   (the corrected one, else the furthest stage of the sources still found, or of all when
    ///   none is), `<stage>_on`, first and latest source dates, `sources` (distinct articles);
    /// - each source's copy of its flow's donor and recipient (the merge lookup's, 0008) is the
    ///   flow's;
    /// - the totals rollup (`flow_totals_donor`, `flow_totals_donor_parts`) holds exactly the
    ///   sums of the unvoided flows it covers.
    public func check() throws -> CheckReport {
        let ownTransaction = database.isAutocommit
        if ownTransaction { try database.execute("BEGIN") }
        defer { if ownTransaction { try? database.execute("COMMIT") } }
        var checker = LedgerChecker(db: database)
        try checker.sqlite()
        try checker.flowsAndSources()
        try checker.matchCopies()
        try checker.sentences()
        try checker.parts()
        try checker.retired()
        try checker.rollup()
        return checker.report
    }
}

/// The passes of `Ledger.check()`; each appends to `report`.
struct LedgerChecker {
    let db: Database
    var report = CheckReport()

    init(db: Database) { self.db = db }

    mutating func violation(_ s: String) { report.violations.append(s) }

    // MARK: SQLite

    mutating func sqlite() throws {
        let integrity = try db.prepare("PRAGMA integrity_check")
        while try integrity.step() {
            let line = integrity.string(0) ?? ""
            if line != "ok" { violation("integrity: \(line)") }
        }
        let keys = try db.prepare("PRAGMA foreign_key_check")
        while try keys.step() {
            let table = keys.string(0) ?? "?", parent = keys.string(2) ?? "?"
            let row = keys.optionalInt64(1).map { "row \($0)" } ?? "a row"
            violation("foreign key: \(table) \(row) refers to a missing \(parent) row")
        }
    }

    // MARK: the merge lookup's copies

    /// Every source holds its flow's donor and recipient as the flow has them (corrections
    /// included): the merge lookup tests the parties on these copies (migration 0008).
    mutating func matchCopies() throws {
        let st = try db.prepare("""
            SELECT s.flow_id, s.id, s.flow_donor_id, s.flow_recipient_id, f.donor_id, f.recipient_id
            FROM flow_sources s JOIN flows f ON f.id = s.flow_id
            WHERE s.flow_donor_id IS NOT f.donor_id OR s.flow_recipient_id IS NOT f.recipient_id
            ORDER BY s.flow_id, s.id LIMIT 1000
            """)
        func party(_ k: Int32) -> String { st.optionalInt64(k).map { "#\($0)" } ?? "none" }
        while try st.step() {
            violation("flow #\(st.int64(0)): source #\(st.int64(1)) holds donor \(party(2)), recipient \(party(3)) for the merge lookup, but the flow has donor \(party(4)), recipient \(party(5))")
        }
    }

    // MARK: evidence sentences

    /// Every mention stands in a stored sentence of its own article, and the sentence covers it.
    mutating func sentences() throws {
        let st = try db.prepare("""
            SELECT m.id, m.article_id, s.id, s.article_id, s.start, s."end", m.start, m."end"
            FROM mentions m LEFT JOIN sentences s ON s.id = m.sentence_id
            WHERE s.id IS NULL OR s.article_id <> m.article_id OR m.start < s.start OR m."end" > s."end"
            ORDER BY m.id LIMIT 1000
            """)
        while try st.step() {
            let m = st.int64(0)
            if st.isNull(2) {
                violation("mention #\(m): its sentence is not stored")
            } else if st.int64(3) != st.int64(1) {
                violation("mention #\(m): its sentence #\(st.int64(2)) belongs to article #\(st.int64(3)), not #\(st.int64(1))")
            } else {
                violation("mention #\(m): [\(st.int64(6))-\(st.int64(7))] lies outside its sentence [\(st.int64(4))-\(st.int64(5))]")
            }
        }
    }

    // MARK: flows and their sources

    struct FlowRow {
        var id: Int64
        var status: String
        var sources: Int
        var on: [FlowStatus: String]
        var firstSourceDate: String?
        var latestSourceDate: String?
        var articleID: Int64
        var mentionID: Int64
        var statusCorrection: String?
        var corrected: Bool
    }

    struct SourceRow {
        var id: Int64
        var articleID: Int64
        var mentionID: Int64
        var stage: FlowStatus
        var published: String?
        var lost: Bool
        var amount: Int64
        var currency: String
    }

    static let flowsSQL = """
        SELECT f.id, f.status, f.sources, f.pledged_on, f.committed_on, f.disbursed_on, f.first_source_date,
               f.latest_source_date, f.article_id, f.mention_id, fm.id IS NOT NULL, fm.article_id,
               f.amount, f.amount_max, f.currency,
               (SELECT c.value FROM flow_corrections c WHERE c.flow_id = f.id AND c.field = 'status'),
               EXISTS (SELECT 1 FROM flow_corrections c WHERE c.flow_id = f.id) OR f.voided = 1,
               s.id, s.article_id, s.mention_id, s.stage, s.published, s.lost, s.amount, s.amount_max, s.currency,
               m.id IS NOT NULL, m.article_id
        FROM flows f
        LEFT JOIN mentions fm ON fm.id = f.mention_id
        LEFT JOIN flow_sources s ON s.flow_id = f.id
        LEFT JOIN mentions m ON m.id = s.mention_id
        ORDER BY f.id
        """

    /// One pass over flows joined with their sources (in flow id order): every per-flow check.
    mutating func flowsAndSources() throws {
        let st = try db.prepare(Self.flowsSQL)
        var current: FlowRow?
        var sources: [SourceRow] = []
        var known: [String: Bool] = [:]
        func isKnown(_ code: String) -> Bool {
            if let k = known[code] { return k }
            let k = KnownCurrencies.contains(code)
            known[code] = k
            return k
        }
        while try st.step() {
            let id = st.int64(0)
            if current?.id != id {
                if let f = current { finish(f, sources) }
                sources.removeAll(keepingCapacity: true)
                let f = FlowRow(
                    id: id, status: st.string(1) ?? "", sources: st.int(2),
                    on: [.pledged: st.string(3), .committed: st.string(4), .disbursed: st.string(5)].compactMapValues { $0 },
                    firstSourceDate: st.string(6), latestSourceDate: st.string(7),
                    articleID: st.int64(8), mentionID: st.int64(9),
                    statusCorrection: st.string(15), corrected: st.int64(16) != 0)
                current = f
                if st.int64(10) == 0 {
                    violation("flow #\(id): mention #\(f.mentionID) does not exist")
                } else if st.int64(11) != f.articleID {
                    violation("flow #\(id): mention #\(f.mentionID) belongs to article #\(st.int64(11)), not article #\(f.articleID)")
                }
                amounts("flow #\(id)", amount: st.int64(12), max: st.optionalInt64(13))
                let currency = st.string(14) ?? ""
                if !isKnown(currency) { violation("flow #\(id): currency '\(currency)' is not a known ISO 4217 code") }
            }
            guard !st.isNull(17) else { continue }
            let s = SourceRow(id: st.int64(17), articleID: st.int64(18), mentionID: st.int64(19),
                              stage: FlowStatus(rawValue: st.string(20) ?? "") ?? .committed, published: st.string(21),
                              lost: st.int64(22) != 0, amount: st.int64(23), currency: st.string(25) ?? "")
            sources.append(s)
            let label = "flow #\(id): source #\(s.id)"
            if st.int64(26) == 0 {
                violation("\(label): mention #\(s.mentionID) does not exist")
            } else if st.int64(27) != s.articleID {
                violation("\(label): mention #\(s.mentionID) belongs to article #\(st.int64(27)), not article #\(s.articleID)")
            }
            amounts(label, amount: s.amount, max: st.optionalInt64(24))
            if !isKnown(s.currency) { violation("\(label): currency '\(s.currency)' is not a known ISO 4217 code") }
        }
        if let f = current { finish(f, sources) }
    }

    mutating func amounts(_ label: String, amount: Int64, max: Int64?) {
        if amount <= 0 { violation("\(label): amount \(Cents.string(amount)) is not positive") }
        if let max, max < amount {
            violation("\(label): amount_max \(Cents.string(max)) is below amount \(Cents.string(amount))")
        }
    }

    /// The checks that need all of a flow's sources.
    mutating func finish(_ f: FlowRow, _ all: [SourceRow]) {
        report.flows += 1
        report.sources += all.count
        let flow = "flow #\(f.id)"
        guard !all.isEmpty else {
            violation("\(flow): no evidence (no source)")
            return
        }
        if !all.contains(where: { $0.articleID == f.articleID && $0.mentionID == f.mentionID }) {
            violation("\(flow): booked at mention #\(f.mentionID) of article #\(f.articleID), which is none of its sources")
        }
        for s in all.filter(\.lost).sorted(by: { $0.id < $1.id }) {
            if f.corrected {
                report.notes.append("\(flow): article #\(s.articleID) no longer yields figure "
                                    + "\(Cents.grouped(s.amount)) \(s.currency), kept for its corrections")
            } else {
                violation("\(flow): source #\(s.id) (article #\(s.articleID)) is lost, but the flow has no correction (nor a void) to keep it for")
            }
        }

        // Status: the corrected one, else the furthest stage (sources still found, else all).
        let live = all.filter { !$0.lost }
        let pool = live.isEmpty ? all : live
        let furthest = pool.map(\.stage).max { $0.rank < $1.rank } ?? .pledged
        let corrected = f.statusCorrection.flatMap(FlowStatus.init(rawValue:))
        if let raw = f.statusCorrection, corrected == nil {
            violation("\(flow): status correction '\(raw)' is not a status")
        }
        if let corrected, f.status != corrected.rawValue {
            violation("\(flow): status \(f.status), but its status correction says \(corrected.rawValue)")
        } else if corrected == nil, f.status != furthest.rawValue {
            violation("\(flow): status \(f.status), but its sources report \(furthest.rawValue)")
        }

        // Stage dates: the earliest dated source at each stage (every source, lost ones included).
        for stage in FlowStatus.allCases {
            let earliest = all.filter { $0.stage == stage }.compactMap(\.published).min()
            let stored = f.on[stage]
            guard stored != earliest else { continue }
            let column = "\(stage.rawValue)_on"
            if stored == nil, let e = earliest, f.status == stage.rawValue {
                violation("\(flow): status \(stage.rawValue) has no date (\(column) empty), though a \(stage.rawValue) source is dated \(e)")
            } else {
                violation("\(flow): \(column) \(stored ?? "empty"), but "
                          + (earliest.map { "its earliest \(stage.rawValue) source is dated \($0)" } ?? "no \(stage.rawValue) source is dated"))
            }
        }
        let dated = all.compactMap(\.published)
        if f.firstSourceDate != dated.min() {
            violation("\(flow): first_source_date \(f.firstSourceDate ?? "empty"), but "
                      + (dated.min().map { "its earliest source is dated \($0)" } ?? "no source is dated"))
        }
        if f.latestSourceDate != dated.max() {
            violation("\(flow): latest_source_date \(f.latestSourceDate ?? "empty"), but "
                      + (dated.max().map { "its latest source is dated \($0)" } ?? "no source is dated"))
        }
        let articles = Set(all.map(\.articleID)).count
        if f.sources != articles {
            violation("\(flow): sources \(f.sources), but its sources come from \(articles) article\(articles == 1 ? "" : "s")")
        }
    }

    // MARK: part_of and retired ids

    mutating func parts() throws {
        let missing = try db.prepare("""
            SELECT c.id, c.part_of FROM flows c
            WHERE c.part_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flows p WHERE p.id = c.part_of)
            ORDER BY c.id
            """)
        while try missing.step() {
            violation("flow #\(missing.int64(0)): part of #\(missing.int64(1)), which is not a flow")
        }
        var parent: [Int64: Int64] = [:]
        let edges = try db.prepare("SELECT id, part_of FROM flows WHERE part_of IS NOT NULL")
        while try edges.step() { parent[edges.int64(0)] = edges.int64(1) }
        for cycle in Self.cycles(parent) {
            violation("flow #\(cycle[0]): part_of cycle " + (cycle + [cycle[0]]).map { "#\($0)" }.joined(separator: " -> "))
        }
    }

    mutating func retired() throws {
        let both = try db.prepare("""
            SELECT r.id FROM retired_flows r WHERE EXISTS (SELECT 1 FROM flows f WHERE f.id = r.id) ORDER BY r.id
            """)
        while try both.step() { violation("flow #\(both.int64(0)): the id is also retired (retired_flows)") }
        let dangling = try db.prepare("""
            SELECT r.id, r.merged_into FROM retired_flows r
            WHERE r.merged_into IS NOT NULL AND NOT EXISTS (SELECT 1 FROM flows f WHERE f.id = r.merged_into)
              AND NOT EXISTS (SELECT 1 FROM retired_flows o WHERE o.id = r.merged_into)
            ORDER BY r.id
            """)
        while try dangling.step() {
            violation("retired flow #\(dangling.int64(0)): merged into #\(dangling.int64(1)), which is neither a flow nor a retired id")
        }
        var into: [Int64: Int64] = [:]
        let edges = try db.prepare("SELECT id, merged_into FROM retired_flows WHERE merged_into IS NOT NULL")
        while try edges.step() { into[edges.int64(0)] = edges.int64(1) }
        for cycle in Self.cycles(into) {
            violation("retired flow #\(cycle[0]): merge cycle " + (cycle + [cycle[0]]).map { "#\($0)" }.joined(separator: " -> "))
        }
    }

    /// The cycles of a graph where every node has at most one successor, each once, starting at
    /// its smallest node, in order of that node.
    static func cycles(_ next: [Int64: Int64]) -> [[Int64]] {
        var done: Set<Int64> = []
        var out: [[Int64]] = []
        for start in next.keys.sorted() where !done.contains(start) {
            var path: [Int64] = []
            var onPath: [Int64: Int] = [:]
            var cur: Int64? = start
            while let c = cur, !done.contains(c) {
                if let at = onPath[c] {
                    let cycle = Array(path[at...])
                    let k = cycle.firstIndex(of: cycle.min()!)!
                    out.append(Array(cycle[k...] + cycle[..<k]))
                    break
                }
                onPath[c] = path.count
                path.append(c)
                cur = next[c]
            }
            done.formUnion(path)
        }
        return out.sorted { $0[0] < $1[0] }
    }

    // MARK: totals rollup

    struct Sum: Equatable {
        var flows: Int64 = 0
        /// Nil once the sum does not fit in 64 bits (the rollup then holds a REAL).
        var amount: Int64? = 0
        mutating func add(_ cents: Int64) {
            flows += 1
            if let a = amount {
                let (s, o) = a.addingReportingOverflow(cents)
                amount = o ? nil : s
            }
        }
    }

    /// Rollup key: donor (0 none), currency, status, approximate; for parts also the parent's
    /// donor and approximate (else -1).
    struct Key: Hashable, Comparable {
        var donor: Int64, currency: String, status: String, approximate: Int64
        var parentDonor: Int64 = -1, parentApproximate: Int64 = -1
        static func < (a: Key, b: Key) -> Bool {
            (a.donor, a.currency, a.status, a.approximate, a.parentDonor, a.parentApproximate)
                < (b.donor, b.currency, b.status, b.approximate, b.parentDonor, b.parentApproximate)
        }
    }

    mutating func rollup() throws {
        guard let covered = try db.scalarInt("SELECT covered FROM flow_totals_state WHERE id = 1") else {
            violation("rollup: flow_totals_state has no row")
            return
        }
        var codes: [Int64: String] = [:]
        let parties = try db.prepare("SELECT id, code FROM parties")
        while try parties.step() { codes[parties.int64(0)] = parties.string(1) }
        func donor(_ id: Int64) -> String { id == 0 ? "no donor" : codes[id] ?? "donor #\(id)" }
        func exact(_ a: Int64) -> String { a != 0 ? "approximate" : "exact" }

        var flows: [Key: Sum] = [:]
        let main = try db.prepare("""
            SELECT coalesce(donor_id, 0), currency, status, approximate, amount FROM flows WHERE voided = 0 AND id <= ?
            """)
        try main.bind(covered, at: 1)
        while try main.step() {
            let k = Key(donor: main.int64(0), currency: main.string(1) ?? "", status: main.string(2) ?? "",
                        approximate: main.int64(3))
            flows[k, default: Sum()].add(main.int64(4))
        }
        let stored = try storedSums("""
            SELECT donor_id, currency, status, approximate, -1, -1, amount, flows, typeof(amount) = 'integer'
            FROM flow_totals_donor
            """)
        compare(stored: stored, flows: flows) { k in
            "rollup (\(donor(k.donor)), \(k.currency), \(k.status), \(exact(k.approximate)))"
        }

        var parts: [Key: Sum] = [:]
        let pairs = try db.prepare("""
            SELECT coalesce(c.donor_id, 0), c.currency, c.status, c.approximate, coalesce(p.donor_id, 0), p.approximate, c.amount
            FROM flows c JOIN flows p ON p.id = c.part_of
            WHERE c.part_of IS NOT NULL AND c.voided = 0 AND c.id <= ? AND p.voided = 0
              AND p.currency = c.currency AND p.status = c.status
            """)
        try pairs.bind(covered, at: 1)
        while try pairs.step() {
            let k = Key(donor: pairs.int64(0), currency: pairs.string(1) ?? "", status: pairs.string(2) ?? "",
                        approximate: pairs.int64(3), parentDonor: pairs.int64(4), parentApproximate: pairs.int64(5))
            parts[k, default: Sum()].add(pairs.int64(6))
        }
        let storedParts = try storedSums("""
            SELECT donor_id, currency, status, approximate, parent_donor_id, parent_approximate, amount, flows,
                   typeof(amount) = 'integer'
            FROM flow_totals_donor_parts
            """)
        compare(stored: storedParts, flows: parts) { k in
            "rollup parts (\(donor(k.donor)), \(k.currency), \(k.status), \(exact(k.approximate)); "
                + "parent \(donor(k.parentDonor)), \(exact(k.parentApproximate)))"
        }
    }

    /// Rows of a rollup table (key, amount, flows, amount is an integer), zero rows left out.
    func storedSums(_ sql: String) throws -> [Key: Sum] {
        let st = try db.prepare(sql)
        var out: [Key: Sum] = [:]
        while try st.step() {
            let k = Key(donor: st.int64(0), currency: st.string(1) ?? "", status: st.string(2) ?? "",
                        approximate: st.int64(3), parentDonor: st.int64(4), parentApproximate: st.int64(5))
            let integer = st.int64(8) != 0
            let s = Sum(flows: st.int64(7), amount: integer ? st.int64(6) : nil)
            if s.flows == 0, s.amount == 0 { continue }
            out[k] = s
        }
        return out
    }

    mutating func compare(stored: [Key: Sum], flows: [Key: Sum], label: (Key) -> String) {
        func describe(_ s: Sum?, _ currency: String) -> String {
            guard let s else { return "nothing" }
            let amount = s.amount.map { Cents.grouped($0) + " " + currency } ?? "more than 64 bits of cents"
            return "\(s.flows) flow\(s.flows == 1 ? "" : "s"), \(amount)"
        }
        for k in Set(stored.keys).union(flows.keys).sorted() {
            let a = stored[k], b = flows[k]
            // a sum beyond 64 bits is a REAL in the rollup: compare the counts only
            if let a, let b, a.flows == b.flows, a.amount == nil || b.amount == nil || a.amount == b.amount { continue }
            violation("\(label(k)) holds \(describe(a, k.currency)); the flows sum to \(describe(b, k.currency))")
        }
    }
}
