//! The test harness: a fresh database and a running werkpad per test, and builders that
//! create fixtures through the public API as a bootstrap system administrator.

mod db;
mod financings;
mod logs;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use werkpad::authz::{Action, operator_permit};
use werkpad::config::{DatabaseUrl, Environment, Settings};
use werkpad::domain::accounts::{NewOrganisation, NewUser};
use werkpad::domain::{Email, OrganisationKind, Password, RegionCode, Role};
use werkpad::startup::Application;

pub use db::TestDb;
pub use logs::captured_logs;

/// The password every fixture account gets.
pub const PASSWORD: &str = "correct horse battery staple";

/// Settings for tests: fixed secrets, the cheapest valid argon2 parameters, port 0.
pub fn settings(database_url: &str) -> Settings {
    Settings {
        environment: Environment::Development,
        database_url: DatabaseUrl::new(database_url),
        db_pool_size: 4,
        migrate_on_start: true,
        listen_addr: "127.0.0.1:0".parse().unwrap(),
        jwt_algorithm: werkpad::config::JwtAlgorithm::Hs256,
        jwt_secret: Some("test-jwt-secret-that-is-long-enough-0123".to_owned().into()),
        jwt_private_key_file: None,
        jwt_public_key_file: None,
        hmac_key: Some("test-hmac-key-that-is-long-enough-012345".to_owned().into()),
        data_key: Some(
            "dGVzdC1kYXRhLWtleS10aGF0LWlzLTMyLWJ5dGVzISE="
                .to_owned()
                .into(),
        ),
        jwt_issuer: "werkpad".to_owned(),
        jwt_audience: "werkpad".to_owned(),
        access_token_ttl: Duration::from_secs(900),
        refresh_idle_ttl: Duration::from_secs(1800),
        session_max_ttl: Duration::from_secs(12 * 3600),
        argon2_m_kib: 64,
        argon2_t: 1,
        argon2_p: 1,
        password_hash_concurrency: 2,
        login_max_failures: 5,
        login_failure_window: Duration::from_secs(900),
        cors_origins: vec!["https://app.example.nl".to_owned()],
        trusted_proxies: Vec::new(),
        body_limit_bytes: 262_144,
        docs_ui: true,
        log_format: None,
        wabz_phases: werkpad::domain::trajectory::machine::DEFAULT_WABZ_PHASES.to_owned(),
        wabz_intake_categories: werkpad::domain::rules::DEFAULT_WABZ_INTAKE_CATEGORIES.to_owned(),
        jobcoach_min_contract_months: 6,
        jobcoach_min_hours: 12.0,
        jobcoach_exception_min_hours: 8.0,
        jobcoach_min_wage_value: 35,
        jobcoach_exception_min_wage_value: 20,
        jobcoach_period_months: 6,
        jobcoach_max_months: 36,
        retention_ggz_wgbo: "20y".to_owned(),
        retention_municipal_social_domain: "10y".to_owned(),
        retention_uwv: "10y".to_owned(),
        retention_shared_trajectory: "20y".to_owned(),
        emergency_access_ttl: Duration::from_secs(3600),
        durability_rule_version: werkpad::domain::kpi::rule::DEFAULT_RULE_VERSION.to_owned(),
        durability_min_days: 183,
        durability_max_gap_days: 30,
        durability_work_types: String::new(),
        durability_min_hours: None,
        region_target: 100,
        region_targets: String::new(),
        suppression_threshold: 5,
    }
}

/// A signed-in account.
#[derive(Clone, Debug)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub organisation_id: String,
    pub access: String,
    pub refresh: String,
}

/// A running werkpad on its own database.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub admin: TestUser,
    pub operator_org: String,
    pub settings: Settings,
    /// The running server's shared state (its pool, hasher and rules).
    pub state: actix_web::web::Data<werkpad::state::AppState>,
    // Dropped last: the database outlives the server that uses it.
    _db: TestDb,
}

/// A response with its body read.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a problem response with this status and code, and returns its body.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let body = self.json();
        assert_eq!(body["code"], code, "body: {}", self.text);
        assert_eq!(body["status"], status);
        assert_eq!(body["type"], format!("urn:werkpad:problem:{code}"));
        for member in ["title", "detail", "instance"] {
            assert!(
                body[member].as_str().is_some_and(|s| !s.is_empty()),
                "{member} missing"
            );
        }
        body
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
        self
    }
}

/// Starts a server for `settings`; returns its base URL.
pub fn start(settings: &Settings) -> (String, Application) {
    let app = Application::build(settings).expect("werkpad starts");
    (format!("http://127.0.0.1:{}", app.port()), app)
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns with adjusted settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        logs::install();
        let db = TestDb::create();
        let mut settings = settings(&db.url);
        adjust(&mut settings);
        let (base, app) = start(&settings);
        let state = app.state();
        tokio::spawn(app.run());

        // The first system administrator, created as the operator would on the command line.
        let (operator_org, admin_email) = {
            let permit = operator_permit(Action::CreateOrganisation);
            let org = state
                .pool
                .with_conn(|conn| {
                    werkpad::service::organisations::register(
                        conn,
                        &permit,
                        &NewOrganisation {
                            kind: OrganisationKind::Other,
                            name: "werkpad operator".to_owned(),
                            kvk_number: None,
                            oin: None,
                            agb_code: None,
                            cbs_municipality_code: None,
                            uwv_recognised: false,
                            region_codes: vec![RegionCode::parse("AM22").unwrap()],
                        },
                    )
                })
                .unwrap();
            let password = Password::parse(PASSWORD.to_owned().into()).unwrap();
            let hash = state.hasher.hash_now(password.secret()).unwrap();
            let email = "admin@werkpad.test".to_owned();
            let new = NewUser {
                email: Email::parse(&email).unwrap(),
                display_name: "Bootstrap admin".to_owned(),
                organisation_id: org.id,
                role: Role::SystemAdmin,
                password,
                active: true,
            };
            let permit = operator_permit(Action::CreateUser);
            state
                .pool
                .with_conn(|conn| werkpad::service::users::register(conn, &permit, &new, &hash))
                .unwrap();
            (org.id.to_string(), email)
        };
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut app = Self {
            base,
            client,
            admin: TestUser {
                id: String::new(),
                email: String::new(),
                organisation_id: operator_org.clone(),
                access: String::new(),
                refresh: String::new(),
            },
            operator_org,
            settings,
            state,
            _db: db,
        };
        app.admin = app.sign_in(&admin_email, PASSWORD).await;
        app
    }

    /// Sends a request; `token` as bearer, `body` as JSON.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> TestResponse {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        Self::read(request.send().await.expect("request sent")).await
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> TestResponse {
        Self::read(request.send().await.expect("request sent")).await
    }

    async fn read(response: reqwest::Response) -> TestResponse {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        TestResponse {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> TestResponse {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> TestResponse {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn login(&self, email: &str, password: &str) -> TestResponse {
        self.post(
            "/v1/sessions",
            None,
            &json!({ "email": email, "password": password }),
        )
        .await
    }

    /// Signs in and returns the tokens; panics unless it succeeds.
    pub async fn sign_in(&self, email: &str, password: &str) -> TestUser {
        let response = self.login(email, password).await;
        response.assert_status(201);
        let body = response.json();
        let me = self
            .get("/v1/me", body["accessToken"].as_str().unwrap())
            .await
            .json();
        TestUser {
            id: me["user"]["id"].as_str().unwrap().to_owned(),
            email: email.to_owned(),
            organisation_id: me["user"]["organisationId"].as_str().unwrap().to_owned(),
            access: body["accessToken"].as_str().unwrap().to_owned(),
            refresh: body["refreshToken"].as_str().unwrap().to_owned(),
        }
    }

    /// Registers an organisation through the API; returns its id.
    pub async fn organisation(&self, kind: &str, name: &str) -> String {
        let response = self
            .post(
                "/v1/organisations",
                Some(&self.admin.access),
                &json!({ "kind": kind, "name": name, "regionCodes": ["AM22"] }),
            )
            .await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    }

    /// Sends a request with `If-Match`.
    pub async fn with_if_match(
        &self,
        method: Method,
        path: &str,
        token: &str,
        etag: &str,
        body: &Value,
    ) -> TestResponse {
        self.send(
            self.client
                .request(method, format!("{}{path}", self.base))
                .bearer_auth(token)
                .header("If-Match", etag)
                .json(body),
        )
        .await
    }

    /// PATCH with `If-Match`.
    pub async fn patch(&self, path: &str, token: &str, etag: &str, body: &Value) -> TestResponse {
        self.with_if_match(Method::PATCH, path, token, etag, body)
            .await
    }

    /// Registers an organisation of `kind` in region AM22 and returns its id.
    pub async fn org(&self, kind: &str) -> String {
        self.organisation(kind, &format!("{kind} {}", uuid::Uuid::now_v7()))
            .await
    }

    /// Registers a client as `by` and returns its id.
    pub async fn client_by(&self, by: &TestUser) -> String {
        self.client_with(by, json!({})).await
    }

    /// Registers a client as `by` with `extra` fields over sensible defaults.
    pub async fn client_with(&self, by: &TestUser, extra: Value) -> String {
        let mut body = json!({
            "givenNames": "Sanne",
            "familyName": "de Vries",
            "birthDate": "1990-04-12",
            "municipalityCode": "GM0599",
            "regionCode": "AM22",
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let response = self.post("/v1/clients", Some(&by.access), &body).await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    }

    /// Adds `user` to `client`'s care team, as `by`.
    pub async fn add_member(&self, by: &TestUser, client: &str, user: &TestUser) -> String {
        let response = self
            .post(
                &format!("/v1/clients/{client}/care-team-members"),
                Some(&by.access),
                &json!({ "userId": user.id, "teamRole": "OTHER" }),
            )
            .await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    }

    /// Records a SHARE_GGZ_TO_WI consent from `by`'s organisation to `to` (an organisation)
    /// for `categories`; returns its id.
    pub async fn consent(
        &self,
        by: &TestUser,
        client: &str,
        to: &str,
        categories: &[&str],
    ) -> String {
        self.consent_with(
            by,
            client,
            json!({
                "kind": "SHARE_GGZ_TO_WI", "fromOrganisationId": by.organisation_id,
                "toOrganisationId": to, "dataCategories": categories,
                "purpose": "IPS_TRAJECTORY", "method": "WRITTEN"
            }),
        )
        .await
    }

    /// Records a consent from a full request body; returns its id.
    pub async fn consent_with(&self, by: &TestUser, client: &str, body: Value) -> String {
        let response = self
            .post(
                &format!("/v1/clients/{client}/consents"),
                Some(&by.access),
                &body,
            )
            .await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    }

    /// Adds an employer to the register as `by`; returns its id.
    pub async fn employer(&self, by: &TestUser) -> String {
        let response = self
            .post(
                "/v1/employers",
                Some(&by.access),
                &json!({ "name": format!("Werkgever {}", uuid::Uuid::now_v7()), "regionCode": "AM22" }),
            )
            .await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    }

    /// Records a paid, running placement (24 hours, a year's contract from `start`) for a
    /// trajectory as `by`; returns its id.
    pub async fn placement(
        &self,
        by: &TestUser,
        trajectory: &str,
        employer: &str,
        start: &str,
    ) -> String {
        let response = self
            .post(
                &format!("/v1/trajectories/{trajectory}/placements"),
                Some(&by.access),
                &json!({
                    "employerId": employer, "jobTitle": "Medewerker bediening",
                    "workType": "REGULAR_PAID", "startDate": start, "contractType": "PERMANENT",
                    "contractedHoursPerWeek": 24, "atLeastMinimumWage": true,
                    "startedBeforeRegistration": true
                }),
            )
            .await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    }

    /// Ends a placement on `end` as `by`.
    pub async fn end_placement(&self, by: &TestUser, trajectory: &str, placement: &str, end: &str) {
        let path = format!("/v1/trajectories/{trajectory}/placements/{placement}");
        let etag = self
            .get(&path, &by.access)
            .await
            .header("etag")
            .unwrap()
            .to_owned();
        self.patch(
            &path,
            &by.access,
            &etag,
            &json!({ "endDate": end, "endReason": "OTHER_JOB" }),
        )
        .await
        .assert_status(200);
    }

    /// Opens a trajectory of `kind` for `client` as `by`; returns its id.
    pub async fn trajectory(&self, by: &TestUser, client: &str, kind: &str) -> String {
        self.trajectory_with(by, json!({ "clientId": client, "type": kind }))
            .await
    }

    /// Opens a trajectory from a full request body; returns its id.
    pub async fn trajectory_with(&self, by: &TestUser, body: Value) -> String {
        let response = self.post("/v1/trajectories", Some(&by.access), &body).await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    }

    /// Makes a transition with the trajectory's current ETag; returns the response.
    pub async fn transition(&self, by: &TestUser, trajectory: &str, body: Value) -> TestResponse {
        let path = format!("/v1/trajectories/{trajectory}");
        let current = self.get(&path, &by.access).await;
        let etag = current.header("etag").unwrap_or("\"0\"").to_owned();
        self.with_if_match(
            Method::POST,
            &format!("{path}/transitions"),
            &by.access,
            &etag,
            &body,
        )
        .await
    }

    /// Creates an account through the API and signs it in.
    pub async fn user(&self, role: &str, organisation_id: &str) -> TestUser {
        let email = format!(
            "{}-{}@werkpad.test",
            role.to_lowercase(),
            uuid::Uuid::now_v7()
        );
        let response = self
            .post(
                "/v1/users",
                Some(&self.admin.access),
                &json!({
                    "email": email,
                    "displayName": format!("Test {role}"),
                    "organisationId": organisation_id,
                    "role": role,
                    "password": PASSWORD,
                }),
            )
            .await;
        response.assert_status(201);
        self.sign_in(&email, PASSWORD).await
    }
}
