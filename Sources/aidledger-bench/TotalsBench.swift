import AidExtraction
import AidLedger
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Synthetic ledger content for the query benchmarks: short articles, each carrying 20 figures
/// with parties from the gazetteer, several currencies, statuses, categories, mechanisms, hedges,
/// dates from 2019 to 2026 (a few undated) and some parts of a larger figure. Stored through
/// `LedgerWriter.insert`, the same path `ingest` uses, so the rows, indexes and evidence mentions
/// are exactly what a real ledger holds; only the extraction step is skipped.
struct SyntheticLedger {
    static let figuresPerArticle = 20
    let parties: [Party]
    let countries: [Party]
    static let currencies = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "PLN", "SAR"]
    static let rateCurrencies = ["USD", "JPY", "GBP", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CNY"]
    static let mechanisms: [String?] = ["armament package", "ERA Loans", "budget support", "trust fund", "grant",
                                        "concessional loan", "emergency appeal", nil, nil]

    init() {
        var all: [Party] = []
        for row in SeedData.partyRows where row.count >= 3 {
            let kind: Party.Kind = row[1] == "institution" ? .institution : .country
            all.append(Party(name: String(row[2]), code: String(row[0]), kind: kind))
        }
        if all.count < 10 {
            all = [("United States", "USA"), ("Germany", "DEU"), ("Japan", "JPN"), ("Ukraine", "UKR"), ("Sudan", "SDN"),
                   ("France", "FRA"), ("Canada", "CAN"), ("Norway", "NOR"), ("Gaza", "PSE"), ("Yemen", "YEM")]
                .map { Party(name: $0.0, code: $0.1, kind: .country) }
            all.append(Party(name: "European Union", code: "EU", kind: .institution))
        }
        parties = all
        countries = all.filter { $0.kind == .country }
    }

    /// Day number -> YYYY-MM-DD, days counted from 2019-01-01.
    static func date(_ dayNumber: Int) -> String {
        var d = dayNumber, y = 2019
        func leap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        while d >= (leap(y) ? 366 : 365) { d -= leap(y) ? 366 : 365; y += 1 }
        let lengths = [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var m = 0
        while d >= lengths[m] { d -= lengths[m]; m += 1 }
        return String(format: "%04d-%02d-%02d", y, m + 1, d + 1)
    }
    static let days = 2889   // 2019-01-01 ... 2026-11-28

    func item(_ n: Int, rng: inout SplitMix64) throws -> IngestItem {
        let published: String? = rng.chance(2) ? nil : Self.date(rng.below(Self.days))
        let header = "---\ntitle: Synthetic ledger article \(n)\n" + (published.map { "published: \($0)\n" } ?? "") + "source: bench\n---\n"
        let body = "Synthetic article \(n) for the query benchmarks.\n"
        let article = try Article(text: header + body)
        var mentions: [Mention] = []
        var figures: [Figure] = []
        // Skewed like real coverage: a few donors, recipients and currencies dominate.
        func skewed<T>(_ items: [T]) -> T { items[min(items.count - 1, Int(Double(items.count) * pow(Double(rng.below(1 << 20)) / Double(1 << 20), 3)))] }
        let donor = skewed(parties), recipient = skewed(countries)
        for j in 0..<Self.figuresPerArticle {
            let currency = skewed(Self.currencies)
            let amount = Decimal(rng.int(1...900) * [1_000, 1_000_000, 100_000_000][rng.below(3)] / 100)
            let hedge: String? = rng.chance(15) ? "about" : nil
            let start = 200 + j * 140
            let text = "\(currency) \(amount)"
            let money = MoneyExpression(span: Span(start: start, end: start + text.count), byteStart: start,
                                        byteEnd: start + text.utf8.count, text: text, amount: amount, currency: currency, hedge: hedge)
            let sentence = "\(donor.name) \(["pledged", "approved", "disbursed"][j % 3]) \(text) to \(recipient.name) under a programme announced on \(published ?? "an unknown date"), officials said."
            let sspan = Span(start: start - 40, end: start - 40 + sentence.count)
            mentions.append(Mention(money: money, sentence: sentence, sentenceSpan: sspan))
            figures.append(Figure(
                money: money,
                donor: rng.chance(85) ? (rng.chance(70) ? donor : skewed(parties)) : nil,
                recipient: rng.chance(90) ? (rng.chance(70) ? recipient : skewed(countries)) : nil,
                mechanism: rng.pick(Self.mechanisms),
                category: AidCategory.allCases[rng.below(AidCategory.allCases.count)],
                status: FlowStatus.allCases[rng.below(3)],
                partOf: j > 0 && j % 7 == 0 ? j - 1 - rng.below(j - 1 > 0 ? j - 1 : 1) : nil,
                sentence: sentence, sentenceSpan: sspan))
        }
        return IngestItem(source: "bench/\(n)", article: article,
                          extraction: Extraction(mentions: mentions, figures: figures), extractorVersion: "bench")
    }

    /// An ECB-layout rate file (units per EUR) for every weekday of the synthetic date range.
    static func rateFile(seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed ^ 0xEC8)
        let base: [Double] = [1.12, 130, 0.87, 1.05, 1.45, 1.6, 11.0, 11.3, 7.45, 4.4, 7.7]
        var s = "Date," + rateCurrencies.joined(separator: ",") + ",\n"
        for d in 0..<days where (d + 1) % 7 != 4 && (d + 1) % 7 != 5 {   // 2019-01-01 was a Tuesday
            s += date(d)
            for b in base {
                let v = b * (0.9 + Double(rng.below(2000)) / 10_000)
                s += "," + String(format: v >= 100 ? "%.2f" : "%.4f", v)
            }
            s += ",\n"
        }
        return s
    }
}

extension Bench {
    /// Totals (in process and whole command) at growing ledger sizes, and CSV export at 10^6 rows.
    func ledgerSection() throws {
        let section = "totals"
        let db = cfg.base + "/rows.sqlite"
        removeDatabase(db)
        let synth = SyntheticLedger()
        // The builder connection gets a large page cache (building is not what is measured);
        // queries run on a fresh connection with the ledger's own settings, opened per size.
        let builder = try Ledger(path: db)
        try builder.database.execute("PRAGMA cache_size = -262144")
        let rates = try builder.importRates(csvText: SyntheticLedger.rateFile(seed: cfg.seed))
        var rng = SplitMix64(seed: cfg.seed ^ 0x70_7A15)
        var articles = 0
        var rows = 0
        var writerRates: [String] = []
        var copied = false
        var lastQuery: [String: (rows: Int, seconds: Double)] = [:]
        var copyRowsPerSecond = 0.0
        for target in cfg.rowSizes {
            let label = target >= 1_000_000 ? "10^\(Int(log10(Double(target)).rounded()))" : grouped(Double(target))
            // Grow the ledger to `target` rows.
            let before = rows
            let writerLimit = 100_000   // beyond this, copy (see docs/benchmarks.md) when the writer is too slow
            if rows >= writerLimit {
                // Can the next size be built, and still leave time to query it?
                let rate = copyInstead(rowsPerSecond: writerRowsPerSecond, from: rows, to: target)
                    ? (copyRowsPerSecond > 0 ? copyRowsPerSecond : 100_000) : writerRowsPerSecond
                let projected = Double(target - rows) / rate
                if projected > remaining - queryReserve - 60 {
                    let why = "building a \(label)-row ledger was projected at \(fmt(projected, 0)) s (\(grouped(rate)) rows/s measured), more than the \(fmt(max(remaining - queryReserve, 0), 0)) s left before the memory section"
                    for q in ["totals --by donor", "totals --by donor,currency --in USD"] {
                        report.na(section, "\(q), \(label) rows: in process", why, target: target >= 10_000_000 ? "< 1 s" : "< 100 ms")
                    }
                    break
                }
            }
            if rows < writerLimit || !copyInstead(rowsPerSecond: writerRowsPerSecond, from: rows, to: target) {
                // Merging off: each synthetic figure is one flow (20 per article), so the ledger
                // holds `target` flows with contiguous ids, as `copyRows` needs.
                let s = try timed {
                    try builder.write(merge: .off) { writer in
                        while rows < target {
                            _ = try writer.insert(try synth.item(articles, rng: &rng))
                            articles += 1
                            rows += SyntheticLedger.figuresPerArticle
                        }
                    }
                }
                writerRowsPerSecond = Double(rows - before) / s
                writerRates.append("\(grouped(Double(rows - before))) rows at \(grouped(writerRowsPerSecond)) rows/s")
            } else {
                // The copy bypasses `Ledger.write`; an empty write folds the copied flows into the
                // totals rollup (migration 0004), as a write through the writer would have.
                let s = try timed {
                    try copyRows(builder.database, have: rows, want: target)
                    try builder.write { _ in }
                }
                copyRowsPerSecond = Double(target - rows) / s
                writerRates.append("\(grouped(Double(target - rows))) rows copied with INSERT … SELECT (indexes rebuilt, totals rollup folded) in \(fmt(s, 1)) s")
                rows = target
                copied = true
            }
            let ledger = try Ledger(path: db)
            let counted = try ledger.counts().flows
            print("    ledger at \(grouped(Double(counted))) rows (\(writerRates.last ?? ""))")
            fflush(nil)

            // In-process queries.
            let queries: [(String, [String], () throws -> Int)] = [
                ("totals --by donor", ["--by", "donor"], { try ledger.totals(by: [.donor]).rows.count }),
                ("totals --by donor,currency --in USD", ["--by", "donor,currency", "--in", "USD"],
                 { try ledger.totals(by: [.donor, .currency], convertTo: "USD").rows.count }),
            ]
            for (name, args, body) in queries {
                let goal = target >= 10_000_000 ? "< 1 s" : target >= 1_000_000 ? "< 100 ms" : ""
                let limit = target >= 10_000_000 ? 1.0 : 0.1
                let inName = "\(name), \(label) rows: in process", cmdName = "\(name), \(label) rows: whole command"
                // Projection from the previous size, assuming linear growth; skip what cannot fit.
                if let last = lastQuery[name] {
                    let projected = last.seconds * Double(target) / Double(last.rows)
                    if projected > min(90, max(remaining - queryReserve, 0) / 6) {
                        report.na(section, inName, "projected \(dur(projected)) per query (linear from \(dur(last.seconds)) at \(grouped(Double(last.rows))) rows) does not fit the time budget", target: goal)
                        report.na(section, cmdName, "skipped with the in-process query")
                        continue
                    }
                }
                var t: [Double] = []
                var groups = 0
                do {
                    for _ in 0..<cfg.queryRuns {
                        t.append(try timed { groups = try body() })
                        if t.reduce(0, +) > 4 { break }   // slow queries: fewer runs
                    }
                    let m = median(t)
                    lastQuery[name] = (target, m)
                    report.add(BenchFigure(section: section, name: inName, value: dur(m),
                                           target: goal, met: goal.isEmpty ? nil : m < limit,
                                           note: "median of \(t.count); \(groups) result rows"))
                } catch {
                    report.na(section, inName, "\(error)", target: goal)
                    continue
                }
                guard let bin = cliBinary(section, cmdName) else { continue }
                var ct: [Double] = []
                var why: String?
                let m = median(t)
                for _ in 0..<(m > 4 ? 1 : 3) {
                    let r = runChild([bin, "totals", "--db", db] + args, timeout: max(30, m * 3 + 10), scratch: scratch)
                    guard r.ok else { why = r.why; break }
                    ct.append(r.seconds)
                }
                if let why { report.na(section, cmdName, why) }
                else { report.add(BenchFigure(section: section, name: cmdName, value: dur(median(ct)), note: "median of \(ct.count), process start to exit")) }
            }
            if target == cfg.exportRows { try exportFigures(ledger: ledger, db: db, rows: counted, label: label) }
            if target == cfg.reportRows { reportFigures(db: db, rows: counted, label: label) }
            if remaining < queryReserve + 60 && target != cfg.rowSizes.last {
                report.notes.append("totals: stopped growing the ledger at \(label) rows, \(fmt(remaining, 0)) s of budget left")
                break
            }
        }
        report.add(BenchFigure(section: section, name: "how the query ledger was built", value: writerRates.joined(separator: "; "),
                               note: "synthetic items through LedgerWriter.insert, 20 flows per article\(copied ? "; larger sizes by copying rows, see docs/benchmarks.md" : ""); \(rates) rates imported"))
        if !cfg.keep { removeDatabase(db) }
        _ = builder
    }

    /// Seconds the totals section leaves for the memory section's 1 GB ingest.
    /// Only a 1 GB ingest that can fit at all (about 4 minutes) is worth reserving for; otherwise
    /// the memory section skips it anyway and needs about a minute for the smaller sizes.
    var queryReserve: Double {
        guard cfg.wants("memory") else { return 0 }
        let largest = Double(cfg.memoryMBs.max() ?? 0)
        let projected = largest / (ingestRate ?? 20) + largest * 0.08
        return projected <= 240 ? projected + 45 : 60
    }

    /// True when reaching `target` through the writer would take too long for the budget.
    func copyInstead(rowsPerSecond: Double, from: Int, to target: Int) -> Bool {
        guard rowsPerSecond > 0 else { return false }
        let projected = Double(target - from) / rowsPerSecond
        return projected > min(60, remaining / 8)
    }

    /// Grows `flows` from `have` to `want` rows by copying the first `have` rows (ids 1...have,
    /// contiguous) block by block; part_of is shifted with its block so parts stay within it.
    /// The flows indexes are dropped first and re-created afterwards from their own SQL (read from
    /// sqlite_master, so the schema ends exactly as the migrations made it): a sorted index build is
    /// far faster than millions of random index inserts.
    func copyRows(_ database: Database, have: Int, want: Int) throws {
        var indexes: [(String, String)] = []
        let list = try database.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'flows' AND sql IS NOT NULL")
        while try list.step() {
            if let name = list.string(0), let sql = list.string(1) { indexes.append((name, sql)) }
        }
        var rows = have
        try database.transaction {
            for (name, _) in indexes { try database.execute("DROP INDEX \"\(name)\"") }
            while rows < want {
                let n = min(have, want - rows)
                let st = try database.prepare("""
                    INSERT INTO flows(article_id, mention_id, amount, amount_max, currency, approximate, donor_id,
                                      recipient_id, mechanism, category, status, part_of, published)
                    SELECT article_id, mention_id, amount, amount_max, currency, approximate, donor_id, recipient_id,
                           mechanism, category, status, part_of + ?, published
                    FROM flows WHERE id BETWEEN 1 AND ? ORDER BY id
                    """)
                try st.bind(Int64(rows), at: 1)
                try st.bind(Int64(n), at: 2)
                try st.run()
                rows += n
            }
            for (_, sql) in indexes { try database.execute(sql) }
        }
    }

    func exportFigures(ledger: Ledger, db: String, rows: Int, label: String) throws {
        let section = "export"
        let out = cfg.base + "/export.csv"
        var t: [Double] = []
        for _ in 0..<3 where t.reduce(0, +) < 5 {
            guard let f = fopen(out, "wb") else { throw BenchError("cannot create \(out)") }
            t.append(try timed {
                try ledger.export(options: ExportOptions(format: .csv)) { buf in _ = fwrite(buf.baseAddress, 1, buf.count, f) }
            })
            fclose(f)
        }
        let size = databaseBytes(out)
        report.add(BenchFigure(section: section, name: "export --format csv, \(label) rows: in process",
                               value: grouped(Double(rows) / median(t)) + " rows/s",
                               note: "median of \(t.count) into a file (\(fmt(Double(size) / 1e6, 0)) MB)"))
        let name = "export --format csv, \(label) rows: whole command"
        if let bin = cliBinary(section, name) {
            var ct: [Double] = []
            var why: String?
            for _ in 0..<3 where ct.reduce(0, +) < 5 {
                let r = runChild([bin, "export", "--db", db, "--format", "csv", "--output", out], timeout: max(60, median(t) * 4), scratch: scratch)
                guard r.ok else { why = r.why; break }
                ct.append(r.seconds)
            }
            if let why { report.na(section, name, why, target: "≥ 1,000,000 rows/s") }
            else {
                let rate = Double(rows) / median(ct)
                report.add(BenchFigure(section: section, name: name, value: grouped(rate) + " rows/s", target: "≥ 1,000,000 rows/s",
                                       met: rate >= 1_000_000, note: "median of \(ct.count), process start to exit, --output FILE"))
            }
        }
        try? FileManager.default.removeItem(atPath: out)
    }
}

extension Bench {
    /// `aidledger report --html FILE` on the query ledger (issue 13: < 2 s at 10^5 flows), whole
    /// command, with the page's size. Quick mode times it on the smaller ledger, without the target.
    func reportFigures(db: String, rows: Int, label: String) {
        let section = "report"
        let name = "report --html, \(label) rows: whole command"
        let goal = rows >= 100_000 ? "< 2 s" : ""
        guard let bin = cliBinary(section, name) else { return }
        let out = scratch + "/report.html"
        var t: [Double] = []
        var why: String?
        var size = 0
        for _ in 0..<3 where t.reduce(0, +) < 10 {
            try? FileManager.default.removeItem(atPath: out)
            let r = runChild([bin, "report", "--db", db, "--html", out], timeout: max(60, min(300, remaining / 4)), scratch: scratch)
            guard r.ok else { why = r.why; break }
            t.append(r.seconds)
            size = databaseBytes(out)
        }
        if let why, t.isEmpty {
            report.na(section, name, why, target: goal)
        } else {
            let m = median(t)
            report.add(BenchFigure(section: section, name: name, value: dur(m), target: goal, met: goal.isEmpty ? nil : m < 2,
                                   note: "median of \(t.count) (\(t.map { fmt($0, 2) }.joined(separator: ", ")) s), process start to exit; ledger of \(grouped(Double(rows))) flows; default options (1,000 most recent flows); HTML to a scratch file\(cfg.quick ? "; quick mode: the target applies at 10^5 rows" : "")"))
            report.add(BenchFigure(section: section, name: "  same run: HTML file size", value: "\(fmt(Double(size) / 1e6, 2)) MB",
                                   note: "\(grouped(Double(size))) bytes, written with --html FILE"))
        }
        try? FileManager.default.removeItem(atPath: out)
    }
}

/// `aidledger-bench query DB KEYS [CODE]`: five timed `Ledger.totals` calls on an existing ledger,
/// for profiling one query without the rest of the benchmark.
func queryCommand(_ args: [String]) -> Int32 {
    let keys = args[1].split(separator: ",").compactMap { GroupKey(rawValue: String($0)) }
    let code = args.count > 2 ? args[2] : nil
    do {
        let ledger = try Ledger(path: args[0])
        for _ in 0..<5 {
            var n = 0
            let s = try timed { n = try ledger.totals(by: keys, convertTo: code).rows.count }
            print(dur(s), n, "rows")
        }
        return 0
    } catch {
        eprint("error: \(error)\n")
        return 1
    }
}
