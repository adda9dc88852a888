import ArgumentParser
import Foundation
import AidExtraction
import AidLedger

/// `aidledger reextract`: re-runs the current extractor over every stored article.
struct Reextract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run the current extractor over every stored article (one transaction) and print what changed.")

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var extraction: ExtractionOptions
    @OptionGroup var mergeFlags: MergeFlags

    func run() throws {
        let extractor = try extraction.makeExtractor()
        let ledger = try database.open()
        let report = try ledger.reextract(extractorVersion: Extractor.version, merge: try mergeFlags.options()) { stored in
            do {
                return extractor.extract(try Article(text: stored.fullText, defaults: stored.metadata))
            } catch {
                throw CLIError("article #\(stored.id) (\(stored.source)): \(error)")
            }
        }
        guard !quiet else { return }
        let out = OutputSink()
        for change in report.articles where change.changed {
            out.line("changed    #\(change.articleID)  \(change.source)  \(change.oldFigures) -> \(change.newFigures) figures")
            for a in change.added { out.line("  + \(a)") }
            for r in change.removed { out.line("  - \(r)") }
            for f in change.keptForCorrections {
                out.line("  ! flow #\(f): its figure is no longer found; kept with its corrections")
            }
        }
        for m in report.merges { out.line("merged     flow #\(m.absorbed) into flow #\(m.into) (the same money)") }
        for f in report.removedFlows { out.line("removed    flow #\(f) (no article yields its figure any more)") }
        out.line("re-extracted \(report.articles.count) article\(report.articles.count == 1 ? "" : "s") with extractor \(Extractor.version): "
                 + "\(report.changedArticles) changed, figures \(report.oldFigures) -> \(report.newFigures)")
        out.flush()
    }
}
