import ArgumentParser
import Foundation
import AidExtraction
import AidInput
import AidLedger

/// `aidledger ingest`: reads articles, extracts their figures and stores them in one transaction.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read articles (files, folders, '-' for stdin) into the ledger, in one transaction.")

    @Argument(help: "Article files, pages, feeds or folders (*.txt, *.html, *.htm, *.rss, *.atom, *.xml feeds, *.jsonl; recursively); '-' reads stdin.")
    var paths: [String]
    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false
    @Flag(help: "Skip bad files instead of stopping: ingest (and commit) the good ones, list the others as 'skipped FILE: reason' on stderr; exit 2 when some were skipped, 1 when none could be read.")
    var keepGoing = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var extraction: ExtractionOptions
    @OptionGroup var metadata: MetadataOptions
    @OptionGroup var input: InputFormatOptions
    @OptionGroup var mergeFlags: MergeFlags

    func run() throws {
        let extractor = try extraction.makeExtractor()
        let merge = try mergeFlags.options()
        // Input failures (missing paths, folder loops, then unreadable or malformed files) stop
        // the run at the first one, before the commit; with --keep-going they are collected here.
        var skipped: [CLIError] = []
        var files: [String] = []
        for entry in collectInputs(paths) {
            switch entry {
            case let .file(path): files.append(path)
            case let .failure(error):
                guard keepGoing else { throw error }
                skipped.append(error)
            }
        }
        if files.filter({ $0 == "-" }).count > 1 { throw CLIError("'-' (stdin) may be given once") }
        if files.isEmpty && !skipped.isEmpty { try reportSkipped(skipped, read: 0) }
        let ledger = try database.open(waitForWriters: true)
        let defaults = metadata.defaults
        let format = input.inputFormat
        let progress = Progress(total: files.count, enabled: !quiet && isatty(2) == 1)

        var lines: [String] = []
        var added = 0, duplicates = 0, figures = 0, merged = 0
        try ledger.write(merge: merge) { writer in
            // Articles are independent: read and extract a batch on every core while the previous
            // batch is stored, in order, from this one connection. Batches keep memory flat.
            let batches = files.chunked(by: 256)
            let prefetch = Prefetch()
            // A file gives one article; a feed one per item (named FILE#N).
            @Sendable func extractBatch(_ batch: ArraySlice<String>) -> [Result<[IngestItem], Error>] {
                parallelMap(batch) { path in
                    Result {
                        try readArticles(path, defaults: defaults, format: format).map { input in
                            var item = IngestItem(source: input.name, article: input.article,
                                                  extraction: extractor.extract(input.article),
                                                  extractorVersion: Extractor.version)
                            item.prepare()
                            return item
                        }
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
                    let fileItems: [IngestItem]
                    do {
                        fileItems = try result.get()
                    } catch let error as CLIError where keepGoing {
                        skipped.append(error)
                        continue
                    }
                    for item in fileItems {
                    let outcome: IngestOutcome
                    do { outcome = try writer.insert(item) }
                    catch let e as SQLiteError { throw e }   // the ledger's failure names the ledger, not the article
                    catch { throw CLIError("\(item.source == "<stdin>" ? path : item.source): \(error)") }
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
            }
            prefetch.drain()
        }
        progress.finish()
        if !quiet && !(added + duplicates == 0 && !skipped.isEmpty) {
            let out = OutputSink()
            for line in lines { out.line(line) }
            let joined = merged == 0 ? "" : ": \(figures - merged) new flow\(figures - merged == 1 ? "" : "s"), \(merged) joined flows already in the ledger"
            let skips = skipped.isEmpty ? "" : ", \(skipped.count) skipped"
            out.line("ingested \(added) article\(added == 1 ? "" : "s") (\(figures) figure\(figures == 1 ? "" : "s")\(joined)), "
                     + "\(duplicates) already present\(skips), into \(ledger.path)")
            out.flush()
        }
        try reportSkipped(skipped, read: added + duplicates)
    }

    /// With --keep-going: `skipped FILE: reason` on stderr for every bad input, then exit 2 when
    /// some articles were read (the good ones are committed), or an `error:` line and exit 1 when
    /// none was. Returns when nothing was skipped.
    private func reportSkipped(_ skipped: [CLIError], read: Int) throws {
        guard !skipped.isEmpty else { return }
        var text = ""
        for error in skipped { text += "skipped \(error.message)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        if read == 0 {
            throw CLIError("no article ingested: \(skipped.count == 1 ? "the only input was" : "all \(skipped.count) inputs were") skipped")
        }
        throw ExitCode(2)
    }
}

/// Runs one batch's extraction in the background while the caller stores the previous one.
final class Prefetch: @unchecked Sendable {
    // `results` is written by the background job before `group.leave()` and read only after
    // `group.wait()`, so the group orders every access.
    private var results: [Result<[IngestItem], Error>] = []
    private let group = DispatchGroup()
    private var running = false

    func start(_ work: @escaping @Sendable () -> [Result<[IngestItem], Error>]) {
        running = true
        group.enter()
        DispatchQueue.global().async {
            self.results = work()
            self.group.leave()
        }
    }

    func wait() -> [Result<[IngestItem], Error>] {
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
