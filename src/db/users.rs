//! Account rows and queries. The password hash never leaves this module except to the
//! sign-in use case.

use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::users as u;
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, Scope};
use crate::domain::accounts::User;
use crate::domain::{Email, OrganisationId, Role, UserId};

#[derive(Queryable)]
struct Row {
    id: Id,
    organisation_id: Id,
    email: String,
    display_name: String,
    role: String,
    active: bool,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

type Columns = (
    u::id,
    u::organisation_id,
    u::email,
    u::display_name,
    u::role,
    u::active,
    u::version,
    u::created_at,
    u::updated_at,
);

const COLUMNS: Columns = (
    u::id,
    u::organisation_id,
    u::email,
    u::display_name,
    u::role,
    u::active,
    u::version,
    u::created_at,
    u::updated_at,
);

impl TryFrom<Row> for User {
    type Error = diesel::result::Error;

    fn try_from(row: Row) -> QueryResult<Self> {
        Ok(Self {
            id: row.id.0.into(),
            organisation_id: row.organisation_id.0.into(),
            email: row.email,
            display_name: row.display_name,
            role: row.role.parse().map_err(|()| corrupt("users.role"))?,
            active: row.active,
            version: row.version,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

/// What sign-in needs to know about an account.
pub struct Credentials {
    /// Account.
    pub user_id: UserId,
    /// Its organisation.
    pub organisation_id: OrganisationId,
    /// Its role.
    pub role: Role,
    /// Whether it may sign in.
    pub active: bool,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// Inserted account values.
pub struct NewUserRow<'a> {
    /// Id to use.
    pub id: UserId,
    /// Normalised address.
    pub email: &'a Email,
    /// Display name.
    pub display_name: &'a str,
    /// Organisation.
    pub organisation_id: OrganisationId,
    /// Role.
    pub role: Role,
    /// Active flag.
    pub active: bool,
    /// Hash of the initial password.
    pub password_hash: &'a str,
}

/// Inserts an account.
pub fn insert(conn: &mut DbConn, _permit: &Permit, new: &NewUserRow<'_>) -> QueryResult<()> {
    let now = UtcTime::now();
    diesel::insert_into(u::table)
        .values((
            u::id.eq(Id::from(new.id.uuid())),
            u::organisation_id.eq(Id::from(new.organisation_id.uuid())),
            u::email.eq(new.email.as_str()),
            u::display_name.eq(new.display_name),
            u::role.eq(new.role.as_str()),
            u::active.eq(new.active),
            u::password_hash.eq(new.password_hash),
            u::version.eq(1_i64),
            u::created_at.eq(now),
            u::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether the address is in use.
pub fn email_taken(conn: &mut DbConn, email: &Email) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        u::table.filter(u::email.eq(email.as_str())),
    ))
    .get_result(conn)
}

/// Credentials for sign-in, by normalised address.
pub fn credentials(conn: &mut DbConn, email: &str) -> QueryResult<Option<Credentials>> {
    let row: Option<(Id, Id, String, bool, String)> = u::table
        .filter(u::email.eq(email))
        .select((
            u::id,
            u::organisation_id,
            u::role,
            u::active,
            u::password_hash,
        ))
        .first(conn)
        .optional()?;
    row.map(|(id, org, role, active, password_hash)| {
        Ok(Credentials {
            user_id: id.0.into(),
            organisation_id: org.0.into(),
            role: role.parse().map_err(|()| corrupt("users.role"))?,
            active,
            password_hash,
        })
    })
    .transpose()
}

/// Replaces the stored hash after a sign-in with outdated parameters; not a user-visible
/// change, so the version stays.
pub fn rehash(conn: &mut DbConn, id: UserId, hash: &str) -> QueryResult<()> {
    diesel::update(u::table.find(Id::from(id.uuid())))
        .set(u::password_hash.eq(hash))
        .execute(conn)?;
    Ok(())
}

/// One account, regardless of scope (the service checks it with the policy).
pub fn get(conn: &mut DbConn, id: UserId) -> QueryResult<Option<User>> {
    let row: Option<Row> = u::table
        .find(Id::from(id.uuid()))
        .select(COLUMNS)
        .first(conn)
        .optional()?;
    row.map(User::try_from).transpose()
}

/// A page of accounts inside `scope`, in id order.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    organisation: Option<OrganisationId>,
    page: PageRequest,
) -> QueryResult<(Vec<User>, Option<uuid::Uuid>)> {
    let mut query = u::table
        .select(COLUMNS)
        .filter(super::scope::users(scope))
        .into_boxed();
    if let Some(org) = organisation {
        query = query.filter(u::organisation_id.eq(Id::from(org.uuid())));
    }
    if let Some(after) = page.after {
        query = query.filter(u::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(u::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let users = rows
        .into_iter()
        .map(User::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((users, next))
}

/// Applied account changes.
#[derive(AsChangeset)]
#[diesel(table_name = u)]
pub struct Changes {
    /// New display name.
    pub display_name: Option<String>,
    /// New role code.
    pub role: Option<String>,
    /// New active flag.
    pub active: Option<bool>,
    /// New password hash.
    pub password_hash: Option<String>,
}

/// Applies `changes` if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: UserId,
    expected_version: i64,
    changes: &Changes,
) -> QueryResult<bool> {
    let updated = diesel::update(
        u::table
            .filter(u::id.eq(Id::from(id.uuid())))
            .filter(u::version.eq(expected_version)),
    )
    .set((
        changes,
        u::version.eq(expected_version + 1),
        u::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}
