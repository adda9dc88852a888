import AidLedger
import Foundation

extension Bench {
    /// Peak resident memory (the child's own ru_maxrss from wait4) of `aidledger ingest` at
    /// 10 MB, 100 MB and 1 GB of text.
    func memorySection() throws {
        let section = "memory"
        let db = cfg.base + "/memory.sqlite"
        for mb in cfg.memoryMBs {
            let name = "peak RSS of aidledger ingest, \(mb >= 1000 ? "\(mb / 1000) GB" : "\(mb) MB") of text"
            let target = mb >= 1000 ? "< 200 MB" : ""
            guard cliBinary(section, name) != nil else { continue }
            if let kb = ingestPeakKB[mb] {
                report.add(BenchFigure(section: section, name: name, value: "\(kb / 1024) MB", target: target,
                                       met: target.isEmpty ? nil : kb < 200 * 1024, note: "from the ingest section's median run"))
                continue
            }
            // Projection from the measured ingest speed (or 20 MB/s when unknown), plus corpus generation.
            let rate = ingestRate ?? 20
            let projected = Double(mb) / rate + Double(mb) * 0.08
            if projected > remaining - 15 {
                report.na(section, name, "projected \(fmt(projected, 0)) s (at \(fmt(rate)) MB/s) exceeds the \(fmt(max(remaining, 0), 0)) s left of the budget", target: target)
                continue
            }
            let corpus = try generator.ensure(megabytes: mb)
            let (r, counts) = ingestOnce(corpus.shards, db: db, timeout: max(60, remaining - 10))
            removeDatabase(db)
            guard r.ok else { report.na(section, name, r.why, target: target); continue }
            let kb = r.peakKB
            report.add(BenchFigure(section: section, name: name, value: "\(kb / 1024) MB", target: target,
                                   met: target.isEmpty ? nil : kb < 200 * 1024,
                                   note: "1 run, \(fmt(r.seconds, 1)) s (\(fmt(mbps(corpus.bytes, r.seconds))) MB/s), \(corpus.articles) articles\(counts.map { ", \($0.flows) flows" } ?? "")"))
        }
    }
}
