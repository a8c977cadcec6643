extension Int {
    /// "1 signal", "2 signals", "0 signals": a count with its noun in the right number.
    func counted(_ noun: String, plural: String? = nil) -> String {
        "\(self) " + (self == 1 ? noun : plural ?? noun + "s")
    }
}
