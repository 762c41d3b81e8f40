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

diesel::joinable!(organisation_regions -> organisations (organisation_id));
diesel::joinable!(organisation_regions -> labour_market_regions (region_code));
diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));

diesel::allow_tables_to_appear_in_same_query!(
    labour_market_regions,
    organisations,
    organisation_regions,
    users,
    sessions,
    refresh_tokens,
    login_failures,
);
