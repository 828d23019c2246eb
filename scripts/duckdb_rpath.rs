// Build script shared by the crates whose executables link DuckDB (the
// `vigie` binary, tests and examples): they find `libduckdb.so` where it was
// linked from, without `LD_LIBRARY_PATH`.
//
// An rpath given as a rustflag would change every crate's fingerprint and
// make builds started outside the scripts recompile everything; a link
// argument from a build script reaches only this crate's own executables.

use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo::rerun-if-env-changed=DUCKDB_LIB_DIR");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let Some(dir) = env::var_os("DUCKDB_LIB_DIR").map(PathBuf::from) else {
        // `.cargo/config.toml` sets it; unset only for a build that compiles
        // DuckDB from source (`bundled-duckdb`), which has nothing to find.
        return;
    };
    // The real folder, not the `.cargo/duckdb` link of one checkout, so the
    // binary keeps working when the checkout moves.
    println!("cargo::rerun-if-changed={}", dir.display());
    let dir = fs::canonicalize(&dir).unwrap_or(dir);
    println!("cargo::rustc-link-arg=-Wl,-rpath,{}", dir.display());
}
