import Foundation
import Testing
@testable import AidInput

/// Whatever bytes a page, feed or JSON line holds, reading it returns a text or an `InputError`:
/// no crash, no hang, no text that is not valid.
@Suite struct HostileInputTests {
    /// xorshift64*: the same inputs on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2685821657736338717
        }
    }

    static let pieces = [
        "<html>", "</html>", "<body>", "<p>", "</p>", "<div class=\"content\">", "<div class='share'>", "</div>", "<a href='/x'>",
        "</a>", "<br>", "<table><tr><td>", "</td><td>", "</tr></table>", "<ul><li>", "</li></ul>", "<script>", "</script>",
        "<style>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#x20AC;", "&#xD800;", "&nosuch;", "<meta charset=\"koi8-r\">",
        "<meta charset=\"x-what\">", "<article>", "</article>", "<h2>", "</h2>", "<nav>", "<?xml version=\"1.0\"?>", "<rss>",
        "<channel>", "<item>", "<title>", "</title>", "<description>", "</description>", "<feed>", "<entry>", "<content type=\"xhtml\">",
        "Norway gave $5 million to Chad.", "€", "\u{0}", "\u{FEFF}", "\r\n", "  ", "<", ">", "\"", "'", "{\"text\": \"", "\"}",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2025-13-45T99:99:99+99:99\",\"articleBody\":",
        "<time datetime=\"Tue, 32 Foo 2025\">", "<html><body>" + String(repeating: "<div>", count: 600),
    ]

    @Test func randomMarkupNeverCrashes() throws {
        var rng = Generator(state: 0x9E3779B97F4A7C15)
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                text += Self.pieces.randomElement(using: &rng)!
            }
            var bytes = Array(text.utf8)
            for _ in 0..<Int.random(in: 0...3, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if let page = try? HTMLPage.read(bytes) {
                #expect(!page.text.contains("\0"))
                #expect(page.text.isEmpty || page.text.hasSuffix("\n"))
                if let d = page.metadata.published { #expect(UTCDate.normalize(d) == d) }
            }
            if let items = try? Feed.read(bytes) {
                for item in items { #expect(!item.body.isEmpty) }
            }
            _ = try? JSONLinesFeed.read(String(decoding: bytes, as: UTF8.self))
            _ = HTMLPage.fragmentText(text)
            _ = UTCDate.normalize(String(decoding: bytes.prefix(60), as: UTF8.self))
            _ = InputFormat.sniff(bytes)
        }
    }

    @Test func entityExpansionIsBounded() throws {
        // "billion laughs": nested internal entities; the parser refuses or stays small
        var dtd = "<!ENTITY a0 \"lol\">"
        for i in 1...12 { dtd += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">" }
        let feed = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(dtd)]><rss><channel><item><title>t</title><description>&a12;</description></item></channel></rss>"
        let started = Date()
        if let items = try? Feed.read(Array(feed.utf8)) {
            #expect(items.allSatisfy { $0.body.utf8.count < 1 << 20 })
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
