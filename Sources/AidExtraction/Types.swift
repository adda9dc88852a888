import Foundation

// Money is exact: every amount in aidledger's extraction library is a Foundation `Decimal`
// (base-10, 38 significant digits), never a `Double`. The ledger converts it once, to integer
// cents (hundredths of the major unit, rounded half-even), when it stores a row.

/// A half-open span of Unicode code points (scalars) in an article's full text, front matter included.
public struct Span: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) { self.start = start; self.end = end }
}

/// One money expression found in text by the recogniser (stage 1), before anyone decides
/// whether it is a funding flow.
public struct MoneyExpression: Sendable, Hashable {
    /// Code-point span of the whole expression, hedge included.
    public var span: Span
    /// UTF-8 byte offsets of the same span (for fast work on the byte buffer).
    public var byteStart: Int
    public var byteEnd: Int
    /// The expression as written, hedge included.
    public var text: String
    /// Exact amount in major units (the low end of a range).
    public var amount: Decimal
    /// High end of a range, in major units.
    public var amountMax: Decimal?
    /// ISO 4217 code.
    public var currency: String
    /// Normalised hedge word ("nearly", "about", "up to", "more than", "range", ...), if any.
    public var hedge: String?
    /// Written without a currency: the currency is the money's before it ("... 35 million was
    /// donated" after a sum in kroner).
    public var inherited: Bool

    /// True when the text hedges the figure or gives a range.
    public var approximate: Bool { hedge != nil || amountMax != nil }

    public init(span: Span, byteStart: Int, byteEnd: Int, text: String, amount: Decimal,
                amountMax: Decimal? = nil, currency: String, hedge: String? = nil, inherited: Bool = false) {
        self.span = span; self.byteStart = byteStart; self.byteEnd = byteEnd; self.text = text
        self.amount = amount; self.amountMax = amountMax; self.currency = currency; self.hedge = hedge
        self.inherited = inherited
    }
}

/// A donor or recipient resolved through the gazetteer.
public struct Party: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case country, institution }
    /// Canonical name ("United States", "European Union").
    public var name: String
    /// ISO 3166-1 alpha-3 for countries, a short stable code for institutions ("EU", "G7", "IMF").
    public var code: String
    public var kind: Kind
    public init(name: String, code: String, kind: Kind) { self.name = name; self.code = code; self.kind = kind }
}

/// What kind of aid a flow is.
public enum AidCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case military, financial, humanitarian, development, other
}

/// How far a flow has got: the pledge / commitment / disbursement distinction of OCHA FTS and IATI.
public enum FlowStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pledged, committed, disbursed

    /// IATI transaction type code, from the donor's view (outgoing pledge, commitment, disbursement).
    public var iatiTransactionType: Int {
        switch self {
        case .pledged: return 12
        case .committed: return 2
        case .disbursed: return 3
        }
    }
}

/// A money expression attributed as a funding flow (stage 2): one future ledger row.
public struct Figure: Sendable, Hashable {
    /// The first mention, which the row is booked at.
    public var money: MoneyExpression
    /// Further mentions of the same flow in the article (restatements, conversions in parentheses).
    public var otherMentions: [MoneyExpression]
    public var donor: Party?
    public var recipient: Party?
    /// Instrument named around the figure ("armament package", "ERA Loans"), if any.
    public var mechanism: String?
    public var category: AidCategory
    public var status: FlowStatus
    /// Index, in the same extraction's figure list, of a larger figure this one is part of.
    public var partOf: Int?
    /// The sentence the first mention stands in, and its code-point span.
    public var sentence: String
    public var sentenceSpan: Span

    public init(money: MoneyExpression, otherMentions: [MoneyExpression] = [], donor: Party? = nil,
                recipient: Party? = nil, mechanism: String? = nil, category: AidCategory = .other,
                status: FlowStatus = .committed, partOf: Int? = nil, sentence: String, sentenceSpan: Span) {
        self.money = money; self.otherMentions = otherMentions; self.donor = donor; self.recipient = recipient
        self.mechanism = mechanism; self.category = category; self.status = status; self.partOf = partOf
        self.sentence = sentence; self.sentenceSpan = sentenceSpan
    }
}

/// A money expression with the sentence it stands in: one row of the ledger's `mentions` table.
public struct Mention: Sendable, Hashable {
    public var money: MoneyExpression
    public var sentence: String
    public var sentenceSpan: Span
    public init(money: MoneyExpression, sentence: String, sentenceSpan: Span) {
        self.money = money; self.sentence = sentence; self.sentenceSpan = sentenceSpan
    }
}

/// Everything extraction learns from one article: every money expression found (with its
/// sentence) and the funding figures among them.
public struct Extraction: Sendable, Hashable {
    public var mentions: [Mention]
    public var figures: [Figure]
    public init(mentions: [Mention] = [], figures: [Figure] = []) { self.mentions = mentions; self.figures = figures }
}
