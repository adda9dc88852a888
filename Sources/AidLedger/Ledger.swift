import AidExtraction
import Foundation

/// The aid ledger: a SQLite database of articles, the money mentions found in them, and the
/// funding flows (ledger rows) attributed to them. Opening a ledger creates its folder and file
/// if needed and migrates the schema. Every query of aidledger lives on this type; the CLI only
/// formats. Not thread-safe: use one `Ledger` from one thread at a time.
public final class Ledger {
    /// The open connection (public for benchmarks and tests; prefer the typed API).
    public let database: Database
    /// Where the database lives (`:memory:` for an in-memory ledger).
    public let path: String
    /// When set, the aggregate queries append their SQL here (tests check their query plans).
    var queryLog: [String]?
    /// Totals read the rollup tables where they can answer (tests turn this off to compare).
    var totalsRollupEnabled = true
    /// Flow ids per block of a parallel export, and the fewest ids worth a second thread (tests
    /// lower them to run the parallel path on small ledgers).
    var parallelExportBlock: Int64 = 1 << 15
    var parallelExportMinimum: Int64 = 1 << 17

    /// Opens the ledger at `path`, creating its parent folder and the file, and migrating.
    /// `options` set how the connection waits for other processes' locks, whether it opens
    /// read-only, and a page limit (see `Database.Options`; the CLI sets them per command).
    /// Every failure names the file: a `SQLiteError` carries its path, a `LedgerError` is the
    /// reason only (the CLI prefixes the path).
    public init(path: String, options: Database.Options = Database.Options()) throws {
        if path != ":memory:" && !options.readOnly {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !dir.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                } catch {
                    throw LedgerError("cannot create folder \(dir) for the ledger: \(error.localizedDescription)")
                }
            }
        }
        self.path = path
        database = try Database(path: path, options: options)
        try Migrator.migrate(database)
    }

    /// A fresh in-memory ledger (tests, `extract`-like dry runs).
    public static func inMemory() throws -> Ledger { try Ledger(path: ":memory:") }

    /// The default database location: `$AIDLEDGER_DB`, else `$XDG_DATA_HOME/aidledger/ledger.sqlite`,
    /// else `~/.local/share/aidledger/ledger.sqlite` (home from `$HOME`).
    public static func defaultPath(environment: [String: String]) -> String {
        if let p = environment["AIDLEDGER_DB"], !p.isEmpty { return p }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/aidledger/ledger.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/aidledger/ledger.sqlite"
    }

    /// Runs `body` in ONE write transaction (`BEGIN IMMEDIATE`): everything it inserts is
    /// committed together, or nothing is if it throws. The writer's prepared statements are
    /// reused for every article.
    ///
    /// Before it commits, the flows it added are folded into the totals rollup (see
    /// `foldTotals`), so the rollup never lags behind a committed write of this type.
    /// `merge` sets how figures join flows already in the ledger (docs/merging.md).
    public func write<T>(merge: MergeOptions = .standard, _ body: (LedgerWriter) throws -> T) throws -> T {
        // Statement journals in memory for this transaction (read when BEGIN starts it): a refresh's
        // UPDATE of flows (its rollup triggers, its indexes) journals ~15 pages; past 64 KB SQLite
        // spills statement journals to a temp file, and from then on every statement of the run
        // wrote its journal there (49k pwrites on the 10 MB bench corpus, 127k into a 10^6-flow
        // ledger). Each statement's journal is a few pages, freed when it ends.
        try database.execute("PRAGMA temp_store=MEMORY")
        defer { try? database.execute("PRAGMA temp_store=DEFAULT") }
        return try database.transaction {
            let writer = try LedgerWriter(database: database)
            writer.merge = merge
            let result = try body(writer)
            try foldTotals()
            return result
        }
    }

    /// Number of articles, mentions and flows stored.
    /// Mentions count every money expression stored: rows (a figure's evidence) and spans.
    public func counts() throws -> (articles: Int, mentions: Int, flows: Int) {
        (Int(try database.scalarInt("SELECT COUNT(*) FROM articles") ?? 0),
         Int(try database.scalarInt("SELECT (SELECT COUNT(*) FROM mentions) + (SELECT coalesce(SUM(count), 0) FROM money_spans)") ?? 0),
         Int(try database.scalarInt("SELECT COUNT(*) FROM flows") ?? 0))
    }
}

/// One article to store: where it came from, its parsed text (metadata already filled with any
/// command-line defaults), what extraction found, and which extractor found it.
public struct IngestItem: Sendable {
    /// Where the text came from (file path, or "-" for stdin). Used as the article's source when
    /// its metadata names none.
    public var source: String
    public var article: Article { didSet { prepared = nil } }
    public var extraction: Extraction { didSet { prepared = nil } }
    public var extractorVersion: String
    /// Work the single writer would otherwise do, done beforehand on any thread (see `prepare`).
    public private(set) var prepared: Prepared?
    public init(source: String, article: Article, extraction: Extraction, extractorVersion: String) {
        self.source = source; self.article = article; self.extraction = extraction; self.extractorVersion = extractorVersion
    }

    /// The body's SHA-256 and each mention's amount as plain decimal text.
    public struct Prepared: Sendable {
        var bodyHash: String
        /// Aligned with `extraction.mentions`.
        var amountTexts: [String]
    }

    /// Computes `prepared`. Ingest calls it on the extraction threads, so the one connection that
    /// writes only binds values (hashing and rendering `Decimal`s took a fifth of the writer).
    public mutating func prepare() {
        prepared = Prepared(bodyHash: SHA256.hex(article.body),
                            amountTexts: extraction.mentions.map { Cents.plainString($0.money.amount) })
    }
}

/// What storing one article did.
public enum IngestOutcome: Sendable, Hashable {
    /// Stored as a new article with `figures` ledger rows.
    case added(articleID: Int64, figures: Int)
    /// The same text (same SHA-256) is already in the ledger; nothing was added.
    case duplicate(existingID: Int64)
}

/// Inserts articles inside one `Ledger.write` transaction. Holds prepared statements and a party
/// cache for the whole run, so per-article work is a handful of `step()` calls.
public final class LedgerWriter {
    let db: Database
    private let findArticle, insertArticle, insertText, upsertParty, insertMention, linkMention: Statement
    private var partyIDs: [String: Int64] = [:]
    private let ingestedAt: String
    /// This transaction's time (UTC, ISO 8601): articles' `ingested_at`, history's `at`.
    var now: String { ingestedAt }
    /// The merge rule's settings for this transaction (`Ledger.write(merge:)`).
    var merge = MergeOptions.standard
    /// Figures that joined an existing flow, in order (ingest prints them).
    public var merges: [MergeEvent] = []
    var nextFlowID: Int64 = 0
    var sourceCurrencies: Set<String> = []
    var ratesPresent: Bool?
    /// The current article's sentence ids by span (`sentenceID`).
    var sentenceIDs: [Span: Int64] = [:]
    var sentenceArticle: Int64 = 0
    var rates: RateBook?
    /// The merge lookup's prepared statements (`lookupStatements()`).
    var lookup: LookupStatements?

    init(database: Database) throws {
        db = database
        findArticle = try db.prepare("SELECT id FROM articles WHERE content_hash = ?")
        insertArticle = try db.prepare("""
            INSERT INTO articles(content_hash, source, title, url, published, ingested_at, extractor_version)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insertText = try db.prepare("INSERT INTO article_texts(article_id, full_text) VALUES (?, ?)")
        upsertParty = try db.prepare("""
            INSERT INTO parties(code, name, kind) VALUES (?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind
            RETURNING id
            """)
        insertMention = try db.prepare("""
            INSERT INTO mentions(article_id, start, "end", surface, amount, amount_max, currency, hedge,
                                 sentence_id, sentence_start, sentence_end)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        linkMention = try db.prepare("INSERT OR IGNORE INTO flow_mentions(flow_id, mention_id) VALUES (?, ?)")
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        ingestedAt = f.string(from: Date())
    }

    /// Stores `item` unless an article with the same body is already in the ledger.
    ///
    /// The content hash covers the body only (the text after any front matter): the same article
    /// saved again with added or corrected front matter is still the same article, and ingesting
    /// it twice must not count its money twice.
    public func insert(_ item: IngestItem) throws -> IngestOutcome {
        let hash = item.prepared?.bodyHash ?? SHA256.hex(item.article.body)
        try findArticle.bind(hash, at: 1)
        let existing = try findArticle.step() ? findArticle.int64(0) : nil
        findArticle.reset()
        if let existing { return .duplicate(existingID: existing) }

        let meta = item.article.metadata
        let published = try Self.checkedDate(meta.published)
        try insertArticle.bind(hash, at: 1)
        try insertArticle.bind(meta.source ?? item.source, at: 2)
        try insertArticle.bind(meta.title, at: 3)
        try insertArticle.bind(meta.url, at: 4)
        try insertArticle.bind(published, at: 5)
        try insertArticle.bind(ingestedAt, at: 6)
        try insertArticle.bind(item.extractorVersion, at: 7)
        try insertArticle.run()
        let articleID = db.lastInsertRowID
        try insertText.bind(articleID, at: 1)
        try insertText.bind(item.article.fullText, at: 2)
        try insertText.run()
        let n = try insertExtraction(item.extraction, articleID: articleID, published: published,
                                     amountTexts: item.prepared?.amountTexts)
        return .added(articleID: articleID, figures: n)
    }

    static func checkedDate(_ d: String?) throws -> String? {
        guard let d else { return nil }
        guard Article.isISODate(d) else { throw LedgerError("published date must be YYYY-MM-DD, got '\(d)'") }
        return d
    }

    /// Inserts mentions and flows of one article; returns the number of flows.
    func insertExtraction(_ ex: Extraction, articleID: Int64, published: String?, amountTexts: [String]? = nil) throws -> Int {
        // Mentions, keyed by span so figures can find theirs.
        var mentionIDs: [Span: Int64] = [:]
        mentionIDs.reserveCapacity(ex.mentions.count)
        // The cents of each stored mention's amount, read from the text stored with it, so a
        // figure booked at that mention does not render its Decimal a second time.
        var mentionCents: [Span: (amount: Decimal, cents: Int64)] = [:]
        mentionCents.reserveCapacity(ex.mentions.count)
        // Money that evidences no figure is kept as spans only (`money_spans`); the rest are rows.
        let evidence = Self.evidenceSpans(ex)
        var spansOnly: [Span] = []
        for (k, m) in ex.mentions.enumerated() where mentionIDs[m.money.span] == nil {
            guard evidence.contains(m.money.span) else { spansOnly.append(m.money.span); continue }
            let text = amountTexts.map { $0[k] } ?? Cents.plainString(m.money.amount)
            mentionIDs[m.money.span] = try addMention(m.money, amountText: text, sentence: m.sentence,
                                                      sentenceSpan: m.sentenceSpan, articleID: articleID)
            if let c = Self.cents(plainText: text) { mentionCents[m.money.span] = (m.money.amount, c) }
        }
        func mentionID(_ money: MoneyExpression, _ fig: Figure) throws -> Int64 {
            if let id = mentionIDs[money.span] { return id }
            // A figure whose expression is missing from `mentions`: store it, with the figure's sentence.
            let id = try addMention(money, sentence: fig.sentence, sentenceSpan: fig.sentenceSpan, articleID: articleID)
            mentionIDs[money.span] = id
            return id
        }
        try storeMoneySpans(spansOnly, articleID: articleID)
        let knownOn = published ?? String(now.prefix(10))
        var flowIDs: [Int64] = []
        flowIDs.reserveCapacity(ex.figures.count)
        var touched = Set<Int64>()
        for fig in ex.figures {
            let primary = try mentionID(fig.money, fig)
            let known = mentionCents[fig.money.span].flatMap { $0.amount == fig.money.amount ? $0.cents : nil }
            let v = try sourceValues(fig, articleID: articleID, mentionID: primary, published: published,
                                     knownOn: knownOn, cents: known)
            let flowID = try book(v, touched: &touched)
            flowIDs.append(flowID)
            try link(flowID, primary)
            for other in fig.otherMentions.prefix(Self.restatementsKept) { try link(flowID, try mentionID(other, fig)) }
        }
        try setParts(ex.figures, flowIDs: flowIDs)
        return flowIDs.count
    }

    static func validParent(_ i: Int, _ figures: [Figure]) -> Bool {
        var seen: Set<Int> = [i]
        var cur = i
        while let p = figures[cur].partOf {
            guard p >= 0, p < figures.count, !seen.contains(p) else { return false }
            seen.insert(p)
            cur = p
        }
        return true
    }

    func link(_ flowID: Int64, _ mentionID: Int64) throws {
        try linkMention.bind(flowID, at: 1)
        try linkMention.bind(mentionID, at: 2)
        try linkMention.run()
    }

    /// Exact cents of a plain decimal text ("1500", "1.5", "-0.25") with at most two decimals and
    /// at most 16 digits, so the value in cents fits in Int64 with no rounding; nil otherwise
    /// (the caller then uses `Cents.from`, which rounds).
    static func cents(plainText: String) -> Int64? {
        var t = plainText
        return t.withUTF8 { b -> Int64? in
            var i = 0, negative = false
            if i < b.count, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            var v: Int64 = 0, digits = 0, fraction = -1
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "."), fraction < 0, digits > 0 { fraction = 0 }
                else if c >= 48, c <= 57 {
                    v = v * 10 + Int64(c - 48); digits += 1
                    if fraction >= 0 { fraction += 1 }
                } else { return nil }
                guard digits <= 16, fraction <= 2 else { return nil }
                i += 1
            }
            guard digits > 0, fraction != 0 else { return nil }
            for _ in 0..<(2 - max(fraction, 0)) { v *= 10 }
            return negative ? -v : v
        }
    }

    func addMention(_ money: MoneyExpression, amountText: String? = nil, sentence: String, sentenceSpan: Span,
                            articleID: Int64) throws -> Int64 {
        let st = insertMention
        try st.bind(articleID, at: 1)
        try st.bind(money.span.start, at: 2)
        try st.bind(money.span.end, at: 3)
        try st.bind(money.text, at: 4)
        try st.bind(amountText ?? Cents.plainString(money.amount), at: 5)
        try st.bind(money.amountMax.map(Cents.plainString), at: 6)
        try st.bind(money.currency, at: 7)
        try st.bind(money.hedge, at: 8)
        try st.bind(try sentenceID(sentence, sentenceSpan, articleID: articleID), at: 9)
        try st.bind(sentenceSpan.start, at: 10)
        try st.bind(sentenceSpan.end, at: 11)
        try st.run()
        return db.lastInsertRowID
    }

    /// Restatements of a figure stored as evidence rows; further ones are kept as spans only (a
    /// file repeating one amount a million times must not make a million evidence rows).
    static let restatementsKept = 32

    /// The spans stored as mention rows: each figure's own expression and its first restatements.
    static func evidenceSpans(_ ex: Extraction) -> Set<Span> {
        var evidence = Set<Span>()
        for f in ex.figures {
            evidence.insert(f.money.span)
            for o in f.otherMentions.prefix(restatementsKept) { evidence.insert(o.span) }
        }
        return evidence
    }

    /// Replaces the article's spans-only money (`money_spans`; none: no row).
    func storeMoneySpans(_ spans: [Span], articleID: Int64) throws {
        let del = try cached("DELETE FROM money_spans WHERE article_id = ?")
        try del.bind(articleID, at: 1); try del.run()
        guard !spans.isEmpty else { return }
        let st = try cached("INSERT INTO money_spans(article_id, count, spans) VALUES (?, ?, ?)")
        try st.bind(articleID, at: 1); try st.bind(spans.count, at: 2)
        try st.bind(bytes: MoneySpans.encode(spans), at: 3)
        try st.run()
    }

    /// The id of the article's sentence at `span`, stored once however many mentions it holds.
    func sentenceID(_ text: String, _ span: Span, articleID: Int64) throws -> Int64 {
        if sentenceArticle != articleID { sentenceIDs.removeAll(keepingCapacity: true); sentenceArticle = articleID }
        if let id = sentenceIDs[span] { return id }
        let find = try cached("SELECT id FROM sentences WHERE article_id = ? AND start = ? AND \"end\" = ?")
        try find.bind(articleID, at: 1); try find.bind(span.start, at: 2); try find.bind(span.end, at: 3)
        var id: Int64? = nil
        if try find.step() { id = find.int64(0) }
        find.reset()
        if id == nil {
            let ins = try cached("INSERT INTO sentences(article_id, start, \"end\", text) VALUES (?, ?, ?, ?)")
            try ins.bind(articleID, at: 1); try ins.bind(span.start, at: 2); try ins.bind(span.end, at: 3)
            try ins.bind(text, at: 4)
            try ins.run()
            id = db.lastInsertRowID
        }
        let found = id ?? 0
        sentenceIDs[span] = found
        return found
    }

    /// Upserts a party by code (once per writer) and returns its id.
    func party(_ p: Party?) throws -> Int64? {
        guard let p else { return nil }
        if let id = partyIDs[p.code] { return id }
        try upsertParty.bind(p.code, at: 1)
        try upsertParty.bind(p.name, at: 2)
        try upsertParty.bind(p.kind.rawValue, at: 3)
        guard try upsertParty.step() else { throw LedgerError("party \(p.code) could not be stored") }
        let id = upsertParty.int64(0)
        upsertParty.reset()
        partyIDs[p.code] = id
        return id
    }

    // MARK: reextract support

    /// Deletes an article's mentions and flows (flow_mentions cascade).
    func clearExtraction(articleID: Int64) throws {
        let del1 = try cached("DELETE FROM flows WHERE article_id = ?")
        try del1.bind(articleID, at: 1); try del1.run()
        let del2 = try cached("DELETE FROM mentions WHERE article_id = ?")
        try del2.bind(articleID, at: 1); try del2.run()
    }

    private var statementCache: [String: Statement] = [:]
    func cached(_ sql: String) throws -> Statement {
        if let s = statementCache[sql] { return s }
        let s = try db.prepare(sql)
        statementCache[sql] = s
        return s
    }
}

/// An article as stored, for re-extraction and `show`.
public struct StoredArticle: Sendable, Hashable {
    public var id: Int64
    public var source: String
    public var title: String?
    public var url: String?
    public var published: String?
    public var ingestedAt: String
    public var extractorVersion: String
    public var fullText: String
    /// The stored metadata as `ArticleMetadata` (to fill an article re-parsed from `fullText`).
    public var metadata: ArticleMetadata { ArticleMetadata(title: title, published: published, source: source, url: url) }
}

/// How re-extraction changed one article's figures.
public struct ReextractChange: Sendable, Hashable {
    public var articleID: Int64
    public var source: String
    public var title: String?
    public var oldFigures: Int
    public var newFigures: Int
    /// Figures new in this run, as "amount currency" in major units ("500000000 USD").
    public var added: [String]
    /// Figures gone in this run, same form.
    public var removed: [String]
    /// Corrected flows whose figure this article no longer yields: kept, with their corrections.
    public var keptForCorrections: [Int64] = []
    public var changed: Bool { !added.isEmpty || !removed.isEmpty || !keptForCorrections.isEmpty }
}

/// Result of `Ledger.reextract`: one entry per article, in id order.
public struct ReextractReport: Sendable, Hashable {
    public var articles: [ReextractChange]
    /// Flows merged into an earlier flow reporting the same money (absorbed id, survivor id).
    public var merges: [(absorbed: Int64, into: Int64)] = []
    /// Flows removed because no article yields their figure any more (and nobody corrected them).
    public var removedFlows: [Int64] = []
    public static func == (a: ReextractReport, b: ReextractReport) -> Bool {
        a.articles == b.articles && a.removedFlows == b.removedFlows
            && a.merges.map(\.absorbed) == b.merges.map(\.absorbed) && a.merges.map(\.into) == b.merges.map(\.into)
    }
    public func hash(into h: inout Hasher) { h.combine(articles); h.combine(removedFlows) }
    public var oldFigures: Int { articles.reduce(0) { $0 + $1.oldFigures } }
    public var newFigures: Int { articles.reduce(0) { $0 + $1.newFigures } }
    public var changedArticles: Int { articles.filter(\.changed).count }
}

extension Ledger {
    static func multisetDiff(old: [String], new: [String]) -> (added: [String], removed: [String]) {
        var counts: [String: Int] = [:]
        for o in old { counts[o, default: 0] += 1 }
        var added: [String] = []
        for n in new {
            if let c = counts[n], c > 0 { counts[n] = c - 1 } else { added.append(n) }
        }
        var removed: [String] = []
        var left = counts
        for o in old where (left[o] ?? 0) > 0 { removed.append(o); left[o, default: 0] -= 1 }
        return (added, removed)
    }

    /// One stored article with its full text.
    public func article(id: Int64) throws -> StoredArticle? {
        let st = try database.prepare("""
            SELECT a.id, a.source, a.title, a.url, a.published, a.ingested_at, a.extractor_version, t.full_text
            FROM articles a JOIN article_texts t ON t.article_id = a.id WHERE a.id = ?
            """)
        try st.bind(id, at: 1)
        guard try st.step() else { return nil }
        return StoredArticle(id: st.int64(0), source: st.string(1) ?? "", title: st.string(2), url: st.string(3),
                             published: st.string(4), ingestedAt: st.string(5) ?? "",
                             extractorVersion: st.string(6) ?? "", fullText: st.string(7) ?? "")
    }

    /// Every article, in id order, with its number of ledger rows (no full text).
    public func articles() throws -> [ArticleSummary] {
        let st = try database.prepare("""
            SELECT a.id, a.source, a.title, a.url, a.published, a.ingested_at, a.extractor_version,
                   (SELECT COUNT(*) FROM flow_sources s WHERE s.article_id = a.id AND s.lost = 0)
            FROM articles a ORDER BY a.id
            """)
        var out: [ArticleSummary] = []
        while try st.step() {
            out.append(ArticleSummary(id: st.int64(0), source: st.string(1) ?? "", title: st.string(2), url: st.string(3),
                                      published: st.string(4), ingestedAt: st.string(5) ?? "",
                                      extractorVersion: st.string(6) ?? "", figures: st.int(7)))
        }
        return out
    }
}

/// An article without its text: for `articles()` listings and `show`.
public struct ArticleSummary: Sendable, Hashable {
    public var id: Int64
    public var source: String
    public var title: String?
    public var url: String?
    public var published: String?
    public var ingestedAt: String
    public var extractorVersion: String
    /// Number of figures it reports (sources of flows, merged or not).
    public var figures: Int
}
