import ArgumentParser
import Foundation
import AidExtraction
import AidLedger

/// Where the ledger lives: `--db`, else `$AIDLEDGER_DB`, else `$XDG_DATA_HOME/aidledger/ledger.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Ledger database file (default: $AIDLEDGER_DB, else $XDG_DATA_HOME/aidledger/ledger.sqlite).")
    var db: String?
}

/// Party aliases a user adds without rebuilding; read the same way by extract, ingest and reextract.
struct ExtractionOptions: ParsableArguments {
    @Option(name: .long, help: "Extra party aliases, 'alias<TAB>party code' per line (default: $XDG_CONFIG_HOME/aidledger/aliases.tsv when present).")
    var aliases: String?

    @Option(name: .long, help: ArgumentHelp("Attribution weights file instead of the shipped model (cross-validation).", visibility: .hidden))
    var weights: String?
    @Flag(name: .long, help: ArgumentHelp("Rules only: no learned decisions (for comparison).", visibility: .hidden))
    var rulesOnly = false

    /// The extractor configured with the user's aliases and the chosen model.
    func makeExtractor() throws -> Extractor {
        Extractor(aliases: try loadAliases(), model: try loadModel())
    }

    func loadModel() throws -> AttributionModel? {
        if rulesOnly { return nil }
        guard let weights else { return .shipped }
        guard let data = FileManager.default.contents(atPath: weights) else {
            throw CLIError("\(weights): cannot read weights file")
        }
        do {
            return try AttributionModel(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw CLIError("\(weights): \(error)")
        }
    }

    func loadAliases() throws -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        let path: String
        if let aliases {
            path = aliases
        } else {
            let config = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (env["HOME"] ?? NSHomeDirectory()) + "/.config"
            path = config + "/aidledger/aliases.tsv"
            guard FileManager.default.fileExists(atPath: path) else { return [:] }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path): cannot read aliases file")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CLIError("\(path): aliases file is not valid UTF-8")
        }
        var result: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let alias = fields.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let code = fields.count == 2 ? fields[1].trimmingCharacters(in: .whitespaces) : ""
            guard fields.count == 2, !alias.isEmpty, !code.isEmpty else {
                throw CLIError("\(path): line \(number + 1): expected 'alias<TAB>party code'")
            }
            result[alias] = code
        }
        return result
    }
}

/// Metadata for articles whose files carry no front matter of their own.
struct MetadataOptions: ParsableArguments {
    @Option(help: "Published date (YYYY-MM-DD) for files without front matter.")
    var published: String?
    @Option(help: "Source name for files without front matter.")
    var source: String?
    @Option(help: "Title for files without front matter.")
    var title: String?

    func validate() throws {
        try requireISODate(published, option: "--published")
    }

    var defaults: ArticleMetadata { ArticleMetadata(title: title, published: published, source: source) }
}

/// How new figures join flows already in the ledger (`ingest`, `reextract`; docs/merging.md).
struct MergeFlags: ParsableArguments {
    @Option(name: .long, help: "Join a figure to a flow only if its article is dated within DAYS of the flow's sources.")
    var mergeWindow: Int = 365
    @Flag(name: .long, help: "Never join figures to existing flows: every figure makes a flow of its own.")
    var noMerge = false

    func options() throws -> MergeOptions {
        guard mergeWindow >= 0 else { throw ValidationError("--merge-window must be 0 or more days") }
        return MergeOptions(enabled: !noMerge, windowDays: mergeWindow)
    }
}
