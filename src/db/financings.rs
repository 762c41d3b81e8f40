//! Financing rows and queries, and the record of their transitions.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::{financing_transitions as ft, financings as f};
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::financing::{
    Financier, Financing, FinancingScheme, FinancingStatus, FinancingTerms, FinancingTransition,
};
use crate::domain::{ClientId, FinancingId, OrganisationId, TrajectoryId, TransitionId, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = f)]
struct Row {
    id: Id,
    trajectory_id: Id,
    client_id: Id,
    scheme: String,
    scheme_description: Option<String>,
    financier: String,
    financier_organisation_id: Option<Id>,
    status: String,
    status_date: NaiveDate,
    application_date: Option<NaiveDate>,
    decision_date: Option<NaiveDate>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    max_duration_months: Option<i32>,
    extension_months: Option<i32>,
    amount_cents: Option<i64>,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

fn status(raw: &str, column: &str) -> QueryResult<FinancingStatus> {
    raw.parse().map_err(|()| corrupt(column))
}

impl TryFrom<Row> for Financing {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            trajectory_id: r.trajectory_id.0.into(),
            client_id: r.client_id.0.into(),
            terms: FinancingTerms {
                scheme: r
                    .scheme
                    .parse::<FinancingScheme>()
                    .map_err(|()| corrupt("financings.scheme"))?,
                scheme_description: r.scheme_description,
                financier: r
                    .financier
                    .parse::<Financier>()
                    .map_err(|()| corrupt("financings.financier"))?,
                financier_organisation_id: r.financier_organisation_id.map(|i| i.0.into()),
                application_date: r.application_date,
                decision_date: r.decision_date,
                start_date: r.start_date,
                end_date: r.end_date,
                max_duration_months: r.max_duration_months,
                extension_months: r.extension_months,
                amount_cents: r.amount_cents,
            },
            status: status(&r.status, "financings.status")?,
            status_date: r.status_date,
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        })
    }
}

/// A financing record to insert, in DRAFT.
pub struct NewRow<'a> {
    /// Id.
    pub id: FinancingId,
    /// The trajectory.
    pub trajectory_id: TrajectoryId,
    /// Its client.
    pub client_id: ClientId,
    /// The terms.
    pub terms: &'a FinancingTerms,
    /// When the draft was made.
    pub status_date: NaiveDate,
    /// Creating organisation.
    pub origin_organisation_id: OrganisationId,
    /// Creating professional.
    pub created_by_user_id: UserId,
}

/// Inserts a financing record in DRAFT.
pub fn insert(conn: &mut DbConn, _permit: &Permit, n: &NewRow<'_>) -> QueryResult<()> {
    let now = UtcTime::now();
    let t = n.terms;
    diesel::insert_into(f::table)
        .values((
            f::id.eq(Id::from(n.id)),
            f::trajectory_id.eq(Id::from(n.trajectory_id)),
            f::client_id.eq(Id::from(n.client_id)),
            f::scheme.eq(t.scheme.as_str()),
            f::scheme_description.eq(t.scheme_description.as_deref()),
            f::financier.eq(t.financier.as_str()),
            f::financier_organisation_id.eq(t.financier_organisation_id.map(Id::from)),
            f::status.eq(FinancingStatus::Draft.as_str()),
            f::status_date.eq(n.status_date),
            f::application_date.eq(t.application_date),
            f::decision_date.eq(t.decision_date),
            f::start_date.eq(t.start_date),
            f::end_date.eq(t.end_date),
            f::max_duration_months.eq(t.max_duration_months),
            f::extension_months.eq(t.extension_months),
            f::amount_cents.eq(t.amount_cents),
            f::origin_organisation_id.eq(Id::from(n.origin_organisation_id)),
            f::created_by_user_id.eq(Id::from(n.created_by_user_id)),
            f::version.eq(1_i64),
            f::created_at.eq(now),
            f::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// One financing record, regardless of scope.
pub fn find(conn: &mut DbConn, id: FinancingId) -> QueryResult<Option<Financing>> {
    let row: Option<Row> = f::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(Financing::try_from).transpose()
}

/// A page of a trajectory's financing records inside `scope`, in creation order.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    trajectory: TrajectoryId,
    page: PageRequest,
) -> QueryResult<(Vec<Financing>, Option<uuid::Uuid>)> {
    let mut query = f::table
        .filter(f::trajectory_id.eq(Id::from(trajectory)))
        .filter(scope::filter(scope, Table::Financings))
        .select(Row::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(f::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(f::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let items = rows
        .into_iter()
        .map(Financing::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// The column values of a whole set of terms, with the status when a transition sets it.
#[derive(AsChangeset)]
#[diesel(table_name = f, treat_none_as_null = true)]
struct Changes {
    scheme: &'static str,
    scheme_description: Option<String>,
    financier: &'static str,
    financier_organisation_id: Option<Id>,
    application_date: Option<NaiveDate>,
    decision_date: Option<NaiveDate>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    max_duration_months: Option<i32>,
    extension_months: Option<i32>,
    amount_cents: Option<i64>,
}

impl From<&FinancingTerms> for Changes {
    fn from(t: &FinancingTerms) -> Self {
        Self {
            scheme: t.scheme.as_str(),
            scheme_description: t.scheme_description.clone(),
            financier: t.financier.as_str(),
            financier_organisation_id: t.financier_organisation_id.map(Id::from),
            application_date: t.application_date,
            decision_date: t.decision_date,
            start_date: t.start_date,
            end_date: t.end_date,
            max_duration_months: t.max_duration_months,
            extension_months: t.extension_months,
            amount_cents: t.amount_cents,
        }
    }
}

/// Stores `terms` (and, for a transition, the new status and its date) if the row is still
/// at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: FinancingId,
    expected_version: i64,
    terms: &FinancingTerms,
    status: Option<(FinancingStatus, NaiveDate)>,
) -> QueryResult<bool> {
    let target = f::table
        .filter(f::id.eq(Id::from(id)))
        .filter(f::version.eq(expected_version));
    let common = (
        Changes::from(terms),
        f::version.eq(expected_version + 1),
        f::updated_at.eq(UtcTime::now()),
    );
    let updated = match status {
        Some((to, date)) => diesel::update(target)
            .set((common, f::status.eq(to.as_str()), f::status_date.eq(date)))
            .execute(conn)?,
        None => diesel::update(target).set(common).execute(conn)?,
    };
    Ok(updated == 1)
}

/// A transition to record.
pub struct NewTransition<'a> {
    /// The financing record.
    pub financing_id: FinancingId,
    /// Its client.
    pub client_id: ClientId,
    /// From (`None` for the draft that created the record).
    pub from: Option<FinancingStatus>,
    /// To.
    pub to: FinancingStatus,
    /// Date.
    pub date: NaiveDate,
    /// Reason.
    pub reason: Option<&'a str>,
    /// Who.
    pub actor_user_id: UserId,
    /// Their organisation: the origin of this record.
    pub actor_organisation_id: OrganisationId,
}

/// Records a transition (never changed afterwards).
pub fn insert_transition(
    conn: &mut DbConn,
    _permit: &Permit,
    n: &NewTransition<'_>,
) -> QueryResult<()> {
    diesel::insert_into(ft::table)
        .values((
            ft::id.eq(Id::from(TransitionId::new())),
            ft::financing_id.eq(Id::from(n.financing_id)),
            ft::client_id.eq(Id::from(n.client_id)),
            ft::from_status.eq(n.from.map(FinancingStatus::as_str)),
            ft::to_status.eq(n.to.as_str()),
            ft::transition_date.eq(n.date),
            ft::reason.eq(n.reason),
            ft::actor_user_id.eq(Id::from(n.actor_user_id)),
            ft::origin_organisation_id.eq(Id::from(n.actor_organisation_id)),
            ft::created_at.eq(UtcTime::now()),
        ))
        .execute(conn)?;
    Ok(())
}

type TransitionRow = (
    Id,
    Id,
    Option<String>,
    String,
    NaiveDate,
    Option<String>,
    Id,
    UtcTime,
);

/// A page of a financing record's transitions inside `scope`, in the order they happened.
pub fn transitions(
    conn: &mut DbConn,
    scope: &RecordScope,
    financing: FinancingId,
    page: PageRequest,
) -> QueryResult<(Vec<FinancingTransition>, Option<uuid::Uuid>)> {
    let mut query = ft::table
        .filter(ft::financing_id.eq(Id::from(financing)))
        .filter(scope::filter(scope, Table::FinancingTransitions))
        .select((
            ft::id,
            ft::financing_id,
            ft::from_status,
            ft::to_status,
            ft::transition_date,
            ft::reason,
            ft::actor_user_id,
            ft::created_at,
        ))
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(ft::id.gt(Id(after)));
    }
    let rows: Vec<TransitionRow> = query.order(ft::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.0.0);
    let items = rows
        .into_iter()
        .map(|(id, financing, from, to, date, reason, actor, at)| {
            Ok(FinancingTransition {
                id: id.0.into(),
                financing_id: financing.0.into(),
                from: from
                    .as_deref()
                    .map(|s| status(s, "financing_transitions.from_status"))
                    .transpose()?,
                to: status(&to, "financing_transitions.to_status")?,
                date,
                reason,
                actor_user_id: actor.0.into(),
                created_at: at.0,
            })
        })
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}
