//! Hand-written table definitions: `diesel print-schema` would emit different types per
//! backend, while these use the shared custom types of `sql_types.rs`.

diesel::table! {
    labour_market_regions (code) {
        code -> Text,
        name -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    organisations (id) {
        id -> DbUuid,
        kind -> Text,
        name -> Text,
        kvk_number -> Nullable<Text>,
        oin -> Nullable<Text>,
        agb_code -> Nullable<Text>,
        cbs_municipality_code -> Nullable<Text>,
        uwv_recognised -> Bool,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};
    use crate::db::sql_types::DbUuid;

    organisation_regions (organisation_id, region_code) {
        organisation_id -> DbUuid,
        region_code -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    users (id) {
        id -> DbUuid,
        organisation_id -> DbUuid,
        email -> Text,
        display_name -> Text,
        role -> Text,
        active -> Bool,
        password_hash -> Text,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    sessions (id) {
        id -> DbUuid,
        user_id -> DbUuid,
        created_at -> DbTimestamptz,
        expires_at -> DbTimestamptz,
        revoked_at -> Nullable<DbTimestamptz>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> DbUuid,
        issued_at -> DbTimestamptz,
        idle_expires_at -> DbTimestamptz,
        used_at -> Nullable<DbTimestamptz>,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    login_failures (id) {
        id -> DbUuid,
        key_kind -> Text,
        key_hash -> Text,
        failed_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    municipalities (code, valid_from) {
        code -> Text,
        name -> Text,
        region_code -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    clients (id) {
        id -> DbUuid,
        given_names -> Text,
        family_name -> Text,
        birth_date -> Date,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        municipality_code -> Text,
        municipality_since -> Nullable<Date>,
        region_code -> Text,
        employer_disclosure -> Text,
        disclosure_note -> Nullable<Text>,
        bsn_ciphertext -> Nullable<Text>,
        bsn_lookup -> Nullable<Text>,
        record_regime -> Text,
        legal_hold -> Bool,
        origin_organisation_id -> DbUuid,
        created_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    trajectories (id) {
        id -> DbUuid,
        client_id -> DbUuid,
        #[sql_name = "type"]
        trajectory_type -> Text,
        status -> Text,
        status_date -> Date,
        lead_organisation_id -> DbUuid,
        lead_user_id -> DbUuid,
        registration_date -> Date,
        wish_to_work_date -> Nullable<Date>,
        start_date -> Nullable<Date>,
        planned_end_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        end_reason -> Nullable<Text>,
        target_group_attestation -> Text,
        region_code -> Text,
        previous_trajectory_id -> Nullable<DbUuid>,
        paused_from -> Nullable<Date>,
        paused_until -> Nullable<Date>,
        resume_status -> Nullable<Text>,
        origin_organisation_id -> DbUuid,
        created_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    trajectory_transitions (id) {
        id -> DbUuid,
        trajectory_id -> DbUuid,
        client_id -> DbUuid,
        from_status -> Nullable<Text>,
        to_status -> Text,
        transition_date -> Date,
        reason -> Nullable<Text>,
        end_reason -> Nullable<Text>,
        warning -> Nullable<Text>,
        actor_user_id -> DbUuid,
        origin_organisation_id -> DbUuid,
        created_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    care_team_members (id) {
        id -> DbUuid,
        client_id -> DbUuid,
        user_id -> DbUuid,
        team_role -> Text,
        trajectory_id -> Nullable<DbUuid>,
        kind -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        reason -> Nullable<Text>,
        origin_organisation_id -> DbUuid,
        added_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::Text;
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    emergency_accesses (id) {
        id -> DbUuid,
        client_id -> DbUuid,
        user_id -> DbUuid,
        organisation_id -> DbUuid,
        membership_id -> DbUuid,
        reason -> Text,
        starts_at -> DbTimestamptz,
        ends_at -> DbTimestamptz,
        created_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    consents (id) {
        id -> DbUuid,
        client_id -> DbUuid,
        trajectory_id -> Nullable<DbUuid>,
        kind -> Text,
        from_organisation_id -> DbUuid,
        to_organisation_id -> Nullable<DbUuid>,
        to_role -> Nullable<Text>,
        purpose -> Text,
        purpose_text -> Nullable<Text>,
        granted_date -> Date,
        valid_until -> Nullable<Date>,
        method -> Text,
        evidence_document_ref -> Nullable<Text>,
        recorded_by_user_id -> DbUuid,
        withdrawn_at -> Nullable<DbTimestamptz>,
        withdrawn_via -> Nullable<Text>,
        withdrawn_by_user_id -> Nullable<DbUuid>,
        withdrawal_reason -> Nullable<Text>,
        origin_organisation_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    consent_categories (consent_id, category) {
        consent_id -> DbUuid,
        category -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    benefits (id) {
        id -> DbUuid,
        client_id -> DbUuid,
        benefit_type -> Text,
        start_date -> Date,
        end_date -> Nullable<Date>,
        percentage -> Nullable<Integer>,
        source_organisation_id -> DbUuid,
        origin_organisation_id -> DbUuid,
        created_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    financings (id) {
        id -> DbUuid,
        trajectory_id -> DbUuid,
        client_id -> DbUuid,
        scheme -> Text,
        scheme_description -> Nullable<Text>,
        financier -> Text,
        financier_organisation_id -> Nullable<DbUuid>,
        status -> Text,
        status_date -> Date,
        application_date -> Nullable<Date>,
        decision_date -> Nullable<Date>,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        max_duration_months -> Nullable<Integer>,
        extension_months -> Nullable<Integer>,
        amount_cents -> Nullable<BigInt>,
        origin_organisation_id -> DbUuid,
        created_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    financing_transitions (id) {
        id -> DbUuid,
        financing_id -> DbUuid,
        client_id -> DbUuid,
        from_status -> Nullable<Text>,
        to_status -> Text,
        transition_date -> Date,
        reason -> Nullable<Text>,
        actor_user_id -> DbUuid,
        origin_organisation_id -> DbUuid,
        created_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    vocational_profiles (trajectory_id) {
        trajectory_id -> DbUuid,
        client_id -> DbUuid,
        desired_hours_per_week -> Nullable<Double>,
        education -> Nullable<Text>,
        work_history -> Nullable<Text>,
        strengths -> Nullable<Text>,
        work_relevant_advice -> Nullable<Text>,
        origin_organisation_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    vocational_profile_preferences (trajectory_id, kind, position) {
        trajectory_id -> DbUuid,
        kind -> Text,
        position -> Integer,
        value -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    employers (id) {
        id -> DbUuid,
        name -> Text,
        kvk_number -> Nullable<Text>,
        sector -> Nullable<Text>,
        region_code -> Nullable<Text>,
        origin_organisation_id -> DbUuid,
        created_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    employer_contacts (id) {
        id -> DbUuid,
        trajectory_id -> Nullable<DbUuid>,
        client_id -> Nullable<DbUuid>,
        employer_id -> DbUuid,
        user_id -> DbUuid,
        contact_date -> Date,
        form -> Text,
        client_specific -> Bool,
        outcome -> Text,
        note -> Nullable<Text>,
        origin_organisation_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    placements (id) {
        id -> DbUuid,
        trajectory_id -> DbUuid,
        client_id -> DbUuid,
        employer_id -> DbUuid,
        job_title -> Text,
        work_type -> Text,
        start_date -> Date,
        placement_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        end_reason -> Nullable<Text>,
        contract_type -> Text,
        contract_end_date -> Nullable<Date>,
        contracted_hours_per_week -> Double,
        actual_hours_per_month -> Nullable<Double>,
        at_least_minimum_wage -> Bool,
        wage_value_percentage -> Nullable<Integer>,
        wage_cost_subsidy -> Bool,
        job_agreement -> Bool,
        disclosure_used -> Bool,
        started_before_registration -> Bool,
        origin_organisation_id -> DbUuid,
        created_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    support_activities (id) {
        id -> DbUuid,
        trajectory_id -> DbUuid,
        client_id -> DbUuid,
        placement_id -> Nullable<DbUuid>,
        activity_date -> Date,
        duration_minutes -> Integer,
        kind -> Text,
        note -> Nullable<Text>,
        user_id -> DbUuid,
        origin_organisation_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    support_activity_participants (activity_id, participant) {
        activity_id -> DbUuid,
        participant -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    jobcoach_provisions (id) {
        id -> DbUuid,
        client_id -> DbUuid,
        placement_id -> DbUuid,
        financier -> Text,
        form -> Text,
        jobcoach_organisation_id -> DbUuid,
        intensity -> Text,
        status -> Text,
        status_date -> Date,
        period_number -> Integer,
        period_start -> Date,
        period_end -> Date,
        first_period_start -> Date,
        requested_hours -> Double,
        granted_hours -> Nullable<Double>,
        spent_hours -> Double,
        exception_reason -> Nullable<Text>,
        permanent_support -> Bool,
        origin_organisation_id -> DbUuid,
        created_by_user_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    jobcoach_provision_transitions (id) {
        id -> DbUuid,
        provision_id -> DbUuid,
        client_id -> DbUuid,
        from_status -> Nullable<Text>,
        to_status -> Text,
        transition_date -> Date,
        reason -> Nullable<Text>,
        period_number -> Integer,
        granted_hours -> Nullable<Double>,
        spent_hours -> Double,
        actor_user_id -> DbUuid,
        origin_organisation_id -> DbUuid,
        created_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Bool, Date, Double, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    journal_entries (id) {
        id -> DbUuid,
        client_id -> DbUuid,
        trajectory_id -> Nullable<DbUuid>,
        category -> Text,
        entry_date -> Date,
        text -> Text,
        author_user_id -> DbUuid,
        origin_organisation_id -> DbUuid,
        version -> BigInt,
        created_at -> DbTimestamptz,
        updated_at -> DbTimestamptz,
    }
}
diesel::table! {
    use diesel::sql_types::{BigInt, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    audit_events (id) {
        seq -> BigInt,
        id -> DbUuid,
        occurred_at -> DbTimestamptz,
        event_type -> Text,
        outcome -> Text,
        actor_user_id -> Nullable<DbUuid>,
        actor_role -> Nullable<Text>,
        actor_organisation_id -> Nullable<DbUuid>,
        on_behalf_of -> Nullable<Text>,
        access_point -> Text,
        request_id -> Nullable<DbUuid>,
        operation -> Nullable<Text>,
        object_type -> Nullable<Text>,
        object_id -> Nullable<Text>,
        client_ids -> Text,
        data_categories -> Text,
        consent_ids -> Text,
        rules -> Text,
        emergency_access_id -> Nullable<DbUuid>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::BigInt;
    use crate::db::sql_types::DbUuid;

    audit_event_subjects (event_id, client_id) {
        event_id -> DbUuid,
        client_id -> DbUuid,
        seq -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::{BigInt, Integer, Text};

    audit_chain_head (id) {
        id -> Integer,
        seq -> BigInt,
        hash -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::{Date, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    client_tombstones (client_id) {
        client_id -> DbUuid,
        erased_at -> DbTimestamptz,
        reason -> Text,
        record_regime -> Text,
        region_code -> Text,
        origin_organisation_id -> DbUuid,
        registered_on -> Date,
        retention_end_date -> Date,
    }
}

diesel::table! {
    use diesel::sql_types::{Date, Nullable, Text};
    use crate::db::sql_types::DbUuid;

    tombstone_trajectories (trajectory_id) {
        trajectory_id -> DbUuid,
        client_id -> DbUuid,
        #[sql_name = "type"]
        trajectory_type -> Text,
        status -> Text,
        region_code -> Text,
        lead_organisation_id -> DbUuid,
        registration_date -> Date,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        end_reason -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::{Bool, Date, Double, Nullable, Text};
    use crate::db::sql_types::DbUuid;

    tombstone_placements (placement_id) {
        placement_id -> DbUuid,
        trajectory_id -> DbUuid,
        client_id -> DbUuid,
        work_type -> Text,
        contract_type -> Text,
        start_date -> Date,
        placement_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        contracted_hours_per_week -> Double,
        at_least_minimum_wage -> Bool,
        wage_cost_subsidy -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::{Date, Integer, Nullable, Text};
    use crate::db::sql_types::{DbTimestamptz, DbUuid};

    fidelity_reviews (id) {
        id -> DbUuid,
        organisation_id -> DbUuid,
        team_name -> Nullable<Text>,
        review_date -> Date,
        reviewing_body -> Text,
        total -> Integer,
        band -> Text,
        recorded_by_user_id -> DbUuid,
        origin_organisation_id -> DbUuid,
        created_at -> DbTimestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::{Integer, Text};
    use crate::db::sql_types::DbUuid;

    fidelity_review_items (review_id, item) {
        review_id -> DbUuid,
        item -> Text,
        score -> Integer,
    }
}

diesel::joinable!(organisation_regions -> organisations (organisation_id));
diesel::joinable!(organisation_regions -> labour_market_regions (region_code));
diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(audit_event_subjects -> audit_events (event_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));

diesel::joinable!(clients -> labour_market_regions (region_code));
diesel::joinable!(care_team_members -> clients (client_id));
diesel::joinable!(care_team_members -> users (user_id));
diesel::joinable!(emergency_accesses -> care_team_members (membership_id));
diesel::joinable!(consent_categories -> consents (consent_id));
diesel::joinable!(trajectories -> clients (client_id));
diesel::joinable!(placements -> employers (employer_id));
diesel::joinable!(employer_contacts -> employers (employer_id));
diesel::joinable!(support_activity_participants -> support_activities (activity_id));
diesel::joinable!(vocational_profile_preferences -> vocational_profiles (trajectory_id));
diesel::joinable!(fidelity_review_items -> fidelity_reviews (review_id));

diesel::allow_tables_to_appear_in_same_query!(
    labour_market_regions,
    organisations,
    organisation_regions,
    users,
    sessions,
    refresh_tokens,
    login_failures,
    municipalities,
    clients,
    trajectories,
    trajectory_transitions,
    care_team_members,
    emergency_accesses,
    consents,
    consent_categories,
    benefits,
    financings,
    financing_transitions,
    vocational_profiles,
    vocational_profile_preferences,
    employers,
    employer_contacts,
    placements,
    support_activities,
    support_activity_participants,
    jobcoach_provisions,
    jobcoach_provision_transitions,
    journal_entries,
    audit_events,
    audit_event_subjects,
    audit_chain_head,
    client_tombstones,
    tombstone_trajectories,
    tombstone_placements,
    fidelity_reviews,
    fidelity_review_items,
);
