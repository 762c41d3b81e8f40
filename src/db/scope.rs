//! The only place where an `authz` scope becomes SQL. Every list applies it before LIMIT,
//! so a page never contains a row the caller may not see, never comes up short, and nothing
//! outside the scope influences ordering or cursors.
//!
//! Client-data predicates are built as SQL text from typed values only (ids, dates and the
//! codes of our own enumerations, never user input), so that the same correlated
//! subqueries work on both backends; they mirror `authz::matrix` rule for rule.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::schema::fidelity_reviews;
use super::schema::{emergency_accesses, users};
use super::{Id, UtcTime};
use crate::authz::FidelityScope;
use crate::authz::{EmergencyAccessScope, Qualifier, ReadCell, RecordScope, Scope};
use crate::domain::UserId;
use crate::domain::benefits::{Agency, BenefitType};
use crate::domain::consent::ConsentKind;

/// `users` rows inside `scope`.
#[must_use]
pub fn users(
    scope: &Scope,
) -> Box<dyn BoxableExpression<users::table, super::MultiBackend, SqlType = Bool>> {
    match scope {
        Scope::All => Box::new(diesel::dsl::sql::<Bool>("1 = 1")),
        Scope::Organisation(org) => Box::new(users::organisation_id.eq(Id::from(org.uuid()))),
        Scope::None => Box::new(diesel::dsl::sql::<Bool>("1 = 0")),
    }
}

/// `audit_events` rows inside `scope`. For an organisation (the auditor's): the events its
/// own users caused, and the events about a client it registered, whoever caused them.
pub fn audit_events(scope: &Scope) -> diesel::expression::SqlLiteral<Bool> {
    let condition = match scope {
        Scope::All => "1 = 1".to_owned(),
        // `LIMIT 1 OFFSET 0` keeps the EXISTS a per-row probe while a page walks the log
        // newest first. Without it PostgreSQL hashed every event about the organisation's
        // clients first (150,000 of 1,000,000: 280 ms a page, 0.5 ms with it) (issue 6).
        Scope::Organisation(org) => format!(
            "(audit_events.actor_organisation_id = {org} OR EXISTS (SELECT 1 \
             FROM audit_event_subjects aes JOIN clients ac ON ac.id = aes.client_id \
             WHERE aes.event_id = audit_events.id AND ac.origin_organisation_id = {org} \
             LIMIT 1 OFFSET 0))",
            org = id(*org),
        ),
        Scope::None => "1 = 0".to_owned(),
    };
    diesel::dsl::sql::<Bool>(&condition)
}

/// A table holding client data. Each has `origin_organisation_id` and a client column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// `clients` (the client column is its `id`).
    Clients,
    /// `care_team_members`.
    CareTeamMembers,
    /// `consents`.
    Consents,
    /// `benefits`.
    Benefits,
    /// `trajectories`.
    Trajectories,
    /// `trajectory_transitions`.
    TrajectoryTransitions,
    /// `financings`.
    Financings,
    /// `financing_transitions`.
    FinancingTransitions,
    /// `vocational_profiles`.
    VocationalProfiles,
    /// `employer_contacts` (client-specific ones; general ones have no client).
    EmployerContacts,
    /// `placements`.
    Placements,
    /// `support_activities`.
    SupportActivities,
    /// `jobcoach_provisions`.
    JobcoachProvisions,
    /// `jobcoach_provision_transitions`.
    JobcoachProvisionTransitions,
    /// `journal_entries`.
    JournalEntries,
}

impl Table {
    const fn name(self) -> &'static str {
        match self {
            Self::Clients => "clients",
            Self::CareTeamMembers => "care_team_members",
            Self::Consents => "consents",
            Self::Benefits => "benefits",
            Self::Trajectories => "trajectories",
            Self::TrajectoryTransitions => "trajectory_transitions",
            Self::Financings => "financings",
            Self::FinancingTransitions => "financing_transitions",
            Self::VocationalProfiles => "vocational_profiles",
            Self::EmployerContacts => "employer_contacts",
            Self::Placements => "placements",
            Self::SupportActivities => "support_activities",
            Self::JobcoachProvisions => "jobcoach_provisions",
            Self::JobcoachProvisionTransitions => "jobcoach_provision_transitions",
            Self::JournalEntries => "journal_entries",
        }
    }

    fn client(self) -> String {
        match self {
            Self::Clients => "clients.id".to_owned(),
            other => format!("{}.client_id", other.name()),
        }
    }
}

fn id(value: impl Into<uuid::Uuid>) -> String {
    // A UUID's text form is hex digits and hyphens: nothing to escape.
    format!("'{}'", value.into().hyphenated())
}

fn date(value: NaiveDate) -> String {
    format!("'{}'", value.format("%Y-%m-%d"))
}

/// An instant as a literal. On SQLite instants are text and compare as text, so the literal
/// must be written exactly as diesel writes the column (`2026-01-31 09:15:00.123456+00:00`,
/// fraction as needed); PostgreSQL reads the same text as a `timestamptz`.
fn instant(value: UtcTime) -> String {
    format!("'{}'", value.0.format("%F %T%.f%:z"))
}

/// The care-team membership row `alias` counts on `day` and at `now`: a regular one by its
/// days, an emergency one also only while its grant runs (`starts_at <= now < ends_at`), so
/// that break-glass ends to the second and not at midnight.
pub(super) fn membership_counts(alias: &str, day: NaiveDate, now: UtcTime) -> String {
    format!(
        "{alias}.valid_from <= {day} AND ({alias}.valid_to IS NULL OR {alias}.valid_to >= {day}) \
         AND ({alias}.kind = 'REGULAR' OR EXISTS (SELECT 1 FROM emergency_accesses eag \
         WHERE eag.membership_id = {alias}.id AND eag.starts_at <= {now} AND eag.ends_at > {now}))",
        day = date(day),
        now = instant(now),
    )
}

fn codes<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An active care-team membership of `user` with the client in `client_expr` on `day`, and
/// right now for an emergency one.
fn membership(user: UserId, client_expr: &str, day: NaiveDate) -> String {
    format!(
        "EXISTS (SELECT 1 FROM care_team_members ctm WHERE ctm.client_id = {client_expr} \
         AND ctm.user_id = {user} AND {counts})",
        user = id(user),
        counts = membership_counts("ctm", day, UtcTime::now()),
    )
}

/// The record's origin is a GGZ organisation.
fn ggz_origin(t: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM organisations oo WHERE oo.id = {t}.origin_organisation_id \
         AND oo.kind = 'GGZ')"
    )
}

/// A consent in force on `day` from the record's origin to the caller (organisation or
/// role) covering the scope's category, of a kind that opens data of that origin.
fn consent(scope: &RecordScope, table: Table) -> String {
    let t = table.name();
    let opening = |ggz| codes(ConsentKind::opening(ggz).iter().map(|k| k.as_str()));
    format!(
        "EXISTS (SELECT 1 FROM consents cs JOIN consent_categories csc ON csc.consent_id = cs.id \
         WHERE cs.client_id = {client} AND cs.from_organisation_id = {t}.origin_organisation_id \
         AND (cs.to_organisation_id = {org} OR cs.to_role = '{role}') \
         AND csc.category = '{category}' AND cs.withdrawn_at IS NULL \
         AND cs.granted_date <= {day} AND (cs.valid_until IS NULL OR cs.valid_until >= {day}) \
         AND ((cs.kind IN ({ggz_kinds}) AND {ggz}) OR (cs.kind IN ({wi_kinds}) AND NOT {ggz})))",
        client = table.client(),
        org = id(scope.subject.organisation_id),
        role = scope.subject.role.as_str(),
        category = scope.category.as_str(),
        day = date(scope.day),
        ggz_kinds = opening(true),
        wi_kinds = opening(false),
        ggz = ggz_origin(t),
    )
}

fn benefit_types(agency: Agency) -> String {
    codes(BenefitType::of(agency).iter().map(|b| b.as_str()))
}

/// The record qualifies for the caller (see `authz::Qualifier`).
fn qualifier(q: Qualifier, scope: &RecordScope, table: Table) -> String {
    let t = table.name();
    let org = id(scope.subject.organisation_id);
    let provision = |condition: &str| {
        format!(
            "EXISTS (SELECT 1 FROM jobcoach_provisions jp WHERE {condition} \
             AND jp.jobcoach_organisation_id = {org})"
        )
    };
    match (q, table) {
        (Qualifier::UwvBenefit, Table::Benefits) => {
            format!("{t}.benefit_type IN ({})", benefit_types(Agency::Uwv))
        }
        (Qualifier::MunicipalBenefit, Table::Benefits) => {
            format!(
                "{t}.benefit_type IN ({})",
                benefit_types(Agency::Municipality)
            )
        }
        (Qualifier::UwvFunded | Qualifier::MunicipalityFunded, Table::JobcoachProvisions) => {
            format!("{t}.financier = '{}'", funded(q))
        }
        (
            Qualifier::UwvFunded | Qualifier::MunicipalityFunded,
            Table::JobcoachProvisionTransitions,
        ) => format!(
            "EXISTS (SELECT 1 FROM jobcoach_provisions jf WHERE jf.id = {t}.provision_id \
             AND jf.financier = '{}')",
            funded(q)
        ),
        (Qualifier::AssignedJobCoach, Table::JobcoachProvisions) => {
            format!("{t}.jobcoach_organisation_id = {org}")
        }
        (Qualifier::AssignedJobCoach, Table::JobcoachProvisionTransitions) => {
            provision(&format!("jp.id = {t}.provision_id"))
        }
        (Qualifier::AssignedJobCoach, Table::Placements) => {
            provision(&format!("jp.placement_id = {t}.id"))
        }
        (Qualifier::AssignedJobCoach, _) => {
            provision(&format!("jp.client_id = {}", table.client()))
        }
        (Qualifier::ConsentParty, Table::Consents) => format!(
            "({t}.from_organisation_id = {org} OR {t}.to_organisation_id = {org} \
             OR {t}.to_role = '{}')",
            scope.subject.role.as_str()
        ),
        // A qualifier on a table that cannot carry it: the matrix never pairs them, and if
        // it ever did, nothing would be visible rather than everything.
        _ => "1 = 0".to_owned(),
    }
}

const fn funded(q: Qualifier) -> &'static str {
    match q {
        Qualifier::MunicipalityFunded => "MUNICIPALITY",
        _ => "UWV",
    }
}

/// The SQL condition for the rows of `table` that `scope` may see.
#[must_use]
pub fn visible(scope: &RecordScope, table: Table) -> String {
    let member = membership(scope.subject.user_id, &table.client(), scope.day);
    format!("({member} AND {})", readable(scope, table))
}

/// What `visible` asks beyond the care-team membership: the role's cell for the category.
/// Alone only for rows already inside a list's `filter` for the same subject and day (the
/// list's extra columns), where the membership is known to hold.
#[must_use]
pub fn readable(scope: &RecordScope, table: Table) -> String {
    let t = table.name();
    let own = format!(
        "{t}.origin_organisation_id = {}",
        id(scope.subject.organisation_id)
    );
    let consent = consent(scope, table);
    // The Wgbo gate: outside GGZ, another organisation's GGZ data needs consent.
    let gate = if scope.wgbo_gate() {
        format!("({own} OR NOT {} OR {consent})", ggz_origin(t))
    } else {
        "1 = 1".to_owned()
    };
    match scope.read {
        // `record_scope` never hands out a scope for a role that cannot read.
        ReadCell::Never => "1 = 0".to_owned(),
        ReadCell::Always => gate,
        ReadCell::WithConsent => format!("({own} OR {consent})"),
        ReadCell::When(q) if q.ungated() => qualifier(q, scope, table),
        ReadCell::When(q) => format!("({} AND {gate})", qualifier(q, scope, table)),
    }
}

/// `emergency_accesses` rows inside `scope`: the auditor's organisation's own professionals'
/// grants and the grants on the clients it registered, or one professional's own.
#[must_use]
pub fn emergency_accesses(
    scope: EmergencyAccessScope,
) -> Box<dyn BoxableExpression<emergency_accesses::table, super::MultiBackend, SqlType = Bool>> {
    match scope {
        EmergencyAccessScope::Own(user) => Box::new(emergency_accesses::user_id.eq(Id::from(user))),
        EmergencyAccessScope::Organisation(org) => Box::new(diesel::dsl::sql::<Bool>(&format!(
            "(emergency_accesses.organisation_id = {org} OR EXISTS (SELECT 1 FROM clients ec \
             WHERE ec.id = emergency_accesses.client_id AND ec.origin_organisation_id = {org}))",
            org = id(org),
        ))),
    }
}

/// `visible` as a diesel filter.
pub fn filter(scope: &RecordScope, table: Table) -> diesel::expression::SqlLiteral<Bool> {
    led(scope, table, None)
}

/// `filter` for the clients list from the page after `after`: the memberships that lead
/// the query start there too, so a page deep into a long list costs what the first does.
pub fn clients_after(
    scope: &RecordScope,
    after: Option<uuid::Uuid>,
) -> diesel::expression::SqlLiteral<Bool> {
    led(scope, Table::Clients, after)
}

fn led(
    scope: &RecordScope,
    table: Table,
    after: Option<uuid::Uuid>,
) -> diesel::expression::SqlLiteral<Bool> {
    // `visible`, with the membership as an uncorrelated IN over the caller's own rows of
    // `care_team_members (user_id, client_id)`, which both planners drive a page from. As
    // a correlated EXISTS, SQLite walked the whole table in key order testing every row (a
    // caseworker with 13 clients among 100,000: 72 ms for the first page, 0.2 ms now), and
    // PostgreSQL flattened it into a join over all of a long caseload before sorting
    // (page 20 of 7,300 clients: 152 ms, 10 ms now) (issue 6).
    let from = after.map_or_else(String::new, |a| format!(" AND mine.client_id > {}", id(a)));
    diesel::dsl::sql::<Bool>(&format!(
        "({client} IN (SELECT mine.client_id FROM care_team_members mine \
         WHERE mine.user_id = {user}{from} AND {counts}) AND {readable})",
        client = table.client(),
        user = id(scope.subject.user_id),
        counts = membership_counts("mine", scope.day, UtcTime::now()),
        readable = readable(scope, table),
    ))
}

/// `fidelity_reviews` rows inside `scope`. For a region's coordinator: the reviews of every
/// organisation that shares a labour-market region with the coordinator's own, as the
/// organisations' regions stand today.
#[must_use]
pub fn fidelity_reviews(
    scope: FidelityScope,
) -> Box<dyn BoxableExpression<fidelity_reviews::table, super::MultiBackend, SqlType = Bool>> {
    match scope {
        FidelityScope::All => Box::new(diesel::dsl::sql::<Bool>("1 = 1")),
        FidelityScope::Organisation(org) => {
            Box::new(fidelity_reviews::organisation_id.eq(Id::from(org)))
        }
        FidelityScope::RegionsOf(org) => Box::new(diesel::dsl::sql::<Bool>(&format!(
            "EXISTS (SELECT 1 FROM organisation_regions mine JOIN organisation_regions theirs \
             ON theirs.region_code = mine.region_code WHERE mine.organisation_id = {org} \
             AND theirs.organisation_id = fidelity_reviews.organisation_id)",
            org = id(org),
        ))),
    }
}
