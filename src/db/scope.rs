//! The only place where an `authz::Scope` becomes SQL. Every list applies it before LIMIT,
//! so a page never contains a row the caller may not see and never comes up short.

use diesel::prelude::*;

use super::Id;
use super::schema::users;
use crate::authz::Scope;

/// `users` rows inside `scope`.
#[must_use]
pub fn users(
    scope: &Scope,
) -> Box<dyn BoxableExpression<users::table, super::MultiBackend, SqlType = diesel::sql_types::Bool>>
{
    match scope {
        Scope::All => Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 1")),
        Scope::Organisation(org) => Box::new(users::organisation_id.eq(Id::from(org.uuid()))),
        Scope::None => Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 0")),
    }
}
