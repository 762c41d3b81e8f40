//! Employer contact rows and queries.

use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::employer_contacts as ec;
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::employers::{EmployerContact, NewEmployerContact};
use crate::domain::{
    ClientId, EmployerContactId, EmployerId, OrganisationId, TrajectoryId, UserId,
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = ec)]
struct Row {
    id: Id,
    trajectory_id: Option<Id>,
    client_id: Option<Id>,
    employer_id: Id,
    user_id: Id,
    contact_date: NaiveDate,
    form: String,
    client_specific: bool,
    outcome: String,
    note: Option<String>,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
}

impl TryFrom<Row> for EmployerContact {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            trajectory_id: r.trajectory_id.map(|t| t.0.into()),
            client_id: r.client_id.map(|c| c.0.into()),
            employer_id: r.employer_id.0.into(),
            user_id: r.user_id.0.into(),
            contact_date: r.contact_date,
            form: r
                .form
                .parse()
                .map_err(|()| corrupt("employer_contacts.form"))?,
            client_specific: r.client_specific,
            outcome: r
                .outcome
                .parse()
                .map_err(|()| corrupt("employer_contacts.outcome"))?,
            note: r.note,
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
        })
    }
}

/// Records a contact; returns its id.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    new: &NewEmployerContact,
    client: Option<ClientId>,
    by: (UserId, OrganisationId),
) -> QueryResult<EmployerContactId> {
    let id = EmployerContactId::new();
    let now = UtcTime::now();
    diesel::insert_into(ec::table)
        .values((
            ec::id.eq(Id::from(id)),
            ec::trajectory_id.eq(new.trajectory_id.map(Id::from)),
            ec::client_id.eq(client.map(Id::from)),
            ec::employer_id.eq(Id::from(new.employer_id)),
            ec::user_id.eq(Id::from(by.0)),
            ec::contact_date.eq(new.contact_date),
            ec::form.eq(new.form.as_str()),
            ec::client_specific.eq(new.client_specific),
            ec::outcome.eq(new.outcome.as_str()),
            ec::note.eq(&new.note),
            ec::origin_organisation_id.eq(Id::from(by.1)),
            ec::version.eq(1_i64),
            ec::created_at.eq(now),
            ec::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One contact, regardless of scope.
pub fn find(conn: &mut DbConn, id: EmployerContactId) -> QueryResult<Option<EmployerContact>> {
    let row: Option<Row> = ec::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(EmployerContact::try_from).transpose()
}

/// List filters.
#[derive(Debug, Default)]
pub struct Filter {
    /// For this trajectory.
    pub trajectory_id: Option<TrajectoryId>,
    /// With this employer.
    pub employer_id: Option<EmployerId>,
    /// Client-specific or not.
    pub client_specific: Option<bool>,
}

/// A page of contacts: the client-specific ones inside `clients` (when given), and the
/// general ones of `own_general` (when given), in the order they were recorded.
pub fn list(
    conn: &mut DbConn,
    clients: Option<&RecordScope>,
    own_general: Option<OrganisationId>,
    filter: &Filter,
    page: PageRequest,
) -> QueryResult<(Vec<EmployerContact>, Option<uuid::Uuid>)> {
    let client_part = clients.map_or_else(
        || "1 = 0".to_owned(),
        |s| {
            format!(
                "(employer_contacts.client_id IS NOT NULL AND {})",
                scope::visible(s, Table::EmployerContacts)
            )
        },
    );
    let general_part = own_general.map_or_else(
        || "1 = 0".to_owned(),
        |org| {
            format!(
                "(employer_contacts.client_id IS NULL AND employer_contacts.origin_organisation_id = '{}')",
                uuid::Uuid::from(org).hyphenated()
            )
        },
    );
    let mut query = ec::table
        .select(Row::as_select())
        .filter(sql::<Bool>(&format!("({client_part} OR {general_part})")))
        .into_boxed();
    if let Some(trajectory) = filter.trajectory_id {
        query = query.filter(ec::trajectory_id.eq(Id::from(trajectory)));
    }
    if let Some(employer) = filter.employer_id {
        query = query.filter(ec::employer_id.eq(Id::from(employer)));
    }
    if let Some(specific) = filter.client_specific {
        query = query.filter(ec::client_specific.eq(specific));
    }
    if let Some(after) = page.after {
        query = query.filter(ec::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(ec::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let items = rows
        .into_iter()
        .map(EmployerContact::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}
