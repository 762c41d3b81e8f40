//! Who does what in a run: accounts signed in (in this process, with the server's keys, so
//! the same tokens serve both the in-process work and wrk), and the clients, trajectories
//! and deep list page they work on, read from the seeded data.

use std::sync::Arc;

use anyhow::anyhow;
use diesel::prelude::*;
use secrecy::SecretString;
use uuid::Uuid;
use werkpad::auth::{Caller, RequestMeta};
use werkpad::db::schema::{trajectories, users};
use werkpad::db::{Id, pagination::PageRequest};
use werkpad::domain::trajectory::TrajectoryStatus;
use werkpad::error::AppError;
use werkpad::service;
use werkpad::state::AppState;

/// A signed-in account.
#[derive(Clone)]
pub struct Actor {
    /// Its access token.
    pub token: String,
}

/// A trajectory a connection pauses and resumes.
#[derive(Clone, Debug)]
pub struct Movable {
    /// Id.
    pub id: Uuid,
    /// The open status it is paused in and resumed to.
    pub status: String,
    /// Its version (the ETag) now.
    pub version: i64,
    /// Whether it is paused now (and so next resumed).
    pub paused: bool,
}

/// What an access by `caller` looks like to the access log, like a request's.
fn meta(operation: &'static str) -> Arc<RequestMeta> {
    Arc::new(RequestMeta {
        access_point: "127.0.0.1".to_owned(),
        operation: Some(operation),
        ..RequestMeta::default()
    })
}

/// Signs in `email` through the sign-in use case (argon2id, session row, access-log event).
pub async fn sign_in(state: &AppState, email: &str, password: &str) -> Result<Actor, AppError> {
    let tokens = service::sessions::sign_in(
        state,
        service::sessions::SignIn {
            email: email.to_owned(),
            password: SecretString::from(password.to_owned()),
            origin: (*meta("create_session")).clone(),
        },
    )
    .await?;
    Ok(Actor {
        token: tokens.access_token,
    })
}

/// The caller a request with `token` becomes, checked as the server checks every request.
pub async fn caller(
    state: &AppState,
    token: &str,
    operation: &'static str,
) -> Result<Caller, AppError> {
    Caller::authenticate(state, token, meta(operation)).await
}

/// Up to `n` active accounts of `like`'s organisation with its role, `like` first.
pub fn colleagues(state: &AppState, like: &str, n: usize) -> anyhow::Result<Vec<String>> {
    let like = like.to_owned();
    state
        .pool
        .with_conn(move |conn| {
            let (org, role): (Id, String) = users::table
                .filter(users::email.eq(&like))
                .select((users::organisation_id, users::role))
                .first(conn)?;
            let mut emails: Vec<String> = users::table
                .filter(users::organisation_id.eq(org))
                .filter(users::role.eq(role))
                .filter(users::active.eq(true))
                .filter(users::email.ne(&like))
                .order(users::email)
                .select(users::email)
                .limit(i64::try_from(n).unwrap_or(i64::MAX) - 1)
                .load(conn)?;
            emails.insert(0, like);
            Ok(emails)
        })
        .map_err(|e| anyhow!("{e}"))
}

/// The clients `actor` sees on its first page, in the list's order.
pub async fn clients_of(state: &AppState, actor: &Actor) -> anyhow::Result<Vec<(Uuid, String)>> {
    let caller = caller(state, &actor.token, "list_clients").await?;
    let (views, _) = service::audited(&state.pool, &caller, |conn, caller| {
        service::clients::list(
            conn,
            caller,
            service::clients::ListFilter::default(),
            PageRequest {
                after: None,
                limit: 100,
            },
        )
    })
    .await?;
    Ok(views
        .into_iter()
        .map(|v| (v.client.id.uuid(), v.client.municipality_code))
        .collect())
}

/// The open, unpaused trajectories `actor` leads, with their versions now.
pub async fn movable(state: &AppState, actor: &Actor) -> anyhow::Result<Vec<Movable>> {
    let caller = caller(state, &actor.token, "list_trajectories").await?;
    let lead = Id::from(caller.user_id.uuid());
    let closed = [
        TrajectoryStatus::Paused,
        TrajectoryStatus::Closed,
        TrajectoryStatus::EndedEarly,
    ]
    .map(|s| s.as_str().to_owned());
    let rows: Vec<(Id, String, i64)> = state
        .pool
        .with_conn(move |conn| {
            Ok(trajectories::table
                .filter(trajectories::lead_user_id.eq(lead))
                .filter(trajectories::status.ne_all(closed))
                .order(trajectories::id)
                .select((
                    trajectories::id,
                    trajectories::status,
                    trajectories::version,
                ))
                .load(conn)?)
        })
        .map_err(|e| anyhow!("{e}"))?;
    Ok(rows
        .into_iter()
        .map(|(id, status, version)| Movable {
            id: id.0,
            status,
            version,
            paused: false,
        })
        .collect())
}

/// The current versions of `items` (after the in-process run moved them).
pub fn refresh(state: &AppState, items: &mut [Movable]) -> anyhow::Result<()> {
    for item in items.iter_mut() {
        let id = Id::from(item.id);
        let (status, version): (String, i64) = state
            .pool
            .with_conn(move |conn| {
                Ok(trajectories::table
                    .find(id)
                    .select((trajectories::status, trajectories::version))
                    .first(conn)?)
            })
            .map_err(|e| anyhow!("{e}"))?;
        // A run that ends between a pause and its resume leaves it paused; its status to
        // resume to is the one remembered.
        item.paused = status == TrajectoryStatus::Paused.as_str();
        if !item.paused {
            item.status = status;
        }
        item.version = version;
    }
    Ok(())
}

/// Walks `actor`'s client list up to `pages` pages of 50 deep over HTTP, and returns the
/// cursor of the last page reached, the key before it (for the in-process run) and how
/// many pages deep that is.
pub async fn deep_cursor(
    base: &str,
    actor: &Actor,
    pages: usize,
) -> anyhow::Result<(Option<String>, Option<Uuid>, usize)> {
    let http = reqwest::Client::new();
    let (mut cursor, mut after, mut depth) = (None::<String>, None, 0);
    for _ in 0..pages {
        let mut url = format!("{base}/v1/clients?limit=50");
        if let Some(c) = &cursor {
            url.push_str("&cursor=");
            url.push_str(c);
        }
        let page: serde_json::Value = http
            .get(&url)
            .bearer_auth(&actor.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let next = page["nextCursor"].as_str().map(str::to_owned);
        let last = page["items"]
            .as_array()
            .and_then(|items| items.last())
            .and_then(|c| c["id"].as_str())
            .and_then(|id| id.parse::<Uuid>().ok());
        match (next, last) {
            (Some(next), Some(last)) => {
                cursor = Some(next);
                after = Some(last);
                depth += 1;
            }
            _ => break,
        }
    }
    // A list shorter than `pages` (a small scale) gives its last page; a single page,
    // the first.
    Ok((cursor, after, depth))
}
