import ArgumentParser
import Foundation
import AidExtraction
import AidLedger

/// `aidledger ingest`: reads articles, extracts their figures and stores them in one transaction.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read articles (files, folders, '-' for stdin) into the ledger, in one transaction.")

    @Argument(help: "Article files or folders (*.txt, recursively); '-' reads stdin.")
    var paths: [String]
    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var extraction: ExtractionOptions
    @OptionGroup var metadata: MetadataOptions
    @OptionGroup var mergeFlags: MergeFlags

    func run() throws {
        let extractor = try extraction.makeExtractor()
        let merge = try mergeFlags.options()
        let files = try expandInputPaths(paths)
        if files.filter({ $0 == "-" }).count > 1 { throw CLIError("'-' (stdin) may be given once") }
        let ledger = try database.open()
        let defaults = metadata.defaults
        let progress = Progress(total: files.count, enabled: !quiet && isatty(2) == 1)

        var lines: [String] = []
        var added = 0, duplicates = 0, figures = 0, merged = 0
        try ledger.write(merge: merge) { writer in
            // Articles are independent: read and extract a batch on every core while the previous
            // batch is stored, in order, from this one connection. Batches keep memory flat.
            let batches = files.chunked(by: 256)
            let prefetch = Prefetch()
            @Sendable func extractBatch(_ batch: ArraySlice<String>) -> [Result<IngestItem, Error>] {
                parallelMap(batch) { path in
                    Result {
                        let input = try readArticle(path, defaults: defaults)
                        var item = IngestItem(source: path == "-" ? "<stdin>" : path, article: input.article,
                                              extraction: extractor.extract(input.article),
                                              extractorVersion: Extractor.version)
                        item.prepare()
                        return item
                    }
                }
            }
            if let first = batches.first { prefetch.start { extractBatch(first) } }
            for (n, batch) in batches.enumerated() {
                let results = prefetch.wait()
                if n + 1 < batches.count {
                    let next = batches[n + 1]
                    prefetch.start { extractBatch(next) }
                }
                for (path, result) in zip(batch, results) {
                    let item = try result.get()
                    let outcome: IngestOutcome
                    do { outcome = try writer.insert(item) } catch { throw CLIError("\(path): \(error)") }
                    switch outcome {
                    case let .added(id, n):
                        added += 1; figures += n
                        if !quiet { lines.append("added      #\(id)  \(item.source)  \(n) figure\(n == 1 ? "" : "s")") }
                        for m in writer.merges {
                            merged += 1
                            if !quiet {
                                lines.append("merged      #\(id)  \(item.source)  figure \(Cents.string(m.amount)) \(m.currency) into flow #\(m.flowID)")
                            }
                        }
                        writer.merges.removeAll()
                    case let .duplicate(id):
                        duplicates += 1
                        if !quiet { lines.append("unchanged  #\(id)  \(item.source)  already in the ledger, nothing added") }
                    }
                    progress.advance(bytes: item.article.fullText.utf8.count)
                }
            }
            prefetch.drain()
        }
        progress.finish()
        guard !quiet else { return }
        let out = OutputSink()
        for line in lines { out.line(line) }
        let joined = merged == 0 ? "" : ": \(figures - merged) new flow\(figures - merged == 1 ? "" : "s"), \(merged) joined flows already in the ledger"
        out.line("ingested \(added) article\(added == 1 ? "" : "s") (\(figures) figure\(figures == 1 ? "" : "s")\(joined)), "
                 + "\(duplicates) already present, into \(ledger.path)")
        out.flush()
    }
}

/// Runs one batch's extraction in the background while the caller stores the previous one.
final class Prefetch: @unchecked Sendable {
    // `results` is written by the background job before `group.leave()` and read only after
    // `group.wait()`, so the group orders every access.
    private var results: [Result<IngestItem, Error>] = []
    private let group = DispatchGroup()
    private var running = false

    func start(_ work: @escaping @Sendable () -> [Result<IngestItem, Error>]) {
        running = true
        group.enter()
        DispatchQueue.global().async {
            self.results = work()
            self.group.leave()
        }
    }

    func wait() -> [Result<IngestItem, Error>] {
        group.wait()
        running = false
        defer { results = [] }
        return results
    }

    /// Waits for a job still running (after an error, before the transaction ends).
    func drain() { if running { group.wait() } }

    deinit { group.wait() }
}

/// Progress on stderr (articles done of total, MB/s) for runs longer than a second on a terminal.
final class Progress {
    private let total: Int
    private let enabled: Bool
    private let start = Date()
    private var lastPrint = Date()
    private var done = 0
    private var bytes = 0
    private var printed = false

    init(total: Int, enabled: Bool) { self.total = total; self.enabled = enabled }

    func advance(bytes n: Int) {
        done += 1; bytes += n
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastPrint) > 0.2 else { return }
        lastPrint = now
        let mbps = Double(bytes) / 1_000_000 / max(now.timeIntervalSince(start), 0.001)
        FileHandle.standardError.write(Data("\r\(done)/\(total) articles, \(String(format: "%.1f", mbps)) MB/s ".utf8))
        printed = true
    }

    func finish() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// `transform` applied to every element on all cores, results in input order.
func parallelMap<T>(_ items: ArraySlice<String>, _ transform: (String) -> T) -> [T] {
    let base = items.startIndex
    let n = items.count
    return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
        nonisolated(unsafe) let out = buffer
        withoutActuallyEscaping(transform) { body in
            nonisolated(unsafe) let f = body
            DispatchQueue.concurrentPerform(iterations: n) { i in
                out.initializeElement(at: i, to: f(items[base + i]))
            }
        }
        initialized = n
    }
}
