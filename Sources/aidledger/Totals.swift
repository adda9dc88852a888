import ArgumentParser
import Foundation
import AidLedger

/// `aidledger totals`: exact sums grouped by any field; never adds two currencies or two statuses.
struct Totals: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Totals by donor, recipient, mechanism, category, status, currency, year, quarter or month.",
        discussion: """
            Amounts in different currencies are never added together: currency is always a group \
            unless --in converts every row at the rate of its article's date. Pledges, commitments \
            and disbursements are never added together: status is a group unless --status keeps one. \
            A flow that is part of another (a tranche of a programme) is left out of a row that also \
            holds its parent; --include-parts counts it anyway.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Option(help: "Group by these keys, comma-separated: \(GroupKey.allCases.map(\.rawValue).joined(separator: ", ")).")
    var by: String = "donor"
    @Option(help: "Output format: table, csv or json.")
    var format: Format = .table
    @Flag(help: "Count flows that are part of another flow even where the parent is counted.")
    var includeParts = false
    @OptionGroup var filters: FilterOptions
    @OptionGroup var conversion: ConversionOptions
    @OptionGroup var database: DatabaseOptions

    var keys: [GroupKey] {
        get throws {
            try by.split(separator: ",").map { raw in
                let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
                guard let key = GroupKey(rawValue: name) else {
                    throw ValidationError("unknown --by key '\(name)'; expected \(GroupKey.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return key
            }
        }
    }

    func validate() throws { _ = try keys }

    func run() throws {
        let ledger = try database.open()
        let report = try ledger.totals(by: try keys, filter: filters.filter, includeParts: includeParts,
                                       convertTo: conversion.target, maxRateAge: conversion.maxRateAge)
        let out = OutputSink()
        defer { out.flush() }
        switch format {
        case .table: out.write(TotalsRendering.table(report))
        case .csv: out.write(TotalsRendering.csv(report))
        case .json: out.line(TotalsRendering.json(report))
        }
    }
}

/// Renders a `TotalsReport` as a table, CSV or JSON. Pure formatting: the numbers come from the ledger.
enum TotalsRendering {
    static func header(_ report: TotalsReport) -> [String] {
        report.groupBy.map(\.rawValue) + (report.convertTo == nil ? [] : ["currency"]) + ["amount", "flows", "hedged"]
    }

    static func cells(_ row: TotalsRow, _ report: TotalsReport, amount: (Int64) -> String) -> [String] {
        row.values + (report.convertTo == nil ? [] : [row.currency]) + [amount(row.sumCents), String(row.flowCount), String(row.approximateCount)]
    }

    static func table(_ report: TotalsReport) -> String {
        var text = ""
        if let valuation = report.valuation { text += valuation + "\n\n" }
        let head = header(report)
        let amountColumn = head.count - 3
        if report.rows.isEmpty {
            text += "no flows match\n"
        } else {
            text += renderTable(header: head, rows: report.rows.map { cells($0, report, amount: displayAmount) },
                                rightAligned: [amountColumn, amountColumn + 1, amountColumn + 2]) + "\n"
        }
        if !report.unconverted.isEmpty {
            text += "\nunconverted (kept in their own currency):\n"
            let uhead = report.groupBy.map(\.rawValue) + ["currency", "amount", "flows", "reason"]
            let urows = report.unconverted.map { $0.values + [$0.currency, displayAmount($0.sumCents), String($0.flowCount), $0.reason ?? ""] }
            text += renderTable(header: uhead, rows: urows, rightAligned: [uhead.count - 3, uhead.count - 2]) + "\n"
        }
        text += ratesUsedFooter(report.ratesUsed)
        if report.partsLeftOut > 0 {
            text += "\n\(report.partsLeftOut) flow\(report.partsLeftOut == 1 ? "" : "s") left out as part of another flow in the same row (--include-parts counts them)\n"
        }
        return text
    }

    static func csv(_ report: TotalsReport) -> String {
        var lines = [header(report).map(CSVWriter.field).joined(separator: ",")]
        for row in report.rows {
            lines.append(cells(row, report, amount: Cents.string).map(CSVWriter.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func json(_ report: TotalsReport) -> String {
        func rowJSON(_ row: TotalsRow) -> String {
            var fields: [String] = []
            for (i, key) in report.groupBy.enumerated() {
                fields.append("\(jsonString(key.rawValue)): \(jsonString(row.values[i]))")
                if key == .donor || key == .recipient {
                    fields.append("\(jsonString(key.rawValue + "_code")): \(jsonString(row.codes[i]))")
                }
            }
            if !report.groupBy.contains(.currency) { fields.append("\"currency\": \(jsonString(row.currency))") }
            fields.append("\"amount\": \(Cents.string(row.sumCents))")
            fields.append("\"flows\": \(row.flowCount)")
            fields.append("\"hedged\": \(row.approximateCount)")
            if let reason = row.reason { fields.append("\"reason\": \(jsonString(reason))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        let rates = report.ratesUsed.map {
            "{\"from\": \(jsonString($0.from)), \"to\": \(jsonString($0.to)), \"date\": \(jsonString($0.date)), "
                + "\"rate_date\": \(jsonString($0.rateDate)), \"rate\": \($0.rateText), \"method\": \(jsonString($0.method.rawValue))}"
        }
        return "{\"group_by\": [\(report.groupBy.map { jsonString($0.rawValue) }.joined(separator: ", "))], "
            + "\"converted_to\": \(jsonString(report.convertTo)), \"valuation\": \(jsonString(report.valuation)), "
            + "\"rows\": [\(report.rows.map(rowJSON).joined(separator: ", "))], "
            + "\"unconverted\": [\(report.unconverted.map(rowJSON).joined(separator: ", "))], "
            + "\"parts_left_out\": \(report.partsLeftOut), \"include_parts\": \(report.includeParts), "
            + "\"rates_used\": [\(rates.joined(separator: ", "))]}"
    }
}

/// The "rates used" footer of a converted table (totals, gap): each rate with its date and method.
func ratesUsedFooter(_ rates: [RateUse]) -> String {
    guard !rates.isEmpty else { return "" }
    var text = "\nrates used:\n"
    for r in rates {
        text += "  1 \(r.from) = \(r.rateText) \(r.to) on \(r.rateDate) (for \(r.date), \(r.method.rawValue))\n"
    }
    return text
}
