import AidExtraction
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Sizes and switches of one benchmark run, from the command line.
struct Config {
    var base = ".bench"
    var seed: UInt64 = 20_261_128
    var binary = ".build/release/aidledger"
    var output: String? = "BENCHMARKS.md"
    var quick = false
    /// Keep the query ledger (.bench/rows.sqlite) after the run, for profiling.
    var keep = false
    /// A remark printed under the machine table (e.g. how the binaries were built).
    var note: String?
    var only: Set<String>? = nil
    /// Seconds the whole run may take (the Makefile's build comes on top).
    var budget: Double = 11 * 60

    var extractMB = 20
    var ingestMB = 100
    var memoryMBs = [10, 100, 1000]
    var rowSizes = [10_000, 100_000, 1_000_000, 10_000_000]
    var exportRows = 1_000_000
    /// The totals ledger size at which `aidledger report --html` is timed (issue 13: < 2 s at 10^5).
    var reportRows = 100_000
    var rawRows = 1_000_000
    var pathoSizes = [1, 10, 100]
    /// Bytes at which every pathological input is ingested, for the ledger's growth (issue 12).
    var pathoIngestSizes = [300_000, 3_000_000]
    var runs = 5
    var pathoRuns = 3
    var queryRuns = 5
    /// The merge section: flows in the prebuilt ledger, and the corpus ingested into it.
    var mergeFlows = 1_000_000
    var mergeMB = 10

    mutating func makeQuick() {
        quick = true
        extractMB = 2; ingestMB = 5; memoryMBs = [1, 5]; rowSizes = [10_000, 100_000]
        exportRows = 100_000; reportRows = 10_000; rawRows = 100_000; pathoSizes = [1, 10]; pathoIngestSizes = [30_000, 300_000]; runs = 3; pathoRuns = 1; queryRuns = 3
        mergeFlows = 100_000; mergeMB = 1
    }

    static let sections = ["extract", "ingest", "patho", "totals", "memory", "merge"]

    func wants(_ s: String) -> Bool { only?.contains(s) ?? true }
}

/// State shared by the sections of one run.
final class Bench {
    let cfg: Config
    let report = Report()
    let start = now()
    let generator: CorpusGenerator
    let machine: MachineInfo
    let scratch: String
    let selfPath: String
    /// Figures per byte of corpus, from the extraction section (0 until it ran).
    var extractedFiguresPerByte = 0.0
    /// MB/s of the 100 MB ingest, used to project the 1 GB one.
    var ingestRate: Double?
    /// Peak RSS (KiB) of the ingest runs, by corpus size in MB.
    var ingestPeakKB: [Int: Int] = [:]
    /// Rows/s of the last synthetic-ledger growth step through LedgerWriter.
    var writerRowsPerSecond = 0.0

    init(cfg: Config) throws {
        self.cfg = cfg
        try FileManager.default.createDirectory(atPath: cfg.base + "/tmp", withIntermediateDirectories: true)
        scratch = cfg.base + "/tmp"
        generator = CorpusGenerator(baseDirectory: cfg.base, seed: cfg.seed)
        machine = MachineInfo.collect(scratch: scratch)
        selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Seconds left of the run's budget.
    var remaining: Double { cfg.budget - (now() - start) }

    func run() -> Int32 {
        let loadAtStart = loadAverage()
        if let note = cfg.note { report.notes.insert(note, at: 0) }
        print("aidledger-bench: commit \(machine.commit), \(machine.cores) cores, \(machine.cpu), \(machine.memory)\(cfg.quick ? " — QUICK MODE" : ""), load \(loadAverage())")
        let steps: [(String, () throws -> Void)] = [
            ("extract", extractionSection),
            ("ingest", ingestSection),
            ("patho", pathologicalSection),
            ("totals", ledgerSection),
            ("memory", memorySection),
            ("merge", mergeSection),
        ]
        for (name, step) in steps where cfg.wants(name) {
            print("== \(name)  (\(fmt(now() - start, 0)) s elapsed)")
            fflush(nil)
            do { try step() } catch {
                report.na(name, "section failed", "\(error)")
            }
        }
        let total = now() - start
        print("\n" + report.markdownTable())
        if let out = cfg.output {
            do {
                try report.write(to: out, machine: machine, corpusSeed: cfg.seed, totalSeconds: total, quick: cfg.quick,
                                 loadAtStart: loadAtStart, loadAtEnd: loadAverage())
                print("wrote \(out) (\(fmt(total, 0)) s)")
            } catch {
                eprint("error: cannot write \(out): \(error)\n")
                return 1
            }
        }
        return 0
    }
}

let usage = """
usage: aidledger-bench [--quick] [--only SECTION[,SECTION…]] [--seed N] [--dir DIR]
                       [--bin PATH] [--out FILE | --no-write] [--budget SECONDS] [--keep]
                       [--max-rows N] [--note TEXT]
       aidledger-bench generate MEGABYTES [--seed N] [--dir DIR]
       aidledger-bench extract-file PATH          (internal: times one file, for the pathological runs)
       aidledger-bench query DB KEY[,KEY…] [CODE] (for profiling: times Ledger.totals on an existing ledger)
sections: extract, ingest, totals, patho, memory, merge
"""

/// Entry point: plain CommandLine parsing, no dependencies.
func benchMain(_ arguments: [String]) -> Int32 {
    var args = Array(arguments.dropFirst())
    var cfg = Config()
    if args.first == "extract-file", args.count == 2 { return extractFileCommand(args[1]) }
    if args.first == "query", args.count >= 3 { return queryCommand(Array(args.dropFirst())) }
    var generateMB: Int?
    if args.first == "generate" {
        guard args.count >= 2, let mb = Int(args[1]), mb > 0 else { eprint(usage + "\n"); return 2 }
        generateMB = mb
        args.removeFirst(2)
    }
    var i = 0
    func value() -> String? { i += 1; return i < args.count ? args[i] : nil }
    while i < args.count {
        switch args[i] {
        case "--quick": cfg.makeQuick()
        case "--only":
            guard let v = value() else { eprint(usage + "\n"); return 2 }
            let set = Set(v.split(separator: ",").map(String.init))
            guard set.isSubset(of: Config.sections) else { eprint("unknown section in '\(v)'\n" + usage + "\n"); return 2 }
            cfg.only = set
        case "--seed":
            guard let v = value(), let s = UInt64(v) else { eprint(usage + "\n"); return 2 }
            cfg.seed = s
        case "--dir":
            guard let v = value() else { eprint(usage + "\n"); return 2 }
            cfg.base = v
        case "--bin":
            guard let v = value() else { eprint(usage + "\n"); return 2 }
            cfg.binary = v
        case "--out":
            guard let v = value() else { eprint(usage + "\n"); return 2 }
            cfg.output = v
        case "--no-write": cfg.output = nil
        case "--keep": cfg.keep = true
        case "--note":
            guard let v = value() else { eprint(usage + "\n"); return 2 }
            cfg.note = v
        case "--max-rows":
            guard let v = value(), let n = Int(v), n >= 10_000 else { eprint(usage + "\n"); return 2 }
            cfg.rowSizes = [10_000, 100_000, 1_000_000, 10_000_000].filter { $0 <= n }
            cfg.exportRows = min(1_000_000, cfg.rowSizes.last ?? 10_000)
        case "--budget":
            guard let v = value(), let s = Double(v) else { eprint(usage + "\n"); return 2 }
            cfg.budget = s
        case "-h", "--help": print(usage); return 0
        default: eprint("unknown argument '\(args[i])'\n" + usage + "\n"); return 2
        }
        i += 1
    }
    if let mb = generateMB {
        let g = CorpusGenerator(baseDirectory: cfg.base, seed: cfg.seed)
        do {
            var info: CorpusInfo?
            let s = try timed { info = try g.ensure(megabytes: mb) }
            if let info {
                print("\(g.root): \(info.shards.count) shards, \(info.articles) articles, \(info.bytes) bytes in \(fmt(s, 2)) s (\(fmt(mbps(info.bytes, s))) MB/s incl. reuse)")
            }
            return 0
        } catch {
            eprint("error: \(error)\n")
            return 1
        }
    }
    do {
        return try Bench(cfg: cfg).run()
    } catch {
        eprint("error: \(error)\n")
        return 1
    }
}
