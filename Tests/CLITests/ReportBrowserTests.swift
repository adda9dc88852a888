import Foundation
import Testing

// `aidledger report --html` in a real browser: Debian's Chromium, headless, prints the DOM it
// rendered (`--dump-dom`); the assertions read that DOM, not the file. `tools/ensure-chromium.sh`
// installs Chromium where it is missing (`make test` runs it first).

/// `chromium` on PATH (or `$AIDLEDGER_CHROMIUM`), nil when there is none.
private func chromiumPath() -> String? {
    let env = ProcessInfo.processInfo.environment
    if let explicit = env["AIDLEDGER_CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
    for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(dir)/chromium"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Runs `executable args…` (under coreutils' `timeout`, so a hung browser is killed after
/// `seconds`), returning stdout; stderr goes to a file, read afterwards.
private func runProcess(_ executable: String, _ args: [String], seconds: Int = 120,
                        stderrFile: URL) throws -> (stdout: String, stderr: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = ["-k", "10", String(seconds), executable] + args
    FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
    let errHandle = try FileHandle(forWritingTo: stderrFile)
    defer { try? errHandle.close() }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()   // before waiting: a large DOM cannot block it
    process.waitUntilExit()
    let errText = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
    return (String(decoding: outData, as: UTF8.self), errText, process.terminationStatus)
}

/// The attributes of a start tag's attribute text (`a="x" b="y"`), entities decoded.
private func attributes(_ text: String) -> [String: String] {
    var out: [String: String] = [:]
    let re = try! NSRegularExpression(pattern: #"([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)""#)
    let ns = text as NSString
    for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
        out[ns.substring(with: m.range(at: 1))] = decodeEntities(ns.substring(with: m.range(at: 2)))
    }
    return out
}

private func decodeEntities(_ s: String) -> String {
    s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&nbsp;", with: "\u{00A0}").replacingOccurrences(of: "&amp;", with: "&")
}

/// Every match of `pattern` in `text`, as its capture groups.
private func matches(_ pattern: String, in text: String) -> [[String]] {
    let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = text as NSString
    return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
        (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
    }
}

/// The rendered `<section id="ID">` of a DOM dump.
private func section(_ id: String, in dom: String) -> String {
    matches(#"<section id=""# + id + #"">(.*?)</section>"#, in: dom).first?[1] ?? ""
}

/// The rows of an aligned table as `aidledger` prints it (columns two or more spaces apart).
private func tableRows(_ text: String) -> [[String]] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.count > 2, lines[1].hasPrefix("--") else { return [] }
    var rows: [[String]] = []
    for line in lines.dropFirst(2) {
        if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
        rows.append(line.trimmingCharacters(in: .whitespaces)
            .components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
    return rows
}

@Suite(.serialized) struct ReportBrowserTests {
    @Test func theDemoReportRendersTheTotalsOfTotals() throws {
        guard let chromium = chromiumPath() else {
            Issue.record("chromium is not installed (no `chromium` on PATH): run tools/ensure-chromium.sh (as root, or with sudo), then the tests again")
            return
        }
        let cli = try CLI()
        _ = try cli.ok(["ingest", CLI.repoRoot.appendingPathComponent("seeds/articles").path])
        let page = cli.workdir.appendingPathComponent("report.html").path
        let wrote = try cli.ok(["report", "--html", page, "--title", "Demo <ledger>"])
        #expect(wrote.hasPrefix("wrote \(page)"))

        let profile = cli.workdir.appendingPathComponent("chromium-profile").path
        let result = try runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                               "--disable-dev-shm-usage", "--user-data-dir=\(profile)",
                                               "--dump-dom", URL(fileURLWithPath: page).absoluteString],
                                    stderrFile: cli.workdir.appendingPathComponent("chromium.log"))
        #expect(result.status == 0, "chromium failed: \(result.stderr.suffix(2000))")
        let dom = result.stdout
        try #require(dom.contains("<section id=\"by-donor\">"), "no report in the rendered DOM: \(dom.prefix(500)) \(result.stderr.suffix(1000))")
        #expect(dom.contains("<title>Demo &lt;ledger&gt;</title>"))
        #expect(!dom.contains("<script"))

        // Totals by donor: one bar per row of `aidledger totals --by donor`, with its amount text,
        // and the same text in the figures' `span.total`.
        let totals = tableRows(try cli.ok(["totals", "--by", "donor"]))
        try #require(totals.count >= 5, "totals printed too few rows")
        let byDonor = section("by-donor", in: dom)
        let bars = matches(#"<g class="bar"([^>]*)>(.*?)</g>"#, in: byDonor).map { m -> (attrs: [String: String], amount: String) in
            (attributes(m[1]), decodeEntities(matches(#"<text class="amount"[^>]*>([^<]*)</text>"#, in: m[2]).first?[1] ?? ""))
        }
        let spans = matches(#"<span class="total"([^>]*)>([^<]*)</span>"#, in: byDonor).map { (attributes($0[1]), $0[2]) }
        #expect(bars.count == totals.count, "\(bars.count) bars for \(totals.count) totals rows")
        for row in totals {
            guard row.count == 6 else { Issue.record("unexpected totals row \(row)"); continue }
            let (donor, currency, status, amount) = (row[0], row[1], row[2], row[3])
            let bar = bars.first { $0.attrs["data-label"] == donor && $0.attrs["data-currency"] == currency && $0.attrs["data-status"] == status }
            #expect(bar?.amount == amount, "bar of \(donor) \(currency) \(status): \(bar?.amount ?? "missing"), totals: \(amount)")
            #expect(bar?.attrs["data-flows"] == row[4], "\(donor) \(currency) \(status) flows")
            let span = spans.first { $0.0["data-label"] == donor && $0.0["data-currency"] == currency && $0.0["data-status"] == status }
            #expect(span?.1 == amount, "total of \(donor) \(currency) \(status): \(span?.1 ?? "missing"), totals: \(amount)")
        }
        // Every donor has its bars, each in the chart of its currency.
        for donor in Set(totals.map { $0[0] }) {
            #expect(bars.contains { $0.attrs["data-label"] == donor }, "no bar for \(donor)")
        }
        let charts = matches(#"<figure class="chart" data-currency="([A-Z]{3})">(.*?)</figure>"#, in: byDonor)
        #expect(Set(charts.map { $0[1] }) == Set(totals.map { $0[1] }))
        for chart in charts {
            for m in matches(#"<g class="bar"([^>]*)>"#, in: chart[2]) {
                #expect(attributes(m[1])["data-currency"] == chart[1])
            }
        }

        // The gap by donor: a bar and a table row per row of `aidledger gap --by donor`.
        let gap = tableRows(try cli.ok(["gap", "--by", "donor"]))
        let gapSection = section("gap", in: dom)
        let gapBars = matches(#"<g class="gap-bar"([^>]*)>"#, in: gapSection).map { attributes($0[1]) }
        #expect(gapBars.count == gap.count)
        for row in gap where row.count == 7 {
            let bar = gapBars.first { $0["data-label"] == row[0] && $0["data-currency"] == row[1] }
            #expect(bar?["data-share"] == row[5], "gap share of \(row[0]) \(row[1])")
            #expect(bar.map { $0["data-pledged"]?.replacingOccurrences(of: ",", with: "") }
                    == .some(row[2].replacingOccurrences(of: ",", with: "")), "gap pledged of \(row[0])")
        }

        // By month, by category, by status rendered; the flows table lists every flow of `list`.
        #expect(section("by-month", in: dom).contains("<rect class=\"bar\" data-month=\"2025-03\""))
        #expect(section("by-category", in: dom).contains("data-label=\"military\""))
        #expect(section("by-status", in: dom).contains("data-label=\"disbursed\""))
        let listed = try cli.ok(["list"]).split(separator: "\n").last.map(String.init) ?? ""
        let flowRows = matches(#"<tr id="flow-(\d+)""#, in: section("flows", in: dom)).count
        #expect(listed.hasPrefix("\(flowRows) flows"), "\(flowRows) rows in the page; list says: \(listed)")
    }

    /// `gap --format json` has the keys of `totals --format json`, and its disbursed column is the
    /// total of the disbursements (no browser needed).
    @Test func gapJSONIsShapedLikeTotals() throws {
        let cli = try CLI()
        _ = try cli.ok(["ingest", CLI.repoRoot.appendingPathComponent("seeds/articles").path])
        func object(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        let gap = try object(try cli.ok(["gap", "--by", "donor", "--format", "json"]))
        let totals = try object(try cli.ok(["totals", "--by", "donor", "--status", "disbursed", "--format", "json"]))
        #expect(Set(gap.keys) == Set(totals.keys).union(["share_definition"]))
        #expect(gap["group_by"] as? [String] == ["donor", "currency"])
        let rows = try #require(gap["rows"] as? [[String: Any]])
        let disbursed = try #require(totals["rows"] as? [[String: Any]])
        for t in disbursed {
            let row = rows.first { $0["donor"] as? String == t["donor"] as? String && $0["currency"] as? String == t["currency"] as? String }
            #expect((row?["disbursed"] as? NSNumber)?.stringValue == (t["amount"] as? NSNumber)?.stringValue, "\(t)")
            #expect(row?["donor_code"] as? String == t["donor_code"] as? String)
        }
        let g7 = try #require(rows.first { $0["donor"] as? String == "G7" })
        #expect((g7["share_delivered"] as? NSNumber)?.doubleValue == 0 && (g7["flows"] as? Int) == 1)
        let csv = try cli.ok(["gap", "--format", "csv"])
        #expect(csv.hasPrefix("donor,currency,pledged,committed,disbursed,share_delivered,flows\r\n"))
    }
}
