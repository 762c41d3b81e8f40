//! The request bodies of `/v1/trajectories/{trajectoryId}/financings`, parsed into domain
//! types with every invalid field reported at once.

use std::ops::RangeInclusive;

use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::{Invalid, patch_member};
use crate::domain::OrganisationId;
use crate::domain::calendar::today;
use crate::domain::financing::rules::{self, EXTENSION_MONTHS, MAX_DURATION_MONTHS};
use crate::domain::financing::{
    Financier, FinancingChanges, FinancingScheme, FinancingTerms, NewFinancing,
};
use crate::error::AppError;

/// A financing record to create; it starts in DRAFT.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateFinancingRequest {
    /// The scheme or regulation.
    #[schema(required = true, value_type = FinancingScheme)]
    pub scheme: Option<String>,
    /// What the scheme is: required for OTHER; at most 500 characters.
    #[schema(max_length = 500)]
    pub scheme_description: Option<String>,
    /// Who pays.
    #[schema(required = true, value_type = Financier)]
    pub financier: Option<String>,
    /// The paying or deciding organisation; for financier UWV a UWV organisation, for
    /// MUNICIPALITY a municipality.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub financier_organisation_id: Option<String>,
    /// When the draft was made; default today; not in the future.
    #[schema(value_type = Option<NaiveDate>)]
    pub status_date: Option<String>,
    /// Applied for; not in the future.
    #[schema(value_type = Option<NaiveDate>)]
    pub application_date: Option<String>,
    /// Decided on; not before the application, not in the future.
    #[schema(value_type = Option<NaiveDate>)]
    pub decision_date: Option<String>,
    /// Financing started.
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<String>,
    /// Financing ended; not before the start.
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<String>,
    /// Longest duration in months, 1 to 120.
    #[schema(minimum = 1, maximum = 120)]
    pub max_duration_months: Option<i64>,
    /// Extension in months, 0 to 120; at most 12 for IPS_CMD_2019.
    #[schema(minimum = 0, maximum = 120)]
    pub extension_months: Option<i64>,
    /// Amount in euro cents, 0 or more.
    #[schema(minimum = 0)]
    pub amount_cents: Option<i64>,
}

fn months(
    invalid: &mut Invalid,
    name: &str,
    value: i64,
    range: &RangeInclusive<i64>,
) -> Option<i32> {
    rules::months(value, range)
        .map_err(|reason| invalid.push(name, "out_of_range", &reason))
        .ok()
}

fn amount(invalid: &mut Invalid, value: i64) -> Option<i64> {
    rules::amount_cents(value)
        .map_err(|reason| invalid.push("amountCents", "out_of_range", reason))
        .ok()
}

impl TryFrom<CreateFinancingRequest> for NewFinancing {
    type Error = AppError;

    fn try_from(r: CreateFinancingRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let scheme = invalid.code::<FinancingScheme>("scheme", r.scheme);
        let scheme_description = invalid.optional_text(
            "schemeDescription",
            r.scheme_description,
            rules::SCHEME_DESCRIPTION_MAX,
        );
        let financier = invalid.code::<Financier>("financier", r.financier);
        let financier_organisation_id = invalid
            .optional_id::<OrganisationId>("financierOrganisationId", r.financier_organisation_id);
        let status_date = invalid.optional_date("statusDate", r.status_date);
        if status_date.is_some_and(|d| d > today()) {
            invalid.push("statusDate", "out_of_range", "Must not be in the future.");
        }
        let application_date = invalid.optional_date("applicationDate", r.application_date);
        let decision_date = invalid.optional_date("decisionDate", r.decision_date);
        let start_date = invalid.optional_date("startDate", r.start_date);
        let end_date = invalid.optional_date("endDate", r.end_date);
        let max_duration_months = r
            .max_duration_months
            .and_then(|v| months(&mut invalid, "maxDurationMonths", v, &MAX_DURATION_MONTHS));
        let extension_months = r
            .extension_months
            .and_then(|v| months(&mut invalid, "extensionMonths", v, &EXTENSION_MONTHS));
        let amount_cents = r.amount_cents.and_then(|v| amount(&mut invalid, v));
        // The rules between fields, on what could be read, so one answer lists everything.
        if let Some(scheme) = scheme {
            let checks = [
                rules::check_scheme_description(scheme, scheme_description.as_deref()),
                rules::check_extension(scheme, extension_months),
            ];
            for v in checks.into_iter().flatten() {
                invalid.push(v.field, v.code, &v.reason);
            }
        }
        let day = today();
        let mut found =
            rules::check_date_order(application_date, decision_date, start_date, end_date);
        found.extend(rules::check_not_future(
            "applicationDate",
            application_date,
            day,
        ));
        found.extend(rules::check_not_future("decisionDate", decision_date, day));
        for v in found {
            invalid.push(v.field, v.code, &v.reason);
        }
        invalid.finish(|| {
            Some(Self {
                terms: FinancingTerms {
                    scheme: scheme?,
                    scheme_description,
                    financier: financier?,
                    financier_organisation_id,
                    application_date,
                    decision_date,
                    start_date,
                    end_date,
                    max_duration_months,
                    extension_months,
                    amount_cents,
                },
                status_date,
            })
        })
    }
}

/// A change to a financing record's terms, as JSON Merge Patch. The status and its date
/// change only through transitions; a date the status implies cannot be removed; a REJECTED
/// or SETTLED record is final.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateFinancingRequest {
    /// The scheme.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = FinancingScheme)]
    pub scheme: Option<Option<String>>,
    /// What the scheme is (required for OTHER); `null` or blank removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub scheme_description: Option<Option<String>>,
    /// Who pays.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Financier)]
    pub financier: Option<Option<String>>,
    /// The paying or deciding organisation; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub financier_organisation_id: Option<Option<String>>,
    /// Applied for; `null` removes it (only while DRAFT).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub application_date: Option<Option<String>>,
    /// Decided on; `null` removes it (only before the decision).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub decision_date: Option<Option<String>>,
    /// Financing started; `null` removes it (only before RUNNING).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<Option<String>>,
    /// Financing ended; `null` removes it (only before STOPPED or ENDED).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<String>>,
    /// Longest duration in months, 1 to 120; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 120)]
    pub max_duration_months: Option<Option<i64>>,
    /// Extension in months, 0 to 120 (at most 12 for IPS_CMD_2019); `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 120)]
    pub extension_months: Option<Option<i64>>,
    /// Amount in euro cents, 0 or more; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub amount_cents: Option<Option<i64>>,
}

impl TryFrom<UpdateFinancingRequest> for FinancingChanges {
    type Error = AppError;

    fn try_from(r: UpdateFinancingRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let scheme = invalid.kept("scheme", r.scheme, "");
        let scheme = scheme.and_then(|v| invalid.code::<FinancingScheme>("scheme", Some(v)));
        // Blank text removes the description, like `null`.
        let scheme_description = r.scheme_description.map(|member| {
            member.and_then(|v| {
                invalid.optional_text("schemeDescription", Some(v), rules::SCHEME_DESCRIPTION_MAX)
            })
        });
        let financier = invalid.kept("financier", r.financier, "");
        let financier = financier.and_then(|v| invalid.code::<Financier>("financier", Some(v)));
        let financier_organisation_id = invalid.removable(r.financier_organisation_id, |i, v| {
            i.optional_id::<OrganisationId>("financierOrganisationId", Some(v))
        });
        let date =
            |name: &'static str| move |i: &mut Invalid, v: String| i.optional_date(name, Some(v));
        let application_date = invalid.removable(r.application_date, date("applicationDate"));
        let decision_date = invalid.removable(r.decision_date, date("decisionDate"));
        let start_date = invalid.removable(r.start_date, date("startDate"));
        let end_date = invalid.removable(r.end_date, date("endDate"));
        let max_duration_months = invalid.removable(r.max_duration_months, |i, v| {
            months(i, "maxDurationMonths", v, &MAX_DURATION_MONTHS)
        });
        let extension_months = invalid.removable(r.extension_months, |i, v| {
            months(i, "extensionMonths", v, &EXTENSION_MONTHS)
        });
        let amount_cents = invalid.removable(r.amount_cents, amount);
        invalid.finish(|| {
            Some(Self {
                scheme,
                scheme_description,
                financier,
                financier_organisation_id,
                application_date,
                decision_date,
                start_date,
                end_date,
                max_duration_months,
                extension_months,
                amount_cents,
            })
        })
    }
}
