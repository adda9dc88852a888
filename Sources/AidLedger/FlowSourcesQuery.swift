import Foundation

/// One article's report of a flow, for `show`.
public struct FlowSource: Sendable, Hashable {
    public var articleID: Int64
    public var articleTitle: String?
    public var articleSource: String
    public var url: String?
    /// The article's date (nil when undated).
    public var published: String?
    /// The stage this article reports.
    public var stage: String
    /// The figure as written, its amount (cents) and currency, as this article gives it.
    public var surface: String
    public var amount: Int64
    public var currency: String
    public var sentence: String
    /// Re-extraction no longer finds this figure; kept as evidence of a corrected flow.
    public var lost: Bool
}

extension Ledger {
    /// Every source of flow `id`, in date order (undated last).
    public func sources(ofFlow id: Int64) throws -> [FlowSource] {
        let st = try database.prepare("""
            SELECT s.article_id, a.title, a.source, a.url, s.published, s.stage, m.surface, s.amount, s.currency, se.text, s.lost
            FROM flow_sources s JOIN articles a ON a.id = s.article_id JOIN mentions m ON m.id = s.mention_id
            LEFT JOIN sentences se ON se.id = m.sentence_id
            WHERE s.flow_id = ? ORDER BY s.published IS NULL, s.published, s.id
            """)
        try st.bind(id, at: 1)
        var out: [FlowSource] = []
        while try st.step() {
            out.append(FlowSource(articleID: st.int64(0), articleTitle: st.string(1), articleSource: st.string(2) ?? "",
                                  url: st.string(3), published: st.string(4), stage: st.string(5) ?? "",
                                  surface: st.string(6) ?? "", amount: st.int64(7), currency: st.string(8) ?? "",
                                  sentence: st.string(9) ?? "", lost: st.int64(10) != 0))
        }
        return out
    }

    /// The fields of flow `id` an analyst corrected, with the stored values.
    public func corrections(ofFlow id: Int64) throws -> [(field: String, value: String?)] {
        let st = try database.prepare("SELECT field, value FROM flow_corrections WHERE flow_id = ? ORDER BY field")
        try st.bind(id, at: 1)
        var out: [(String, String?)] = []
        while try st.step() { out.append((st.string(0) ?? "", st.string(1))) }
        return out
    }

    /// True when flow `id` is voided.
    public func isVoided(_ id: Int64) throws -> Bool {
        try database.scalarInt("SELECT voided FROM flows WHERE id = ?", [.integer(id)]) == 1
    }
}
