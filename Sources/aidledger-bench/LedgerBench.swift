import AidExtraction
import AidLedger
import Foundation

/// Removes a database file and its WAL companions.
func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

/// Bytes of a database file plus its WAL.
func databaseBytes(_ path: String) -> Int {
    ["", "-wal"].reduce(0) { acc, s in
        acc + (((try? FileManager.default.attributesOfItem(atPath: path + s))?[.size] as? NSNumber)?.intValue ?? 0)
    }
}

extension Bench {
    /// The CLI binary, or nil (with a reason recorded) when it has not been built.
    func cliBinary(_ section: String, _ name: String) -> String? {
        if FileManager.default.isExecutableFile(atPath: cfg.binary) { return cfg.binary }
        report.na(section, name, "\(cfg.binary) not built")
        return nil
    }

    /// One `aidledger ingest` of `shards` into a new database. Returns the child result and the
    /// ledger's counts afterwards (read through the Ledger API).
    func ingestOnce(_ shards: [String], db: String, timeout: Double) -> (ChildResult, (articles: Int, mentions: Int, flows: Int)?) {
        removeDatabase(db)
        let r = runChild([cfg.binary, "ingest", "--quiet", "--db", db] + shards, timeout: timeout, scratch: scratch)
        var counts: (articles: Int, mentions: Int, flows: Int)?
        if r.ok { counts = try? Ledger(path: db).counts() }
        return (r, counts)
    }

    /// End-to-end ingest of the 100 MB corpus, beside the raw prepared-insert ceiling.
    func ingestSection() throws {
        let section = "ingest"
        let corpus = try generator.ensure(megabytes: cfg.ingestMB)
        let db = cfg.base + "/ingest.sqlite"
        let name = "aidledger ingest, \(cfg.ingestMB) MB corpus → new file database"
        if let _ = cliBinary(section, name) {
            var times: [Double] = []
            var peaks: [Int] = []
            var counts: (articles: Int, mentions: Int, flows: Int)?
            var failure: String?
            for run in 0..<3 {
                let (r, c) = ingestOnce(corpus.shards, db: db, timeout: min(600, max(60, remaining - 120)))
                guard r.ok else { failure = r.why; break }
                times.append(r.seconds); peaks.append(r.peakKB); counts = c
                // A slow ingest gets fewer runs, to stay inside the whole run's budget.
                if run == 0 && r.seconds > 45 { break }
                if run == 1 && r.seconds > 25 { break }
            }
            if let failure, times.isEmpty {
                report.na(section, name, failure, target: "≥ 50 MB/s")
            } else {
                let s = median(times)
                let rate = mbps(corpus.bytes, s)
                ingestRate = rate
                ingestPeakKB[cfg.ingestMB] = peaks.sorted()[peaks.count / 2]
                let dbSize = databaseBytes(db)
                report.add(BenchFigure(section: section, name: name, value: fmt(rate) + " MB/s",
                                       target: "≥ 50 MB/s", met: rate >= 50,
                                       note: "median of \(times.count) (\(times.map { fmt($0, 2) }.joined(separator: ", ")) s); \(corpus.articles) articles; database \(fmt(Double(dbSize) / 1e6, 0)) MB"))
                report.add(BenchFigure(section: section, name: "  same run: articles/s", value: grouped(Double(corpus.articles) / s)))
                if let counts {
                    report.add(BenchFigure(section: section, name: "  same run: ledger rows/s (flows)",
                                           value: grouped(Double(counts.flows) / s),
                                           note: "\(counts.flows) flows, \(counts.mentions) mentions stored"))
                } else {
                    report.na(section, "  same run: ledger rows/s", "could not read the ledger's counts")
                }
            }
            removeDatabase(db)
        }
        try rawInsertCeiling(section)
    }

    /// The ceiling: prepared-statement inserts of 10-column rows into a fresh WAL file in one
    /// transaction, through AidLedger's `Database`/`Statement` (same pragmas as the ledger).
    func rawInsertCeiling(_ section: String) throws {
        let db = cfg.base + "/raw.sqlite"
        var rates: [Double] = []
        for _ in 0..<3 {
            removeDatabase(db)
            let database = try Database(path: db)
            try database.execute("""
                CREATE TABLE t(id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, amount INTEGER NOT NULL,
                  currency TEXT NOT NULL, approximate INTEGER NOT NULL, donor_id INTEGER, recipient_id INTEGER,
                  mechanism TEXT, category TEXT NOT NULL, status TEXT NOT NULL, published TEXT) STRICT
                """)
            let st = try database.prepare("INSERT INTO t(article_id, amount, currency, approximate, donor_id, recipient_id, mechanism, category, status, published) VALUES (?,?,?,?,?,?,?,?,?,?)")
            let currencies = ["USD", "EUR", "GBP", "JPY", "CHF"]
            let mechanisms = ["armament package", "loan", "grant", "budget support", "trust fund"]
            let categories = ["military", "financial", "humanitarian", "development", "other"]
            let statuses = ["pledged", "committed", "disbursed"]
            let n = cfg.rawRows
            let s = try timed {
                try database.transaction {
                    for i in 0..<n {
                        try st.bind(Int64(i / 20), at: 1)
                        try st.bind(Int64(i &* 7919 % 1_000_000_007), at: 2)
                        try st.bind(currencies[i % 5], at: 3)
                        try st.bind(i % 3 == 0, at: 4)
                        try st.bind(Int64(i % 193), at: 5)
                        try st.bind(Int64(i % 97), at: 6)
                        try st.bind(mechanisms[i % 5], at: 7)
                        try st.bind(categories[i % 5], at: 8)
                        try st.bind(statuses[i % 3], at: 9)
                        try st.bind("2024-05-17", at: 10)
                        try st.run()
                    }
                }
            }
            rates.append(Double(n) / s)
        }
        removeDatabase(db)
        report.add(BenchFigure(section: section, name: "raw ceiling: prepared INSERTs into a WAL file, one transaction",
                               value: grouped(median(rates)) + " rows/s",
                               note: "median of 3 × \(grouped(Double(cfg.rawRows))) rows, 10 columns, no index, AidLedger Database/Statement"))
    }
}
