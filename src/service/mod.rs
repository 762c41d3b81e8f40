//! Use cases: plain synchronous code over one database transaction each (sign-in and token
//! refresh are async only because password hashing runs on the blocking pool). Every use
//! case asks `authz` before it touches a record.

pub mod organisations;
pub mod reference;
pub mod sessions;
pub mod users;
