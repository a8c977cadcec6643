import ArgumentParser
import BevGenieCore
import Foundation

extension BevGenieCLI {
    struct Page: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with generated page specs.",
            subcommands: [Render.self])

        struct Render: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Render a page spec (JSON) as a standalone HTML page.",
                discussion: """
                    Reads a page spec — the `page` event's .data.page or the complete event's .data.generatedPage — \
                    validates it and writes HTML with inline styles and no scripts; all text is escaped.

                    Examples:
                      bevgenie ask "Show me a case study" --format json \\
                        | jq .generatedPage | bevgenie page render -
                      bevgenie page render page.json -o page.html
                    """)

            @Argument(help: ArgumentHelp("The page spec JSON file, or '-' for stdin.", valueName: "file"))
            var file: String

            @Option(name: .shortAndLong, help: ArgumentHelp("Write the HTML here instead of stdout.", valueName: "file"))
            var output: String?

            func run() throws {
                let data: Data
                if file == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    guard let contents = FileManager.default.contents(atPath: file) else {
                        throw CommandFailure("cannot read \(file)")
                    }
                    data = contents
                }
                let json: JSONValue
                do {
                    json = try JSONParser.parse(bytes: Array(data))
                } catch {
                    throw CommandFailure("\(file == "-" ? "stdin" : file): \(error.description)")
                }
                // Accept the bare spec or the events that wrap it.
                let spec = json["generatedPage"] ?? json["page"] ?? json
                if spec == .null { throw CommandFailure("there is no page in the input (generatedPage is null)") }
                let page: PageSpec
                do {
                    page = try PageSpec(json: spec)
                } catch {
                    throw CommandFailure(error.description)
                }
                let html = PageRenderer.html(page, brand: try ConfiguredBrand.load())
                if let output {
                    try OutputFile.write(html, to: output)
                } else {
                    Terminal.standardOutput.write(html)
                }
            }
        }
    }
}
