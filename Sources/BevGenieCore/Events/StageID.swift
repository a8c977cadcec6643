/// The five stages of the pipeline (docs/EVENTS.md), with their progress points and default names.
public enum StageID: String, CaseIterable, Sendable {
    case intent, signals, knowledge, response, page

    /// Progress when the stage starts and when it completes; it never goes backwards across stages.
    public var progress: (active: Int, complete: Int) {
        switch self {
        case .intent: return (10, 20)
        case .signals: return (30, 40)
        case .knowledge: return (50, 60)
        case .response: return (70, 80)
        case .page: return (85, 95)
        }
    }

    public var stageName: String {
        switch self {
        case .intent: return "Analyzing your question..."
        case .signals: return "Detecting signals & updating persona..."
        case .knowledge: return "Searching knowledge base..."
        case .response: return "Generating response..."
        case .page: return "Generating page..."
        }
    }
}
