/// One event of a pipeline run, as the event contract (docs/EVENTS.md) defines it. The same values are written as NDJSON by the
/// CLI and as SSE by `serve`; only the framing differs.
public enum PipelineEvent: Sendable, Equatable {
    /// A stage started (`result == nil`, `durationMs == nil`) or completed.
    case stage(StageEvent)
    /// A piece of the answer text, as it is generated.
    case delta(stage: StageID, text: String)
    /// A page section, as soon as it is ready: the section at `index` of the page being built (an index sent
    /// before is replaced).
    case section(index: Int, section: JSONValue)
    /// The sections sent so far are void: a new attempt at the page starts (a repair, a retried stream, a
    /// fallback), and its sections follow from index 0.
    case pageReset(reason: String)
    /// The whole page, validated.
    case page(JSONValue)
    /// The run finished.
    case complete(CompletePayload)
    /// The run failed; nothing follows.
    case error(ErrorPayload)

    /// The SSE `event:` name and NDJSON `event` field.
    public var name: String {
        switch self {
        case .stage: return "stage"
        case .delta: return "delta"
        case .section: return "section"
        case .pageReset: return "page_reset"
        case .page: return "page"
        case .complete: return "complete"
        case .error: return "error"
        }
    }

    /// The event's `data` payload.
    public var data: JSONValue {
        switch self {
        case .stage(let stage): return stage.json
        case .delta(let stage, let text): return .object([("stageId", .string(stage.rawValue)), ("text", .string(text))])
        case .section(let index, let section): return .object([("index", .int(index)), ("section", section)])
        case .pageReset(let reason): return .object([("reason", .string(reason))])
        case .page(let page): return .object([("page", page)])
        case .complete(let complete): return complete.json
        case .error(let error): return error.json
        }
    }
}

public struct StageEvent: Sendable, Equatable {
    public enum Status: String, Sendable { case active, complete }
    public var stage: StageID
    public var status: Status
    public var durationMs: Double?
    /// What the stage decided (complete events only).
    public var result: JSONValue?

    public var progress: Int { status == .active ? stage.progress.active : stage.progress.complete }

    public var json: JSONValue {
        .object([
            "stageId": .string(stage.rawValue),
            "status": .string(status.rawValue),
            "stageName": .string(stage.stageName),
            "progress": .int(progress),
            "durationMs": durationMs.map { JSONValue.rounded($0, places: 3) },
            "result": result,
        ])
    }
}

public struct CompletePayload: Sendable, Equatable {
    public var message: String
    public var session: JSONValue
    public var generatedPage: JSONValue?
    public var runId: String
    /// Stages a fallback provider completed (`--fallback local`, or a page a model could not make valid).
    public var fallbacks: [JSONValue] = []
    /// The page came from the page cache.
    public var cached = false
    /// Set when the page is of another type than the intent asked for (see `PageSpec.note`).
    public var pageNote: String? = nil
    /// Set when the answer is not whole (`max_tokens`, `content_filter`, or the code of the failure that cut it
    /// after it was shown, with `--fallback local`); absent when it is.
    public var truncated: String? = nil
    public var progress: Int { 100 }

    public var json: JSONValue {
        .object([
            "success": true,
            "message": .string(message),
            "session": session,
            "generatedPage": generatedPage ?? .null,
            "runId": .string(runId),
            "progress": .int(progress),
            "contractVersion": .int(EventContract.version),
            "fallbacks": fallbacks.isEmpty ? nil : .array(fallbacks),
            "cached": cached ? true : nil,
            "pageNote": pageNote.map { .string($0) },
            "truncated": truncated.map { .string($0) },
        ])
    }
}

public struct ErrorPayload: Sendable, Equatable {
    public var error: String
    public var stage: StageID?
    public var code: String
    /// Decided where the error arose; HTTP status and exit code derive from it.
    public var category: ErrorCategory
    public var retryable: Bool
    /// Seconds to wait before retrying, when the error knows (a provider's `retry-after`).
    public var retryAfter: Int?

    public init(
        error: String, stage: StageID?, code: String, category: ErrorCategory, retryable: Bool? = nil,
        retryAfter: Int? = nil
    ) {
        self.error = error
        self.stage = stage
        self.code = code
        self.category = category
        self.retryable = retryable ?? category.isRetryable
        self.retryAfter = retryAfter
    }

    /// The payload reporting `error` (raised during `stage`): what it says about itself when it can, else an
    /// internal error.
    public init(reporting error: any Error, stage: StageID?) {
        if let reportable = error as? any ReportableError {
            self.init(
                error: reportable.message, stage: stage, code: reportable.code, category: reportable.category,
                retryable: reportable.retryable, retryAfter: reportable.retryAfterSeconds)
        } else {
            self.init(error: "\(error)", stage: stage, code: "internal_error", category: .internal)
        }
    }

    public var json: JSONValue {
        .object([
            "error": .string(error),
            "stageId": stage.map { JSONValue.string($0.rawValue) },
            "code": .string(code),
            "category": .string(category.rawValue),
            "retryable": .bool(retryable),
            "retryAfter": retryAfter.map { .int($0) },
        ])
    }
}
