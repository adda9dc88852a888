import ArgumentParser
import Foundation
import AidExtraction
import AidLedger

extension DatabaseOptions {
    /// The database path after the `--db` / `$AIDLEDGER_DB` / XDG rules.
    var path: String { db ?? Ledger.defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// Opens (creating and migrating) the ledger; errors name the file.
    func open() throws -> Ledger {
        do {
            return try Ledger(path: path)
        } catch {
            throw CLIError("\(path): \(error)")
        }
    }
}

/// Row filters shared by totals, list and export.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this donor (canonical name or code); repeatable.")
    var donor: [String] = []
    @Option(help: "Only this recipient (canonical name or code); repeatable.")
    var recipient: [String] = []
    @Option(help: "Only this mechanism; repeatable.")
    var mechanism: [String] = []
    @Option(help: "Only this category (military, financial, humanitarian, development, other); repeatable.")
    var category: [String] = []
    @Option(help: "Only this status (pledged, committed, disbursed); repeatable.")
    var status: [String] = []
    @Option(help: "Only amounts in this currency (ISO 4217 code).")
    var currency: String?
    @Option(help: "Only articles published on or after this date (YYYY-MM-DD).")
    var since: String?
    @Option(help: "Only articles published on or before this date (YYYY-MM-DD).")
    var until: String?
    @Option(help: "Only flows from this article id (as `list` and `show` print it).")
    var article: Int64?
    @Flag(help: "Leave out hedged figures and ranges.")
    var exactOnly = false
    @Option(name: .customLong("as-of"), help: "The ledger as known on this date (YYYY-MM-DD): only sources published (or, undated, ingested) by then, each flow at the furthest stage they report.")
    var asOf: String?

    func validate() throws {
        try requireISODate(asOf, option: "--as-of")
        try requireISODate(since, option: "--since")
        try requireISODate(until, option: "--until")
        let categories = ["military", "financial", "humanitarian", "development", "other"]
        for c in category where !categories.contains(c.lowercased()) {
            throw ValidationError("unknown category '\(c)'; expected one of \(categories.joined(separator: ", "))")
        }
        let statuses = ["pledged", "committed", "disbursed"]
        for s in status where !statuses.contains(s.lowercased()) {
            throw ValidationError("unknown status '\(s)'; expected one of \(statuses.joined(separator: ", "))")
        }
    }

    var filter: FlowFilter {
        FlowFilter(donors: donor, recipients: recipient, mechanisms: mechanism,
                   categories: category.map { $0.lowercased() }, statuses: status.map { $0.lowercased() },
                   currency: currency?.uppercased(), since: since, until: until, articleID: article,
                   exactOnly: exactOnly, asOf: asOf)
    }
}

/// Dated currency conversion shared by totals and export.
struct ConversionOptions: ParsableArguments {
    @Option(name: .customLong("in"), help: "Convert to this currency at the rate of each article's date (see `rates import`).")
    var target: String?
    @Option(help: "Use a rate at most this many days older than the article's date.")
    var maxRateAge: Int = 7

    func validate() throws {
        if maxRateAge < 0 { throw ValidationError("--max-rate-age must not be negative") }
    }
}

/// Rejects an option value that is not a real date written YYYY-MM-DD.
func requireISODate(_ value: String?, option: String) throws {
    if let value, !Article.isISODate(value) {
        throw ValidationError("\(option) must be a date written YYYY-MM-DD, got '\(value)'")
    }
}

/// Cents as a display amount with thousands separators and two decimals: 123456 -> "1,234.56".
func displayAmount(_ cents: Int64) -> String {
    let negative = cents < 0
    let magnitude = cents.magnitude
    let frac = magnitude % 100
    let whole = withThousandsSeparators(String(magnitude / 100))
    return (negative ? "-" : "") + whole + "." + (frac < 10 ? "0" : "") + String(frac)
}
