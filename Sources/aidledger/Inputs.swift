import Foundation
import AidExtraction

/// One article file named on the command line, read and parsed.
struct InputArticle {
    /// The path as the user gave it ("-" for stdin), or the path found in a folder.
    var name: String
    var article: Article
    var byteCount: Int
}

/// Expands PATH arguments into article files: files as given, folders recursively (`*.txt`,
/// sorted), `-` for stdin. Fails on a path that does not exist.
func expandInputPaths(_ paths: [String]) throws -> [String] {
    var result: [String] = []
    let fm = FileManager.default
    for path in paths {
        if path == "-" { result.append(path); continue }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CLIError("\(path): no such file or directory")
        }
        if isDir.boolValue {
            guard let walker = fm.enumerator(atPath: path) else { throw CLIError("\(path): cannot list folder") }
            var found: [String] = []
            while let entry = walker.nextObject() as? String {
                if entry.hasSuffix(".txt") {
                    let full = (path.hasSuffix("/") ? path : path + "/") + entry
                    var sub: ObjCBool = false
                    if fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { found.append(full) }
                }
            }
            result += found.sorted()
        } else {
            result.append(path)
        }
    }
    return result
}

/// Reads and parses one article; errors name the file and the reason.
func readArticle(_ path: String, defaults: ArticleMetadata) throws -> InputArticle {
    let data: Data
    if path == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path): cannot read file")
        }
        data = d
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        throw CLIError("\(path == "-" ? "<stdin>" : path): not valid UTF-8 text")
    }
    do {
        let parsed = try Article(text: text, defaults: defaults)
        return InputArticle(name: path, article: parsed, byteCount: data.count)
    } catch let error as ArticleError {
        throw CLIError("\(path == "-" ? "<stdin>" : path): \(error.description)")
    }
}
