import Foundation
import Testing
@testable import AidExtraction

/// `Article.decodeText`: an article file's bytes to text, or one line saying why not; and the
/// article errors (front matter, empty, binary) are single lines whatever the file holds.
@Suite struct ArticleDecodingTests {
    func decode(_ bytes: [UInt8]) throws -> String { try Article.decodeText(Data(bytes)) }

    /// The message `decodeText` throws for `bytes`, nil when it decodes.
    func failure(_ bytes: [UInt8]) -> String? {
        do { _ = try decode(bytes); return nil } catch let e as ArticleError { return e.description } catch { return "\(error)" }
    }

    func utf16(_ s: String, bigEndian: Bool) -> [UInt8] {
        s.utf16.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test func utf8PassesThroughUnchanged() throws {
        let text = "Kyiv’s “aid”: €3 billion 🇺🇦\r\nsecond line\n"
        #expect(try decode(Array(text.utf8)) == text)
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        #expect(try decode([0xEF, 0xBB, 0xBF] + Array("---\ntitle: x\n---\nBody".utf8)) == "---\ntitle: x\n---\nBody")
        #expect(failure([0xEF, 0xBB, 0xBF]) == "empty file (only a byte-order mark)")
    }

    @Test(arguments: [false, true])
    func utf16WithByteOrderMarkIsDecoded(_ bigEndian: Bool) throws {
        let text = "Norway gave 5 млн € to Chad 🌊\n"  // Cyrillic, a symbol and a surrogate pair
        let bom: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        #expect(try decode(bom + utf16(text, bigEndian: bigEndian)) == text)
        #expect(failure(bom) == "empty file (only a byte-order mark)")
        let order = bigEndian ? "big-endian" : "little-endian"
        #expect(failure(bom + utf16("ab", bigEndian: bigEndian) + [0x41])
                == "invalid UTF-16 (\(order), from its byte-order mark): an odd number of bytes (7)")
        // "ab" then a lone high surrogate at byte 2 + 4 = 6
        let lone = bom + utf16("ab", bigEndian: bigEndian) + (bigEndian ? [0xD8, 0x3D, 0x00, 0x41] : [0x3D, 0xD8, 0x41, 0x00])
        #expect(failure(lone) == "invalid UTF-16 (\(order), from its byte-order mark) at byte offset 6: a lone surrogate")
    }

    @Test func utf32IsRefused() {
        #expect(failure([0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0])?.hasPrefix("UTF-32 text") == true)
        #expect(failure([0, 0, 0xFE, 0xFF, 0, 0, 0, 0x41])?.hasPrefix("UTF-32 text") == true)
    }

    @Test(arguments: [false, true])
    func utf16WithoutByteOrderMarkIsRecognised(_ bigEndian: Bool) {
        let message = "looks like UTF-16 without a byte-order mark; convert it to UTF-8"
        #expect(failure(utf16("Norway gave $5 million to Chad.\n", bigEndian: bigEndian)) == message)
        // mostly non-Latin text has NULs only at spaces, digits and punctuation: still UTF-16
        #expect(failure(utf16("Україна отримає 5 мільйонів доларів допомоги від Норвегії.\n", bigEndian: bigEndian)) == message)
    }

    @Test func binaryIsRefusedWithTheFirstNUL() {
        #expect(failure([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x0A, 0x00, 0xFF, 0x00, 0x00, 0x13])
                == "binary file, not text (NUL byte at byte offset 7)")
        #expect(failure([0xEF, 0xBB, 0xBF, 0x41, 0x00]) == "binary file, not text (NUL byte at byte offset 4)")
        // a short file with a few NULs is binary, not UTF-16
        #expect(failure(Array("abc".utf8) + [0, 1, 2] + Array("def".utf8))?.hasPrefix("binary file") == true)
        // control bytes and invalid UTF-8 without any NUL
        var noise: [UInt8] = []
        for i in 0..<300 { noise.append(i % 3 == 0 ? UInt8(1 + i % 20) : UInt8(0x80 + i % 100)) }
        #expect(failure(noise)?.hasPrefix("binary file, not text (control bytes, and not valid UTF-8 at byte offset") == true)
    }

    @Test func invalidUTF8NamesOffsetLineAndByte() {
        #expect(failure(Array("line one\nline two caf".utf8) + [0xE9] + Array(" ok\n".utf8))
                == "invalid UTF-8 at byte offset 21 (line 2, byte 0xE9); convert the file to UTF-8")
        // offsets count from the file's first byte, byte-order mark included
        #expect(failure([0xEF, 0xBB, 0xBF, 0x41, 0xC3, 0x28])
                == "invalid UTF-8 at byte offset 4 (line 1, byte 0xC3); convert the file to UTF-8")
        // a truncated sequence at the end, and an overlong encoding
        #expect(failure(Array("€".utf8.dropLast()))?.hasPrefix("invalid UTF-8 at byte offset 0") == true)
        #expect(failure([0x41, 0xC0, 0xAF])?.hasPrefix("invalid UTF-8 at byte offset 1") == true)
    }

    @Test func emptyFiles() {
        #expect(failure([]) == "empty file")
        #expect((try? Article(text: "")) == nil)
        let blank = #expect(throws: ArticleError.self) { try Article(text: " \n\t\r\n") }
        #expect(blank?.description == "empty file (only white space)")
        let none = #expect(throws: ArticleError.self) { try Article(text: "") }
        #expect(none?.description == "empty file")
    }

    @Test(arguments: [
        "---\npublished: last week\n---\nBody",
        "---\npublished: 2025-01-10\rmore\n---\nBody",
        "---\npublished: \u{2028}x\u{85}y\u{7}\n---\nBody",
        "---\npublished: " + String(repeating: "long ", count: 100) + "\n---\nBody",
        "---\ntitle: never closed\nBody",
        "---\r\nno colon here\r\n---\r\nBody",
        "abc\u{0}def",
    ])
    func articleErrorsAreOneShortLine(_ text: String) {
        let error = #expect(throws: ArticleError.self) { try Article(text: text) }
        let message = error?.description ?? ""
        #expect(!message.isEmpty)
        #expect(!message.contains { $0.isNewline }, "'\(message)'")
        #expect(!message.unicodeScalars.contains { $0.value < 32 }, "'\(message)'")
        #expect(message.count < 200)
    }

    @Test func frontMatterMessagesKeepTheirWording() {
        let e = #expect(throws: ArticleError.self) { try Article(text: "---\npublished: last week\n---\nBody") }
        #expect(e?.description == "front matter 'published' must be YYYY-MM-DD, got 'last week'")
        let long = #expect(throws: ArticleError.self) {
            try Article(text: "---\npublished: " + String(repeating: "x", count: 100) + "\n---\nBody")
        }
        #expect(long?.description == "front matter 'published' must be YYYY-MM-DD, got '" + String(repeating: "x", count: 60) + "…'")
    }

    @Test func largeFilesDecodeInOnePass() throws {
        let line = "Ukraine is set to receive $2 billion in military aid from Germany – “urgent”.\n"
        let text = String(repeating: line, count: 50_000)  // ~4 MB
        let start = Date()
        #expect(try Article.decodeText(Data(text.utf8)).utf8.count == text.utf8.count)
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
