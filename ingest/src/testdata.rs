//! The real data the tests and benchmarks read: `../shared/data` beside the
//! checkout (its README describes it). Never copied into the repository.

use std::path::PathBuf;

/// The shared data folder, or `None` (with a note on standard error) in a
/// clone that has none beside it. In CI (`CI` set) it must be there: a
/// missing folder fails the test instead of skipping it.
pub fn shared_data() -> Option<PathBuf> {
    // At run time: a binary built in another checkout of the same target
    // folder must still read the shared data beside this one.
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
        .join("../../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing in CI",
        dir.display()
    );
    eprintln!(
        "skipped: {} is absent (a clone without the shared data)",
        dir.display()
    );
    None
}
