import AidExtraction
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file as bytes (nil when unreadable).
func readBytes(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f) }
        if n <= 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}

/// The article files of the given shard folders, in order.
func articleFiles(_ shards: [String]) -> [String] {
    var files: [String] = []
    for dir in shards {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        files += names.map { dir + "/" + $0 }
    }
    return files
}

/// Thread-safe counter for the parallel runs.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add(_ n: Int) { lock.lock(); value += n; lock.unlock() }
    var total: Int { lock.lock(); defer { lock.unlock() }; return value }
}

extension Bench {
    /// Extraction throughput on an in-memory slice of the corpus: stage 1 alone, both stages,
    /// front-matter parsing plus both stages, on one core and on all cores.
    func extractionSection() throws {
        let section = "extraction"
        // Calibrate on the first shard, then size the slice so one full pass takes about 3 s
        // (at most `extractMB`, at least 2 MB): a slow extractor still fits the time budget.
        let probe = try generator.ensure(megabytes: 1)
        let probeTexts = articleFiles(probe.shards).compactMap { readBytes($0) }.map { String(decoding: $0, as: UTF8.self) }
        let probeSeconds = timed { for s in probeTexts { _ = (try? Article(text: s)).map { Extractor().extract($0).figures.count } } }
        let mb = max(2, min(cfg.extractMB, Int(mbps(probe.bytes, probeSeconds) * 3)))
        let corpus = try generator.ensure(megabytes: mb)
        let texts = articleFiles(corpus.shards).compactMap { readBytes($0) }.map { String(decoding: $0, as: UTF8.self) }
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        let extractor = Extractor()
        var parsed: [Article] = []
        var parseFailures = 0
        for t in texts {
            if let a = try? Article(text: t) { parsed.append(a) } else { parseFailures += 1 }
        }
        if parseFailures > 0 { report.notes.append("\(parseFailures) generated articles failed to parse (Article(text:) threw)") }
        let runs = probeSeconds * Double(mb) > 2 ? 3 : cfg.runs
        let how = "\(runs) runs over \(texts.count) articles, \(fmt(Double(bytes) / 1e6)) MB in memory"

        // Counts also keep the optimiser from discarding the work.
        var mentions = 0, figures = 0
        var t: [Double] = []
        for _ in 0..<runs {
            var n = 0
            t.append(timed { for a in parsed { n += extractor.allMoney(in: a).count } })
            mentions = n
        }
        report.add(BenchFigure(section: section, name: "stage 1 alone (MoneyRecognizer), 1 core",
                               value: fmt(mbps(bytes, median(t))) + " MB/s", note: how))

        t = []
        for _ in 0..<runs {
            var n = 0
            t.append(timed { for a in parsed { n += extractor.extract(a).figures.count } })
            figures = n
        }
        let oneCore = mbps(bytes, median(t))
        report.add(BenchFigure(section: section, name: "stages 1+2 (recogniser + attribution), 1 core",
                               value: fmt(oneCore) + " MB/s", target: "≥ 100 MB/s", met: oneCore >= 100,
                               note: how + "; articles parsed beforehand"))

        t = []
        for _ in 0..<runs {
            t.append(timed { for s in texts { _ = (try? Article(text: s)).map { extractor.extract($0).figures.count } } })
        }
        let parseAndExtract = mbps(bytes, median(t))
        report.add(BenchFigure(section: section, name: "Extractor().extract(Article(text:)), 1 core",
                               value: fmt(parseAndExtract) + " MB/s", note: how + "; front-matter parsing included"))

        t = []
        for _ in 0..<runs {
            t.append(timed { for s in texts { _ = try? Article(text: s) } })
        }
        report.add(BenchFigure(section: section, name: "Article(text:) front-matter parsing alone, 1 core",
                               value: fmt(mbps(bytes, median(t))) + " MB/s", note: how))

        let cores = max(machine.cores, 1)
        let chunks = cores * 8
        t = []
        for _ in 0..<runs {
            let counter = Counter()
            t.append(timed {
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var n = 0
                    var i = c
                    while i < texts.count {
                        if let a = try? Article(text: texts[i]) { n += extractor.extract(a).figures.count }
                        i += chunks
                    }
                    counter.add(n)
                }
            })
            if counter.total != figures { report.notes.append("parallel extraction found \(counter.total) figures, serial \(figures)") }
        }
        let all = mbps(bytes, median(t))
        report.add(BenchFigure(section: section, name: "Extractor().extract(Article(text:)), all \(cores) cores",
                               value: fmt(all) + " MB/s", note: how + "; concurrentPerform over \(chunks) interleaved chunks; speed-up \(fmt(all / parseAndExtract, 2))×"))
        report.add(BenchFigure(section: section, name: "what the corpus yields",
                               value: "\(grouped(Double(mentions) / (Double(bytes) / 1e6))) money expressions and \(grouped(Double(figures) / (Double(bytes) / 1e6))) figures per MB",
                               note: "\(mentions) expressions, \(figures) figures in \(texts.count) articles"))
        extractedFiguresPerByte = bytes > 0 ? Double(figures) / Double(bytes) : 0
    }
}
