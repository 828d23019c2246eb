// The crate links DuckDB: its executables find the library through an rpath.
include!("../scripts/duckdb_rpath.rs");
