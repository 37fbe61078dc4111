//! How many threads a stage may use for one module: as many as [`THREADS_ENV`] says, or else
//! as the machine has (at most 8) when the module has 64 or more operations, and one for a
//! smaller module, whose work would not pay for starting threads. Lowering converts the
//! requests' descriptions on them; rendering writes the module's chunks on them.

/// The environment variable that sets how many threads generate one module.
pub const THREADS_ENV: &str = "POSTMAN_CODEGEN_THREADS";

/// The threads for a module of `operations` requests (at least 1, at most 64).
pub fn count(operations: usize) -> usize {
    let configured = std::env::var(THREADS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    match configured {
        Some(n) => n.min(64),
        None if operations >= 64 => std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(8),
        None => 1,
    }
}
