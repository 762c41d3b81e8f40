//! The pieces of the benchmark (bench/bench.rs): the database it seeds, the server it starts,
//! the load it drives with wrk, the same work without HTTP, and the table it prints.

pub mod ceiling;
pub mod database;
pub mod fixtures;
pub mod load;
pub mod measurement;
pub mod scenarios;
pub mod server;
pub mod table;
