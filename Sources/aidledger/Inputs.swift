import ArgumentParser
import Foundation
import AidExtraction
import AidInput
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One article read from an input, parsed.
struct InputArticle {
    /// The path as the user gave it ("-" for stdin), or the path found in a folder; a feed's
    /// item adds `#N` (its number in the feed, or its line in a JSON Lines file).
    var name: String
    var article: Article
    var byteCount: Int
}

/// `--input-format`: how to read the inputs, instead of their extensions and contents.
struct InputFormatOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Read every input as txt, html, rss, atom or jsonl, whatever its extension or content.",
        valueName: "format"))
    var inputFormat: InputFormat?
}

extension InputFormat: ExpressibleByArgument {}

/// One text read from an input, before it is an article: a text file, a page, a feed's item.
struct InputItem {
    var name: String
    /// The item's number in its feed or its line in a JSON Lines file; nil for a file or a page.
    var item: Int?
    var title: String?
    /// The text extraction reads (after front matter, HTML or feed item extraction).
    var body: String
    /// The article: nil when the input holds no text (a page without main text).
    var article: Article?
}

/// One input found by `collectInputs`: a file to read, or a path that failed already (missing,
/// unreadable folder, folder loop), as the `error:` it prints.
enum InputEntry {
    case file(String)
    case failure(CLIError)
}

/// Expands PATH arguments into article files: files as given, folders recursively (`*.txt`,
/// `*.html`, `*.htm`, `*.rss`, `*.atom`, `*.jsonl`, and `*.xml` feeds; sorted, symbolic links
/// followed), `-` for stdin. Throws the first failure
/// (`collectInputs` lists them all).
func expandInputPaths(_ paths: [String]) throws -> [String] {
    try collectInputs(paths).map { entry in
        switch entry {
        case let .file(path): return path
        case let .failure(error): throw error
        }
    }
}

/// Every input PATH expands to, in order: a file argument as given, a folder's input files
/// (`InputFormat.isCandidate`, an `.xml` file only when it is a feed; recursively, following
/// symbolic links, sorted by path), `-` for stdin, and a failure in place of a path that does
/// not exist, a folder that cannot be listed, a broken link with an input's name, or a folder loop (a link back to a folder being walked; the walk goes on without
/// it). A folder reached twice by different links, not a loop, is walked once.
func collectInputs(_ paths: [String]) -> [InputEntry] {
    var result: [InputEntry] = []
    for path in paths {
        if path == "-" { result.append(.file(path)); continue }
        var st = stat()
        guard stat(path, &st) == 0 else {
            result.append(.failure(CLIError("\(path): \(missingReason(path, errno: errno))")))
            continue
        }
        guard isFolder(st) else { result.append(.file(path)); continue }
        var walk = FolderWalk(root: path)
        walk.visit(path, st, ancestors: [])
        result += walk.files.sorted().map { .file($0) }
        result += walk.failures.map { .failure($0) }
    }
    return result
}

private func isFolder(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFDIR }

/// Why `stat(path)` failed, in words: a broken link is told apart from a missing path.
private func missingReason(_ path: String, errno code: Int32) -> String {
    var link = stat()
    if code == ENOENT, lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
        return "no such file or directory (a broken symbolic link)"
    }
    return errnoReason(code)
}

/// `strerror` in lower case ("permission denied", "no such file or directory").
func errnoReason(_ code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file or directory"
    case EACCES, EPERM: return "permission denied"
    case ENOTDIR: return "no such file or directory (a part of the path is not a folder)"
    case ELOOP: return "too many levels of symbolic links"
    default: return String(cString: strerror(code)).lowercased()
    }
}

/// A recursive folder walk that follows symbolic links and stops at loops, found by the
/// (device, inode) of the folders being walked.
private struct FolderWalk {
    struct Key: Hashable { var device: UInt64; var inode: UInt64 }
    let root: String
    var files: [String] = []
    var failures: [CLIError] = []
    var visited: Set<Key> = []

    init(root: String) { self.root = root }

    mutating func visit(_ folder: String, _ st: stat, ancestors: [(Key, String)]) {
        let key = Key(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        if let back = ancestors.first(where: { $0.0 == key }) {
            failures.append(CLIError("\(folder): folder loop (it leads back to \(back.1))"))
            return
        }
        guard visited.insert(key).inserted else { return }  // the same folder by another link
        guard let dir = opendir(folder) else {
            failures.append(CLIError("\(folder): \(errnoReason(errno)) (cannot list the folder)"))
            return
        }
        var names: [(String, UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append((name, entry.pointee.d_type))
        }
        closedir(dir)
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let inner = ancestors + [(key, folder)]
        for (name, type) in names {
            let full = prefix + name
            let isText = InputFormat.isCandidate(name)
            if Int(type) == Int(DT_REG) {
                if isText && isWanted(full) { files.append(full) }
                continue
            }
            if Int(type) != Int(DT_DIR) && Int(type) != Int(DT_LNK) && Int(type) != Int(DT_UNKNOWN) { continue }
            var sub = stat()
            guard stat(full, &sub) == 0 else {
                if isText { failures.append(CLIError("\(full): \(missingReason(full, errno: errno))")) }
                continue
            }
            if isFolder(sub) {
                visit(full, sub, ancestors: inner)
            } else if isText && (sub.st_mode & S_IFMT) == S_IFREG && isWanted(full) {
                files.append(full)
            }
        }
    }

    /// An `.xml` file is read when it is a feed (its first 8 KB say so: `sniff`); a sitemap or
    /// any other XML document in a folder is left alone. One that cannot be read is kept, so
    /// reading it reports why.
    private func isWanted(_ path: String) -> Bool {
        guard InputFormat.byExtension(path) == nil else { return true }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 8192)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 8192) }
        guard n > 0 else { return true }
        let kind = InputFormat.sniff(head[..<n])
        return kind == .rss || kind == .atom
    }
}

/// The bytes of a file, read with one `read` per file in the common case; errors are the reason
/// in words ("permission denied", "is a folder").
func readFileBytes(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw CLIError("\(path): \(missingReason(path, errno: errno))") }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw CLIError("\(path): \(errnoReason(errno))") }
    if isFolder(st) { throw CLIError("\(path): is a folder, not a file") }
    // A regular file is read with one `read` into a buffer of its size (+1 to see the end);
    // a pipe, or a file that grew meanwhile, goes on in 64 KB steps.
    var bytes: [UInt8] = []
    var chunk = max(Int(st.st_size), 0) + 1
    while true {
        var n = 0, failure: Int32 = 0
        let more = [UInt8](unsafeUninitializedCapacity: chunk) { buffer, count in
            guard let base = buffer.baseAddress else { count = 0; return }
            repeat { n = read(fd, base, chunk) } while n < 0 && errno == EINTR
            if n < 0 { failure = errno }
            count = max(n, 0)
        }
        if n < 0 { throw CLIError("\(path): \(errnoReason(failure))") }
        if n == 0 { return bytes }
        if bytes.isEmpty { bytes = more } else { bytes += more }
        chunk = 1 << 16
    }
}

/// The bytes of an input file, or of stdin for "-".
func readInputBytes(_ path: String) throws -> [UInt8] {
    path == "-" ? [UInt8](FileHandle.standardInput.readDataToEndOfFile()) : try readFileBytes(path)
}

/// Reads and decodes an input file ("-" for stdin) into text; errors are one line naming the
/// file ("<stdin>") and the reason.
func readInputText(_ path: String) throws -> (text: String, byteCount: Int) {
    let bytes = try readInputBytes(path)
    return (try decodeText(bytes, name: path == "-" ? "<stdin>" : path), bytes.count)
}

/// A text file's bytes as text (UTF-8, or UTF-16 with a byte-order mark; docs/errors.md).
private func decodeText(_ bytes: [UInt8], name: String) throws -> String {
    do {
        return try bytes.withUnsafeBufferPointer { try Article.decodeText(bytes: $0) }
    } catch let error as ArticleError {
        throw CLIError("\(name): \(error.description)")
    }
}

/// The format an input is read as: `--input-format`, else its extension, else its content
/// (a feed root or an HTML start), else a text file.
func inputFormat(of path: String, bytes: [UInt8], override: InputFormat?) -> InputFormat {
    if let override { return override }
    if path != "-", let byName = InputFormat.byExtension(path) { return byName }
    if let sniffed = InputFormat.sniff(bytes) { return sniffed }
    // an .xml file that is not a page: read as a feed, which says what its root is
    if path.lowercased().hasSuffix(".xml") { return .rss }
    return .txt
}

/// Reads one input into its texts: a text file is one (front matter parsed), a page is one
/// (its main text, its metadata as front matter), a feed or JSON Lines file one per item.
/// `defaults` fill the metadata an input lacks. Errors are one line naming the file and reason.
func readInputItems(_ path: String, defaults: ArticleMetadata, format: InputFormat?) throws -> (items: [InputItem], byteCount: Int) {
    let name = path == "-" ? "<stdin>" : path
    let bytes = try readInputBytes(path)
    func article(_ text: String, itemName: String) throws -> Article {
        do { return try Article(text: text, defaults: defaults) }
        catch let error as ArticleError { throw CLIError("\(itemName): \(error.description)") }
    }
    func items(_ extracted: [ExtractedText]) throws -> [InputItem] {
        try extracted.map { x in
            let itemName = x.item.map { "\(name)#\($0)" } ?? name
            let a = x.body.isEmpty ? nil : try article(x.articleText, itemName: itemName)
            return InputItem(name: itemName, item: x.item, title: x.metadata.title, body: x.body, article: a)
        }
    }
    switch inputFormat(of: path, bytes: bytes, override: format) {
    case .txt:
        let text = try decodeText(bytes, name: name)
        let a = try article(text, itemName: name)
        return ([InputItem(name: name, item: nil, title: a.metadata.title, body: String(a.body), article: a)], bytes.count)
    case .html:
        do {
            let page = try HTMLPage.read(bytes)
            return (try items([ExtractedText(metadata: page.metadata, body: page.text)]), bytes.count)
        } catch let error as InputError {
            throw CLIError("\(name): \(error.description)")
        }
    case .rss, .atom:
        do {
            return (try items(try Feed.read(bytes)), bytes.count)
        } catch let error as InputError {
            throw CLIError("\(name): \(error.description)")
        }
    case .jsonl:
        let text = try decodeText(bytes, name: name)
        do {
            return (try items(try JSONLinesFeed.read(text)), bytes.count)
        } catch let error as InputError {
            throw CLIError("\(name): \(error.description)")
        }
    }
}

/// Reads one input into its articles (`readInputItems`); a page without main text, or a
/// file with front matter and nothing after it, is an error.
func readArticles(_ path: String, defaults: ArticleMetadata, format: InputFormat?) throws -> [InputArticle] {
    let (items, byteCount) = try readInputItems(path, defaults: defaults, format: format)
    var out: [InputArticle] = []
    for item in items {
        guard let article = item.article else {
            throw CLIError(item.item == nil
                ? "\(item.name): no main text found in the page (`aidledger text` shows what was read)"
                : "\(item.name): the item has no text")
        }
        if article.bodyOffset != .zero, article.body.allSatisfy(\.isWhitespace) {
            throw CLIError("\(item.name): empty article: nothing after the front matter")
        }
        out.append(InputArticle(name: item.name, article: article, byteCount: item.item == nil ? byteCount : article.fullText.utf8.count))
    }
    return out
}
