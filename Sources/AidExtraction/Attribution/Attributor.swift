import Foundation

/// Stage 2: keeps the money expressions that are funding flows and attributes them (donor,
/// recipient, mechanism, category, status, part-of), with the sentence as evidence.
///
/// It segments the article once over its UTF-8 bytes, then looks only at sentences that carry
/// money (and their neighbours when a rule needs them): no per-figure rescans of the article, no
/// regular expressions. The rules are described in `docs/attribution.md`; their vocabularies live
/// in `seeds/lexicon.tsv`, `seeds/mechanisms.tsv` and `seeds/parties.tsv`.
public struct Attributor: Sendable {
    public let gazetteer: Gazetteer
    public init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }

    /// Every mention with its sentence, and the funding figures among `money` (found in `text`),
    /// in text order, spans relative to `text`.
    public func extract(_ money: [MoneyExpression], in text: Substring) -> Extraction {
        if money.isEmpty { return Extraction() }
        let sorted = money.sorted { $0.byteStart < $1.byteStart }
        let gazetteer = self.gazetteer
        if let result = text.utf8.withContiguousStorageIfAvailable({ buf -> Extraction in
            var run = AttributionRun(bytes: buf, money: sorted, gazetteer: gazetteer)
            return run.run()
        }) {
            return result
        }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buf in
            var run = AttributionRun(bytes: buf, money: sorted, gazetteer: gazetteer)
            return run.run()
        }
    }
}
