import BevGenieCore
import HTTPTypes
import Hummingbird

/// Responses with JSON bodies, including every error: an API client always gets `{"error", "code"}` to read.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[HTTPField.Name(EventContract.headerName)!] = String(EventContract.version)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body.serialized() + "\n")))
    }

    static func error(_ status: HTTPResponse.Status, code: String, _ message: String, headers: HTTPFields = [:]) -> Response {
        make(status, .object([("error", .string(message)), ("code", .string(code))]), headers: headers)
    }
}
