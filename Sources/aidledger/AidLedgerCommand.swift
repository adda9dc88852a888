import ArgumentParser
import CPlatform
import Foundation
import AidLedger

/// `aidledger`: turns news articles about aid into a ledger an analyst can trust.
@main
struct AidLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aidledger",
        abstract: "Turn news articles about aid into a ledger of funding flows.",
        subcommands: [Ingest.self, Extract.self, Text.self, Reextract.self, Totals.self, Gap.self, Report.self, List.self, Show.self,
                      Export.self, Rates.self, Amend.self, VoidFlow.self, Merge.self, Split.self, History.self, Check.self]
    )

    /// Parses, runs, and prints failures as one `error: …` line on stderr with a non-zero exit.
    static func main() {
        keepFreedMemory()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as LedgerError {
            // the library's own failures are one readable line already (no "Error: " prefix)
            FileHandle.standardError.write(Data("error: \(oneLine(error.description))\n".utf8))
            Foundation.exit(1)
        } catch let error as SQLiteError {
            FileHandle.standardError.write(Data("error: \(oneLine(error.description))\n".utf8))
            Foundation.exit(1)
        } catch {
            if let clean = error as? CleanExit { exit(withError: clean) }
            let message = fullMessage(for: error)
            if message.isEmpty || message.hasPrefix("Usage") || message.contains("\n") && !(error is LocalizedError) {
                exit(withError: error)  // argument errors: ArgumentParser prints usage help
            }
            FileHandle.standardError.write(Data("error: \(oneLine(message))\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue == 0 ? 1 : exitCode(for: error).rawValue)
        }
    }
}

/// A failure the user should read: printed as `error: <message>`.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1
    init(_ message: String, exitCode: Int32 = 1) { self.message = oneLine(message); self.exitCode = exitCode }
    var description: String { message }
}

/// Folds a message onto one line.
func oneLine(_ s: String) -> String {
    s.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.joined(separator: " ")
}

/// Ingest allocates and frees article-sized buffers on every core; by default glibc hands freed
/// heap tops back to the kernel and faults them in again (11,000 `brk` calls for 4 MB of
/// articles; a fifth of ingest's system time). Keeping up to 256 MB of freed heap and growing it
/// 16 MB at a time removes that churn and leaves the peak resident size unchanged (measured).
func keepFreedMemory() {
    #if os(Linux) && canImport(Glibc)
    _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
    _ = mallopt(M_TOP_PAD, 16 << 20)
    #endif
}
