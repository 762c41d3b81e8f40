//! Consent rows with their categories.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::{consent_categories as cc, consents as cs};
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::consent::{Consent, ConsentKind, ConsentMethod, Grant, NewConsent, Recipient};
use crate::domain::{ClientId, ConsentId, OrganisationId, Role, TrajectoryId, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = cs)]
struct Row {
    id: Id,
    client_id: Id,
    trajectory_id: Option<Id>,
    kind: String,
    from_organisation_id: Id,
    to_organisation_id: Option<Id>,
    to_role: Option<String>,
    purpose: String,
    purpose_text: Option<String>,
    granted_date: NaiveDate,
    valid_until: Option<NaiveDate>,
    method: String,
    evidence_document_ref: Option<String>,
    recorded_by_user_id: Id,
    withdrawn_at: Option<UtcTime>,
    withdrawn_via: Option<String>,
    withdrawn_by_user_id: Option<Id>,
    withdrawal_reason: Option<String>,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

fn code<T: std::str::FromStr>(raw: &str, column: &str) -> QueryResult<T> {
    raw.parse().map_err(|_| corrupt(column))
}

fn consent(r: Row, categories: &[(Id, String)]) -> QueryResult<Consent> {
    let recipient = match (r.to_organisation_id, r.to_role.as_deref()) {
        (Some(org), None) => Recipient::Organisation(org.0.into()),
        (None, Some(role)) => Recipient::Role(code::<Role>(role, "consents.to_role")?),
        _ => return Err(corrupt("consents recipient")),
    };
    Ok(Consent {
        grant: Grant {
            id: r.id.0.into(),
            kind: code(&r.kind, "consents.kind")?,
            from_organisation_id: r.from_organisation_id.0.into(),
            recipient,
            categories: categories
                .iter()
                .filter(|(c, _)| *c == r.id)
                .map(|(_, cat)| code(cat, "consent_categories.category"))
                .collect::<QueryResult<_>>()?,
            granted_date: r.granted_date,
            valid_until: r.valid_until,
            withdrawn: r.withdrawn_at.is_some(),
        },
        client_id: r.client_id.0.into(),
        trajectory_id: r.trajectory_id.map(|t| t.0.into()),
        purpose: code(&r.purpose, "consents.purpose")?,
        purpose_text: r.purpose_text,
        method: code(&r.method, "consents.method")?,
        evidence_document_ref: r.evidence_document_ref,
        recorded_by_user_id: r.recorded_by_user_id.0.into(),
        withdrawn_at: r.withdrawn_at.map(|t| t.0),
        withdrawn_via: r
            .withdrawn_via
            .map(|m| code(&m, "consents.withdrawn_via"))
            .transpose()?,
        withdrawn_by_user_id: r.withdrawn_by_user_id.map(|u| u.0.into()),
        withdrawal_reason: r.withdrawal_reason,
        origin_organisation_id: r.origin_organisation_id.0.into(),
        version: r.version,
        created_at: r.created_at.0,
        updated_at: r.updated_at.0,
    })
}

fn categories_of(conn: &mut DbConn, ids: &[Id]) -> QueryResult<Vec<(Id, String)>> {
    cc::table
        .filter(cc::consent_id.eq_any(ids))
        .order((cc::consent_id, cc::category))
        .select((cc::consent_id, cc::category))
        .load(conn)
}

/// Records a consent with its categories; returns its id.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    client: ClientId,
    new: &NewConsent,
    granted: NaiveDate,
    recorder: (UserId, OrganisationId),
) -> QueryResult<ConsentId> {
    let id = ConsentId::new();
    let now = UtcTime::now();
    let (to_organisation, to_role) = match new.recipient {
        Recipient::Organisation(org) => (Some(Id::from(org)), None),
        Recipient::Role(role) => (None, Some(role.as_str())),
    };
    diesel::insert_into(cs::table)
        .values((
            cs::id.eq(Id::from(id)),
            cs::client_id.eq(Id::from(client)),
            cs::trajectory_id.eq(new.trajectory_id.map(Id::from)),
            cs::kind.eq(new.kind.as_str()),
            cs::from_organisation_id.eq(Id::from(new.from_organisation_id)),
            cs::to_organisation_id.eq(to_organisation),
            cs::to_role.eq(to_role),
            cs::purpose.eq(new.purpose.as_str()),
            cs::purpose_text.eq(&new.purpose_text),
            cs::granted_date.eq(granted),
            cs::valid_until.eq(new.valid_until),
            cs::method.eq(new.method.as_str()),
            cs::evidence_document_ref.eq(&new.evidence_document_ref),
            cs::recorded_by_user_id.eq(Id::from(recorder.0)),
            cs::origin_organisation_id.eq(Id::from(recorder.1)),
            cs::version.eq(1_i64),
            cs::created_at.eq(now),
            cs::updated_at.eq(now),
        ))
        .execute(conn)?;
    for category in &new.categories {
        diesel::insert_into(cc::table)
            .values((
                cc::consent_id.eq(Id::from(id)),
                cc::category.eq(category.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// One consent, regardless of scope.
pub fn find(conn: &mut DbConn, id: ConsentId) -> QueryResult<Option<Consent>> {
    let row: Option<Row> = cs::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let categories = categories_of(conn, &[row.id])?;
    consent(row, &categories).map(Some)
}

/// List filters.
#[derive(Debug, Default)]
pub struct Filter {
    /// Given for this trajectory.
    pub trajectory_id: Option<TrajectoryId>,
    /// Of this kind.
    pub kind: Option<ConsentKind>,
}

/// A page of a client's consents inside `scope`, in the order they were recorded.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    client: ClientId,
    filter: &Filter,
    page: PageRequest,
) -> QueryResult<(Vec<Consent>, Option<uuid::Uuid>)> {
    let mut query = cs::table
        .filter(cs::client_id.eq(Id::from(client)))
        .filter(scope::filter(scope, Table::Consents))
        .select(Row::as_select())
        .into_boxed();
    if let Some(trajectory) = filter.trajectory_id {
        query = query.filter(cs::trajectory_id.eq(Id::from(trajectory)));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(cs::kind.eq(kind.as_str()));
    }
    if let Some(after) = page.after {
        query = query.filter(cs::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(cs::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let categories = categories_of(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|row| consent(row, &categories))
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Withdraws a consent if it is still at `expected_version` and not withdrawn; returns
/// whether it was.
pub fn withdraw(
    conn: &mut DbConn,
    _permit: &Permit,
    id: ConsentId,
    expected_version: i64,
    via: ConsentMethod,
    by: UserId,
    reason: Option<&str>,
) -> QueryResult<bool> {
    let now = UtcTime::now();
    let updated = diesel::update(
        cs::table
            .filter(cs::id.eq(Id::from(id)))
            .filter(cs::version.eq(expected_version))
            .filter(cs::withdrawn_at.is_null()),
    )
    .set((
        cs::withdrawn_at.eq(Some(now)),
        cs::withdrawn_via.eq(Some(via.as_str())),
        cs::withdrawn_by_user_id.eq(Some(Id::from(by))),
        cs::withdrawal_reason.eq(reason),
        cs::version.eq(expected_version + 1),
        cs::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}
