extension ChatRequest {
    /// A request from a JSON body, `{"message": "...", "sessionId": "..."}` (`sessionId` optional or null),
    /// validated: any bytes at all give either a request the pipeline accepts or the error that says why not.
    public static func decode(jsonBody bytes: [UInt8]) throws(RequestError) -> ChatRequest {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: bytes)
        } catch {
            throw .invalidJSON(error.description)
        }
        guard json.objectValue != nil else { throw .invalidJSON("expected an object like {\"message\": \"...\"}") }
        guard let message = json["message"]?.stringValue else { throw .missingMessage }
        let sessionId: String?
        switch json["sessionId"] {
        case nil, .null?: sessionId = nil
        case .string(let id)?: sessionId = id
        default: throw .sessionIDNotAString
        }
        let request = ChatRequest(message: message, sessionId: sessionId)
        try request.validate()
        return request
    }
}
