import Foundation

/// The learned half of attribution: one linear (maximum-entropy) scorer per judgement call, over
/// sparse indicator features that the rules compute (`Attribution/Decisions.swift`).
///
/// - `flow`: is this money expression a funding flow (labels `yes`, `no`)?
/// - `repeat`: is it the same flow as the figure already booked with its amount and currency?
/// - `status`: pledged, committed or disbursed.
/// - `category`: military, financial, humanitarian, development, other.
/// - `donor`, `recipient`: a ranking over candidate parties (and "none"): one score per candidate.
///
/// The weights are data (`seeds/weights.tsv`, compiled in; `make train` writes it from the
/// annotated articles). Scores are plain sums of feature weights; weights are `Double` because they
/// are not money.
public struct AttributionModel: Sendable {
    /// The decisions a weights file may hold, with the labels of each (a ranking has one, `score`).
    public static let decisions: [String: [String]] =
        Dictionary(uniqueKeysWithValues: Decision.allCases.map { ($0.name, $0.labels) })

    /// One of the judgement calls, as an index into the scorers.
    enum Decision: Int, CaseIterable {
        case flow, `repeat`, status, category, donor, recipient
        var name: String { String(describing: self) }
        var labels: [String] {
            switch self {
            case .flow: return ["yes", "no"]
            case .repeat: return ["same", "new"]
            case .status: return FlowStatus.allCases.map(\.rawValue)
            case .category: return AidCategory.allCases.map(\.rawValue)
            case .donor, .recipient: return ["score"]
            }
        }
    }

    /// Scorer per decision (by `Decision.rawValue`); nil where the file has no weights.
    let scorers: [LinearScorer?]

    /// The model shipped in `seeds/weights.tsv`.
    public static let shipped: AttributionModel = {
        (try? AttributionModel(text: SeedData.text("weights.tsv"))) ?? AttributionModel(scorers: [:])
    }()

    init(scorers: [String: LinearScorer]) { self.scorers = Decision.allCases.map { scorers[$0.name] } }

    /// Parses a weights file: `#` comments, then rows `decision<TAB>feature<TAB>weight per label`
    /// in the label order of `AttributionModel.decisions`.
    public init(text: String) throws {
        var weights: [String: [String: [Double]]] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, let labels = AttributionModel.decisions[String(fields[0])] else {
                throw ModelError(line: n + 1, reason: "expected 'decision<TAB>feature<TAB>weights' with a known decision")
            }
            guard fields.count == 2 + labels.count else {
                throw ModelError(line: n + 1, reason: "\(fields[0]) takes \(labels.count) weight(s)")
            }
            var w: [Double] = []
            for f in fields[2...] {
                guard let v = Double(f), v.isFinite else { throw ModelError(line: n + 1, reason: "'\(f)' is not a number") }
                w.append(v)
            }
            weights[String(fields[0]), default: [:]][String(fields[1])] = w
        }
        var scorers: [String: LinearScorer] = [:]
        for (d, table) in weights {
            scorers[d] = LinearScorer(labels: AttributionModel.decisions[d] ?? [], weights: table)
        }
        self.scorers = Decision.allCases.map { scorers[$0.name] }
    }

    /// True when the file held weights for `decision`; without them the rules decide alone.
    func has(_ decision: Decision) -> Bool { scorers[decision.rawValue] != nil }

    func has(_ decision: String) -> Bool { Decision.allCases.first { $0.name == decision }.map(has) ?? false }

    /// The best label of `decision` for these features (hashes of their names, see `Features`),
    /// or nil when the model has no such decision.
    func best(_ decision: Decision, _ features: [UInt64]) -> String? {
        guard let s = scorers[decision.rawValue] else { return nil }
        let scores = s.scores(features)
        var b = 0
        for k in scores.indices where scores[k] > scores[b] { b = k }
        return s.labels[b]
    }

    /// Each candidate's score (each a feature list) in a ranking decision; nil without its weights.
    func candidateScores(_ decision: Decision, _ candidates: [[UInt64]]) -> [Double]? {
        guard let s = scorers[decision.rawValue] else { return nil }
        return candidates.map { s.score($0) }
    }

    /// The index of the best candidate (each a feature list) of a ranking decision.
    func bestCandidate(_ decision: Decision, _ candidates: [[UInt64]]) -> Int? {
        guard let s = scorers[decision.rawValue], !candidates.isEmpty else { return nil }
        var best = 0
        var top = -Double.infinity
        for (k, c) in candidates.enumerated() {
            let v = s.score(c)
            if v > top { top = v; best = k }
        }
        return best
    }
}

/// One decision's weights: feature (the hash of its name) -> one weight per label. A feature
/// listed twice counts twice (as in training).
struct LinearScorer: Sendable {
    let labels: [String]
    private let rows: IntTable<Int>
    private let weights: [Double]

    init(labels: [String], weights table: [String: [Double]]) {
        self.labels = labels
        var rows: [UInt64: Int] = [:]
        var w: [Double] = []
        for (name, ws) in table.sorted(by: { $0.key < $1.key }) {
            rows[Features.hash(name)] = w.count
            w.append(contentsOf: (0..<labels.count).map { $0 < ws.count ? ws[$0] : 0 })
        }
        self.rows = IntTable(rows)
        self.weights = w
    }

    /// The first label's score (a ranking has only one).
    func score(_ features: [UInt64]) -> Double {
        var v = 0.0
        for f in features {
            if let r = rows[f] { v += weights[r] }
        }
        return v
    }

    func scores(_ features: [UInt64]) -> [Double] {
        var s = [Double](repeating: 0, count: labels.count)
        for f in features {
            guard let r = rows[f] else { continue }
            for k in s.indices { s[k] += weights[r + k] }
        }
        return s
    }
}

/// A weights file that cannot be read: its line and the reason.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}
