import Foundation

/// Stage 2: keeps the money expressions that are funding flows and attributes them (donor,
/// recipient, mechanism, category, status, part-of), with the sentence as evidence.
///
/// It segments the article once over its UTF-8 bytes, then looks only at sentences that carry
/// money (and their neighbours when a rule needs them): no per-figure rescans of the article, no
/// regular expressions. The rules (`docs/attribution.md`; vocabularies in `seeds/lexicon.tsv`,
/// `seeds/mechanisms.tsv`, `seeds/parties.tsv`) propose; the learned model (`seeds/weights.tsv`)
/// makes the judgement calls, with the rules' verdicts among its features.
public struct Attributor: Sendable {
    public let gazetteer: Gazetteer
    /// The learned decisions; nil keeps the rules' own (for comparison and training).
    public let model: AttributionModel?
    public init(gazetteer: Gazetteer, model: AttributionModel? = .shipped) {
        self.gazetteer = gazetteer
        self.model = model
    }

    /// Every mention with its sentence, and the funding figures among `money` (found in `text`),
    /// in text order, spans relative to `text`.
    public func extract(_ money: [MoneyExpression], in text: Substring) -> Extraction {
        withRun(money, text, log: false) { $0.run() }
    }

    /// The features of every decision, per money expression that is not a conversion (what
    /// `make train` learns from), spans relative to `text`.
    public func features(_ money: [MoneyExpression], in text: Substring) -> [MentionFeatures] {
        withRun(money, text, log: true) { run in
            _ = run.run()
            return run.featureLog ?? []
        }
    }

    private func withRun<R>(_ money: [MoneyExpression], _ text: Substring, log: Bool,
                            _ body: (inout AttributionRun) -> R) -> R where R: Sendable {
        let sorted = money.sorted { $0.byteStart < $1.byteStart }
        let gazetteer = self.gazetteer, model = self.model
        if let result = text.utf8.withContiguousStorageIfAvailable({ buf -> R in
            var run = AttributionRun(bytes: buf, money: sorted, gazetteer: gazetteer, model: model, logFeatures: log)
            return body(&run)
        }) {
            return result
        }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buf in
            var run = AttributionRun(bytes: buf, money: sorted, gazetteer: gazetteer, model: model, logFeatures: log)
            return body(&run)
        }
    }
}
