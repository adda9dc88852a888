import Foundation

/// The whole extraction pipeline, text in, ledger-ready figures out, in two stages kept apart:
/// `MoneyRecognizer` finds money expressions; `Attributor` decides which are funding flows and
/// fills donor, recipient, mechanism, category, status and part-of.
///
/// Pure: no SQLite, no file system. Safe to share across threads.
public struct Extractor: Sendable {
    /// Stored with every article so that `reextract` can tell what an older extractor produced.
    public static let version = "0.1.0"

    public let recognizer: MoneyRecognizer
    public let attributor: Attributor

    /// - Parameters:
    ///   - aliases: user party aliases (alias -> party code), on top of the gazetteer.
    ///   - model: the learned decisions (default: the shipped `seeds/weights.tsv`); nil for the rules alone.
    public init(aliases: [String: String] = [:], model: AttributionModel? = .shipped) {
        self.recognizer = MoneyRecognizer()
        self.attributor = Attributor(gazetteer: Gazetteer(userAliases: aliases), model: model)
    }

    /// Stage 1 only: every money expression in `article`'s body, spans counted from the start of the file.
    public func allMoney(in article: Article) -> [MoneyExpression] {
        recognizer.recognize(article.body).map { $0.shifted(by: article.bodyOffset) }
    }

    /// Both stages: every mention and the funding figures of `article`, spans counted from the
    /// start of the file.
    public func extract(_ article: Article) -> Extraction {
        let money = recognizer.recognize(article.body)
        let result = attributor.extract(money, in: article.body)
        return Extraction(
            mentions: result.mentions.map { $0.shifted(by: article.bodyOffset) },
            figures: result.figures.map { $0.shifted(by: article.bodyOffset) })
    }

    /// The features of every decision about `article`'s money, spans counted from the start of
    /// the file (the training data of `make train`).
    public func features(in article: Article) -> [MentionFeatures] {
        let money = recognizer.recognize(article.body)
        return attributor.features(money, in: article.body).map {
            var f = $0
            f.money = f.money.shifted(by: article.bodyOffset)
            return f
        }
    }

    /// Both stages, figures only.
    public func figures(in article: Article) -> [Figure] { extract(article).figures }
}

/// Where an article's body starts inside its file, so spans can count from the start of the file.
public struct TextOffset: Sendable, Hashable {
    public var scalars: Int
    public var bytes: Int
    public init(scalars: Int, bytes: Int) { self.scalars = scalars; self.bytes = bytes }
    public static let zero = TextOffset(scalars: 0, bytes: 0)
}

extension MoneyExpression {
    /// The same expression with its spans moved by `offset`.
    public func shifted(by offset: TextOffset) -> MoneyExpression {
        var copy = self
        copy.span = Span(start: span.start + offset.scalars, end: span.end + offset.scalars)
        copy.byteStart += offset.bytes
        copy.byteEnd += offset.bytes
        return copy
    }
}

extension Mention {
    /// The same mention with every span moved by `offset`.
    public func shifted(by offset: TextOffset) -> Mention {
        var copy = self
        copy.money = money.shifted(by: offset)
        copy.sentenceSpan = Span(start: sentenceSpan.start + offset.scalars, end: sentenceSpan.end + offset.scalars)
        return copy
    }
}

extension Figure {
    /// The same figure with every span moved by `offset`.
    public func shifted(by offset: TextOffset) -> Figure {
        var copy = self
        copy.money = money.shifted(by: offset)
        copy.otherMentions = otherMentions.map { $0.shifted(by: offset) }
        copy.sentenceSpan = Span(start: sentenceSpan.start + offset.scalars, end: sentenceSpan.end + offset.scalars)
        return copy
    }
}
