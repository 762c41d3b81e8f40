//! The scenarios of issue 6, each driven twice: over HTTP with wrk, and in process through
//! the same use case (the storage ceiling). Both sides do the same requests in the same
//! order per connection, on the same data.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use actix_web::web::Data;
use chrono::NaiveDate;
use uuid::Uuid;
use werkpad::auth::Caller;
use werkpad::db::DbConn;
use werkpad::db::pagination::PageRequest;
use werkpad::domain::audit::EventFilter;
use werkpad::domain::client::{EmployerDisclosure, MunicipalityCode, NewClient};
use werkpad::domain::trajectory::{
    NewTrajectory, TrajectoryStatus, TrajectoryType, TransitionRequest,
};
use werkpad::domain::{ClientId, RegionCode, TrajectoryId};
use werkpad::error::AppError;
use werkpad::service;
use werkpad::state::AppState;

use super::ceiling;
use super::fixtures::{self, Actor, Movable};
use super::load::{self, Load, Lua, Script};
use super::measurement::Measurement;

/// What every scenario shares.
pub struct Run {
    /// The in-process side.
    pub state: Data<AppState>,
    /// The server.
    pub base: String,
    /// Where wrk's scripts go.
    pub dir: PathBuf,
    /// Per run.
    pub duration: Duration,
    /// The day the data was seeded for.
    pub today: NaiveDate,
}

impl Run {
    fn wrk(
        &self,
        name: &str,
        script: Script,
        data: &Lua,
        connections: usize,
    ) -> anyhow::Result<Measurement> {
        let measured = load::run(
            &self.base,
            &self.dir,
            name,
            &Load {
                script,
                data: data.source(),
                connections,
                duration: self.duration,
            },
        );
        // Requests wrk gave up on at the end may still be finishing on the server; the
        // in-process side that follows must see their writes (versions, locks) settled.
        std::thread::sleep(Duration::from_millis(500));
        measured
    }

    fn start(
        &self,
        name: &str,
        script: Script,
        data: &Lua,
        connections: usize,
    ) -> anyhow::Result<load::Running> {
        load::start(
            &self.base,
            &self.dir,
            name,
            &Load {
                script,
                data: data.source(),
                connections,
                duration: self.duration,
            },
        )
    }

    /// `/v1/health/live` at `connections`: the framework's ceiling.
    pub fn health(&self, connections: usize) -> anyhow::Result<Measurement> {
        let data = Lua::Table(vec![(
            "sets",
            Lua::List(vec![Lua::Table(vec![(
                "paths",
                Lua::List(vec![Lua::str("/v1/health/live")]),
            )])]),
        )]);
        self.wrk(
            &format!("health-{connections}"),
            Script::Get,
            &data,
            connections,
        )
    }

    /// `work` in process from `connections` tasks: the token checked as the server checks
    /// it, then the use case in its audited transaction, as the handler runs it.
    async fn in_process<T, F>(
        &self,
        token: &str,
        operation: &'static str,
        connections: usize,
        work: F,
    ) -> Measurement
    where
        F: Fn(&mut DbConn, &Caller) -> Result<T, AppError> + Clone + Send + 'static,
        T: Send + 'static,
    {
        let (state, token) = (self.state.clone(), token.to_owned());
        ceiling::measure(connections, self.duration, move |_, _| {
            let (state, token, work) = (state.clone(), token.clone(), work.clone());
            async move {
                let caller = fixtures::caller(&state, &token, operation).await?;
                service::audited(&state.pool, &caller, move |conn, c| work(conn, c).map(drop)).await
            }
        })
        .await
    }
}

/// The same accounts for both sides: connection `i` acts as `actors[i % actors.len()]`.
fn sets(actors: &[Actor], paths: impl Fn(usize) -> Vec<String>) -> Lua {
    Lua::Table(vec![(
        "sets",
        Lua::List(
            actors
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    Lua::Table(vec![
                        ("token", Lua::str(&a.token)),
                        (
                            "paths",
                            Lua::List(paths(i).into_iter().map(Lua::Str).collect()),
                        ),
                    ])
                })
                .collect(),
        ),
    )])
}

/// Sign-ins as `emails` in turn.
pub async fn login(
    run: &Run,
    emails: &[String],
    password: &str,
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let data = login_data(emails, password);
    let http = run.wrk("login", Script::Login, &data, connections)?;
    let (state, emails, password) = (
        run.state.clone(),
        Rc::new(emails.to_vec()),
        password.to_owned(),
    );
    let storage = ceiling::measure(connections, run.duration, move |task, round| {
        let (state, emails, password) = (state.clone(), Rc::clone(&emails), password.clone());
        async move {
            let email = &emails[(task + usize_of(round)) % emails.len()];
            fixtures::sign_in(&state, email, &password).await.map(drop)
        }
    })
    .await;
    Ok((http, storage))
}

fn login_data(emails: &[String], password: &str) -> Lua {
    Lua::Table(vec![
        ("emails", Lua::List(emails.iter().map(Lua::str).collect())),
        ("password", Lua::str(password)),
    ])
}

fn usize_of(round: u64) -> usize {
    usize::try_from(round).unwrap_or(usize::MAX)
}

/// Each connection reads its actor's clients in turn.
pub async fn read(
    run: &Run,
    actors: &[(Actor, Vec<Uuid>)],
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let http = run.wrk("read", Script::Get, &read_data(actors), connections)?;
    let storage = read_in_process(run, actors, connections).await;
    Ok((http, storage))
}

fn read_data(actors: &[(Actor, Vec<Uuid>)]) -> Lua {
    let only: Vec<Actor> = actors.iter().map(|(a, _)| a.clone()).collect();
    sets(&only, |i| {
        actors[i]
            .1
            .iter()
            .map(|id| format!("/v1/clients/{id}"))
            .collect()
    })
}

async fn read_in_process(
    run: &Run,
    actors: &[(Actor, Vec<Uuid>)],
    connections: usize,
) -> Measurement {
    let (state, actors) = (run.state.clone(), Rc::new(actors.to_vec()));
    ceiling::measure(connections, run.duration, move |task, round| {
        let (state, actors) = (state.clone(), Rc::clone(&actors));
        async move {
            let (actor, ids) = &actors[task % actors.len()];
            // As get.lua: the connection's index plus the round picks the client.
            let id = ClientId::from(ids[(task + usize_of(round) + 1) % ids.len()]);
            let caller = fixtures::caller(&state, &actor.token, "get_client").await?;
            service::audited(&state.pool, &caller, move |conn, c| {
                service::clients::get(conn, c, id).map(drop)
            })
            .await
        }
    })
    .await
}

/// Reads as in `read` while as many connections sign in: the read side's measurement, and
/// the sign-ins'.
pub fn read_during_logins(
    run: &Run,
    actors: &[(Actor, Vec<Uuid>)],
    emails: &[String],
    password: &str,
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let logins = run.start(
        "burst-login",
        Script::Login,
        &login_data(emails, password),
        connections,
    )?;
    let reads = run.start("burst-read", Script::Get, &read_data(actors), connections)?;
    Ok((reads.finish()?, logins.finish()?))
}

/// The page `cursor` (for the in-process side: the page after `after`) of 50 clients;
/// the first page without them.
pub async fn list(
    run: &Run,
    actor: &Actor,
    cursor: Option<&str>,
    after: Option<Uuid>,
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let path = cursor.map_or_else(
        || "/v1/clients?limit=50".to_owned(),
        |c| format!("/v1/clients?limit=50&cursor={c}"),
    );
    let data = sets(std::slice::from_ref(actor), |_| vec![path.clone()]);
    let http = run.wrk("list", Script::Get, &data, connections)?;
    let page = PageRequest { after, limit: 50 };
    let storage = run
        .in_process(&actor.token, "list_clients", connections, move |conn, c| {
            service::clients::list(conn, c, service::clients::ListFilter::default(), page)
        })
        .await;
    Ok((http, storage))
}

/// Register a client, then open an IPS trajectory for it; each is one request.
pub async fn create(
    run: &Run,
    actor: &Actor,
    municipality: &str,
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let data = Lua::Table(vec![
        ("token", Lua::str(&actor.token)),
        ("municipality", Lua::str(municipality)),
        ("today", Lua::str(run.today.to_string())),
    ]);
    let http = run.wrk("create", Script::Create, &data, connections)?;
    let municipality = MunicipalityCode::parse(municipality).map_err(|e| anyhow::anyhow!(e))?;
    let (state, token, today) = (run.state.clone(), actor.token.clone(), run.today);
    let registered: Rc<RefCell<Vec<Option<ClientId>>>> =
        Rc::new(RefCell::new(vec![None; connections]));
    let storage = ceiling::measure(connections, run.duration, move |task, round| {
        let (state, token, municipality) = (state.clone(), token.clone(), municipality.clone());
        let registered = Rc::clone(&registered);
        async move {
            let pending = registered.borrow_mut()[task].take();
            if let Some(client_id) = pending {
                let caller = fixtures::caller(&state, &token, "create_trajectory").await?;
                let rules = state.rules.clone();
                return service::audited(&state.pool, &caller, move |conn, c| {
                    service::trajectories::create(
                        conn,
                        c,
                        &NewTrajectory {
                            client_id,
                            trajectory_type: TrajectoryType::Ips,
                            lead_user_id: None,
                            registration_date: None,
                            wish_to_work_date: Some(today),
                            start_date: None,
                            planned_end_date: None,
                            target_group_attestation: None,
                            previous_trajectory_id: None,
                        },
                        &rules,
                    )
                    .map(drop)
                })
                .await;
            }
            let caller = fixtures::caller(&state, &token, "create_client").await?;
            let new = NewClient {
                given_names: "Bench".to_owned(),
                family_name: format!("In process {task}-{round}"),
                birth_date: NaiveDate::from_ymd_opt(1990, 4, 12).unwrap_or_default(),
                email: None,
                phone: None,
                municipality_code: municipality,
                municipality_since: None,
                region_code: None,
                employer_disclosure: EmployerDisclosure::None,
                disclosure_note: None,
                bsn: None,
            };
            let st = state.clone();
            let view = service::audited(&state.pool, &caller, move |conn, c| {
                service::clients::register(conn, c, &new, &st.vault)
            })
            .await?;
            registered.borrow_mut()[task] = Some(view.client.id);
            Ok::<(), AppError>(())
        }
    })
    .await;
    Ok((http, storage))
}

/// Pause and resume, with If-Match: connection `i` moves `sets[i]`, as `actors[i]`.
pub async fn transition(
    run: &Run,
    work: &mut [(Actor, Vec<Movable>)],
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let data = Lua::Table(vec![(
        "sets",
        Lua::List(
            work.iter()
                .map(|(actor, items)| {
                    Lua::Table(vec![
                        ("token", Lua::str(&actor.token)),
                        (
                            "items",
                            Lua::List(
                                items
                                    .iter()
                                    .map(|m| {
                                        Lua::Table(vec![
                                            ("id", Lua::str(m.id.to_string())),
                                            ("status", Lua::str(&m.status)),
                                            ("version", Lua::Int(m.version)),
                                            ("paused", Lua::Bool(m.paused)),
                                        ])
                                    })
                                    .collect(),
                            ),
                        ),
                    ])
                })
                .collect(),
        ),
    )]);
    let http = run.wrk("transition", Script::Transition, &data, connections)?;
    for (_, items) in work.iter_mut() {
        fixtures::refresh(&run.state, items)?;
    }
    let state = run.state.clone();
    let work = Rc::new(RefCell::new(work.to_vec()));
    let storage = ceiling::measure(connections, run.duration, move |task, round| {
        let (state, work) = (state.clone(), Rc::clone(&work));
        async move {
            let (token, item) = {
                let work = work.borrow();
                let (actor, items) = &work[task % work.len()];
                (
                    actor.token.clone(),
                    items[usize_of(round) % items.len()].clone(),
                )
            };
            let caller = fixtures::caller(&state, &token, "create_trajectory_transition").await?;
            let request = if item.paused {
                TransitionRequest {
                    to: item.status.parse().map_err(|()| AppError::NotFound)?,
                    date: None,
                    reason: None,
                    end_reason: None,
                }
            } else {
                TransitionRequest {
                    to: TrajectoryStatus::Paused,
                    date: None,
                    reason: Some("Benchmark: a planned holiday.".to_owned()),
                    end_reason: None,
                }
            };
            let rules = state.rules.clone();
            let (id, version) = (TrajectoryId::from(item.id), item.version);
            let outcome = service::audited(&state.pool, &caller, move |conn, c| {
                service::trajectories::transition(conn, c, id, Some(version), &request, &rules)
            })
            .await?;
            let mut work = work.borrow_mut();
            let sets = work.len();
            let (_, items) = &mut work[task % sets];
            let len = items.len();
            let moved = &mut items[usize_of(round) % len];
            moved.version = outcome.view.trajectory.version;
            moved.paused = !moved.paused;
            Ok::<(), AppError>(())
        }
    })
    .await;
    Ok((http, storage))
}

/// The outcome report of `region` for `year`.
pub async fn report(
    run: &Run,
    actor: &Actor,
    region: &str,
    year: i32,
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let data = sets(std::slice::from_ref(actor), |_| {
        vec![format!("/v1/reports/outcomes?region={region}&year={year}")]
    });
    let http = run.wrk("report", Script::Get, &data, connections)?;
    let code = RegionCode::parse(region).map_err(|e| anyhow::anyhow!(e))?;
    let (rules, today) = (run.state.rules.reporting.clone(), run.today);
    let storage = run
        .in_process(
            &actor.token,
            "get_outcome_report",
            connections,
            move |conn, c| service::reports::region_report(conn, c, &rules, &code, year, today),
        )
        .await;
    Ok((http, storage))
}

/// The first page of 50 access-log events the auditor's organisation may read.
pub async fn audit(
    run: &Run,
    actor: &Actor,
    connections: usize,
) -> anyhow::Result<(Measurement, Measurement)> {
    let data = sets(std::slice::from_ref(actor), |_| {
        vec!["/v1/audit-events?limit=50".to_owned()]
    });
    let http = run.wrk("audit", Script::Get, &data, connections)?;
    let page = PageRequest {
        after: None,
        limit: 50,
    };
    let storage = run
        .in_process(
            &actor.token,
            "list_audit_events",
            connections,
            move |conn, c| service::access_log::list(conn, c, &EventFilter::default(), page),
        )
        .await;
    Ok((http, storage))
}
