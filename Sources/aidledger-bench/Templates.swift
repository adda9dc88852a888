import AidExtraction

/// Names and words the corpus draws from: the parties of `seeds/parties.tsv` when that file has
/// content (the same gazetteer the extractor resolves), always mixed with a built-in list.
struct Vocabulary: Sendable {
    var donors: [String]
    var recipients: [String]

    static func load() -> Vocabulary {
        var donors = builtinDonors, recipients = builtinRecipients
        // Gazetteer rows: code, kind (country|institution), canonical name, aliases (| separated), demonyms.
        // Canonical names and aliases (capitals and metonyms included) all serve as donors; countries
        // also as recipients.
        for row in SeedData.partyRows where row.count >= 3 {
            let kind = row[1].trimmingCharacters(in: .whitespaces)
            var names = [row[2].trimmingCharacters(in: .whitespaces)]
            if row.count >= 4 {
                names += row[3].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            for name in names where name.count >= 2 && name.count <= 60 && name.first?.isUppercase == true {
                donors.append(name)
                if kind == "country" { recipients.append(name) }
            }
        }
        return Vocabulary(donors: donors, recipients: recipients)
    }

    static let builtinDonors = [
        "the United States", "Washington", "Germany", "Berlin", "the European Union", "the EU", "Brussels",
        "Japan", "Tokyo", "the United Kingdom", "Britain", "London", "France", "Paris", "Canada", "Ottawa",
        "Norway", "the Netherlands", "Sweden", "Denmark", "Poland", "Italy", "Spain", "Australia",
        "South Korea", "the World Bank", "the IMF", "the International Monetary Fund", "the G7",
        "the Asian Development Bank", "the African Development Bank", "the European Investment Bank",
        "USAID", "Saudi Arabia", "the United Arab Emirates", "Qatar", "China", "Switzerland", "Finland",
        "Ireland", "Belgium", "Austria", "New Zealand", "Kuwait", "the Gates Foundation", "Lithuania",
    ]
    static let builtinRecipients = [
        "Ukraine", "Kyiv", "Gaza", "Sudan", "Yemen", "Afghanistan", "Syria", "Haiti", "Ethiopia", "Somalia",
        "South Sudan", "Bangladesh", "Pakistan", "Moldova", "Lebanon", "Jordan", "Niger", "Mali",
        "the Democratic Republic of Congo", "Myanmar", "Nepal", "Turkey", "Morocco", "Libya", "Mozambique",
        "Malawi", "Venezuela", "Colombia", "Ecuador", "Sri Lanka", "Egypt", "Tunisia", "Kenya", "Chad",
        "Burkina Faso", "Armenia", "Georgia", "the Palestinian Authority", "Zambia", "Madagascar",
    ]
}

/// Writes one article at a time from templates. The sentences are this file's own, written for
/// the benchmark; a mix of funding sentences (every money form the recogniser must read),
/// distractor numbers (dates, percentages, counts, damage estimates, GDP) and plain filler.
struct ArticleWriter {
    let vocabulary: Vocabulary

    init(vocabulary: Vocabulary) { self.vocabulary = vocabulary }

    mutating func article(into out: inout [UInt8], rng: inout SplitMix64) {
        let donor = rng.pick(vocabulary.donors)
        let recipient = rng.pick(vocabulary.recipients)
        let year = rng.int(2019...2026)
        let month = rng.int(1...12)
        let day = rng.int(1...28)
        out.append(contentsOf: Array("---\ntitle: ".utf8))
        append(&out, title(donor: donor, recipient: recipient, rng: &rng))
        append(&out, "\npublished: \(year)-\(pad2(month))-\(pad2(day))\nsource: ")
        append(&out, rng.pick(Self.sources))
        append(&out, "\n---\n")
        let paragraphs = rng.int(6...9)
        for p in 0..<paragraphs {
            let sentences = rng.int(2...5)
            for s in 0..<sentences {
                if s > 0 { out.append(32) }
                let roll = rng.below(100)
                let d = rng.chance(70) ? donor : rng.pick(vocabulary.donors)
                let r = rng.chance(75) ? recipient : rng.pick(vocabulary.recipients)
                if p == 0 && s == 0 || roll < 22 {
                    append(&out, funding(donor: d, recipient: r, year: year, rng: &rng))
                } else if roll < 55 {
                    append(&out, distractor(recipient: r, year: year, rng: &rng))
                } else {
                    append(&out, filler(donor: d, recipient: r, rng: &rng))
                }
            }
            out.append(10)
        }
    }

    // MARK: pieces

    private func append(_ out: inout [UInt8], _ s: String) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static let sources = ["Wire Desk", "Global Aid Monitor", "Capital Tribune", "Evening Courier",
                          "Bench Press Agency", "Daily Ledger", "Frontline Dispatch", "Northern Herald"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let cities = ["Geneva", "Brussels", "London", "Warsaw", "Rome", "Berlin", "Lugano", "Nairobi",
                         "Cairo", "Amman", "Tokyo", "Oslo", "Paris", "Washington"]

    private func capitalized(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }

    private func title(donor: String, recipient: String, rng: inout SplitMix64) -> String {
        switch rng.below(5) {
        case 0: return "\(capitalized(donor)) pledges new support for \(recipient)"
        case 1: return "\(recipient) to receive more \(rng.pick(Self.categories)) aid"
        case 2: return "Donors meet in \(rng.pick(Self.cities)) as needs grow"
        case 3: return "\(capitalized(donor)) approves \(money(rng: &rng, allowWords: false)) package"
        default: return "Aid talks: what was promised and what arrived"
        }
    }

    static let categories = ["military", "humanitarian", "financial", "development", "economic",
                             "emergency", "reconstruction", "security"]
    static let hedges = ["nearly ", "about ", "around ", "more than ", "over ", "up to ", "almost ",
                         "roughly ", "some ", "at least ", "an estimated ", "approximately ",
                         "close to ", "just under ", "less than "]
    static let pledgeVerbs = ["pledged", "promised", "offered", "vowed to send", "announced plans to give",
                              "said it would provide", "will provide", "intends to contribute"]
    static let commitVerbs = ["approved", "committed", "allocated", "earmarked", "signed an agreement for",
                              "agreed to provide", "signed off on"]
    static let disburseVerbs = ["disbursed", "delivered", "transferred", "sent", "paid out", "released",
                                "has already provided"]
    static let mechanisms = ["a military aid package", "a concessional loan", "a grant", "budget support",
                             "a trust fund", "an emergency appeal", "a humanitarian response plan",
                             "a reconstruction fund", "an armament package", "a credit line",
                             "a loan guarantee", "a debt swap", "a macro-financial assistance programme",
                             "a cash transfer programme", "the Ukraine Facility", "the ERA Loans scheme",
                             "a pooled fund", "a bilateral agreement"]
    static let purposes = [" for air defence", " to buy ammunition", " for food and shelter",
                           " for health services", " to rebuild schools", " to stabilise the budget",
                           " for water and sanitation", " for winter fuel", " to repair the power grid",
                           " for demining", " to pay public salaries", " for refugees in the region", ""]
    static let saids = ["officials said", "the ministry said in a statement", "a spokesperson said",
                        "according to a government statement", "the agency said on its website",
                        "diplomats said", "people familiar with the matter said"]

    private func funding(donor: String, recipient: String, year: Int, rng: inout SplitMix64) -> String {
        let m = hedged(rng: &rng)
        let d = capitalized(donor)
        switch rng.below(12) {
        case 0:
            return "\(d) \(rng.pick(Self.pledgeVerbs)) \(m) in \(rng.pick(Self.categories)) aid to \(recipient)\(rng.pick(Self.purposes)), \(rng.pick(Self.saids))."
        case 1:
            return "\(capitalized(recipient)) is set to receive \(m) from \(donor) under \(rng.pick(Self.mechanisms)), \(rng.pick(Self.saids)) on \(rng.pick(Self.weekdays))."
        case 2:
            return "The \(money(rng: &rng, allowWords: true)) \(rng.pick(["package", "loan", "grant", "programme", "tranche"])) was \(rng.pick(Self.commitVerbs)) by \(donor) on \(rng.int(1...28)) \(rng.pick(Self.months))."
        case 3:
            return "\(d) said it had \(rng.pick(Self.disburseVerbs)) \(m) of the \(money(rng: &rng, allowWords: true)) it pledged last year, bringing its total support since \(year - rng.int(1...3)) to \(hedged(rng: &rng))."
        case 4:
            return "Under the agreement, \(donor) will provide \(m) in \(rng.pick(["grants", "loans", "guarantees", "grants and loans"])) to \(recipient) over \(rng.pick(["two", "three", "four", "five", "ten"])) years."
        case 5:
            return "Of that sum, \(m) will go\(rng.pick(Self.purposes)), the \(rng.pick(["ministry", "agency", "embassy", "fund"])) said."
        case 6:
            return "\(d)'s parliament \(rng.pick(Self.commitVerbs)) a \(money(rng: &rng, allowWords: false)) \(rng.pick(["aid bill", "support package", "loan", "spending plan"])) for \(recipient) on \(rng.pick(Self.weekdays)), with \(rng.int(120...400)) votes in favour and \(rng.int(3...90)) against."
        case 7:
            return "The board of \(donor) signed off on a \(money(rng: &rng, allowWords: false)) loan to \(recipient), the \(rng.pick(["first", "second", "third", "fourth", "final"])) tranche of a \(money(rng: &rng, allowWords: false)) programme."
        case 8:
            return "Total pledges at the \(rng.pick(Self.cities)) conference reached \(m), short of the \(money(rng: &rng, allowWords: true)) that the United Nations had sought for \(recipient)."
        case 9:
            return "\(d) has so far \(rng.pick(Self.disburseVerbs)) \(m) to \(recipient) through \(rng.pick(Self.mechanisms)), out of \(money(rng: &rng, allowWords: false)) committed in \(year - 1)."
        case 10:
            return "\"We are providing an additional \(money(rng: &rng, allowWords: true)) today,\" \(rng.pick(["the minister", "the envoy", "the president", "the commissioner"])) told reporters in \(rng.pick(Self.cities)), adding that \(donor) had already given \(m) (\(money(rng: &rng, allowWords: false))) this year."
        default:
            return "\(capitalized(recipient)) will also get \(m) in \(rng.pick(Self.categories)) assistance from \(donor), \(rng.pick(["a first for the programme", "double last year's amount", "the largest such transfer to date", "part of a wider plan"]))."
        }
    }

    private func distractor(recipient: String, year: Int, rng: inout SplitMix64) -> String {
        switch rng.below(12) {
        case 0:
            return "The conflict has displaced more than \(rng.int(1...14)) million people since \(rng.pick(Self.months)) \(year - rng.int(1...4))."
        case 1:
            return "Inflation slowed to \(rng.int(2...40)).\(rng.int(0...9))% in \(rng.pick(Self.months)), from \(rng.int(2...40)).\(rng.int(0...9))% a year earlier."
        case 2:
            return "The World Bank puts reconstruction needs at \(money(rng: &rng, allowWords: false)) over the next decade, a figure that has risen in each of its \(rng.pick(["two", "three", "four"])) assessments."
        case 3:
            return "The economy of \(recipient) shrank by \(rng.int(1...30)) percent in \(year - 1), and GDP is now about \(money(rng: &rng, allowWords: false)), \(rng.pick(Self.saids))."
        case 4:
            return "At least \(rng.int(2...300)) people were killed and \(rng.int(10...900)) injured in attacks on \(rng.pick(Self.weekdays)), local authorities said."
        case 5:
            return "Delegations from \(rng.int(12...80)) countries attended the meeting in \(rng.pick(Self.cities)) on \(rng.int(1...28)) \(rng.pick(Self.months)) \(year)."
        case 6:
            return "The talks, the \(rng.pick(["second", "third", "fifth", "ninth"])) round this year, lasted nearly \(rng.pick(["three", "six", "eleven", "14"])) hours and ended at \(rng.int(1...11)):\(rng.int(10...59)) p.m."
        case 7:
            return "Damage to energy infrastructure is estimated at \(money(rng: &rng, allowWords: false)), according to a \(rng.pick(Self.months)) assessment covering \(rng.int(100...4000)) sites."
        case 8:
            return "Some \(rng.int(1...90)),\(rng.int(100...999)) tonnes of grain left the port in \(rng.pick(Self.months)), up \(rng.int(2...60))% on the previous month."
        case 9:
            return "The \(rng.int(40...400))-page report, published on \(rng.int(1...28)) \(rng.pick(Self.months)), covers the years \(year - 5) to \(year) and lists \(rng.int(1...9)),\(rng.int(100...999)) projects."
        case 10:
            return "The local currency weakened to \(rng.int(20...90)).\(rng.int(10...99)) per dollar, while shares in \(rng.int(3...40)) listed defence firms rose \(rng.int(1...12)).\(rng.int(1...9)) percent."
        default:
            return "Polls show \(rng.int(30...80))% of voters back continued support, against \(rng.int(5...40))% opposed and \(rng.int(1...15))% undecided, in a survey of \(rng.int(1...3)),\(rng.int(100...999)) adults."
        }
    }

    private func filler(donor: String, recipient: String, rng: inout SplitMix64) -> String {
        switch rng.below(12) {
        case 0: return "Officials in \(recipient) welcomed the announcement but said more was needed before the winter."
        case 1: return "Aid groups have warned that access remains difficult in many areas, particularly near the front line."
        case 2: return "The announcement came as ministers met to discuss the next phase of support and the rules that govern it."
        case 3: return "Critics argue that the money arrives too slowly to make a real difference for families on the ground."
        case 4: return "A spokesperson for the foreign ministry declined to comment on the timing of the next payment."
        case 5: return "The government has promised to publish a full account of how the funds are spent, including audits by outside firms."
        case 6: return "Negotiations over the remaining conditions are expected to continue next month in \(rng.pick(Self.cities))."
        case 7: return "Diplomats said the decision by \(donor) reflected a broad consensus among allies, though some capitals remain hesitant."
        case 8: return "Opposition lawmakers questioned whether the programme would be renewed after the next election."
        case 9: return "Independent monitors will review the projects each quarter and report to donors and to the public."
        case 10: return "Humanitarian coordinators described the situation in parts of \(recipient) as dire, with shortages of medicine and clean water."
        default: return "Analysts expect further announcements once the budget talks conclude and the new government takes office."
        }
    }

    // MARK: money forms

    static let symbols: [(String, Bool)] = [("$", false), ("US$", false), ("€", false), ("£", false),
                                             ("¥", false), ("C$", false), ("A$", false), ("CHF ", true)]
    static let codes = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CNY", "SAR", "AED"]
    static let words = ["dollars", "US dollars", "euros", "pounds", "pounds sterling", "yen", "Swiss francs",
                        "Canadian dollars", "Australian dollars", "Swedish kronor", "Norwegian kroner",
                        "Danish kroner", "zlotys", "yuan", "riyals"]
    static let scales = [" million", " billion", "m", "bn", " mln", " trillion", " million", " billion"]
    static let wordScales = ["million", "billion", "thousand", "million", "billion"]

    private func hedged(rng: inout SplitMix64) -> String {
        rng.chance(30) ? rng.pick(Self.hedges) + money(rng: &rng, allowWords: true) : money(rng: &rng, allowWords: true)
    }

    /// A numeral with an optional decimal part ("500", "1.5", "12.75").
    private func numeral(rng: inout SplitMix64) -> String {
        let whole = rng.pick([1, 2, 3, 5, 10, 12, 15, 20, 25, 40, 50, 75, 100, 120, 150, 200, 250, 300, 500, 600, 750, 900])
            + (rng.chance(20) ? rng.int(1...9) : 0)
        if rng.chance(30) { return "\(whole).\(rng.pick(["5", "2", "25", "75", "1", "8"]))" }
        return "\(whole)"
    }

    /// A whole amount with thousands separators ("1,250,000").
    private func separated(rng: inout SplitMix64) -> String {
        let groups = rng.int(1...3)
        var s = "\(rng.int(1...999))"
        for _ in 0..<groups { s += "," + String(format: "%03d", rng.below(1000)) }
        return s
    }

    static let ones = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                       "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                       "eighteen", "nineteen"]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    /// 1...999 in words ("one hundred and fifty", "twenty-five").
    private func inWords(_ n: Int) -> String {
        var parts: [String] = []
        if n >= 100 { parts.append(Self.ones[n / 100] + " hundred") }
        let rest = n % 100
        if rest > 0 {
            if n >= 100 { parts.append("and") }
            if rest < 20 { parts.append(Self.ones[rest]) }
            else { parts.append(Self.tens[rest / 10] + (rest % 10 > 0 ? "-" + Self.ones[rest % 10] : "")) }
        }
        return parts.joined(separator: " ")
    }

    /// One money expression in one of the forms the recogniser reads.
    private func money(rng: inout SplitMix64, allowWords: Bool) -> String {
        switch rng.below(allowWords ? 10 : 7) {
        case 0, 1, 2:
            let (sym, spaced) = rng.pick(Self.symbols)
            return sym + (spaced ? "" : "") + numeral(rng: &rng) + rng.pick(Self.scales)
        case 3:
            return rng.pick(Self.codes) + " " + numeral(rng: &rng) + rng.pick([" million", " billion"])
        case 4:
            return numeral(rng: &rng) + rng.pick([" million ", " billion "]) + rng.pick(Self.codes)
        case 5:
            return rng.pick(["$", "€", "£"]) + separated(rng: &rng)
        case 6:
            let (sym, _) = rng.pick(Self.symbols)
            let low = rng.int(1...9)
            return rng.chance(50)
                ? "\(sym)\(low)-\(low + rng.int(1...5)) \(rng.pick(["million", "billion"]))"
                : "between \(sym)\(low) billion and \(sym)\(low).\(rng.int(1...9)) billion"
        case 7:
            return numeral(rng: &rng) + " " + rng.pick(["million", "billion"]) + " " + rng.pick(Self.words)
        case 8:
            return inWords(rng.int(1...999)) + " " + rng.pick(Self.wordScales) + " " + rng.pick(Self.words)
        default:
            return separated(rng: &rng) + " " + rng.pick(Self.words)
        }
    }
}
