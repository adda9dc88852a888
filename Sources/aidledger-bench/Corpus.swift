import AidExtraction
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes the benchmark corpus: deterministic, wire-style aid articles with front matter.
///
/// The corpus is cut into shards of about 1 MB (`s0000`, `s0001`, …), each a folder of article
/// files generated from its own seed (`seed` mixed with the shard number). A corpus of N MB is
/// the first N shards, so the 10 MB corpus is a prefix of the 100 MB one and nothing is generated
/// twice. A shard is complete when its `.done` marker exists (written last, holding the shard's
/// byte and article counts); complete shards are reused, incomplete ones regenerated.
/// Generation streams one article at a time to disk and never holds more than one article.
struct CorpusGenerator: Sendable {
    /// Bumped whenever templates change, so an old corpus is never mistaken for the current one.
    static let version = 2
    static let shardBytes = 1_000_000

    let root: String
    let seed: UInt64
    let vocabulary: Vocabulary

    init(baseDirectory: String, seed: UInt64) {
        self.seed = seed
        // The names come from seeds/parties.tsv: a corpus made with another gazetteer is another
        // corpus, so its fingerprint is part of the folder name.
        self.root = "\(baseDirectory)/corpus-seed\(seed)-v\(CorpusGenerator.version)-p\(CorpusGenerator.partiesFingerprint)"
        self.vocabulary = Vocabulary.load()
    }

    /// FNV-1a (32 bits, hex) of the compiled-in `seeds/parties.tsv`.
    static let partiesFingerprint: String = {
        var h: UInt32 = 0x811C_9DC5
        for b in SeedData.files["parties.tsv"] ?? [] { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return String(h, radix: 16)
    }()

    func shardPath(_ index: Int) -> String { root + "/" + String(format: "s%04d", index) }

    /// Makes sure shards `0..<megabytes` exist (in parallel over the machine's cores) and
    /// returns their folders and total size.
    func ensure(megabytes: Int) throws -> CorpusInfo {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let counts = ShardCounts(megabytes)
        let failure = FailureBox()
        DispatchQueue.concurrentPerform(iterations: megabytes) { index in
            do {
                let c = try ensureShard(index)
                counts.set(index, bytes: c.bytes, articles: c.articles)
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.first { throw error }
        let (bytes, articles) = counts.totals()
        return CorpusInfo(shards: (0..<megabytes).map(shardPath), bytes: bytes, articles: articles)
    }

    /// (bytes, articles) of one shard, generating it when its marker is missing.
    func ensureShard(_ index: Int) throws -> (bytes: Int, articles: Int) {
        let dir = shardPath(index)
        let marker = dir + "/.done"
        if let text = try? String(contentsOfFile: marker, encoding: .utf8) {
            let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
            if parts.count == 2 { return (parts[0], parts[1]) }
        }
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03) ^ 0x5EED)
        var writer = ArticleWriter(vocabulary: vocabulary)
        var bytes = 0, articles = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        while bytes < CorpusGenerator.shardBytes {
            buffer.removeAll(keepingCapacity: true)
            writer.article(into: &buffer, rng: &rng)
            let path = dir + "/" + String(format: "a%05d.txt", articles)
            try writeFile(path, buffer)
            bytes += buffer.count
            articles += 1
        }
        try writeFile(marker, Array("\(bytes) \(articles)\n".utf8))
        return (bytes, articles)
    }
}

/// The folders and size of a generated corpus.
struct CorpusInfo: Sendable {
    var shards: [String]
    var bytes: Int
    var articles: Int
    var megabytes: Double { Double(bytes) / 1e6 }
}

/// Writes `bytes` to `path` (created or truncated) with plain POSIX calls.
func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    guard let f = fopen(path, "wb") else { throw BenchError("cannot create \(path)") }
    let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
    if written != bytes.count { throw BenchError("short write to \(path)") }
}

/// Per-shard counts filled from several threads.
final class ShardCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [Int]
    private var articles: [Int]
    init(_ n: Int) { bytes = Array(repeating: 0, count: n); articles = Array(repeating: 0, count: n) }
    func set(_ i: Int, bytes b: Int, articles a: Int) { lock.lock(); bytes[i] = b; articles[i] = a; lock.unlock() }
    func totals() -> (Int, Int) { lock.lock(); defer { lock.unlock() }; return (bytes.reduce(0, +), articles.reduce(0, +)) }
}

/// The first error thrown on any thread.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func record(_ e: any Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    var first: (any Error)? { lock.lock(); defer { lock.unlock() }; return error }
}

/// An error of the benchmark harness itself.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
