import Testing

@testable import BevGenieCore

@Suite struct MarkdownTests {
    @Test func frontMatterAllowsBlankValues() {
        let (fields, body) = MarkdownParser.frontMatter("---\ntitle: A: B\npainPoints:\nroles: supplier\n---\n# A\n\nText.")
        #expect(fields["title"] == "A: B")
        #expect(fields["painpoints"] == "")
        #expect(fields["roles"] == "supplier")
        #expect(body == "# A\n\nText.")
    }

    @Test func noClosingFenceMeansNoFrontMatter() {
        let text = "---\ntitle: x\nno end"
        #expect(MarkdownParser.frontMatter(text).body == text)
    }

    @Test func sectionsCarryTheirHeadingPath() {
        let sections = MarkdownParser.sections("# Doc\n\nIntro.\n\n## Part\n\nBody.\n\n### Sub?\n\nAnswer.\n\n```\n# not a heading\n```")
        #expect(sections.map(\.headings) == [["Doc"], ["Doc", "Part"], ["Doc", "Part", "Sub?"]])
        #expect(sections[2].body.contains("# not a heading"))
    }

    @Test func readsListsMetricsTablesAndQuotes() {
        let blocks = MarkdownParser.blocks("""
            Some *prose* with a [link](https://x.test) and `code`.

            - **Label**: the description.
            - **31%** fewer out-of-stocks across 140 stores.
            - **Bold start** of a plain sentence.
            1. **Connect**: link your data.
            2. Then review it.

            | Capability | BevGenie | Spreadsheets |
            |---|---|---|
            | Refresh | Nightly | Manual |

            > "It works." — Jane Doe, VP Sales, Acme
            """)
        #expect(blocks[0] == .paragraph("Some prose with a link and code."))
        guard case .listItem(let labelled) = blocks[1], case .listItem(let metric) = blocks[2],
            case .listItem(let plain) = blocks[3], case .listItem(let step) = blocks[4], case .listItem(let step2) = blocks[5]
        else {
            Issue.record("expected list items, got \(blocks)")
            return
        }
        #expect(labelled.label == "Label" && labelled.text == "the description." && !labelled.isMetric)
        #expect(metric.isMetric && metric.label == "31%" && metric.text == "fewer out-of-stocks across 140 stores.")
        #expect(plain.label == nil && plain.text == "Bold start of a plain sentence.")
        #expect(step.ordered && step.label == "Connect")
        #expect(step2.ordered && step2.label == nil)
        #expect(blocks[6] == .table(header: ["Capability", "BevGenie", "Spreadsheets"], rows: [["Refresh", "Nightly", "Manual"]]))
        #expect(blocks[7] == .quote(text: "It works.", attribution: "Jane Doe, VP Sales, Acme"))
    }

    @Test func inlinePlainKeepsWordUnderscoresAndDropsTags() {
        #expect(MarkdownParser.inlinePlain("pain_point _emphasis_ <b>bold</b> a < b") == "pain_point emphasis bold a < b")
    }

    /// Quotes stay faithful: a `*` that pairs with nothing is text, and a link's address may hold parentheses.
    @Test func inlinePlainKeepsUnpairedStarsAndWholeLinks() {
        #expect(MarkdownParser.inlinePlain("search zebra* OR 5 * 3") == "search zebra* OR 5 * 3")
        #expect(MarkdownParser.inlinePlain("**Bold**: *one* and ***both*** then zebra*") == "Bold: one and both then zebra*")
        #expect(MarkdownParser.inlinePlain("a *b **c** d* e") == "a b c d e")
        #expect(MarkdownParser.inlinePlain("see [the wiki](https://e.com/a_(b)) and [x](javascript:alert(2)) now")
            == "see the wiki and x now")
        #expect(MarkdownParser.inlinePlain("[unclosed](http://e.com/(a) text") == "[unclosed](http://e.com/(a) text")
    }

    @Test func sentencesRespectAbbreviationsAndFigures() {
        #expect(TextAnalysis.sentences("It costs $1.5 million, e.g. for ten states. Then it pays back. Done!")
            == ["It costs $1.5 million, e.g. for ten states.", "Then it pays back.", "Done!"])
    }

    @Test func stemmingMeetsCommonForms() {
        #expect(TextAnalysis.stem("distributors") == TextAnalysis.stem("distributor"))
        #expect(TextAnalysis.stem("planning") == TextAnalysis.stem("plan"))
        #expect(TextAnalysis.stem("ignored") == TextAnalysis.stem("ignore"))
        #expect(TextAnalysis.stem("ignoring") == TextAnalysis.stem("ignore"))
        #expect(TextAnalysis.stem("business") == "business")
    }

    @Test func wordsDropEverySyntaxCharacter() {
        #expect(TextAnalysis.words(#"NEAR("a" * b) -c: d's AND e"#) == ["near", "a", "b", "c", "ds", "and", "e"])
    }

    /// The byte scan that replaced `split(separator: "\n")` must cut exactly where it did, on any text.
    @Test(arguments: ["", "\n", "a\n\nb\n", "one\r\ntwo\nthree", "\r\n\r\n", "é\u{301}\n🇫🇷\nz", "x\n\u{301}y", "\r", "a\r"])
    func lineSlicesCutWhereCharacterSplitCuts(_ text: String) {
        #expect(text.lineSlices == text.split(separator: "\n", omittingEmptySubsequences: false))
    }

    @Test func aWindowsWrittenDocumentReadsLikeTheSameDocumentWithUnixLineEnds() throws {
        let unix = "---\ntitle: Dock scheduling\n---\n# Dock scheduling\n\nIntro line.\n\n## Steps\n\n- book a slot\n- arrive on time\n"
        let windows = unix.replacing("\n", with: "\r\n")
        let fromUnix = try DocumentBuilder().build(id: "d", source: "s", markdown: unix)
        let fromWindows = try DocumentBuilder().build(id: "d", source: "s", markdown: windows)
        #expect(fromWindows.title == "Dock scheduling")
        #expect(fromWindows.chunks.map(\.text) == fromUnix.chunks.map(\.text))
        #expect(fromWindows.chunks.map(\.headings) == [[], ["Steps"]])
    }
}
