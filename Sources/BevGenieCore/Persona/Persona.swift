import Foundation

/// What the system believes about a visitor: their role and how much each pain point matters to them (0...1).
public struct Persona: Sendable, Equatable {
    public var role: Role?
    public var painPoints: [PainPoint: Double]
    /// When the scores were last updated; time decay is measured from here.
    public var updatedAt: Date?

    public init(role: Role? = nil, painPoints: [PainPoint: Double] = [:], updatedAt: Date? = nil) {
        self.role = role
        self.painPoints = painPoints
        self.updatedAt = updatedAt
    }

    /// Pain points by score, strongest first (ties in taxonomy order), above `minimum`.
    public func topPainPoints(minimum: Double = 0.05, limit: Int = 3) -> [PainPoint] {
        painPoints.filter { $0.value >= minimum }
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(limit).map(\.key)
    }

    public func score(_ painPoint: PainPoint) -> Double { painPoints[painPoint] ?? 0 }

    /// `{"role":…,"painPoints":{…}}` as `complete.session.persona` (docs/EVENTS.md).
    public var json: JSONValue {
        let scores = PainPoint.allCases.compactMap { pp in painPoints[pp].map { (pp.rawValue, JSONValue.rounded($0)) } }
        return .object(["role": .string(role?.rawValue), "painPoints": .object(scores)])
    }
}

/// How a persona changes as signals arrive.
///
/// Each message first decays the scores of the pain points it does not mention (older interests fade, so the page
/// follows what the visitor talks about now), then adds each new signal with a probabilistic OR —
/// `s + strength × (1 − s)` — so repeated signals accumulate towards 1 without passing it, and one strong message
/// cannot erase a long conversation. A pain point the message mentions again is not decayed per message first:
/// a follow-up on the same topic, even a weaker one, strengthens it and never weakens it. Time decay applies to all.
public struct PersonaPolicy: Sendable {
    /// Multiplier applied to every score per message.
    public var perMessageDecay = 0.85
    /// Scores halve after this long without a message.
    public var halfLife: TimeInterval = 14 * 24 * 3600
    /// Scores below this are dropped.
    public var floor = 0.01

    public init() {}

    public func updated(_ persona: Persona, with signals: [PainPointSignal], role: RoleSignal?, at now: Date) -> Persona {
        var next = persona
        var timeDecay = 1.0
        if let last = persona.updatedAt, now > last {
            timeDecay = pow(0.5, now.timeIntervalSince(last) / halfLife)
        }
        let mentioned = Set(signals.map(\.painPoint))
        for (painPoint, score) in next.painPoints {
            next.painPoints[painPoint] = score * timeDecay * (mentioned.contains(painPoint) ? 1 : perMessageDecay)
        }
        for signal in signals {
            let current = next.painPoints[signal.painPoint] ?? 0
            next.painPoints[signal.painPoint] = current + signal.strength * (1 - current)
        }
        next.painPoints = next.painPoints.filter { $0.value >= floor }
        if let role { next.role = role.role }  // the latest clear statement of who they are wins
        next.updatedAt = now
        return next
    }
}
