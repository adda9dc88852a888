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
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let d = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read file") }
                data = d
            }
            guard let text = String(validating: data, as: UTF8.self) else { throw CLIError("\(file): not valid UTF-8 text") }
            let ledger = try database.open()
            let count: Int
            do { count = try ledger.importRates(csvText: text) } catch { throw CLIError("\(file): \(error)") }
            print("imported \(count) rate\(count == 1 ? "" : "s") from \(file); \(try ledger.rateCount()) in the ledger")
        }
    }
}
