//! The rules a financing record and its transitions obey (domain.md §5, §14.2): value
//! ranges, the scheme's own limits, date order, the dates each status implies, and what a
//! transition fills in. Pure functions; callers turn a `Violation` into their own error.

use std::ops::RangeInclusive;

use chrono::NaiveDate;

use super::{
    Financier, FinancingScheme, FinancingStatus, FinancingTerms, IPS_CMD_MAX_EXTENSION_MONTHS,
    TRANSITIONS, TransitionRequest, targets,
};
use crate::domain::OrganisationKind;

/// Allowed `maxDurationMonths`.
pub const MAX_DURATION_MONTHS: RangeInclusive<i64> = 1..=120;
/// Allowed `extensionMonths` (a scheme may allow less).
pub const EXTENSION_MONTHS: RangeInclusive<i64> = 0..=120;
/// Longest `schemeDescription`.
pub const SCHEME_DESCRIPTION_MAX: usize = 500;
/// Longest transition `reason`.
pub const REASON_MAX: usize = 500;

/// One rule a value breaks: the API field it is about, the `invalidParams` code, and a
/// reason free of personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// camelCase field name.
    pub field: &'static str,
    /// `invalidParams` code.
    pub code: &'static str,
    /// Why.
    pub reason: String,
}

impl Violation {
    fn new(field: &'static str, code: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            code,
            reason: reason.into(),
        }
    }
}

/// A number of months within `range`.
pub fn months(value: i64, range: &RangeInclusive<i64>) -> Result<i32, String> {
    if range.contains(&value) {
        i32::try_from(value).map_err(|_| out_of(range))
    } else {
        Err(out_of(range))
    }
}

fn out_of(range: &RangeInclusive<i64>) -> String {
    format!("Must be from {} to {}.", range.start(), range.end())
}

/// An amount in euro cents: never negative (a tariff is configuration; the client sends
/// the amount).
pub const fn amount_cents(value: i64) -> Result<i64, &'static str> {
    if value >= 0 {
        Ok(value)
    } else {
        Err("Must be 0 or more (euro cents).")
    }
}

/// OTHER needs a description of the scheme.
#[must_use]
pub fn check_scheme_description(
    scheme: FinancingScheme,
    description: Option<&str>,
) -> Option<Violation> {
    (scheme == FinancingScheme::Other && description.is_none()).then(|| {
        Violation::new(
            "schemeDescription",
            "required",
            "Required when scheme is OTHER.",
        )
    })
}

/// The CMD regulation allows an extension of at most 12 months (Stcrt. 2019, 24003).
#[must_use]
pub fn check_extension(scheme: FinancingScheme, extension: Option<i32>) -> Option<Violation> {
    (scheme == FinancingScheme::IpsCmd2019
        && extension.is_some_and(|e| e > IPS_CMD_MAX_EXTENSION_MONTHS))
    .then(|| {
        Violation::new(
            "extensionMonths",
            "out_of_range",
            format!("At most {IPS_CMD_MAX_EXTENSION_MONTHS} months for IPS_CMD_2019."),
        )
    })
}

/// Decision not before application, end not before start.
#[must_use]
pub fn check_date_order(
    application: Option<NaiveDate>,
    decision: Option<NaiveDate>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Vec<Violation> {
    let mut found = Vec::new();
    if let (Some(a), Some(d)) = (application, decision)
        && d < a
    {
        found.push(Violation::new(
            "decisionDate",
            "date_order",
            "Must not be before applicationDate.",
        ));
    }
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        found.push(Violation::new(
            "endDate",
            "date_order",
            "Must not be before startDate.",
        ));
    }
    found
}

/// A fact (application, decision) cannot lie in the future.
#[must_use]
pub fn check_not_future(
    field: &'static str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Violation> {
    date.filter(|d| *d > today)
        .map(|_| Violation::new(field, "out_of_range", "Must not be in the future."))
}

/// Every rule between the terms' fields.
#[must_use]
pub fn check_terms(terms: &FinancingTerms, today: NaiveDate) -> Vec<Violation> {
    let mut found: Vec<Violation> = [
        check_scheme_description(terms.scheme, terms.scheme_description.as_deref()),
        check_extension(terms.scheme, terms.extension_months),
        check_not_future("applicationDate", terms.application_date, today),
        check_not_future("decisionDate", terms.decision_date, today),
    ]
    .into_iter()
    .flatten()
    .collect();
    found.extend(check_date_order(
        terms.application_date,
        terms.decision_date,
        terms.start_date,
        terms.end_date,
    ));
    found
}

/// The organisation kind a financier must have, when werkpad knows it: UWV is a UWV
/// office, a municipality a municipality.
#[must_use]
pub const fn financier_kind(financier: Financier) -> Option<OrganisationKind> {
    match financier {
        Financier::Uwv => Some(OrganisationKind::Uwv),
        Financier::Municipality => Some(OrganisationKind::Municipality),
        Financier::HealthInsurer | Financier::OwnFunds | Financier::Other => None,
    }
}

/// Whether an organisation of `kind` can be the financier organisation for `financier`.
#[must_use]
pub fn check_financier_organisation(
    financier: Financier,
    kind: OrganisationKind,
) -> Option<Violation> {
    financier_kind(financier)
        .filter(|expected| *expected != kind)
        .map(|expected| {
            Violation::new(
                "financierOrganisationId",
                "invalid_value",
                format!(
                    "Financier {} needs an organisation of kind {}.",
                    financier.as_str(),
                    expected.as_str()
                ),
            )
        })
}

/// The dates a record in `status` must have: the way there set each of them.
#[must_use]
pub const fn implied_dates(status: FinancingStatus) -> &'static [&'static str] {
    use FinancingStatus as F;
    match status {
        F::Draft => &[],
        F::Applied => &["applicationDate"],
        F::Granted | F::Rejected => &["applicationDate", "decisionDate"],
        F::Running => &["applicationDate", "decisionDate", "startDate"],
        F::Stopped | F::Ended | F::Settled => {
            &["applicationDate", "decisionDate", "startDate", "endDate"]
        }
    }
}

fn date_of(terms: &FinancingTerms, field: &str) -> Option<NaiveDate> {
    match field {
        "applicationDate" => terms.application_date,
        "decisionDate" => terms.decision_date,
        "startDate" => terms.start_date,
        "endDate" => terms.end_date,
        _ => None,
    }
}

/// A date the status implies cannot be removed.
#[must_use]
pub fn check_status_dates(status: FinancingStatus, terms: &FinancingTerms) -> Vec<Violation> {
    implied_dates(status)
        .iter()
        .filter(|field| date_of(terms, field).is_none())
        .map(|field| {
            Violation::new(
                field,
                "required",
                format!(
                    "Cannot be removed once the financing is {}.",
                    status.as_str()
                ),
            )
        })
        .collect()
}

/// Why a transition cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No transition leads there from the current status; these do (409).
    NotAllowed(Vec<FinancingStatus>),
    /// The request does not fit (400): all failures at once.
    Invalid(Vec<Violation>),
}

/// What a transition changes besides the status: its date, and the terms with the date
/// field the step implies filled in when it was still empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effect {
    /// When it happened.
    pub date: NaiveDate,
    /// The terms afterwards.
    pub terms: FinancingTerms,
}

/// Checks a transition from `status` (entered on `status_date`) and works out its effect.
/// The date defaults to `today`; it may not lie in the future nor before the last
/// transition. STOPPED needs the stop notice's reason.
pub fn transition(
    status: FinancingStatus,
    status_date: NaiveDate,
    terms: &FinancingTerms,
    request: &TransitionRequest,
    today: NaiveDate,
) -> Result<Effect, Refusal> {
    let to = request.to;
    if !TRANSITIONS.contains(&(status, to)) {
        return Err(Refusal::NotAllowed(targets(status)));
    }
    let date = request.date.unwrap_or(today);
    let mut found = Vec::new();
    if to == FinancingStatus::Stopped && request.reason.is_none() {
        found.push(Violation::new(
            "reason",
            "required",
            "Required for STOPPED: the reason given in the stop notice.",
        ));
    }
    if date > today {
        found.push(Violation::new(
            "date",
            "out_of_range",
            "Must not be in the future.",
        ));
    }
    if date < status_date {
        found.push(Violation::new(
            "date",
            "date_order",
            format!("Must not be before the last transition ({status_date})."),
        ));
    }
    let mut after = terms.clone();
    let slot = match to {
        FinancingStatus::Applied => Some(&mut after.application_date),
        FinancingStatus::Granted | FinancingStatus::Rejected => Some(&mut after.decision_date),
        FinancingStatus::Running => Some(&mut after.start_date),
        FinancingStatus::Stopped | FinancingStatus::Ended => Some(&mut after.end_date),
        FinancingStatus::Draft | FinancingStatus::Settled => None,
    };
    if let Some(slot) = slot {
        slot.get_or_insert(date);
    }
    // A date filled in here must keep the record's dates in order.
    found.extend(
        check_date_order(
            after.application_date,
            after.decision_date,
            after.start_date,
            after.end_date,
        )
        .into_iter()
        .map(|v| {
            Violation::new(
                "date",
                "date_order",
                format!("As {}: {}", v.field, v.reason),
            )
        }),
    );
    if found.is_empty() {
        Ok(Effect { date, terms: after })
    } else {
        Err(Refusal::Invalid(found))
    }
}

#[cfg(test)]
#[expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests: a failed expectation panics"
)]
mod tests;
