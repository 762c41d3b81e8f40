//! The facts the policy needs about a client record, loaded in the use case's transaction:
//! the kind of the organisation a record comes from, the client's consents, the assigned job
//! coaches, and whether the caller leads one of the client's open trajectories.

use diesel::prelude::*;

use super::organisations::corrupt;
use super::schema::{
    consent_categories as cc, consents as cs, jobcoach_provisions as jp, trajectories as t,
};
use super::{DbConn, Id, UtcTime};
use crate::domain::consent::{ConsentKind, Grant, Recipient};
use crate::domain::{
    ClientId, DataCategory, OrganisationId, OrganisationKind, PlacementId, Role, UserId,
};

/// Whether an organisation is a GGZ institution.
pub fn is_ggz(conn: &mut DbConn, organisation: OrganisationId) -> QueryResult<bool> {
    Ok(super::organisations::kind(conn, organisation)? == Some(OrganisationKind::Ggz))
}

type ConsentRow = (
    Id,
    String,
    Id,
    Option<Id>,
    Option<String>,
    chrono::NaiveDate,
    Option<chrono::NaiveDate>,
    Option<UtcTime>,
);

/// Every consent of a client, with its categories, as the policy sees them.
pub fn grants(conn: &mut DbConn, client: ClientId) -> QueryResult<Vec<Grant>> {
    let rows: Vec<ConsentRow> = cs::table
        .filter(cs::client_id.eq(Id::from(client)))
        .select((
            cs::id,
            cs::kind,
            cs::from_organisation_id,
            cs::to_organisation_id,
            cs::to_role,
            cs::granted_date,
            cs::valid_until,
            cs::withdrawn_at,
        ))
        .order(cs::id)
        .load(conn)?;
    let ids: Vec<Id> = rows.iter().map(|r| r.0).collect();
    let categories: Vec<(Id, String)> = cc::table
        .filter(cc::consent_id.eq_any(&ids))
        .select((cc::consent_id, cc::category))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(id, kind, from, to_org, to_role, granted, until, withdrawn)| {
                let recipient = match (to_org, to_role) {
                    (Some(org), None) => Recipient::Organisation(org.0.into()),
                    (None, Some(role)) => Recipient::Role(
                        role.parse::<Role>()
                            .map_err(|()| corrupt("consents.to_role"))?,
                    ),
                    _ => return Err(corrupt("consents recipient")),
                };
                Ok(Grant {
                    id: id.0.into(),
                    kind: kind
                        .parse::<ConsentKind>()
                        .map_err(|()| corrupt("consents.kind"))?,
                    from_organisation_id: from.0.into(),
                    recipient,
                    categories: categories
                        .iter()
                        .filter(|(c, _)| *c == id)
                        .map(|(_, cat)| {
                            cat.parse::<DataCategory>()
                                .map_err(|()| corrupt("consent_categories.category"))
                        })
                        .collect::<QueryResult<_>>()?,
                    granted_date: granted,
                    valid_until: until,
                    withdrawn: withdrawn.is_some(),
                })
            },
        )
        .collect()
}

/// The organisations assigned as job coach by any jobcoach provision of a client.
pub fn jobcoaches_of_client(
    conn: &mut DbConn,
    client: ClientId,
) -> QueryResult<Vec<OrganisationId>> {
    let ids: Vec<Id> = jp::table
        .filter(jp::client_id.eq(Id::from(client)))
        .select(jp::jobcoach_organisation_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().map(|i| i.0.into()).collect())
}

/// The organisations assigned as job coach for one placement.
pub fn jobcoaches_of_placement(
    conn: &mut DbConn,
    placement: PlacementId,
) -> QueryResult<Vec<OrganisationId>> {
    let ids: Vec<Id> = jp::table
        .filter(jp::placement_id.eq(Id::from(placement)))
        .select(jp::jobcoach_organisation_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().map(|i| i.0.into()).collect())
}

/// Whether `user` leads one of `client`'s open (non-terminal) trajectories.
pub fn leads_open_trajectory(
    conn: &mut DbConn,
    user: UserId,
    client: ClientId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        t::table
            .filter(t::client_id.eq(Id::from(client)))
            .filter(t::lead_user_id.eq(Id::from(user)))
            .filter(t::status.ne_all(["CLOSED", "ENDED_EARLY"])),
    ))
    .get_result(conn)
}
