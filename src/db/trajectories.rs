//! Trajectory rows and queries, and their transition records.

use diesel::prelude::*;

use super::schema::trajectories as t;
use super::{DbConn, Id};
use crate::domain::{ClientId, TrajectoryId};

/// Whether the trajectory exists and belongs to the client.
pub fn belongs_to(
    conn: &mut DbConn,
    trajectory: TrajectoryId,
    client: ClientId,
) -> QueryResult<bool> {
    let owner: Option<Id> = t::table
        .find(Id::from(trajectory))
        .select(t::client_id)
        .first(conn)
        .optional()?;
    Ok(owner == Some(Id::from(client)))
}
