import Testing
@testable import AidExtraction

@Suite struct ArticleTests {
    @Test func frontMatterIsReadAndStrippedButSpansCountFromFileStart() throws {
        let text = "---\ntitle: Aid news\npublished: 2024-02-29\nsource: Wire\nurl: https://example.org/a\n---\nBody starts here.\n"
        let article = try Article(text: text)
        #expect(article.metadata.title == "Aid news")
        #expect(article.metadata.published == "2024-02-29")
        #expect(article.metadata.source == "Wire")
        #expect(article.metadata.url == "https://example.org/a")
        #expect(article.body.hasPrefix("Body starts here."))
        let prefix = text.prefix(while: { $0 != "B" })
        #expect(article.bodyOffset.scalars == prefix.unicodeScalars.count)
        #expect(article.bodyOffset.bytes == prefix.utf8.count)
    }

    @Test func offsetsCountCodePointsNotBytes() throws {
        let text = "---\ntitle: Kyiv’s “aid” €\n---\nX"
        let article = try Article(text: text)
        #expect(article.body == "X")
        #expect(article.bodyOffset.scalars == text.unicodeScalars.count - 1)
        #expect(article.bodyOffset.bytes == text.utf8.count - 1)
        #expect(article.bodyOffset.bytes > article.bodyOffset.scalars)
    }

    @Test func windowsLineEndingsInFrontMatter() throws {
        let text = "---\r\ntitle: CRLF file\r\npublished: 2025-01-10\r\n---\r\nBody.\r\n"
        let article = try Article(text: text)
        #expect(article.metadata.title == "CRLF file")
        #expect(article.metadata.published == "2025-01-10")
        #expect(article.body == "Body.\r\n")
    }

    @Test func noFrontMatterMeansDefaultsAndWholeText() throws {
        let article = try Article(text: "Plain text.\n", defaults: ArticleMetadata(published: "2025-01-10", source: "cli"))
        #expect(article.body == "Plain text.\n")
        #expect(article.bodyOffset == .zero)
        #expect(article.metadata.published == "2025-01-10")
        #expect(article.metadata.source == "cli")
    }

    @Test func frontMatterWinsOverDefaults() throws {
        let article = try Article(text: "---\npublished: 2023-05-01\n---\nx", defaults: ArticleMetadata(title: "T", published: "2025-01-10"))
        #expect(article.metadata.published == "2023-05-01")
        #expect(article.metadata.title == "T")
    }

    @Test(arguments: [
        "---\ntitle: never closed\nBody",
        "---\nthis line has no colon\n---\nBody",
        "---\npublished: 10/01/2025\n---\nBody",
        "---\npublished: 2023-02-29\n---\nBody",
        "",
        "  \n\n",
        "abc\u{0}def",
    ])
    func malformedInputIsRejected(_ text: String) {
        #expect(throws: ArticleError.self) { try Article(text: text) }
    }

    @Test func isoDates() {
        #expect(Article.isISODate("2024-02-29"))
        #expect(!Article.isISODate("2100-02-29"))
        #expect(!Article.isISODate("2025-1-10"))
        #expect(!Article.isISODate("2025-00-10"))
        #expect(!Article.isISODate("2025-04-31"))
    }
}
