//! werkpad: the shared system of record for IPS, jobcoaching and Werk als beste zorg
//! trajectories of GGZ, UWV and municipalities. See `README.md` and the design documents.

pub mod api;
pub mod auth;
pub mod authz;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod service;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod vault;

pub use startup::Application;
