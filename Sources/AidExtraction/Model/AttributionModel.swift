import Foundation

/// The learned half of attribution: one linear (averaged-perceptron) scorer per judgement call,
/// over sparse indicator features that the rules compute (`Features.swift`).
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
    public static let decisions: [String: [String]] = [
        "flow": ["yes", "no"],
        "repeat": ["same", "new"],
        "status": FlowStatus.allCases.map(\.rawValue),
        "category": AidCategory.allCases.map(\.rawValue),
        "donor": ["score"],
        "recipient": ["score"],
    ]

    let scorers: [String: LinearScorer]

    /// The model shipped in `seeds/weights.tsv`.
    public static let shipped: AttributionModel = {
        (try? AttributionModel(text: SeedData.text("weights.tsv"))) ?? AttributionModel(scorers: [:])
    }()

    init(scorers: [String: LinearScorer]) { self.scorers = scorers }

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
        self.scorers = scorers
    }

    /// True when the file held weights for `decision`; without them the rules decide alone.
    func has(_ decision: String) -> Bool { scorers[decision] != nil }

    /// The best label of `decision` for these features, or nil when the model has no such decision.
    func best(_ decision: String, _ features: [String]) -> String? {
        guard let s = scorers[decision] else { return nil }
        let scores = s.scores(features)
        var b = 0
        for k in scores.indices where scores[k] > scores[b] { b = k }
        return s.labels[b]
    }

    /// The index of the best candidate (each a feature list) of a ranking decision.
    func bestCandidate(_ decision: String, _ candidates: [[String]]) -> Int? {
        guard let s = scorers[decision], !candidates.isEmpty else { return nil }
        var best = 0
        var top = -Double.infinity
        for (k, c) in candidates.enumerated() {
            let v = s.scores(c)[0]
            if v > top { top = v; best = k }
        }
        return best
    }
}

/// One decision's weights: feature name -> one weight per label.
struct LinearScorer: Sendable {
    let labels: [String]
    let weights: [String: [Double]]

    func scores(_ features: [String]) -> [Double] {
        var s = [Double](repeating: 0, count: labels.count)
        for f in features {
            guard let w = weights[f] else { continue }
            for k in s.indices where k < w.count { s[k] += w[k] }
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
