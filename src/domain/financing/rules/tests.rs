use chrono::NaiveDate;

use super::super::{
    Financier, FinancingChanges, FinancingScheme, FinancingStatus as F, FinancingTerms,
    TransitionRequest, targets,
};
use super::{
    EXTENSION_MONTHS, MAX_DURATION_MONTHS, Refusal, amount_cents, check_financier_organisation,
    check_status_dates, check_terms, months, transition,
};
use crate::domain::OrganisationKind;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn terms() -> FinancingTerms {
    FinancingTerms {
        scheme: FinancingScheme::IpsMunicipal2023,
        scheme_description: None,
        financier: Financier::Municipality,
        financier_organisation_id: None,
        application_date: None,
        decision_date: None,
        start_date: None,
        end_date: None,
        max_duration_months: Some(24),
        extension_months: None,
        amount_cents: None,
    }
}

fn request(to: F, date: &str) -> TransitionRequest {
    TransitionRequest {
        to,
        date: Some(d(date)),
        reason: None,
    }
}

fn fields(violations: &[super::Violation]) -> Vec<(&str, &str)> {
    violations.iter().map(|v| (v.field, v.code)).collect()
}

#[test]
fn the_status_flow_is_the_municipal_regulations() {
    // Written out independently of TRANSITIONS.
    let expected: [(F, &[F]); 8] = [
        (F::Draft, &[F::Applied]),
        (F::Applied, &[F::Granted, F::Rejected]),
        (F::Granted, &[F::Running]),
        (F::Rejected, &[]),
        (F::Running, &[F::Stopped, F::Ended]),
        (F::Stopped, &[F::Ended]),
        (F::Ended, &[F::Settled]),
        (F::Settled, &[]),
    ];
    for (from, to) in expected {
        assert_eq!(targets(from), to, "{from:?}");
        assert_eq!(from.is_terminal(), to.is_empty(), "{from:?}");
    }
    let financier: Vec<F> = F::ALL
        .iter()
        .copied()
        .filter(|s| s.decided_by_financier())
        .collect();
    assert_eq!(financier, [F::Granted, F::Rejected, F::Running]);
}

#[test]
fn ranges_and_amounts() {
    assert_eq!(months(1, &MAX_DURATION_MONTHS), Ok(1));
    assert_eq!(months(120, &MAX_DURATION_MONTHS), Ok(120));
    assert!(months(0, &MAX_DURATION_MONTHS).is_err());
    assert!(months(121, &MAX_DURATION_MONTHS).is_err());
    assert_eq!(months(0, &EXTENSION_MONTHS), Ok(0));
    assert!(months(-1, &EXTENSION_MONTHS).is_err());
    assert!(months(i64::MAX, &EXTENSION_MONTHS).is_err());
    assert_eq!(amount_cents(0), Ok(0));
    assert_eq!(amount_cents(800_000), Ok(800_000));
    assert!(amount_cents(-1).is_err());
}

#[test]
fn scheme_rules_and_date_order_are_reported_together() {
    let today = d("2026-06-01");
    let mut t = terms();
    assert!(check_terms(&t, today).is_empty());
    t.scheme = FinancingScheme::Other;
    t.application_date = Some(d("2026-03-01"));
    t.decision_date = Some(d("2026-02-01"));
    t.start_date = Some(d("2026-04-01"));
    t.end_date = Some(d("2026-03-31"));
    assert_eq!(
        fields(&check_terms(&t, today)),
        [
            ("schemeDescription", "required"),
            ("decisionDate", "date_order"),
            ("endDate", "date_order"),
        ]
    );
    t.scheme_description = Some("Regionale pilot".to_owned());
    t.decision_date = Some(d("2026-07-01"));
    t.end_date = None;
    assert_eq!(
        fields(&check_terms(&t, today)),
        [("decisionDate", "out_of_range")]
    );
}

#[test]
fn the_cmd_regulation_extends_by_at_most_twelve_months() {
    let today = d("2026-06-01");
    let mut t = terms();
    t.scheme = FinancingScheme::IpsCmd2019;
    t.extension_months = Some(12);
    assert!(check_terms(&t, today).is_empty());
    t.extension_months = Some(13);
    assert_eq!(
        fields(&check_terms(&t, today)),
        [("extensionMonths", "out_of_range")]
    );
    // Other schemes set no such limit.
    t.scheme = FinancingScheme::IpsMunicipal2023;
    assert!(check_terms(&t, today).is_empty());
}

#[test]
fn the_financier_organisation_must_be_of_the_financiers_kind() {
    use OrganisationKind as K;
    assert!(check_financier_organisation(Financier::Uwv, K::Uwv).is_none());
    assert!(check_financier_organisation(Financier::Municipality, K::Municipality).is_none());
    assert!(check_financier_organisation(Financier::Uwv, K::Municipality).is_some());
    assert!(check_financier_organisation(Financier::Municipality, K::Ggz).is_some());
    assert!(check_financier_organisation(Financier::HealthInsurer, K::Other).is_none());
}

#[test]
fn each_step_fills_its_date_when_still_empty() {
    let today = d("2026-06-01");
    let mut t = terms();
    let steps = [
        (F::Draft, F::Applied, "2026-01-10"),
        (F::Applied, F::Granted, "2026-01-20"),
        (F::Granted, F::Running, "2026-02-01"),
        (F::Running, F::Stopped, "2026-03-01"),
        (F::Stopped, F::Ended, "2026-03-15"),
        (F::Ended, F::Settled, "2026-04-01"),
    ];
    let mut last = d("2026-01-05");
    for (from, to, date) in steps {
        let mut req = request(to, date);
        req.reason = Some("Cliënt gestopt".to_owned());
        let effect = transition(from, last, &t, &req, today).unwrap();
        assert_eq!(effect.date, d(date));
        t = effect.terms;
        last = effect.date;
    }
    assert_eq!(t.application_date, Some(d("2026-01-10")));
    assert_eq!(t.decision_date, Some(d("2026-01-20")));
    assert_eq!(t.start_date, Some(d("2026-02-01")));
    // ENDED keeps the date STOPPED set.
    assert_eq!(t.end_date, Some(d("2026-03-01")));
    // A date already recorded is kept.
    let mut preset = terms();
    preset.application_date = Some(d("2026-01-02"));
    let effect = transition(
        F::Draft,
        d("2026-01-01"),
        &preset,
        &request(F::Applied, "2026-01-05"),
        today,
    )
    .unwrap();
    assert_eq!(effect.terms.application_date, Some(d("2026-01-02")));
    // REJECTED records the decision too.
    let effect = transition(
        F::Applied,
        d("2026-01-05"),
        &effect.terms,
        &request(F::Rejected, "2026-01-09"),
        today,
    )
    .unwrap();
    assert_eq!(effect.terms.decision_date, Some(d("2026-01-09")));
}

#[test]
fn a_transition_checks_its_request_and_dates() {
    let today = d("2026-06-01");
    let t = terms();
    assert_eq!(
        transition(
            F::Draft,
            today,
            &t,
            &request(F::Granted, "2026-06-01"),
            today
        ),
        Err(Refusal::NotAllowed(vec![F::Applied]))
    );
    assert_eq!(
        transition(
            F::Settled,
            today,
            &t,
            &request(F::Ended, "2026-06-01"),
            today
        ),
        Err(Refusal::NotAllowed(Vec::new()))
    );
    let Err(Refusal::Invalid(found)) = transition(
        F::Running,
        d("2026-05-01"),
        &t,
        &request(F::Stopped, "2026-06-02"),
        today,
    ) else {
        panic!("expected invalid");
    };
    assert_eq!(
        fields(&found),
        [("reason", "required"), ("date", "out_of_range")]
    );
    let Err(Refusal::Invalid(found)) = transition(
        F::Applied,
        d("2026-05-01"),
        &t,
        &request(F::Granted, "2026-04-30"),
        today,
    ) else {
        panic!("expected invalid");
    };
    assert_eq!(fields(&found), [("date", "date_order")]);
    // A decision dated before the recorded application.
    let mut applied = terms();
    applied.application_date = Some(d("2026-03-01"));
    let Err(Refusal::Invalid(found)) = transition(
        F::Applied,
        d("2026-02-01"),
        &applied,
        &request(F::Granted, "2026-02-15"),
        today,
    ) else {
        panic!("expected invalid");
    };
    assert_eq!(fields(&found), [("date", "date_order")]);
    // Without a date: today.
    let effect = transition(
        F::Draft,
        d("2026-05-01"),
        &t,
        &TransitionRequest {
            to: F::Applied,
            date: None,
            reason: None,
        },
        today,
    )
    .unwrap();
    assert_eq!(effect.date, today);
}

#[test]
fn dates_a_status_implies_cannot_be_removed() {
    let mut t = terms();
    assert!(check_status_dates(F::Draft, &t).is_empty());
    assert_eq!(
        fields(&check_status_dates(F::Running, &t)),
        [
            ("applicationDate", "required"),
            ("decisionDate", "required"),
            ("startDate", "required"),
        ]
    );
    t.application_date = Some(d("2026-01-10"));
    t.decision_date = Some(d("2026-01-20"));
    assert!(check_status_dates(F::Rejected, &t).is_empty());
}

#[test]
fn changes_apply_member_by_member() {
    let mut t = terms();
    t.extension_months = Some(6);
    t.amount_cents = Some(100);
    let changes = FinancingChanges {
        scheme: Some(FinancingScheme::IpsCmd2019),
        extension_months: Some(None),
        start_date: Some(Some(d("2026-02-01"))),
        ..FinancingChanges::default()
    };
    let after = changes.applied_to(&t);
    assert_eq!(after.scheme, FinancingScheme::IpsCmd2019);
    assert_eq!(after.extension_months, None);
    assert_eq!(after.start_date, Some(d("2026-02-01")));
    assert_eq!(after.amount_cents, Some(100));
    assert_eq!(after.financier, Financier::Municipality);
}
