import BevGenieCommands

/// The `bevgenie` executable: everything lives in BevGenieCommands, which the tests drive too.
@main
struct Entry {
    static func main() async {
        await BevGenieCLI.main()
    }
}
