//! Integration tests over real HTTP against a real database: SQLite by default, PostgreSQL
//! when `WERKPAD_TEST_DATABASE_URL` is set. The same tests run on both.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::too_many_lines,
    reason = "tests: a failed expectation should panic, and case tables are long"
)]

mod accounts;
mod audit_chain;
mod audit_read;
mod audit_walk;
mod authz_walk;
mod avg_rights;
mod benefits_and_journal;
mod cli;
mod clients;
mod conformance;
mod consents;
mod demo;
mod emergency_access;
mod employer_contacts;
mod fidelity;
mod financings;
mod list_filters;
mod migrations;
mod openapi;
mod organisations;
mod placements;
mod reference;
mod reports;
mod sessions;
mod support;
mod tokens;
mod trajectories;
mod transition_walk;
