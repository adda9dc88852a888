import ArgumentParser
import Foundation
import AidLedger

/// `aidledger gap`: how much of what was pledged has been committed and disbursed, by donor or
/// recipient, per currency.
struct Gap: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The pledge-to-delivery gap: pledged, committed and disbursed by donor or recipient.",
        discussion: """
            Per party and currency: pledged counts every flow (each reached at least the pledge \
            stage), committed the flows whose furthest stage is committed or disbursed, disbursed \
            the flows disbursed; share_delivered is disbursed / pledged as a fraction to 4 decimal \
            places (0.2500 is 25%), empty when nothing is pledged. Currencies are never added unless \
            --in converts every flow at the rate of its article's date, as totals does. A flow that \
            is part of another is left out of a column that also counts its parent in the same row; \
            voided flows never count. See docs/report.md.
            """)

    enum By: String, ExpressibleByArgument, CaseIterable { case donor, recipient }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Option(help: "Per donor or per recipient.")
    var by: By = .donor
    @Option(help: "Output format: table, csv or json.")
    var format: Format = .table
    @Flag(help: "Count flows that are part of another flow even where the parent is counted.")
    var includeParts = false
    @OptionGroup var filters: FilterOptions
    @OptionGroup var conversion: ConversionOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let ledger = try database.open()
        let report = try ledger.gap(by: by == .donor ? .donor : .recipient, filter: filters.filter, includeParts: includeParts,
                                    convertTo: conversion.target, maxRateAge: conversion.maxRateAge)
        let out = OutputSink()
        defer { out.flush() }
        switch format {
        case .table: out.write(GapRendering.table(report))
        case .csv: out.write(GapRendering.csv(report))
        case .json: out.line(GapRendering.json(report))
        }
    }
}

/// Renders a `GapReport` as a table, CSV or JSON (the shape of `totals`' JSON).
enum GapRendering {
    static func header(_ report: GapReport) -> [String] {
        [report.by.rawValue, "currency", "pledged", "committed", "disbursed", "share_delivered", "flows"]
    }

    static func cells(_ row: GapRow, amount: (Int64) -> String) -> [String] {
        [row.party, row.currency, amount(row.pledgedCents), amount(row.committedCents), amount(row.disbursedCents),
         row.shareDelivered ?? "", String(row.flows)]
    }

    static func table(_ report: GapReport) -> String {
        var text = ""
        if let valuation = report.valuation { text += valuation + "\n\n" }
        let head = header(report)
        if report.rows.isEmpty {
            text += "no flows match\n"
        } else {
            text += renderTable(header: head, rows: report.rows.map { cells($0, amount: displayAmount) },
                                rightAligned: [2, 3, 4, 5, 6]) + "\n"
            text += "\nshare_delivered: disbursed / pledged, a fraction to 4 decimal places (0.2500 = 25%)\n"
        }
        if !report.unconverted.isEmpty {
            text += "\nunconverted (kept in their own currency):\n"
            let urows = report.unconverted.map { cells($0, amount: displayAmount) + [$0.reason ?? ""] }
            text += renderTable(header: head + ["reason"], rows: urows, rightAligned: [2, 3, 4, 5, 6]) + "\n"
        }
        text += ratesUsedFooter(report.ratesUsed)
        if report.partsLeftOut > 0 {
            text += "\n\(report.partsLeftOut) flow\(report.partsLeftOut == 1 ? "" : "s") left out of pledged as part of another flow in the same row (--include-parts counts them)\n"
        }
        return text
    }

    static func csv(_ report: GapReport) -> String {
        var lines = [header(report).map(CSVWriter.field).joined(separator: ",")]
        for row in report.rows {
            lines.append(cells(row, amount: Cents.string).map(CSVWriter.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func json(_ report: GapReport) -> String {
        let key = report.by.rawValue
        func rowJSON(_ row: GapRow) -> String {
            var fields = ["\(jsonString(key)): \(jsonString(row.party))", "\(jsonString(key + "_code")): \(jsonString(row.code))",
                          "\"currency\": \(jsonString(row.currency))",
                          "\"pledged\": \(Cents.string(row.pledgedCents))", "\"committed\": \(Cents.string(row.committedCents))",
                          "\"disbursed\": \(Cents.string(row.disbursedCents))",
                          "\"share_delivered\": \(row.shareDelivered ?? "null")",
                          "\"flows\": \(row.flows)", "\"committed_flows\": \(row.committedFlows)",
                          "\"disbursed_flows\": \(row.disbursedFlows)", "\"hedged\": \(row.hedged)"]
            if let reason = row.reason { fields.append("\"reason\": \(jsonString(reason))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        let rates = report.ratesUsed.map {
            "{\"from\": \(jsonString($0.from)), \"to\": \(jsonString($0.to)), \"date\": \(jsonString($0.date)), "
                + "\"rate_date\": \(jsonString($0.rateDate)), \"rate\": \($0.rateText), \"method\": \(jsonString($0.method.rawValue))}"
        }
        let groupBy = [key] + (report.convertTo == nil ? ["currency"] : [])
        return "{\"group_by\": [\(groupBy.map { jsonString($0) }.joined(separator: ", "))], "
            + "\"converted_to\": \(jsonString(report.convertTo)), \"valuation\": \(jsonString(report.valuation)), "
            + "\"share_definition\": \"disbursed / pledged, a fraction to \(GapReport.sharePlaces) decimal places\", "
            + "\"rows\": [\(report.rows.map(rowJSON).joined(separator: ", "))], "
            + "\"unconverted\": [\(report.unconverted.map(rowJSON).joined(separator: ", "))], "
            + "\"parts_left_out\": \(report.partsLeftOut), \"include_parts\": \(report.includeParts), "
            + "\"rates_used\": [\(rates.joined(separator: ", "))]}"
    }
}
