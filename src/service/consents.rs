//! Recording, reading and withdrawing consents. What a consent opens is decided by the
//! policy on every later request; withdrawing one closes it from the next request on.

use diesel::Connection;

use super::{access, precondition, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::consent::{
    Consent, ConsentMethod, NewConsent, Parties, Recipient, check_parties,
};
use crate::domain::{ClientId, ConsentId, DataCategory, OrganisationKind, Role};
use crate::error::AppError;

const fn ggz_role(role: Role) -> bool {
    matches!(role, Role::EmploymentSpecialist | Role::Practitioner)
}

/// Records a consent the client gave.
pub fn record(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    new: &NewConsent,
) -> Result<Consent, AppError> {
    let day = today();
    authz::require_role(caller, Action::Write(DataCategory::Consents))?;
    conn.transaction(|conn| {
        let record = access::record(conn, caller, client, caller.organisation_id, day)?;
        let permit = access::require(caller, Action::Write(DataCategory::Consents), &record)?;
        let from_kind = db::organisations::kind(conn, new.from_organisation_id)?
            .ok_or_else(|| unknown_reference("fromOrganisationId", "organisation"))?;
        let recipient_ggz = match new.recipient {
            Recipient::Organisation(org) => {
                db::organisations::kind(conn, org)?
                    .ok_or_else(|| unknown_reference("toOrganisationId", "organisation"))?
                    == OrganisationKind::Ggz
            }
            Recipient::Role(role) => ggz_role(role),
        };
        if let Some(trajectory) = new.trajectory_id
            && !db::trajectories::belongs_to(conn, trajectory, client)?
        {
            return Err(unknown_reference("trajectoryId", "trajectory of this client"));
        }
        check_parties(
            new.kind,
            Parties {
                from_ggz: from_kind == OrganisationKind::Ggz,
                from_is_recorder: new.from_organisation_id == caller.organisation_id,
                recipient_ggz,
                recipient_is_from: new.recipient == Recipient::Organisation(new.from_organisation_id),
            },
        )
        .map_err(|(field, reason)| AppError::invalid(field, "invalid_value", reason))?;
        let granted = new.granted_date.unwrap_or(day);
        if new.valid_until.is_some_and(|until| until < granted) {
            return Err(AppError::invalid(
                "validUntilDate",
                "date_order",
                "Must not be before grantedDate.",
            ));
        }
        let id = db::consents::insert(
            conn,
            &permit,
            client,
            new,
            granted,
            (caller.user_id, caller.organisation_id),
        )?;
        tracing::info!(client_id = %client, consent_id = %id, kind = new.kind.as_str(), rule = permit.rule(), "consent recorded");
        db::consents::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

fn load(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: ConsentId,
) -> Result<(Consent, crate::authz::Record), AppError> {
    let consent = db::consents::find(conn, id)?
        .filter(|c| c.client_id == client)
        .ok_or(AppError::NotFound)?;
    let mut record = access::record(
        conn,
        caller,
        client,
        consent.origin_organisation_id,
        today(),
    )?;
    record.consent = Some(consent.grant.clone());
    Ok((consent, record))
}

/// One consent.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: ConsentId,
) -> Result<Consent, AppError> {
    authz::require_role(caller, Action::Read(DataCategory::Consents))?;
    conn.transaction(|conn| {
        let (consent, record) = load(conn, caller, client, id)?;
        access::require(caller, Action::Read(DataCategory::Consents), &record)?;
        Ok(consent)
    })
}

/// A page of the client's consents the caller may see.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    filter: &db::consents::Filter,
    page: PageRequest,
) -> Result<(Vec<Consent>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let scope = access::child_scope(conn, caller, client, DataCategory::Consents, day)?;
        Ok(db::consents::list(conn, &scope, client, filter, page)?)
    })
}

/// Withdraws a consent if it is still at `if_match`; it opens nothing from the next request
/// on. A consent withdrawn already is final (409).
pub fn withdraw(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: ConsentId,
    if_match: Option<i64>,
    via: ConsentMethod,
    reason: Option<&str>,
) -> Result<Consent, AppError> {
    authz::require_role(caller, Action::Write(DataCategory::Consents))?;
    conn.transaction(|conn| {
        let (consent, record) = load(conn, caller, client, id)?;
        let permit = access::require(caller, Action::Write(DataCategory::Consents), &record)?;
        let expected = precondition(if_match, consent.version)?;
        if consent.grant.withdrawn {
            return Err(AppError::InvalidTransition(Vec::new()));
        }
        if !db::consents::withdraw(conn, &permit, id, expected, via, caller.user_id, reason)? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(client_id = %client, consent_id = %id, rule = permit.rule(), "consent withdrawn");
        db::consents::find(conn, id)?.ok_or(AppError::NotFound)
    })
}
