import BevGenieCore

/// Writes pipeline events in the chosen format as they arrive.
///
/// An actor because events come from the pipeline's task while its state (the SSE id counter, whether a progress
/// line is showing) must change one event at a time.
actor EventPrinter {
    let format: OutputFormat
    let stdout: Terminal
    let stderr: Terminal
    /// Whether stderr is a terminal, so progress can be redrawn in place.
    let liveProgress: Bool
    /// Where `--html` writes the page, if it was given: the outline then says so instead of suggesting it.
    let htmlPath: String?
    private var nextId = 1
    private var progressShowing = false
    private var answerStarted = false

    init(
        format: OutputFormat, htmlPath: String? = nil, stdout: Terminal = .standardOutput,
        stderr: Terminal = .standardError
    ) {
        self.format = format
        self.htmlPath = htmlPath
        self.stdout = stdout
        self.stderr = stderr
        self.liveProgress = stderr.allowsEscapes
    }

    func handle(_ event: PipelineEvent) {
        switch format {
        case .ndjson:
            stdout.write(EventFraming.ndjson(event))
        case .sse:
            stdout.write(EventFraming.sse(event, id: nextId))
            nextId += 1
        case .json:
            if case .complete(let payload) = event { stdout.write(payload.json.prettySerialized() + "\n") }
        case .text:
            text(event)
        }
    }

    // MARK: - Text for people

    private func text(_ event: PipelineEvent) {
        switch event {
        case .stage(let stage):
            if stage.status == .active {
                guard liveProgress else { return }
                clearProgress()
                stderr.write("\u{1B}[2m[\(pad(stage.progress))%] \(stage.stage.stageName)\u{1B}[0m")
                progressShowing = true
            } else {
                if stage.stage == .response, answerStarted { stdout.write("\n") }
                clearProgress()
                let summary = Self.summary(of: stage).forTerminal
                let time = stage.durationMs.map { String(format: " (%.1f ms)", $0) } ?? ""
                stderr.write("[\(pad(stage.progress))%] \(stage.stage.stageName.replacingOccurrences(of: "...", with: ""))"
                    + "\(summary.isEmpty ? "" : " — " + summary)\(time)\n")
            }
        case .delta(_, let text):
            clearProgress()
            if !answerStarted {
                stdout.write("\n")
                answerStarted = true
            }
            stdout.write(text.forTerminal)
        case .section, .pageReset, .page:
            break
        case .complete(let payload):
            clearProgress()
            stderr.write("[100%] Done\n")
            stdout.write(Self.pageSummary(payload, htmlPath: htmlPath).forTerminal)
        case .error(let error):
            clearProgress()
            stderr.write("bevgenie: error: \(error.error.forTerminal)\n")
        }
    }

    private func clearProgress() {
        if progressShowing {
            stderr.write("\r\u{1B}[2K")
            progressShowing = false
        }
    }

    private func pad(_ value: Int) -> String {
        String(repeating: " ", count: max(0, 3 - String(value).count)) + String(value)
    }

    /// One line on what a stage decided.
    static func summary(of stage: StageEvent) -> String {
        guard let result = stage.result else { return "" }
        switch stage.stage {
        case .intent:
            let intent = result["intent"]?.stringValue ?? "?"
            let page = result["pageType"]?.stringValue.map { " → \($0)" } ?? ", no page"
            let confidence = result["confidence"]?.doubleValue.map { String(format: " (%.0f%%)", $0 * 100) } ?? ""
            return "\(intent)\(confidence)\(page)"
        case .signals:
            var parts = (result["signals"]?.arrayValue ?? []).compactMap { signal -> String? in
                guard let name = signal["painPoint"]?.stringValue, let strength = signal["strength"]?.doubleValue else {
                    return nil
                }
                return String(format: "%@ %.2f", name, strength)
            }
            if let role = result["role"]?.stringValue { parts.append("role \(role)") }
            return parts.isEmpty ? "no new signals" : parts.joined(separator: ", ")
        case .knowledge:
            let results = result["results"]?.arrayValue ?? []
            var titles: [String] = []
            for title in results.compactMap({ $0["title"]?.stringValue }) where !titles.contains(title) && titles.count < 2 {
                titles.append(title)
            }
            return "\(results.count) results" + (titles.isEmpty ? "" : ": " + titles.joined(separator: "; "))
        case .response:
            return "by \(result["provider"]?.stringValue ?? "?")"
        case .page:
            if result["skipped"]?.boolValue == true { return "skipped: \(result["reason"]?.stringValue ?? "")" }
            let type = result["pageType"]?.stringValue ?? "?"
            return "\(type), \(result["sections"]?.intValue ?? 0) sections"
        }
    }

    /// The closing summary on stdout: the page's outline and how to continue.
    static func pageSummary(_ payload: CompletePayload, htmlPath: String?) -> String {
        var out = "\n"
        if let page = payload.generatedPage, let spec = try? PageSpec(json: page) {
            out += "── Page: \(spec.title)\n"
            if let subtitle = spec.subtitle { out += "   \(subtitle)\n" }
            for (index, section) in spec.sections.enumerated() {
                out += "   \(index + 1). \(section.type.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) "
                    + "\(section.outline)\n"
            }
            out += "   \(spec.sources.count.counted("source")) cited · " + (htmlPath.map { "written as HTML to \($0)" } ?? "save it as HTML with --html page.html") + "\n"
        }
        if let id = payload.session["id"]?.stringValue {
            out += "Session \(id) · continue with: bevgenie ask --session \(id) \"...\"\n"
        }
        return out
    }
}
