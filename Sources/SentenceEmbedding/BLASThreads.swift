import CBLAS

/// OpenBLAS's thread pool, which every matrix product of the model uses. It is process-wide: OpenBLAS starts
/// one thread per core by default.
public enum BLASThreads {
    /// The threads OpenBLAS uses for a large product.
    public static var count: Int { Int(openblas_get_num_threads()) }

    public static func set(_ threads: Int) { openblas_set_num_threads(Int32(max(1, threads))) }

    /// The kernel family OpenBLAS picked for this CPU (e.g. `SkylakeX`, `Zen`).
    public static var coreName: String { String(cString: openblas_get_corename()) }
}
