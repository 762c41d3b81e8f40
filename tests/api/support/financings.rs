//! Financing fixtures: recording a financing and making its transitions through the API.

use reqwest::Method;
use serde_json::Value;

use super::{TestApp, TestResponse, TestUser};

/// Financing fixtures.
impl TestApp {
    /// The collection URL of a trajectory's financing records.
    pub fn financings_path(trajectory: &str) -> String {
        format!("/v1/trajectories/{trajectory}/financings")
    }

    /// Records a financing for `trajectory` as `by` from a full request body; returns the
    /// record and its ETag.
    pub async fn financing(&self, by: &TestUser, trajectory: &str, body: Value) -> (Value, String) {
        let response = self
            .post(&Self::financings_path(trajectory), Some(&by.access), &body)
            .await;
        response.assert_status(201);
        let etag = response.header("etag").unwrap().to_owned();
        (response.json(), etag)
    }

    /// Makes a financing transition as `by`, sending `etag` in `If-Match`.
    pub async fn financing_transition(
        &self,
        by: &TestUser,
        trajectory: &str,
        financing: &str,
        etag: &str,
        body: Value,
    ) -> TestResponse {
        let path = format!(
            "{}/{financing}/transitions",
            Self::financings_path(trajectory)
        );
        self.with_if_match(Method::POST, &path, &by.access, etag, &body)
            .await
    }
}
