//! Journal entry rows. An entry's category decides who may read it, so the list is the
//! union, per category the caller may read, of that category's entries in its scope.

use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::journal_entries as j;
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::journal::{Entry, NewEntry};
use crate::domain::{ClientId, DataCategory, JournalEntryId, OrganisationId, TrajectoryId, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = j)]
struct Row {
    id: Id,
    client_id: Id,
    trajectory_id: Option<Id>,
    category: String,
    entry_date: NaiveDate,
    text: String,
    author_user_id: Id,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
}

impl TryFrom<Row> for Entry {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            client_id: r.client_id.0.into(),
            trajectory_id: r.trajectory_id.map(|t| t.0.into()),
            category: r
                .category
                .parse()
                .map_err(|()| corrupt("journal_entries.category"))?,
            entry_date: r.entry_date,
            text: r.text,
            author_user_id: r.author_user_id.0.into(),
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
        })
    }
}

/// Writes an entry; returns its id.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    client: ClientId,
    new: &NewEntry,
    by: (UserId, OrganisationId),
) -> QueryResult<JournalEntryId> {
    let id = JournalEntryId::new();
    let now = UtcTime::now();
    diesel::insert_into(j::table)
        .values((
            j::id.eq(Id::from(id)),
            j::client_id.eq(Id::from(client)),
            j::trajectory_id.eq(new.trajectory_id.map(Id::from)),
            j::category.eq(new.category.as_str()),
            j::entry_date.eq(new.entry_date),
            j::text.eq(&new.text),
            j::author_user_id.eq(Id::from(by.0)),
            j::origin_organisation_id.eq(Id::from(by.1)),
            j::version.eq(1_i64),
            j::created_at.eq(now),
            j::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One entry, regardless of scope.
pub fn find(conn: &mut DbConn, id: JournalEntryId) -> QueryResult<Option<Entry>> {
    let row: Option<Row> = j::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(Entry::try_from).transpose()
}

/// List filters.
#[derive(Debug, Default)]
pub struct Filter {
    /// Of this category.
    pub category: Option<DataCategory>,
    /// About this trajectory.
    pub trajectory_id: Option<TrajectoryId>,
}

/// A page of a client's entries: for each scope (one per category the caller may read), the
/// entries of that category inside it; in the order they were written.
pub fn list(
    conn: &mut DbConn,
    scopes: &[RecordScope],
    client: ClientId,
    filter: &Filter,
    page: PageRequest,
) -> QueryResult<(Vec<Entry>, Option<uuid::Uuid>)> {
    let visible = scopes
        .iter()
        .map(|s| {
            format!(
                "(journal_entries.category = '{}' AND {})",
                s.category.as_str(),
                scope::visible(s, Table::JournalEntries)
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let visible = if visible.is_empty() {
        "1 = 0".to_owned()
    } else {
        format!("({visible})")
    };
    let mut query = j::table
        .filter(j::client_id.eq(Id::from(client)))
        .filter(sql::<Bool>(&visible))
        .select(Row::as_select())
        .into_boxed();
    if let Some(category) = filter.category {
        query = query.filter(j::category.eq(category.as_str()));
    }
    if let Some(trajectory) = filter.trajectory_id {
        query = query.filter(j::trajectory_id.eq(Id::from(trajectory)));
    }
    if let Some(after) = page.after {
        query = query.filter(j::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(j::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let items = rows
        .into_iter()
        .map(Entry::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}
