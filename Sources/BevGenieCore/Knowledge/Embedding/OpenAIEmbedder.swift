import Foundation

/// Embeddings from OpenAI's `/v1/embeddings`, or any server that speaks it (Ollama, llama.cpp, vLLM), through
/// libcurl. Texts are sent in batches; 429 and 5xx answers are retried with backoff, honouring `retry-after`.
public struct OpenAIEmbedder: Embedder {
    public let modelName: String
    public let baseURL: String
    let apiKey: String?
    public var batchSize = 64
    public var maxAttempts = 4
    let client = CurlHTTPClient()

    public var model: String { "openai:\(modelName)" }
    /// Known after the first response; 0 before.
    public var dimensions: Int { 0 }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// No key for api.openai.com.
        case missingKey
        /// The server answered with an error.
        case api(status: Int, message: String)
        /// The answer is not the embeddings format.
        case invalidResponse(String)

        public var description: String {
            switch self {
            case .missingKey: return "OPENAI_API_KEY is not set"
            case .api(let status, let message): return "embeddings request failed (HTTP \(status)): \(message)"
            case .invalidResponse(let why): return "unexpected embeddings response: \(why)"
            }
        }
    }

    public init(model: String, environment: [String: String]) throws {
        self.modelName = model
        let base = (environment["OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://api.openai.com/v1")
            .withoutTrailingSlashes()
        self.baseURL = base
        self.apiKey = environment["OPENAI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        // A local OpenAI-compatible server needs no key; OpenAI itself does.
        if apiKey == nil, base.contains("api.openai.com") { throw Failure.missingKey }
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(texts.count, start + batchSize)])
            vectors += try await embedBatch(batch)
            start += batchSize
        }
        return vectors
    }

    private func embedBatch(_ texts: [String]) async throws -> [[Float]] {
        let body = JSONValue.object([("model", .string(modelName)), ("input", .array(texts.map { .string($0) }))])
        var request = HTTPRequest(url: baseURL + "/embeddings", body: Array(body.serialized().utf8))
        request.headers = [("Content-Type", "application/json")]
        if let apiKey { request.headers.append(("Authorization", "Bearer \(apiKey)")) }
        request.totalTimeout = .seconds(60)

        var attempt = 1
        while true {
            let response: HTTPResponse
            do {
                response = try await client.send(request)
            } catch let error as HTTPClientError where error != .cancelled && attempt < maxAttempts {
                try await RetryPolicy.sleep(attempt: attempt, retryAfter: nil)
                attempt += 1
                continue
            }
            if response.status == 200 { return try Self.decode(response.body, count: texts.count) }
            let message = Self.errorMessage(response.body) ?? "HTTP \(response.status)"
            if RetryPolicy.isRetryable(status: response.status, body: response.body), attempt < maxAttempts {
                try await RetryPolicy.sleep(attempt: attempt, retryAfter: response.head.header("retry-after"))
                attempt += 1
                continue
            }
            throw Failure.api(status: response.status, message: message)
        }
    }

    static func decode(_ body: [UInt8], count: Int) throws -> [[Float]] {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: body)
        } catch {
            throw Failure.invalidResponse(error.description)
        }
        guard let data = json["data"]?.arrayValue else { throw Failure.invalidResponse("no data array") }
        var vectors = [[Float]?](repeating: nil, count: count)
        for (position, item) in data.enumerated() {
            let index = item["index"]?.intValue ?? position
            guard vectors.indices.contains(index), let values = item["embedding"]?.arrayValue else {
                throw Failure.invalidResponse("item \(position) has no embedding")
            }
            var vector = values.compactMap { $0.doubleValue.map(Float.init) }
            guard vector.count == values.count, !vector.isEmpty else {
                throw Failure.invalidResponse("item \(position) is not an array of numbers")
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { vector = vector.map { $0 / norm } }
            vectors[index] = vector
        }
        guard vectors.allSatisfy({ $0 != nil }) else { throw Failure.invalidResponse("fewer embeddings than inputs") }
        let result = vectors.map { $0! }
        guard Set(result.map(\.count)).count == 1 else { throw Failure.invalidResponse("embeddings of different sizes") }
        return result
    }

    /// The `error.message` of an OpenAI error body.
    static func errorMessage(_ body: [UInt8]) -> String? {
        guard let json = try? JSONParser.parse(bytes: body) else { return nil }
        return json["error"]?["message"]?.stringValue ?? json["error"]?.stringValue
    }
}

/// When and how long to wait before trying a request again.
public enum RetryPolicy {
    /// Rate limits, overload and server errors are worth a retry; a quota or a bad request is not.
    public static func isRetryable(status: Int, body: [UInt8]) -> Bool {
        guard [429, 500, 502, 503, 504, 529].contains(status) else { return false }
        let text = String(decoding: body.prefix(2048), as: UTF8.self)
        return !text.contains("insufficient_quota")
    }

    /// Exponential backoff with full jitter (0.5 s, 1 s, 2 s … up to 8 s), or the server's `retry-after`.
    public static func delay(attempt: Int, retryAfter: String?) -> Duration {
        if let retryAfter, let seconds = Double(retryAfter.trimmed()), seconds >= 0 {
            return .milliseconds(Int(min(seconds, 60) * 1000))
        }
        let ceiling = min(8.0, 0.5 * pow(2, Double(attempt - 1)))
        return .milliseconds(Int(Double.random(in: ceiling / 2...ceiling) * 1000))
    }

    static func sleep(attempt: Int, retryAfter: String?) async throws {
        try await Task.sleep(for: delay(attempt: attempt, retryAfter: retryAfter))
    }
}
