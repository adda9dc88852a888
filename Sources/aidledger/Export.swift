import ArgumentParser
import Foundation
import AidLedger

/// `aidledger export`: one flow per row as CSV (RFC 4180, spreadsheet-safe) or JSON lines.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export flows as CSV (RFC 4180, formula-safe) or JSON lines.",
        discussion: "Columns: \(Ledger.exportColumns.joined(separator: ", ")), then with --in: "
            + "\(Ledger.conversionColumns.joined(separator: ", ")). Voided flows are exported too, with voided=true.")

    @Option(help: "csv or jsonl.")
    var format: ExportFormat = .csv
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?
    @Flag(help: "Start the CSV with a UTF-8 byte-order mark (for Excel).")
    var excel = false
    @OptionGroup var filters: FilterOptions
    @OptionGroup var conversion: ConversionOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let options = ExportOptions(format: format, excelBOM: excel, convertTo: conversion.target,
                                    maxRateAge: conversion.maxRateAge)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil),
                  let handle = FileHandle(forWritingAtPath: output) else {
                throw CLIError("\(output): cannot write file")
            }
            defer { try? handle.close() }
            let summary = try ledger.export(filter: filters.filter, options: options, to: handle)
            printError("exported \(summary.rows) flow\(summary.rows == 1 ? "" : "s") to \(output)"
                       + (summary.unconverted > 0 ? " (\(summary.unconverted) without a rate: converted columns left empty)" : ""))
        } else {
            try ledger.export(filter: filters.filter, options: options, to: FileHandle.standardOutput)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
