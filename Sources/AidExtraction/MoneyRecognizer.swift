import Foundation

/// Stage 1: finds every money expression in a text. (Skeleton: to be written.)
public struct MoneyRecognizer: Sendable {
    public init() {}
    /// Money expressions in `text`, in text order, spans relative to `text`.
    public func recognize(_ text: Substring) -> [MoneyExpression] { [] }
}
