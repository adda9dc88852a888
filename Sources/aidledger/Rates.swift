import ArgumentParser
import Foundation
import AidLedger

/// `aidledger rates`: exchange rates for dated conversion (the user's data; none ship with the tool).
struct Rates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage exchange rates used by --in.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import rates: the ECB reference-rate CSV (Date,USD,JPY,… per EUR) or date,base,quote,rate lines.")

        @Argument(help: "Rate file ('-' reads stdin).")
        var file: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            // Read and decode first (missing, unreadable, binary, not UTF-8: one line naming the
            // file), so a bad file never opens the ledger; the import itself is one transaction.
            let (text, _) = try readInputText(file)
            let name = file == "-" ? "<stdin>" : file
            if text.allSatisfy(\.isWhitespace) { throw CLIError("\(name): empty file (only white space)") }
            let ledger = try database.open()
            let count: Int
            do {
                count = try ledger.importRates(csvText: text)
            } catch let error as LedgerError where "\(error)".hasPrefix("rate file line ") {
                throw CLIError("\(name): \("\(error)".dropFirst("rate file ".count))")  // "FILE: line N: reason"
            } catch {
                throw CLIError("\(name): \(error)")
            }
            print("imported \(count) rate\(count == 1 ? "" : "s") from \(file); \(try ledger.rateCount()) in the ledger")
        }
    }
}
