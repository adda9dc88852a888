import ArgumentParser
import Foundation
import AidLedger

/// `aidledger report --html FILE`: one self-contained HTML page of the ledger.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML report: charts of the totals, the gap by donor, the flows with their evidence.",
        discussion: """
            One page with no script and no external resource (inline CSS and SVG): totals by donor, \
            category and status as bar charts (one chart per currency unless --in converts), a time \
            series by month, the pledge-to-delivery gap by donor, the 1,000 most recent flows with \
            their evidence sentences and sources, and the valuation and rates used with --in. The \
            figures are those of `totals` and `gap` with the same filters. See docs/report.md.
            """)

    @Option(name: .customLong("html"), help: "Write the page to this file ('-' for stdout).")
    var html: String
    @Option(help: "The page's title.")
    var title: String = HTMLReportOptions.defaultTitle
    @Option(help: "Show at most this many of the most recent flows in the flows table.")
    var flowLimit: Int = 1000
    @Flag(help: "Count flows that are part of another flow even where the parent is counted.")
    var includeParts = false
    @OptionGroup var filters: FilterOptions
    @OptionGroup var conversion: ConversionOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if flowLimit < 0 { throw ValidationError("--flow-limit must not be negative") }
        if html.isEmpty { throw ValidationError("--html needs a file name") }
    }

    func run() throws {
        let ledger = try database.open()
        let page = try ledger.htmlReport(filter: filters.filter,
                                         options: HTMLReportOptions(title: title, convertTo: conversion.target,
                                                                    maxRateAge: conversion.maxRateAge, flowLimit: flowLimit,
                                                                    includeParts: includeParts))
        if html == "-" {
            FileHandle.standardOutput.write(Data(page.utf8))
            return
        }
        let url = URL(fileURLWithPath: html)
        do {
            try Data(page.utf8).write(to: url, options: .atomic)
        } catch {
            throw CLIError("\(html): cannot write the report: \((error as NSError).localizedDescription)")
        }
        print("wrote \(html) (\(page.utf8.count) bytes)")
    }
}
