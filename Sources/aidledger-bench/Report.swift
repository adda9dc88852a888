import Foundation

/// One line of the results table.
struct BenchFigure {
    var section: String
    var name: String
    /// The measured value as printed ("123.4 MB/s"), or "n/a: reason".
    var value: String
    /// The target from issue 6, if the figure has one ("≥ 100 MB/s").
    var target: String = ""
    /// nil when there is no target or no measurement.
    var met: Bool? = nil
    /// How it was measured (runs, sizes), printed in a small column.
    var note: String = ""
}

/// Collects figures as they are measured, prints each at once, and writes BENCHMARKS.md.
final class Report {
    private(set) var figures: [BenchFigure] = []
    var notes: [String] = []

    func add(_ f: BenchFigure) {
        figures.append(f)
        let mark = f.met.map { $0 ? "  [target met]" : "  [target MISSED]" } ?? ""
        print("  \(f.section) | \(f.name): \(f.value)\(f.target.isEmpty ? "" : " (target \(f.target))")\(mark)\(f.note.isEmpty ? "" : "  — " + f.note)")
        fflush(nil)
    }

    func na(_ section: String, _ name: String, _ reason: String, target: String = "") {
        add(BenchFigure(section: section, name: name, value: "n/a: " + reason, target: target))
    }

    func markdownTable() -> String {
        var s = "| section | figure | value | target | met | how |\n|---|---|---|---|---|---|\n"
        for f in figures {
            let met = f.met.map { $0 ? "yes" : "**no**" } ?? ""
            s += "| \(f.section) | \(esc(f.name)) | \(esc(f.value)) | \(esc(f.target)) | \(met) | \(esc(f.note)) |\n"
        }
        return s
    }

    private func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    func write(to path: String, machine: MachineInfo, corpusSeed: UInt64, totalSeconds: Double, quick: Bool,
               loadAtStart: String, loadAtEnd: String) throws {
        var md = """
        # Benchmarks

        Latest `make bench` run\(quick ? " (**quick mode: smaller sizes, not the full benchmark**)" : ""). \
        How each figure is measured, and the targets of issue 6: [docs/benchmarks.md](docs/benchmarks.md).

        | | |
        |---|---|
        | commit | `\(machine.commit)` |
        | date | \(machine.date) |
        | cores (`nproc`) | \(machine.cores) |
        | CPU | \(machine.cpu) |
        | memory | \(machine.memory) |
        | toolchain | \(machine.swift) |
        | corpus | seed \(corpusSeed), generator v\(CorpusGenerator.version) |
        | load average (1, 5, 15 min) | at start \(loadAtStart); at end \(loadAtEnd) (2 cores: above ~1, other work competed with the benchmark) |
        | whole run | \(String(format: "%.0f", totalSeconds)) s (after the build) |

        Each value is the median of the runs noted in the last column. MB = 10^6 bytes of article text
        (front matter included). "n/a" names why a figure could not be measured in this run.


        """
        md += markdownTable()
        if !notes.isEmpty {
            md += "\n## Notes from this run\n\n" + notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
        }
        try md.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

func mbps(_ bytes: Int, _ seconds: Double) -> Double { Double(bytes) / 1e6 / seconds }

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

/// 1234567 -> "1,234,567".
func grouped(_ x: Double) -> String {
    let n = Int(x.rounded())
    var s = String(abs(n)), out = ""
    while s.count > 3 { out = "," + s.suffix(3) + out; s.removeLast(3) }
    return (n < 0 ? "-" : "") + s + out
}

/// Seconds in a readable unit.
func dur(_ s: Double) -> String {
    if s < 0.001 { return fmt(s * 1e6, 0) + " µs" }
    if s < 1 { return fmt(s * 1000, s < 0.01 ? 2 : 1) + " ms" }
    return fmt(s, 2) + " s"
}
