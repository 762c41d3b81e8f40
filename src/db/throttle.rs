//! Failed sign-ins, per account and per client address, stored so the throttle survives a
//! restart and is shared by every werkpad process on the same database.

use diesel::prelude::*;

use super::schema::login_failures as f;
use super::{DbConn, Id, UtcTime};

/// What a failure is counted against.
#[derive(Clone, Copy, Debug)]
pub enum KeyKind {
    /// The (hashed) e-mail address tried.
    Account,
    /// The (hashed) client address.
    Address,
}

impl KeyKind {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Account => "ACCOUNT",
            Self::Address => "ADDRESS",
        }
    }
}

/// When a key failed since `since`, oldest first. Short: a throttled key stops collecting
/// failures, because a throttled attempt is refused before its password is checked.
pub fn recent(
    conn: &mut DbConn,
    kind: KeyKind,
    key_hash: &str,
    since: UtcTime,
) -> QueryResult<Vec<UtcTime>> {
    f::table
        .filter(f::key_kind.eq(kind.as_str()))
        .filter(f::key_hash.eq(key_hash))
        .filter(f::failed_at.gt(since))
        .order(f::failed_at.asc())
        .select(f::failed_at)
        .load(conn)
}

/// Records one failure and forgets this key's failures older than `forget_before`.
pub fn record(
    conn: &mut DbConn,
    kind: KeyKind,
    key_hash: &str,
    forget_before: UtcTime,
) -> QueryResult<()> {
    diesel::delete(
        f::table
            .filter(f::key_kind.eq(kind.as_str()))
            .filter(f::key_hash.eq(key_hash))
            .filter(f::failed_at.le(forget_before)),
    )
    .execute(conn)?;
    diesel::insert_into(f::table)
        .values((
            f::id.eq(Id(uuid::Uuid::now_v7())),
            f::key_kind.eq(kind.as_str()),
            f::key_hash.eq(key_hash),
            f::failed_at.eq(UtcTime::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets a key's failures (after a successful sign-in of that account).
pub fn clear(conn: &mut DbConn, kind: KeyKind, key_hash: &str) -> QueryResult<()> {
    diesel::delete(
        f::table
            .filter(f::key_kind.eq(kind.as_str()))
            .filter(f::key_hash.eq(key_hash)),
    )
    .execute(conn)?;
    Ok(())
}

/// Forgets every failure older than `before` (the retention job's sweep: a failure outside
/// the window no longer counts, and the rows would otherwise stay for good).
pub fn sweep(conn: &mut DbConn, before: UtcTime) -> QueryResult<usize> {
    diesel::delete(f::table.filter(f::failed_at.lt(before))).execute(conn)
}

/// How many failures are older than `before` (what a sweep would forget).
pub fn older_than(conn: &mut DbConn, before: UtcTime) -> QueryResult<usize> {
    let n: i64 = f::table
        .filter(f::failed_at.lt(before))
        .count()
        .get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}
