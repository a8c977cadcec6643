import BevGenieCore
import Foundation

/// One run's pipeline events as AG-UI events (`data:` lines of JSON with a `type`, AG-UI's SSE encoding).
///
/// - `RUN_STARTED`, then `STATE_SNAPSHOT` of the shared state: `{"sessionId","persona","progress","sections","page"}`
///   (the persona the session had before this message; no sections yet).
/// - Each stage is a step: `STEP_STARTED`/`STEP_FINISHED` named by its stage id (`intent` … `page`), with
///   `STATE_DELTA` `replace /progress` at each (100 when the run completes).
/// - The answer is one assistant message: `TEXT_MESSAGE_START` at its first text, `TEXT_MESSAGE_CONTENT` per delta,
///   `TEXT_MESSAGE_END` when the response stage completes.
/// - `STATE_DELTA` (RFC 6902 JSON Patch) as things are decided: `replace /persona` after the signals stage and at the
///   end; a `section` event at an index the client already holds replaces it (`replace /sections/i`), a new one is
///   added; `page_reset` empties `/sections` (sections then start again from index 0); the final page replaces
///   `/page` and `/sections` with what it says, since it is authoritative.
/// - `RUN_FINISHED` with `result` = `{"runId","session","page"}` (bevgenie's run id, the session, the page), or
///   `RUN_ERROR` with the error's message and code.
struct AGUIEncoder: FaceEncoder {
    let threadId: String
    let runId: String
    let messageId: String
    private var persona: JSONValue
    /// How many sections the client holds (the length of `/sections` after the patches sent so far).
    private var sectionCount = 0
    private var messageOpen = false
    private var messageClosed = false
    private var sent = ""

    init(threadId: String, runId: String, persona: JSONValue?) {
        self.threadId = threadId
        self.runId = runId
        self.messageId = "msg-" + RandomID.hex(16)
        self.persona = persona ?? .null
    }

    mutating func opening() -> String {
        event("RUN_STARTED", [("threadId", .string(threadId)), ("runId", .string(runId))])
            + event("STATE_SNAPSHOT", [("snapshot", .object([
                ("sessionId", .string(threadId)), ("persona", persona), ("progress", 0),
                ("sections", .array([])), ("page", .null),
            ]))])
    }

    mutating func encode(_ event: PipelineEvent) -> String {
        switch event {
        case .stage(let stage):
            var text = ""
            if stage.status == .active {
                text += self.event("STEP_STARTED", [("stepName", .string(stage.stage.rawValue))])
            } else {
                if stage.stage == .response { text += endMessage() }
                if stage.stage == .signals, let persona = stage.result?["persona"] { text += updatePersona(persona) }
                text += self.event("STEP_FINISHED", [("stepName", .string(stage.stage.rawValue))])
            }
            return text + patch([Self.replace("/progress", .int(stage.progress))])
        case .delta(_, let text):
            return content(text)
        case .section(let index, let section):
            var operations: [JSONValue] = []
            if index < sectionCount {
                operations.append(Self.replace("/sections/\(index)", section))
            } else {
                // The contract sends sections from index 0 in order; a gap is padded so the array stays aligned.
                while sectionCount < index {
                    operations.append(Self.add("/sections/-", .null))
                    sectionCount += 1
                }
                operations.append(Self.add("/sections/-", section))
                sectionCount += 1
            }
            return patch(operations)
        case .page(let page):
            let sections = page["sections"]?.arrayValue ?? []
            sectionCount = sections.count
            return patch([Self.replace("/sections", .array(sections)), Self.replace("/page", page)])
        case .complete(let payload):
            var text = ""
            if payload.message != sent {
                let rest = payload.message.hasPrefix(sent) ? String(payload.message.dropFirst(sent.count)) : payload.message
                text += content(rest)
            }
            text += endMessage()
            if let persona = payload.session["persona"] { text += updatePersona(persona) }
            text += patch([Self.replace("/progress", .int(payload.progress))])
            return text + self.event("RUN_FINISHED", [
                ("threadId", .string(threadId)), ("runId", .string(runId)),
                ("result", .object([
                    ("runId", .string(payload.runId)), ("session", payload.session),
                    ("page", payload.generatedPage ?? .null), ("contractVersion", .int(EventContract.version)),
                ])),
            ])
        case .error(let error):
            return self.event("RUN_ERROR", [("message", .string(error.error)), ("code", .string(error.code))])
        case .pageReset:
            // The sections so far are void; they follow again from index 0.
            sectionCount = 0
            return patch([Self.replace("/sections", .array([]))])
        }
    }

    private mutating func content(_ text: String) -> String {
        guard !text.isEmpty, !messageClosed else { return "" }  // AG-UI content deltas are never empty
        var out = ""
        if !messageOpen {
            messageOpen = true
            out += event("TEXT_MESSAGE_START", [("messageId", .string(messageId)), ("role", "assistant")])
        }
        sent += text
        return out + event("TEXT_MESSAGE_CONTENT", [("messageId", .string(messageId)), ("delta", .string(text))])
    }

    private mutating func endMessage() -> String {
        guard messageOpen, !messageClosed else { return "" }
        messageClosed = true
        return event("TEXT_MESSAGE_END", [("messageId", .string(messageId))])
    }

    private mutating func updatePersona(_ value: JSONValue) -> String {
        guard value != persona else { return "" }
        persona = value
        return patch([Self.replace("/persona", value)])
    }

    private func patch(_ operations: [JSONValue]) -> String {
        operations.isEmpty ? "" : event("STATE_DELTA", [("delta", .array(operations))])
    }

    private func event(_ type: String, _ fields: [(String, JSONValue)]) -> String {
        let stamp = Int((Date().timeIntervalSince1970 * 1000).rounded())
        return FaceStream.sse(.object([("type", .string(type)), ("timestamp", .int(stamp))] + fields))
    }

    static func replace(_ path: String, _ value: JSONValue) -> JSONValue {
        .object([("op", "replace"), ("path", .string(path)), ("value", value)])
    }

    static func add(_ path: String, _ value: JSONValue) -> JSONValue {
        .object([("op", "add"), ("path", .string(path)), ("value", value)])
    }
}
