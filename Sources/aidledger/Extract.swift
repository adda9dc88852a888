import ArgumentParser
import Foundation
import AidExtraction
import AidInput

/// `aidledger extract`: extraction without a database, to check articles before ingesting them.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the funding figures found in articles, without touching the ledger.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, jsonl, features }

    @Argument(help: "Article files, pages, feeds or folders (*.txt, *.html, *.htm, *.rss, *.atom, *.xml feeds, *.jsonl; recursively); '-' reads stdin.")
    var paths: [String]
    @Option(help: "Output format: table, jsonl (the evaluation format) or features (training data for `make train`).")
    var format: Format = .table
    @Flag(help: "Print every money expression (stage 1), not only funding figures.")
    var allMoney = false
    @OptionGroup var extraction: ExtractionOptions
    @OptionGroup var metadata: MetadataOptions
    @OptionGroup var input: InputFormatOptions

    func run() throws {
        let extractor = try extraction.makeExtractor()
        let out = OutputSink()
        defer { out.flush() }
        var tableRows: [[String]] = []
        // A file gives one article; a feed one per item (named FILE#N).
        let inputs = try expandInputPaths(paths)
        for path in inputs {
            for input in try readArticles(path, defaults: metadata.defaults, format: self.input.inputFormat) {
                emit(input, extractor: extractor, out: out, tableRows: &tableRows)
            }
        }
        if format == .table {
            let header = allMoney
                ? ["file", "text", "amount", "amount_max", "currency", "approx"]
                : ["file", "text", "amount", "currency", "approx", "donor", "recipient", "category", "mechanism", "status"]
            out.line(renderTable(header: header, rows: tableRows, rightAligned: [2]))
        }
    }

    /// The figures (or money, or features) of one article, written or kept for the table.
    private func emit(_ input: InputArticle, extractor: Extractor, out: OutputSink, tableRows: inout [[String]]) {
        let fileJSON = jsonString(input.name)
        var row = ByteWriter()
        if format == .features {
            for f in extractor.features(in: input.article) {
                row.reset()
                writeFeatureLine(&row, fileJSON: fileJSON, f)
                out.write(row)
            }
            return
        }
        if allMoney {
            for money in extractor.allMoney(in: input.article) {
                switch format {
                case .jsonl:
                    row.reset()
                    writeJSONLine(&row, fileJSON: fileJSON, money: money)
                    out.write(row)
                case .table: tableRows.append(tableRow(file: input.name, money: money))
                case .features: break
                }
            }
        } else {
            for figure in extractor.figures(in: input.article) {
                switch format {
                case .jsonl:
                    row.reset()
                    writeJSONLine(&row, fileJSON: fileJSON, figure: figure)
                    out.write(row)
                case .table: tableRows.append(tableRow(file: input.name, figure: figure))
                case .features: break
                }
            }
        }
    }

    /// The fields every JSONL row shares, written straight into the output buffer.
    private func writeMoneyFields(_ out: inout ByteWriter, fileJSON: String, _ m: MoneyExpression) {
        out.append("{\"file\": "); out.append(fileJSON)
        out.append(", \"text\": "); out.appendJSON(m.text)
        out.append(", \"start\": "); out.append(m.span.start)
        out.append(", \"end\": "); out.append(m.span.end)
        out.append(", \"amount\": \""); out.append(m.amount); out.append("\"")
        out.append(", \"amount_max\": ")
        if let mx = m.amountMax { out.append("\""); out.append(mx); out.append("\"") } else { out.append("null") }
        out.append(", \"currency\": "); out.appendJSON(m.currency)
        out.append(", \"approximate\": "); out.append(m.approximate)
        out.append(", \"hedge\": "); out.appendJSON(m.hedge)
    }

    /// One money expression's decision features: {file, start, end, amount, currency, features,
    /// category, donors: [{name, features}], recipients: [...]} (read by tools/train.py).
    func writeFeatureLine(_ out: inout ByteWriter, fileJSON: String, _ f: MentionFeatures) {
        func list(_ xs: [String]) {
            out.append("[")
            for (k, x) in xs.enumerated() { if k > 0 { out.append(", ") }; out.appendJSON(x) }
            out.append("]")
        }
        func candidates(_ cs: [CandidateFeatures]) {
            out.append("[")
            for (k, c) in cs.enumerated() {
                if k > 0 { out.append(", ") }
                out.append("{\"name\": "); out.appendJSON(c.party?.name)
                out.append(", \"features\": "); list(c.features); out.append("}")
            }
            out.append("]")
        }
        let m = f.money
        out.append("{\"file\": "); out.append(fileJSON)
        out.append(", \"text\": "); out.appendJSON(m.text)
        out.append(", \"start\": "); out.append(m.span.start)
        out.append(", \"end\": "); out.append(m.span.end)
        out.append(", \"amount\": \""); out.append(m.amount); out.append("\"")
        out.append(", \"currency\": "); out.appendJSON(m.currency)
        out.append(", \"features\": "); list(f.features)
        out.append(", \"category\": "); list(f.categoryFeatures)
        out.append(", \"donors\": "); candidates(f.donors)
        out.append(", \"recipients\": "); candidates(f.recipients)
        out.append(", \"repeat\": ")
        if let r = f.repeatFeatures { list(r) } else { out.append("null") }
        out.append("}")
        out.endLine()
    }

    func writeJSONLine(_ out: inout ByteWriter, fileJSON: String, money m: MoneyExpression) {
        writeMoneyFields(&out, fileJSON: fileJSON, m)
        out.append(", \"donor\": null, \"recipient\": null, \"category\": null, \"mechanism\": null, \"status\": null, \"sentence\": null}")
        out.endLine()
    }

    func writeJSONLine(_ out: inout ByteWriter, fileJSON: String, figure f: Figure) {
        writeMoneyFields(&out, fileJSON: fileJSON, f.money)
        out.append(", \"donor\": "); out.appendJSON(f.donor?.name)
        out.append(", \"recipient\": "); out.appendJSON(f.recipient?.name)
        out.append(", \"category\": "); out.appendJSON(f.category.rawValue)
        out.append(", \"mechanism\": "); out.appendJSON(f.mechanism)
        out.append(", \"status\": "); out.appendJSON(f.status.rawValue)
        out.append(", \"part_of\": ")
        if let p = f.partOf { out.append(p) } else { out.append("null") }
        out.append(", \"sentence\": "); out.appendJSON(f.sentence)
        out.append("}")
        out.endLine()
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
