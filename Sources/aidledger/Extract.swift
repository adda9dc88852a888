import ArgumentParser
import Foundation
import AidExtraction

/// `aidledger extract`: extraction without a database, to check articles before ingesting them.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the funding figures found in articles, without touching the ledger.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, jsonl }

    @Argument(help: "Article files or folders (*.txt, recursively); '-' reads stdin.")
    var paths: [String]
    @Option(help: "Output format: table or jsonl (the evaluation format).")
    var format: Format = .table
    @Flag(help: "Print every money expression (stage 1), not only funding figures.")
    var allMoney = false
    @OptionGroup var extraction: ExtractionOptions
    @OptionGroup var metadata: MetadataOptions

    func run() throws {
        let extractor = try extraction.makeExtractor()
        let out = OutputSink()
        defer { out.flush() }
        var tableRows: [[String]] = []
        for path in try expandInputPaths(paths) {
            let input = try readArticle(path, defaults: metadata.defaults)
            if allMoney {
                for money in extractor.allMoney(in: input.article) {
                    switch format {
                    case .jsonl: out.line(jsonLine(file: input.name, money: money))
                    case .table: tableRows.append(tableRow(file: input.name, money: money))
                    }
                }
            } else {
                for figure in extractor.figures(in: input.article) {
                    switch format {
                    case .jsonl: out.line(jsonLine(file: input.name, figure: figure))
                    case .table: tableRows.append(tableRow(file: input.name, figure: figure))
                    }
                }
            }
        }
        if format == .table {
            let header = allMoney
                ? ["file", "text", "amount", "amount_max", "currency", "approx"]
                : ["file", "text", "amount", "currency", "approx", "donor", "recipient", "category", "mechanism", "status"]
            out.line(renderTable(header: header, rows: tableRows, rightAligned: [2]))
        }
    }

    private func moneyFields(file: String, _ m: MoneyExpression) -> String {
        "{\"file\": \(jsonString(file)), \"text\": \(jsonString(m.text)), \"start\": \(m.span.start), \"end\": \(m.span.end), "
            + "\"amount\": \(jsonString(m.amount.description)), \"amount_max\": \(jsonString(m.amountMax?.description)), "
            + "\"currency\": \(jsonString(m.currency)), \"approximate\": \(m.approximate), \"hedge\": \(jsonString(m.hedge))"
    }

    func jsonLine(file: String, money m: MoneyExpression) -> String {
        moneyFields(file: file, m) + ", \"donor\": null, \"recipient\": null, \"category\": null, "
            + "\"mechanism\": null, \"status\": null, \"sentence\": null}"
    }

    func jsonLine(file: String, figure f: Figure) -> String {
        moneyFields(file: file, f.money)
            + ", \"donor\": \(jsonString(f.donor?.name)), \"recipient\": \(jsonString(f.recipient?.name)), "
            + "\"category\": \(jsonString(f.category.rawValue)), \"mechanism\": \(jsonString(f.mechanism)), "
            + "\"status\": \(jsonString(f.status.rawValue)), \"part_of\": \(f.partOf.map(String.init) ?? "null"), "
            + "\"sentence\": \(jsonString(f.sentence))}"
    }

    func tableRow(file: String, money m: MoneyExpression) -> [String] {
        [URL(fileURLWithPath: file).lastPathComponent, m.text.shortened(to: 40), withThousandsSeparators(m.amount.description),
         m.amountMax.map { withThousandsSeparators($0.description) } ?? "", m.currency, m.approximate ? "yes" : "no"]
    }

    func tableRow(file: String, figure f: Figure) -> [String] {
        [URL(fileURLWithPath: file).lastPathComponent, f.money.text.shortened(to: 40), withThousandsSeparators(f.money.amount.description),
         f.money.currency, f.money.approximate ? "yes" : "no", f.donor?.name ?? "", f.recipient?.name ?? "",
         f.category.rawValue, (f.mechanism ?? "").shortened(to: 40), f.status.rawValue]
    }
}
