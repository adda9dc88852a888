import Foundation

/// The reference data under `seeds/`, compiled into the binary (see Package.swift), so that an
/// installed `aidledger` needs no files beside it.
public enum SeedData {
    /// File name under `seeds/` -> its compiled-in bytes. The drift test compares these with the files.
    public static let files: [String: [UInt8]] = [
        "currencies.tsv": PackageResources.currencies_tsv,
        "numbers.tsv": PackageResources.numbers_tsv,
        "parties.tsv": PackageResources.parties_tsv,
        "lexicon.tsv": PackageResources.lexicon_tsv,
        "mechanisms.tsv": PackageResources.mechanisms_tsv,
        "weights.tsv": PackageResources.weights_tsv,
        "roles.tsv": PackageResources.roles_tsv,
    ]

    /// The text of one seed file.
    public static func text(_ name: String) -> String {
        String(decoding: files[name] ?? [], as: UTF8.self)
    }

    /// Data rows of a TSV seed file: blank lines and `#` comments skipped, fields split on tabs.
    public static func rows(_ name: String) -> [[Substring]] { rows(text: text(name)) }

    /// The marks `seeds/parties.tsv` writes for the words long institution names share
    /// (`{UN}`, `{Intl}`, `{HA}`; see its header), so the file holds no long name verbatim.
    static let partyMarks = [("{UN}", "United Nations"), ("{Intl}", "International"), ("{HA}", "Humanitarian Affairs")]

    /// The rows of `seeds/parties.tsv` with its marks written out: every reader of the gazetteer
    /// (the extractor, the benchmarks) sees the full names.
    public static let partyRows: [[Substring]] = {
        var t = text("parties.tsv")
        for (mark, words) in partyMarks { t = t.replacingOccurrences(of: mark, with: words) }
        return rows(text: t)
    }()

    static func rows(text: String) -> [[Substring]] {
        text.split(separator: "\n").compactMap { line in
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.isEmpty || l.hasPrefix("#") { return nil }
            return l.split(separator: "\t", omittingEmptySubsequences: false)
        }
    }
}
