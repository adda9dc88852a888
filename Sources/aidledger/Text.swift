import ArgumentParser
import Foundation
import AidExtraction
import AidInput

/// `aidledger text`: the text extraction reads, so an analyst can see what the tool saw.
struct Text: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the text extraction reads: after front matter, a page's main-text extraction, or a feed's items.",
        discussion: """
            A text file prints its body (without front matter); a page its main text, one block per \
            line; a feed or JSON Lines file each item's text after a line '--- item N: TITLE'. A page \
            with no main text prints nothing (exit 0). With several files, each starts with a line \
            '==> FILE <=='. Saving a page's text (`aidledger text page.html > page.txt`) gives the same \
            article: the ledger hashes the body only.
            """)

    @Argument(help: "Article files, pages, feeds or folders (*.txt, *.html, *.htm, *.rss, *.atom, *.xml feeds, *.jsonl; recursively); '-' reads stdin.")
    var paths: [String]
    @OptionGroup var input: InputFormatOptions

    func run() throws {
        let out = OutputSink()
        defer { out.flush() }
        let files = try expandInputPaths(paths)
        // A body is printed as read (a text file's last line may lack its line break); one is
        // added only when more output follows, so `text a.txt > b.txt` copies the body exactly.
        var unterminated = false
        for path in files {
            let (items, _) = try readInputItems(path, defaults: ArticleMetadata(), format: input.inputFormat)
            func separate() { if unterminated { out.write("\n"); unterminated = false } }
            if files.count > 1 { separate(); out.line("==> \(path == "-" ? "<stdin>" : path) <==") }
            for item in items {
                if let n = item.item {
                    separate()
                    out.line("--- item \(n): \(item.title.map { oneLine($0) } ?? "")")
                }
                if !item.body.isEmpty {
                    separate()
                    out.write(item.body)
                    unterminated = !item.body.hasSuffix("\n")
                }
            }
        }
    }
}
