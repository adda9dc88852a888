import ArgumentParser
import Foundation
import AidLedger

/// `aidledger check`: reads the whole ledger and reports every broken invariant, one per line.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the ledger's invariants (evidence, parts, merges, amounts, currencies, stages, totals).",
        discussion: "Prints each violation on one line and notes prefixed 'note: '. Exits 0 when the ledger holds no violation, 1 otherwise.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let report = try ledger.check()
        let out = OutputSink()
        for v in report.violations { out.line(v) }
        for n in report.notes { out.line("note: " + n) }
        let counted = "\(report.flows) flow\(report.flows == 1 ? "" : "s"), \(report.sources) source\(report.sources == 1 ? "" : "s") checked"
        if report.isClean {
            out.line("ledger OK: \(counted)")
            out.flush()
            return
        }
        let n = report.violations.count
        out.line("ledger has \(n) violation\(n == 1 ? "" : "s"): \(counted)")
        out.flush()
        throw ExitCode(1)
    }
}
