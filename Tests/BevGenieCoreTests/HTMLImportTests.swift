import Foundation
import Testing

@testable import BevGenieCore

/// HTML import reads text as text: character references are decoded once, after the tags are recognised, with
/// HTML5's whole named set and its numeric rules; and what they decode to is never read as Markdown markup.
@Suite struct HTMLImportTests {
    /// What a reader of the document sees: the headings and the blocks of every section, as the importer's
    /// Markdown is parsed downstream.
    static func readBack(_ html: String) -> (headings: [[String]], blocks: [String]) {
        let markdown = MarkdownParser.frontMatter(HTMLText.extract(html).markdown).body
        let sections = MarkdownParser.sections(markdown)
        return (sections.map(\.headings), sections.flatMap { MarkdownParser.blocks($0.body).map(\.plainText) })
    }

    @Test func escapedTagsStayText() {
        let read = Self.readBack("<p>Use &lt;b&gt; for bold, not <b>this</b>.</p>")
        #expect(read.blocks == ["Use <b> for bold, not this."])
        #expect(Self.readBack("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>").blocks == ["<script>alert(1)</script>"])
        #expect(Self.readBack("<p>a &lt; b but &lt;</p><p>i&gt;0</p>").blocks == ["a < b but <", "i>0"])
    }

    @Test func decodedMarkdownCharactersAtALineStartAreText() {
        let read = Self.readBack("<h1>Doc</h1><p>&#35; title</p><p>&num;&num; two</p><p>#hashtag # plain</p>")
        #expect(read.headings == [["Doc"]], "only the <h1> is a heading")
        #expect(read.blocks == ["# title", "## two", "#hashtag # plain"])
        // Every line-start shape MarkdownParser knows, arriving as text (raw or as a reference).
        let shapes = Self.readBack("""
            <h1>Doc</h1><p>&gt; not a quote</p><p>* not a bullet</p><p>- nor this</p><p>+ nor this</p>
            <p>1. not a step</p><p>12) nor this</p><p>| a | b |<br>|---|---|<br>| c | d |</p>
            <p>```</p><p>~~~ text</p><p>&nbsp;# after a no-break space</p>
            """)
        #expect(shapes.headings == [["Doc"]])
        #expect(shapes.blocks == [
            "> not a quote", "* not a bullet", "- nor this", "+ nor this", "1. not a step", "12) nor this",
            "| a | b | |---|---| | c | d |", "```", "~~~ text", "# after a no-break space",
        ])
    }

    @Test func inlineMarkdownInTextIsText() {
        let read = Self.readBack(#"<p>*stars* and **bold** and `ticks` and _under_ and [a](b) and ![i](j) and \*</p>"#)
        #expect(read.blocks == [#"*stars* and **bold** and `ticks` and _under_ and [a](b) and ![i](j) and \*"#])
        // A list item and a heading keep their text whole, `#` included.
        let structured = Self.readBack("<h2>C#</h2><p>x</p><h2>Issue #</h2><ul><li>**Label**: not bold</li></ul>")
        #expect(structured.headings == [["C#"], ["Issue #"]])
        #expect(structured.blocks == ["x", "**Label**: not bold"])
    }

    @Test func frontMatterCannotBeForgedFromText() {
        let markdown = HTMLText.extract("<p>---<br>title: forged<br>---</p><p>Body text here.</p>").markdown
        #expect(MarkdownParser.frontMatter(markdown).fields.isEmpty)
    }

    @Test func entitiesAreDecodedExactlyOnce() {
        #expect(Self.readBack("<p>&amp;lt; is how you write &amp;amp;</p>").blocks == ["&lt; is how you write &amp;"])
        #expect(HTMLText.extract("<title>A &amp;amp; B &lt;i&gt;</title><p>x</p>").title == "A &amp; B <i>")
    }

    @Test func theWholeHTML5NamedSet() throws {
        #expect(HTMLEntities.named.count == 2231)
        let cases: [(String, String)] = [
            ("&NotNestedGreaterGreater;", "\u{2AA2}\u{0338}"), ("&frac34;", "¾"), ("&hellip;", "…"),
            ("&CounterClockwiseContourIntegral;", "∳"), ("&bne;", "=\u{20E5}"), ("&fjlig;", "fj"),
            ("&Afr;", "\u{1D504}"), ("&NewLine;", "\n"),
            // Legacy names without their `;`, the longest match, as HTML5 reads text content.
            ("&frac34 of", "¾ of"), ("&copy2024", "©2024"), ("&notit;", "¬it;"), ("&notin;", "∉"), ("&ampx;", "&x;"),
            // Not references: the ampersand stays.
            ("&hellip", "&hellip"), ("&nosuchname;", "&nosuchname;"), ("& x", "& x"), ("&;", "&;"), ("&", "&"),
        ]
        for (input, expected) in cases {
            #expect(HTMLEntities.decode(input) == expected, "\(input)")
        }
    }

    /// The generated table is Python's `html.entities.html5`, name for name (the script's source of truth).
    @Test func theGeneratedTableMatchesPython() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import html.entities, json, sys; json.dump(html.entities.html5, sys.stdout)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 is needed to check the table")
        let python = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(python.count == 2231)
        #expect(Set(python.keys) == Set(HTMLEntities.named.keys))
        // Scalar by scalar: String equality is canonical equivalence, which would let a normalised value pass.
        let different = python.filter { name, value in
            HTMLEntities.named[name].map { Array($0.unicodeScalars) } != Array(value.unicodeScalars)
        }
        #expect(different.isEmpty, "\(different.keys.sorted().prefix(5))")
    }

    @Test func numericReferences() {
        let cases: [(String, String)] = [
            ("&#35;", "#"), ("&#x23;", "#"), ("&#X23;", "#"), ("&#0035;", "#"), ("&#65", "A"), ("&#x41z", "Az"),
            ("&#128;", "€"), ("&#150;", "–"), ("&#x9F;", "Ÿ"), ("&#x81;", "\u{81}"),
            ("&#0;", "\u{FFFD}"), ("&#xD800;", "\u{FFFD}"), ("&#xDFFF;", "\u{FFFD}"), ("&#x110000;", "\u{FFFD}"),
            ("&#99999999999999999999999;", "\u{FFFD}"), ("&#x10FFFF;", "\u{10FFFF}"), ("&#x1F37A;", "🍺"),
            ("&#;", "&#;"), ("&#x;", "&#x;"), ("&#xg;", "&#xg;"), ("&#", "&#"),
        ]
        for (input, expected) in cases {
            #expect(HTMLEntities.decode(input) == expected, "\(input)")
        }
        // In a document: decoded into text, never into markup.
        #expect(Self.readBack("<p>&#60;b&#x3E;&#42;x&#42;</p>").blocks == ["<b>*x*"])
    }

    /// Through the real importer into a real store: what is stored and searched is the text as written.
    @Test func importedHTMLKeepsItsText() async throws {
        try await withStore { store, directory in
            let path = directory.file("page.html")
            try """
                <html><head><title>Escapes &amp; entities</title></head><body>
                <h1>Escapes</h1><p>&#35; Not a heading</p><p>Write &lt;b&gt; to get bold &mdash; &frac34; of the time&hellip;</p>
                </body></html>
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let summary = try await KnowledgeImporter(store: store, embedder: HashingEmbedder()).run(paths: [path]) { _ in }
            #expect(summary.skipped == 0)
            let document = try #require(try await store.documents(sourcePrefix: path).first)
            #expect(document.title == "Escapes & entities")
            let chunks = try await store.documentChunks(id: document.id)
            #expect(chunks.allSatisfy { $0.headings.allSatisfy { !$0.contains("Not a heading") } })
            let text = chunks.map(\.plainText).joined(separator: "\n")
            #expect(text.contains("# Not a heading"))
            #expect(text.contains("Write <b> to get bold — ¾ of the time…"))
        }
    }
}
