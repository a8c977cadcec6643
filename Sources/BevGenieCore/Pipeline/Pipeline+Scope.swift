/// What the pipeline does differently for an out-of-scope message (docs/EVENTS.md: a short redirect, no page,
/// no signals, no persona change). Kept here so the stages themselves only call these hooks.
extension Pipeline {
    /// Whether stage 2 may read signals from this message and update the persona. An out-of-scope message says
    /// nothing about the visitor's business (and an injection must never become evidence).
    static func readsSignals(_ intent: IntentDecision) -> Bool {
        intent.intent != .outOfScope
    }

    /// Stage 2's explanation when it recorded nothing on purpose.
    static func signalsNote(_ intent: IntentDecision) -> JSONValue? {
        readsSignals(intent) ? nil : .string("out of scope: no signals recorded, persona unchanged")
    }

    /// Stage 3's result when the search is not needed, or nil to search.
    static func skippedKnowledge(_ intent: IntentDecision) -> JSONValue? {
        guard intent.intent == .outOfScope else { return nil }
        return .object([("results", .array([])), ("skipped", true), ("reason", "out of scope: nothing to look up")])
    }

    /// Stage 4's answer for an out-of-scope message (whatever the configured responder), or nil to respond.
    static func scopeRedirect(_ intent: IntentDecision, redirect: ScopeRedirect = .standard) -> ResponseOutput? {
        guard intent.intent == .outOfScope else { return nil }
        return ResponseOutput(text: redirect.text(for: intent.scopeReason ?? .otherSubject), citations: [], tokens: nil)
    }
}
