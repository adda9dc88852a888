import Foundation

/// Resolves names of countries and institutions to parties. (Skeleton.)
public struct Gazetteer: Sendable {
    public init(userAliases: [String: String] = [:]) {}
    /// The party `name` refers to, or nil.
    public func resolve(_ name: String) -> Party? { nil }
}
