//! Authorization: the one place that decides what a caller may do.
//!
//! Invariants (reviewers treat changes here as security changes):
//! - `decide` is pure. It matches exhaustively on the action, and every arm on the role,
//!   without wildcard arms: a new role or action does not compile until every cell is decided.
//! - Every write in `db/` takes a `Permit`, and a `Permit` can only be made by `require`,
//!   so a write that skipped this module does not compile.
//! - A target outside the caller's reach is `NotVisible` (404, indistinguishable from a
//!   missing record); a role that may never act is `Role` (403 `forbidden`), decided before
//!   anything is loaded; a care-team member without the needed consent is `ConsentRequired`
//!   (403 `consent_required`).
//! - Client data is reached only through an active care-team membership. The roles that
//!   work with aggregates or accounts (regional and programme coordinators, auditors,
//!   organisation and system administrators) never reach client-level content.
//! - GGZ-originated data reaches a caller outside GGZ only while a SHARE_GGZ_TO_WI consent
//!   from that organisation covers the caller, the category and the day (the Wgbo gate).
//! - Lists are filtered by `record_scope`, which carries the same matrix cell the single-record
//!   decision uses; it is turned into SQL only in `db/scope.rs`.
//! - Reading the access log is itself an access that leaves an event (domain.md §15): the
//!   auditor's scope is handed out only together with a `ReadAuditLog` decision, which marks
//!   the request's trail.
//! - Erasure and the legal hold belong to the controller that registered the client: only
//!   an auditor (privacy officer) of that organisation, who is never on a care team and
//!   reads no client content, may erase or hold it; another organisation's auditor finds
//!   nothing there (404).
//! - Emergency access (break-glass) opens involvement, never consent: only a GGZ care role
//!   may break the glass, the EMERGENCY membership it creates counts only while its grant
//!   runs, and every decision that rests on such a membership names the grant in the
//!   request's trail, so that its access-log event carries it.
//! - Fidelity reviews are team-level, not client data: reach is by organisation and
//!   labour-market region (`FidelityScope`), turned into SQL only in `db/scope.rs`, and a
//!   review outside it is 404 like a missing one.

mod emergency;
mod fidelity;
mod matrix;
mod policy;
mod reports;
mod trail;

use chrono::NaiveDate;

use crate::auth::Caller;
use crate::domain::benefits::BenefitType;
use crate::domain::consent::{Grant, Origin};
use crate::domain::jobcoaching::JobcoachFinancier;
use crate::domain::{
    ClientId, ConsentId, DataCategory, EmergencyAccessId, OrganisationId, OrganisationKind, Role,
    UserId,
};
use crate::error::AppError;

pub use emergency::EmergencyAccessScope;
pub use fidelity::FidelityScope;
pub use matrix::{Qualifier, ReadCell, WriteCell, cell};
pub use trail::{Entries, Trail};

/// One variant per use case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// List organisations.
    ListOrganisations,
    /// Register an organisation.
    CreateOrganisation,
    /// Read one organisation.
    ReadOrganisation,
    /// Change an organisation's name, identifiers or regions.
    UpdateOrganisation,
    /// List accounts.
    ListUsers,
    /// Read one account.
    ReadUser,
    /// Create an account.
    CreateUser,
    /// Change an account.
    UpdateUser,
    /// End all sessions of an account.
    EndUserSessions,
    /// Read one's own account.
    ReadOwnAccount,
    /// Read reference data (regions, municipalities, trajectory types).
    ReadReferenceData,
    /// Register a new client; the registrant becomes a care-team member.
    RegisterClient,
    /// Read a client-data record of a category.
    Read(DataCategory),
    /// Create or change a client-data record of a category.
    Write(DataCategory),
    /// Record the hours spent on a jobcoach provision (the job coach's only write).
    RecordJobcoachHours,
    /// Add, change or end other professionals' care-team memberships.
    ManageCareTeam,
    /// End one's own care-team membership.
    LeaveCareTeam,
    /// Read the employer register (organisations, not people).
    ReadEmployers,
    /// Add to or correct the employer register.
    ManageEmployers,
    /// Log or read general job-development contacts (no client) of one's own organisation.
    JobDevelopment,
    /// Read the access log (NEN 7513) of one's own organisation's users and clients.
    ReadAuditLog,
    /// Read one client's access overview (inzageoverzicht), to hand it to the client.
    ReadClientAccessLog,
    /// Copy a client's file for the client (AVG art. 15): what the caller may read of it,
    /// and the client's own access overview (AUDIT_LOG), which the export adds.
    ExportClient,
    /// Erase a client's file (AVG art. 17), leaving a tombstone.
    EraseClient,
    /// Read a client's retention state and set or lift its legal hold.
    ManageRetention,
    /// Open a client file outside one's involvement for a limited time (break-glass).
    BreakGlass,
    /// List the emergency accesses (the auditor's review).
    ListEmergencyAccesses,
    /// Read one emergency access.
    ReadEmergencyAccess,
    /// Read a region-year outcome report (aggregates only).
    ReadOutcomeReport,
    /// Read the national outcome report: every region against its target.
    ReadNationalOutcomeReport,
    /// Record an organisation's IPS-25 fidelity review (the reviewer's report).
    RecordFidelityReview,
    /// Read fidelity reviews (team level, no client data).
    ReadFidelityReviews,
}

/// Facts about the record acted on, loaded by the service (in the same transaction) before
/// asking.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// Organisation the record belongs to (accounts and organisations).
    pub organisation_id: Option<OrganisationId>,
    /// Roles involved: the account's current role and, for a change, the new one.
    pub roles: Vec<Role>,
    /// For client data: the facts of the record.
    pub record: Option<Record>,
    /// For a region's outcome report: whether the caller's organisation works in that
    /// region (`organisation_regions`).
    pub works_in_region: bool,
}

/// The facts of one client-data record (or of a record about to be created).
#[derive(Clone, Debug)]
pub struct Record {
    /// The client the record is about (not a fact the policy decides on; it names the
    /// client in the permit and the access log).
    pub client: Option<ClientId>,
    /// Whether the caller has an active care-team membership with the record's client.
    pub member: bool,
    /// When that membership is only an emergency one: the running grant it rests on (not a
    /// fact the policy decides on; break-glass opens involvement like any membership, and
    /// the grant is named in the permit's trail and the access log).
    pub emergency_access: Option<EmergencyAccessId>,
    /// The organisation that created the record (for a new record: the caller's own).
    pub origin: Origin,
    /// The client's consents (all of them; the policy picks what covers the request).
    pub consents: Vec<Grant>,
    /// The day access is decided for (today, in the Netherlands).
    pub day: NaiveDate,
    /// A benefit record's type.
    pub benefit_type: Option<BenefitType>,
    /// A jobcoach provision's financier.
    pub jobcoach_financier: Option<JobcoachFinancier>,
    /// The organisations assigned as job coach for this record (its client, placement or
    /// provision).
    pub jobcoach_organisations: Vec<OrganisationId>,
    /// When the record is itself a consent: that consent.
    pub consent: Option<Grant>,
    /// Whether the caller leads one of the client's open trajectories.
    pub leads_open_trajectory: bool,
}

impl Record {
    /// A record with only the essentials; the attributes default to absent.
    #[must_use]
    pub const fn new(member: bool, origin: Origin, consents: Vec<Grant>, day: NaiveDate) -> Self {
        Self {
            client: None,
            member,
            emergency_access: None,
            origin,
            consents,
            day,
            benefit_type: None,
            jobcoach_financier: None,
            jobcoach_organisations: Vec::new(),
            consent: None,
            leads_open_trajectory: false,
        }
    }
}

impl Target {
    /// A client-data target.
    #[must_use]
    pub fn record(record: Record) -> Self {
        Self {
            record: Some(record),
            ..Self::default()
        }
    }
}

/// Why access was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    /// The record is outside the caller's reach: answer as if it did not exist.
    NotVisible,
    /// The caller's role may not do this.
    Role,
    /// A care-team member without the consent this data needs.
    ConsentRequired,
}

/// The policy's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Allowed by the named rule, with the consent that opened the data, if one did.
    Allow(&'static str, Option<ConsentId>),
    /// Refused.
    Deny(Deny),
}

/// Who asks, as the policy sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subject {
    /// Account.
    pub user_id: UserId,
    /// Its organisation.
    pub organisation_id: OrganisationId,
    /// The organisation's kind.
    pub organisation_kind: OrganisationKind,
    /// Its role.
    pub role: Role,
}

impl From<&Caller> for Subject {
    fn from(c: &Caller) -> Self {
        Self {
            user_id: c.user_id,
            organisation_id: c.organisation_id,
            organisation_kind: c.organisation_kind,
            role: c.role,
        }
    }
}

/// Proof that `require` allowed an action. Its fields are private and it can only be made
/// here, so holding one means the policy was asked.
#[derive(Debug)]
pub struct Permit {
    actor: UserId,
    action: Action,
    rule: &'static str,
    consent: Option<ConsentId>,
    client: Option<ClientId>,
}

impl Permit {
    /// Who acts.
    #[must_use]
    pub const fn actor(&self) -> UserId {
        self.actor
    }

    /// What was allowed.
    #[must_use]
    pub const fn action(&self) -> Action {
        self.action
    }

    /// The policy rule that allowed it.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        self.rule
    }

    /// The consent that opened the data, if one did.
    #[must_use]
    pub const fn consent(&self) -> Option<ConsentId> {
        self.consent
    }

    /// The client whose data it concerns, if any.
    #[must_use]
    pub const fn client(&self) -> Option<ClientId> {
        self.client
    }
}

/// The pure decision.
#[must_use]
pub fn decide(subject: Subject, action: Action, target: &Target) -> Decision {
    policy::decide(subject, action, target)
}

/// Asks the policy; a refusal becomes the matching `AppError` and is logged on the
/// `security` target.
pub fn require(caller: &Caller, action: Action, target: &Target) -> Result<Permit, AppError> {
    match decide(caller.into(), action, target) {
        Decision::Allow(rule, consent) => {
            let client = target.record.as_ref().and_then(|r| r.client);
            let emergency = emergency_of(target);
            caller
                .trail
                .allowed(action, client, rule, consent, emergency);
            if let Some(client) = client {
                // Every permitted access to client data, with ids only.
                tracing::info!(
                    target: "access",
                    user_id = %caller.user_id,
                    organisation_id = %caller.organisation_id,
                    role = caller.role.as_str(),
                    client_id = %client,
                    ?action,
                    rule,
                    consent_id = ?consent.map(|c| c.to_string()),
                    emergency_access_id = ?emergency.map(|g| g.to_string()),
                    "client data accessed"
                );
            }
            Ok(Permit {
                actor: caller.user_id,
                action,
                rule,
                consent,
                client,
            })
        }
        Decision::Deny(reason) => {
            let client = target.record.as_ref().and_then(|r| r.client);
            caller.trail.refused(action, client, reason);
            caller.trail.reached_through(emergency_of(target));
            tracing::info!(
                target: "security",
                user_id = %caller.user_id,
                role = caller.role.as_str(),
                ?action,
                ?reason,
                "authorization denied"
            );
            Err(match reason {
                Deny::NotVisible => AppError::NotFound,
                Deny::Role => AppError::Forbidden,
                Deny::ConsentRequired => AppError::ConsentRequired,
            })
        }
    }
}

/// The emergency grant the target's membership rests on, if it does.
fn emergency_of(target: &Target) -> Option<EmergencyAccessId> {
    target
        .record
        .as_ref()
        .filter(|r| r.member)
        .and_then(|r| r.emergency_access)
}

/// The answer for a record under a client the caller is not on the care team of: 404,
/// exactly as if it did not exist, and a refusal in the request's access-log event.
#[must_use]
pub fn outside_reach(caller: &Caller, action: Action, client: ClientId) -> AppError {
    caller.trail.refused(action, Some(client), Deny::NotVisible);
    AppError::NotFound
}

/// Whether the caller's role could ever be allowed `action` (no log line): for choosing
/// what to show, not for refusing.
#[must_use]
pub fn role_may(caller: &Caller, action: Action) -> bool {
    matrix::role_may(caller.into(), action)
}

/// The scope for `category` if the caller's role may read it at all (no log line): for
/// lists that gather several categories.
#[must_use]
pub fn readable_scope(
    caller: &Caller,
    category: DataCategory,
    day: NaiveDate,
) -> Option<RecordScope> {
    let subject = Subject::from(caller);
    let scope = matrix::list_cell(subject, category).map(|read| RecordScope {
        subject,
        category,
        read,
        day,
    });
    if scope.is_some() {
        caller.trail.scoped(category);
    }
    scope
}

/// Refuses (403) a role that may never perform `action`, before anything is loaded: a
/// missing record and an existing one then get the same answer.
pub fn require_role(caller: &Caller, action: Action) -> Result<(), AppError> {
    if matrix::role_may(caller.into(), action) {
        return Ok(());
    }
    caller.trail.refused(action, None, Deny::Role);
    tracing::info!(
        target: "security",
        user_id = %caller.user_id,
        role = caller.role.as_str(),
        ?action,
        "authorization denied: role"
    );
    Err(AppError::Forbidden)
}

/// Whether the policy would allow it, without a permit or a log line: for deciding which
/// optional fields of a readable record to include.
#[must_use]
pub fn allows(caller: &Caller, action: Action, target: &Target) -> bool {
    match decide(caller.into(), action, target) {
        Decision::Allow(rule, consent) => {
            // The response will hold this category's fields: that is an access too.
            let client = target.record.as_ref().and_then(|r| r.client);
            caller
                .trail
                .allowed(action, client, rule, consent, emergency_of(target));
            true
        }
        Decision::Deny(_) => false,
    }
}

/// A permit for work done by the operator on the command line (`werkpad user create`,
/// demo seeding), which has no caller. Its rule names the route so the origin stays visible.
#[must_use]
pub const fn operator_permit(action: Action) -> Permit {
    Permit {
        actor: UserId::nil(),
        action,
        rule: "operator_command_line",
        consent: None,
        client: None,
    }
}

/// Which rows of an organisation-bound list (accounts, access-log events) the caller may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// None at all.
    None,
    /// Those of one organisation: its accounts; for the access log, the events of its users
    /// and those about the clients it registered.
    Organisation(OrganisationId),
    /// All of them.
    All,
}

/// The caller's scope for accounts.
#[must_use]
pub fn user_scope(caller: &Caller) -> Scope {
    policy::user_scope(caller.role, caller.organisation_id)
}

/// The access-log events the caller may read: 403 for every role but the auditor, who gets
/// its own organisation's. The decision marks the trail, so that this read leaves an
/// AUDIT_READ event even when the events it returns concern no client.
pub fn audit_scope(caller: &Caller) -> Result<Scope, AppError> {
    require(caller, Action::ReadAuditLog, &Target::default())?;
    Ok(policy::audit_scope(caller.role, caller.organisation_id))
}

/// Which client-data records of one category a list may contain: the records of clients the
/// caller is an active care-team member of, further narrowed by the matrix cell (consent,
/// qualifier) and the Wgbo gate. `db/scope.rs` turns it into SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordScope {
    /// Who asks.
    pub subject: Subject,
    /// The category listed.
    pub category: DataCategory,
    /// The caller's read cell for it (never `Never`).
    pub read: ReadCell,
    /// The day memberships and consents are evaluated for.
    pub day: NaiveDate,
}

impl RecordScope {
    /// Whether GGZ-originated records need a SHARE_GGZ_TO_WI consent for this caller.
    #[must_use]
    pub fn wgbo_gate(&self) -> bool {
        self.subject.organisation_kind != OrganisationKind::Ggz
    }
}

/// The scope for listing `category` records, or 403 when the role may never read them.
pub fn record_scope(
    caller: &Caller,
    category: DataCategory,
    day: NaiveDate,
) -> Result<RecordScope, AppError> {
    readable_scope(caller, category, day).ok_or_else(|| {
        caller
            .trail
            .refused(Action::Read(category), None, Deny::Role);
        tracing::info!(
            target: "security",
            user_id = %caller.user_id,
            role = caller.role.as_str(),
            category = category.as_str(),
            "authorization denied: list"
        );
        AppError::Forbidden
    })
}

/// Which emergency accesses the caller may see, or 403 when its role may not read them at
/// all. Turned into SQL only in `db/scope.rs`.
pub fn emergency_access_scope(
    caller: &Caller,
    action: Action,
) -> Result<EmergencyAccessScope, AppError> {
    require(caller, action, &Target::default())?;
    emergency::scope(caller.into()).ok_or(AppError::Forbidden)
}

/// The answer for an emergency access outside the caller's scope: 404, exactly as if it
/// did not exist, and a refusal in the request's access-log event.
#[must_use]
pub fn emergency_access_not_visible(caller: &Caller) -> AppError {
    caller
        .trail
        .refused(Action::ReadEmergencyAccess, None, Deny::NotVisible);
    AppError::NotFound
}

/// Whose records an outcome report for `caller` covers, or the refusal (403 for a role
/// that reads no reports; 404 for a regional coordinator asking for another region). The
/// decision marks the trail, so that the report leaves an access-log event naming the
/// categories it aggregates.
pub fn report_coverage(
    caller: &Caller,
    action: Action,
    works_in_region: bool,
) -> Result<crate::domain::kpi::report::Coverage, AppError> {
    let target = Target {
        works_in_region,
        ..Target::default()
    };
    require(caller, action, &target)?;
    Ok(reports::coverage(caller.into()))
}

/// Which fidelity reviews the caller may read, or 403 when its role may read none.
pub fn fidelity_scope(caller: &Caller) -> Result<FidelityScope, AppError> {
    require(caller, Action::ReadFidelityReviews, &Target::default())?;
    fidelity::scope(caller.into()).ok_or(AppError::Forbidden)
}

/// The answer for a fidelity review outside the caller's scope: 404, exactly as if it did
/// not exist, and the refusal for the request's access-log event.
#[must_use]
pub fn fidelity_review_not_visible(caller: &Caller) -> AppError {
    caller
        .trail
        .refused(Action::ReadFidelityReviews, None, Deny::NotVisible);
    AppError::NotFound
}
