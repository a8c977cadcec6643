extension String {
    /// This text, safe to print on a terminal. A knowledge document, a file name or a visitor's question may hold
    /// control characters, and escape sequences among them would recolour, retitle or rewrite the screen, so every
    /// control character but newline and tab is shown as a visible symbol instead (ESC as ␛, C1 controls as �).
    var forTerminal: String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
            guard Self.isControl(scalar) else {
                out.append(scalar)
                continue
            }
            switch scalar.value {
            case 0..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value)!)  // the Control Pictures block
            case 0x7F: out.append("\u{2421}")
            default: out.append("\u{FFFD}")
            }
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}
