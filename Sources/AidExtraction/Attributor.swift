import Foundation

/// Stage 2: keeps the money expressions that are funding flows and attributes them. (Skeleton.)
public struct Attributor: Sendable {
    public let gazetteer: Gazetteer
    public init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }
    /// Every mention with its sentence, and the funding figures among `money` (found in `text`),
    /// in text order, spans relative to `text`.
    public func extract(_ money: [MoneyExpression], in text: Substring) -> Extraction { Extraction() }
}
