import ArgumentParser
import AidExtraction
import AidLedger

@main
struct AidLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "aidledger", abstract: "Turns news articles about aid into a ledger.")
    func run() throws { print(LedgerSkeleton.sqliteVersion) }
}
