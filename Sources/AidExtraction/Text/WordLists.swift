/// Word ids the attribution rules compare tokens with, as compile-time constants: the word at
/// index k of `W.all` has id k + 1 in every `Vocabulary` (the base vocabulary interns `all`
/// first; a test checks each constant against its word).
enum W {
    static let a: Int32 = 1  // "a"
    static let amount: Int32 = 2  // "amount"
    static let an: Int32 = 3  // "an"
    static let and: Int32 = 4  // "and"
    static let apostrophe: Int32 = 5  // "'"
    static let be: Int32 = 6  // "be"
    static let been: Int32 = 7  // "been"
    static let budget: Int32 = 8  // "budget"
    static let but: Int32 = 9  // "but"
    static let by: Int32 = 10  // "by"
    static let colon: Int32 = 11  // ":"
    static let comma: Int32 = 12  // ","
    static let dash: Int32 = 13  // "-"
    static let defence: Int32 = 14  // "defence"
    static let defense: Int32 = 15  // "defense"
    static let each: Int32 = 16  // "each"
    static let ellipsis: Int32 = 17  // "..."
    static let `for`: Int32 = 18  // "for"
    static let from: Int32 = 19  // "from"
    static let `in`: Int32 = 20  // "in"
    static let including: Int32 = 21  // "including"
    static let its: Int32 = 22  // "its"
    static let lparen: Int32 = 23  // "("
    static let of: Int32 = 24  // "of"
    static let payment: Int32 = 25  // "payment"
    static let possessive: Int32 = 26  // "'s"
    static let quote: Int32 = 27  // "\""
    static let receipt: Int32 = 28  // "receipt"
    static let rparen: Int32 = 29  // ")"
    static let semicolon: Int32 = 30  // ";"
    static let share: Int32 = 31  // "share"
    static let spending: Int32 = 32  // "spending"
    static let support: Int32 = 33  // "support"
    static let the: Int32 = 34  // "the"
    static let their: Int32 = 35  // "their"
    static let through: Int32 = 36  // "through"
    static let to: Int32 = 37  // "to"
    static let total: Int32 = 38  // "total"
    static let via: Int32 = 39  // "via"
    static let which: Int32 = 40  // "which"
    static let worth: Int32 = 41  // "worth"
    static let lbracket: Int32 = 42  // "["
    static let or: Int32 = 43  // "or"
    static let equivalent: Int32 = 44  // "equivalent"
    static let equal: Int32 = 45  // "equal"
    static let percent: Int32 = 46  // "percent"
    static let cent: Int32 = 47  // "cent"
    static let percentSign: Int32 = 48  // "%"
    static let with: Int32 = 49  // "with"
    static let at: Int32 = 50  // "at"
    static let order: Int32 = 51  // "order"

    /// The words above, in id order.
    static let all: [String] = [
        "a", "amount", "an", "and", "'", "be", "been", "budget", "but", "by", ":", ",", "-", "defence",
        "defense", "each", "...", "for", "from", "in", "including", "its", "(", "of", "payment", "'s", "\"",
        "receipt", ")", ";", "share", "spending", "support", "the", "their", "through", "to", "total", "via",
        "which", "worth", "[", "or", "equivalent", "equal", "percent", "cent", "%", "with", "at", "order",
    ]
}

/// The fixed word lists of the attribution rules, as text: the base vocabulary interns every word
/// here, and the rules test membership through the `WordSet`s built from them (`Rules`, `Lexicon`).
enum WordLists {
    static let titles = [
        "president", "prime", "secretary", "defence", "defense", "foreign", "finance", "minister", "ministry",
        "senator", "ambassador", "treasury", "chancellor", "government", "officials", "embassy", "army",
        "forces", "navy", "central", "state", "parliament", "special", "envoy", "deputy", "economy",
        "development",
    ]
    static let adverbs = [
        "also", "already", "now", "then", "since", "still", "just", "separately", "recently", "further",
        "jointly", "quickly", "finally", "formally", "officially", "previously", "earlier", "so", "far", "not",
        "n't", "soon", "initially", "eventually", "be", "been", "being", "on", "thursday", "friday", "monday",
        "tuesday", "wednesday", "saturday", "sunday", "today", "yesterday",
    ]
    static let determiners = [
        "the", "its", "their", "his", "her", "our", "this", "that", "these", "those", "a", "an", "'s", "your",
        "my",
    ]
    static let prepositions = [
        "of", "for", "to", "from", "with", "by", "on", "at", "under", "through", "in", "into", "via", "over",
        "since", "after", "before", "during", "until", "as", "than", "against", "among", "between", "within",
        "across", "toward", "towards", "about", "per", "inside", "outside", "without", "including",
    ]
    static let clauseWords = [
        "that", "which", "who", "whose", "while", "whereas", "but", "and", "or", "when", "as", "if", "because",
    ]
    static let rateArticle = [
        "a", "an", "per", "each",
    ]
    static let conversionHedge = [
        "about", "around", "roughly", "some", "approximately", "nearly", "almost", "or", "approx",
    ]
    /// Words that may stand between a sum and the same sum in another currency ("Tk900 million or
    /// around $7.5 million", "€20 million, equal to some $22 million").
    static let conversionBridge = [
        "or", "about", "around", "roughly", "some", "approximately", "nearly", "almost", "approx",
        "which", "is", "was", "equivalent", "equal", "to", "then", "currently", "at", "the", "time",
    ]
    static let appositiveHedge = [
        "about", "around", "roughly", "some", "approximately", "or", "nearly",
    ]
    static let anaphoraNouns = [
        "agency", "bank", "fund", "organisation", "organization", "union", "commission",
    ]
    static let backedBy = [
        "backed", "funded", "financed", "secured",
    ]
    static let possessedBodies = [
        "board", "executive", "council", "administration", "foreign", "finance", "defence", "defense",
        "development", "central",
    ]
    static let ordinals = [
        "first", "second", "third", "initial", "remaining", "next", "final",
    ]
    static let forUnderFrom = [
        "for", "under", "from",
    ]
    static let forUnderTo = [
        "for", "under", "to",
    ]
    static let notRecipientPrep = [
        "in", "at", "after", "before", "against", "from", "by", "than", "between", "inside", "near", "over",
        "among", "since",
    ]
    static let notReceiverPrep = [
        "in", "at", "from", "by", "with", "against",
    ]
    static let notMilitaryAfterDefence = [
        "minister", "ministry", "secretary", "spending", "budget", "budgets",
    ]
    static let rateUnits = [
        "month", "day", "week", "hour", "head", "person", "unit", "litre", "liter", "kilogram", "tonne", "ton",
        "barrel", "share",
    ]
    static let embeddingPrep = [
        "of", "under", "from", "through", "within", "to", "in",
    ]
    static let reportingWords = [
        "said", "says", "told", "that", "according",
    ]
    static let npStops = [
        "that", "which", "who", "while", "but", "as", "this", "these", "those", "its", "their", "the", "a",
        "an", "was", "is", "are", "were", "has", "had", "have", "will", "would", "be", "been", "'s", "worth",
        "each",
    ]
    /// Nouns after a demonym that make it the country's people, a recipient ("Syrian refugees").
    static let peopleNouns = [
        "people", "refugees", "children", "families", "civilians", "population", "communities",
    ]
    /// Instrument heads too generic to name an instrument on their own ("aid", "support").
    static let genericHeads = [
        "aid", "support", "assistance", "funding", "funds", "financing", "fund", "money", "help",
    ]
    static let stageHeads = [
        "disbursement", "disbursements", "tranche", "contribution", "payment", "allocation", "commitment",
        "pledge", "donation", "transfer",
    ]
    static let donorModifiers = [
        "the", "a", "an", "its", "their", "outgoing", "incoming", "new",
    ]
    static let articles = [
        "the", "its", "their", "a", "an",
    ]
    static let restatementDeterminers = [
        "the", "this", "that", "these",
    ]
    static let anotherFlow = [
        "additional", "another", "further", "remaining", "similar", "extra", "fresh", "second", "third",
    ]
    static let totalWords = [
        "total", "totals", "totalling", "totaling", "overall", "combined", "cumulative", "altogether",
    ]
    static let pointingBack = [
        "this", "that", "these",
    ]
    /// Past participles of giving verbs that do not end in "-ed".
    static let irregularParticiples = ["given", "paid", "sent", "spent", "lent", "made", "won", "raised"]
    /// Words before "to" + a giving verb that announce it ahead ("is set to receive").
    static let scheduledWords = ["set", "due", "poised", "expected", "scheduled", "slated"]
    /// Verbs that only announce or promise money: the conventions' pledge whatever else the
    /// sentence says, as the cue ("announces $N", "pledged $N") or before "to" and the cue
    /// ("promised to deliver $N").
    static let announceWords = [
        "announce", "announces", "announced", "announcing", "pledge", "pledges", "pledged", "pledging",
        "promise", "promises", "promised", "vowed", "vows",
    ]
    /// Words of a running total ("since the start", "so far", "to date", "bringing the total"):
    /// a feature of the status decision, as such sums report money already given.
    static let cumulativeWords = [
        "since", "far", "date", "already", "total", "totals", "totalling", "totaling", "cumulative",
        "altogether", "overall", "bringing", "past", "thus",
    ]
    static let beForms = [
        "be", "been", "is", "are", "was", "were",
    ]
    static let projectNouns = [
        "project", "projects", "programme", "programmes", "program", "programs",
    ]
    static let futureModals = [
        "will", "'ll", "shall", "may", "might", "could",
    ]
    static let instrumentPrep = [
        "under", "from", "through", "via", "to",
    ]
    static let whichThat = [
        "which", "that",
    ]
    static let relativePronouns = [
        "which", "who", "whose", "whom",
    ]
    static let whichWhom = [
        "which", "whom",
    ]
    static let clauseMarks = [
        ",", ";", ":", "\"", "(", ")", "-",
    ]

    static let all: [[String]] = [
        titles, adverbs, determiners, prepositions, clauseWords, rateArticle, conversionHedge, conversionBridge,
        appositiveHedge, anaphoraNouns, backedBy, possessedBodies, ordinals, forUnderFrom,
        forUnderTo, notRecipientPrep, notReceiverPrep, notMilitaryAfterDefence, rateUnits,
        embeddingPrep, reportingWords, npStops, genericHeads, stageHeads, peopleNouns, donorModifiers, articles, restatementDeterminers, anotherFlow,
        totalWords, pointingBack, cumulativeWords, irregularParticiples, scheduledWords, announceWords, beForms, futureModals, projectNouns, instrumentPrep, whichThat, relativePronouns, whichWhom, clauseMarks,
    ]
}

/// Word sets of the attribution rules (see `WordLists` for the words).
enum Rules {
    /// "a", "per" before a unit of a rate ("$3 per litre").
    static let rateArticle = WordSet(WordLists.rateArticle)
    /// Heads too generic to be an instrument alone (the nearest-instrument fallback skips them).
    static let genericHeads = WordSet(WordLists.genericHeads)
    /// Instrument heads that name a stage of the money ("disbursement", "tranche", "pledge"): they
    /// yield to an instrument named within a few words after them.
    static let stageHeads = WordSet(WordLists.stageHeads)
    /// Nouns that make a demonym a party: its people ("Syrian refugees", "Afghan families").
    static let peopleNouns = WordSet(WordLists.peopleNouns)
    /// Hedges allowed between "(" and a conversion's money.
    static let conversionHedge = WordSet(WordLists.conversionHedge)
    /// Words between a sum and its conversion outside brackets.
    static let conversionBridge = WordSet(WordLists.conversionBridge)
    /// Hedges of an appositive restatement ("..., roughly $140").
    static let appositiveHedge = WordSet(WordLists.appositiveHedge)
    /// Nouns of "the agency", "the bank": the latest such institution seen.
    static let anaphoraNouns = WordSet(WordLists.anaphoraNouns)
    /// "loan backed by ...": the funding source is part of the instrument's name.
    static let backedBy = WordSet(WordLists.backedBy)
    /// Nouns after "X's" that keep X a possible giver ("the EU's executive").
    static let possessedBodies = WordSet(WordLists.possessedBodies)
    /// Ordinals of a tranche ("the first €40 million").
    static let ordinals = WordSet(WordLists.ordinals)
    /// Prepositions after a bare generic head that name its instrument.
    static let forUnderFrom = WordSet(WordLists.forUnderFrom)
    /// Prepositions of a back-reference ("for the mission").
    static let forUnderTo = WordSet(WordLists.forUnderTo)
    /// Prepositions before a party that is only a place or a comparison.
    static let notRecipientPrep = WordSet(WordLists.notRecipientPrep)
    /// Prepositions before a party that is not the subject of a receiving verb.
    static let notReceiverPrep = WordSet(WordLists.notReceiverPrep)
    /// Words after "defence" that are not military aid ("Defence Minister").
    static let notMilitaryAfterDefence = WordSet(WordLists.notMilitaryAfterDefence)
    /// Units that make money a rate, not a sum.
    static let rateUnits = WordSet(WordLists.rateUnits)
    /// Prepositions that embed money in a noun phrase ("under the €50 billion Facility").
    static let embeddingPrep = WordSet(WordLists.embeddingPrep)
    /// Reporting words: a subject search starts after them.
    static let reportingWords = WordSet(WordLists.reportingWords)
    /// Words that end an instrument's noun phrase.
    static let npStops = WordSet(WordLists.npStops)
    /// Determiners and modifiers skipped before a party in donor position.
    static let donorModifiers = WordSet(WordLists.donorModifiers)
    /// Determiners skipped before a named instrument.
    static let articles = WordSet(WordLists.articles)
    /// Determiners that make money a restatement ("the $5 million").
    static let restatementDeterminers = WordSet(WordLists.restatementDeterminers)
    /// Words just before a sum that make it another flow than an earlier equal one ("an additional
    /// $7 million", "a similar deal worth $2 billion", "the remaining €60 million").
    static let anotherFlow = WordSet(WordLists.anotherFlow)
    /// Words that make a sum a total ("a total of", "combined", "overall"): a total whose
    /// sentence names no purpose is of category other, not its neighbours' category.
    static let totalWords = WordSet(WordLists.totalWords)
    /// Words of a running total ("since", "so far", "to date"): status features.
    static let cumulativeWords = WordSet(WordLists.cumulativeWords)
    /// "set", "due", "poised" before "to" + cue: a stage announced ahead, a pledge.
    static let scheduledWords = WordSet(WordLists.scheduledWords)
    /// "announces", "pledged", "promised": a cue before the money, or a word before "to" and the
    /// cue, that makes a pledge (`pledgeWording`).
    static let announceWords = WordSet(WordLists.announceWords)
    /// Past participles that do not end in "-ed" ("given", "paid").
    static let irregularParticiples = WordSet(WordLists.irregularParticiples)
    /// Modals of the future: money after one in its clause is promised, not yet given.
    static let futureModals = WordSet(WordLists.futureModals)
    /// Words before a total that point back to one named before ("to that total").
    static let pointingBack = WordSet(WordLists.pointingBack)
    /// Forms of "be": one in the auxiliaries before a giving verb makes it passive.
    static let beForms = WordSet(WordLists.beForms)
    /// Nouns a project's cost sizes ("a $30 million grant for a $156 million project").
    static let projectNouns = WordSet(WordLists.projectNouns)
    /// Prepositions that introduce an instrument after the money.
    static let instrumentPrep = WordSet(WordLists.instrumentPrep)
    /// Relative pronouns after a comma that keep an embedded clause going.
    static let whichThat = WordSet(WordLists.whichThat)
    /// Pronouns that open a relative clause.
    static let relativePronouns = WordSet(WordLists.relativePronouns)
    /// Pronouns after a preposition that open a relative clause ("to which").
    static let whichWhom = WordSet(WordLists.whichWhom)
    /// Punctuation that ends a modal's reach.
    static let clauseMarks = WordSet(WordLists.clauseMarks)
}
