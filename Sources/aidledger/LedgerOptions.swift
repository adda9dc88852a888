import ArgumentParser
import Foundation
import AidExtraction
import AidLedger

extension DatabaseOptions {
    /// The database path after the `--db` / `$AIDLEDGER_DB` / XDG rules.
    var path: String { db ?? Ledger.defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// Opens (creating and migrating) the ledger; every failure is one line naming the file
    /// (docs/failures.md).
    ///
    /// Locks: a command waits `$AIDLEDGER_BUSY_TIMEOUT_MS` (default 5000) for another process's
    /// write lock, then fails; `ingest` (`waitForWriters`, by default true when the invoked
    /// subcommand is `ingest`) waits for as long as the other writer holds it, so two ingests at
    /// once both succeed. `$AIDLEDGER_MAX_PAGES` caps the file at that many pages
    /// (`PRAGMA max_page_count`): tests simulate a full disk with it.
    func open(waitForWriters: Bool? = nil) throws -> Ledger {
        let env = ProcessInfo.processInfo.environment
        var options = Database.Options()
        options.busyTimeoutMilliseconds = try Self.integer(env, "AIDLEDGER_BUSY_TIMEOUT_MS") ?? 5000
        options.maxPageCount = try Self.integer(env, "AIDLEDGER_MAX_PAGES")
        options.waitsForWriteLock = waitForWriters ?? (CommandLine.arguments.dropFirst().first == "ingest")
        let path = self.path
        let ledger: Ledger
        do {
            ledger = try Ledger(path: path, options: options)
        } catch let error as SQLiteError where error.path != nil {
            throw CLIError(error.description)
        } catch {
            throw CLIError("\(path): \(error)")
        }
        if options.waitsForWriteLock && isatty(2) == 1 {
            ledger.database.onWaitForWriteLock = {
                FileHandle.standardError.write(Data("waiting for \(path): another process is writing to it\n".utf8))
            }
        }
        return ledger
    }

    /// A non-negative integer from the environment (nil when unset or empty).
    private static func integer(_ env: [String: String], _ name: String) throws -> Int? {
        guard let text = env[name], !text.isEmpty else { return nil }
        guard let n = Int(text), n >= 0 else { throw CLIError("$\(name) must be a whole number of 0 or more, got '\(text)'") }
        return n
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
