//! Both migration trees have the same migrations, and a fresh database has every table the
//! code expects, with the 35 labour-market regions loaded.

use std::collections::BTreeSet;

use crate::support::TestApp;

fn names(backend: &str) -> BTreeSet<String> {
    let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn migration_names_are_the_same_on_both_backends() {
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
    for name in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let path = format!(
                    "{}/migrations/{backend}/{name}/{file}",
                    env!("CARGO_MANIFEST_DIR")
                );
                assert!(std::path::Path::new(&path).exists(), "{path}");
            }
        }
    }
}

#[test]
fn no_two_migrations_share_a_version() {
    // Diesel keys applied migrations by the name's leading digits: two directories with the
    // same prefix would collide in its table on a database that already has one of them.
    let names = names("sqlite");
    let versions: BTreeSet<String> = names
        .iter()
        .map(|n| n.split('_').next().unwrap().replace('-', ""))
        .collect();
    assert_eq!(versions.len(), names.len(), "{names:?}");
}

#[tokio::test]
async fn a_fresh_database_has_every_table_and_the_regions() {
    use diesel::prelude::*;
    use werkpad::db::schema::*;
    let app = TestApp::spawn().await;
    let (base, started) = crate::support::start(&app.settings);
    drop(base);
    let pool = started.state().pool.clone();
    let regions = pool
        .with_conn(|conn| {
            // Selecting every column of every table proves the hand-written schema matches.
            labour_market_regions::table.load::<(
                String,
                String,
                chrono::NaiveDate,
                Option<chrono::NaiveDate>,
            )>(conn)?;
            organisations::table
                .select(organisations::all_columns)
                .execute(conn)?;
            organisation_regions::table
                .select(organisation_regions::all_columns)
                .execute(conn)?;
            users::table.select(users::all_columns).execute(conn)?;
            sessions::table
                .select(sessions::all_columns)
                .execute(conn)?;
            refresh_tokens::table
                .select(refresh_tokens::all_columns)
                .execute(conn)?;
            login_failures::table
                .select(login_failures::all_columns)
                .execute(conn)?;
            client_tombstones::table
                .select(client_tombstones::all_columns)
                .execute(conn)?;
            tombstone_trajectories::table
                .select(tombstone_trajectories::all_columns)
                .execute(conn)?;
            tombstone_placements::table
                .select(tombstone_placements::all_columns)
                .execute(conn)?;
            emergency_accesses::table
                .select(emergency_accesses::all_columns)
                .execute(conn)?;
            fidelity_reviews::table
                .select(fidelity_reviews::all_columns)
                .execute(conn)?;
            fidelity_review_items::table
                .select(fidelity_review_items::all_columns)
                .execute(conn)?;
            Ok(werkpad::db::regions::all(conn)?)
        })
        .unwrap();
    assert_eq!(regions.len(), 35);
    assert!(regions.contains(&("AM22".to_owned(), "Rijnmond".to_owned())));
    assert!(regions.contains(&("AM38".to_owned(), "Food Valley".to_owned())));
    assert!(
        !regions.iter().any(|(c, _)| c == "AM04"),
        "AM04 does not exist"
    );
}

#[tokio::test]
async fn sqlite_runs_with_foreign_keys_wal_and_full_sync() {
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Text};
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = Text)]
        journal_mode: String,
    }
    #[derive(QueryableByName)]
    struct Flag {
        #[diesel(sql_type = BigInt)]
        value: i64,
    }
    let app = TestApp::spawn().await;
    let (_, started) = crate::support::start(&app.settings);
    let state = started.state();
    state
        .pool
        .with_conn(|conn| {
            let werkpad::db::DbConn::Sqlite(sqlite) = conn else {
                return Ok(()); // PostgreSQL: nothing to check here.
            };
            let mode: Mode = diesel::sql_query("PRAGMA journal_mode").get_result(sqlite)?;
            assert_eq!(mode.journal_mode, "wal");
            let fk: Flag =
                diesel::sql_query("SELECT foreign_keys AS value FROM pragma_foreign_keys")
                    .get_result(sqlite)?;
            assert_eq!(fk.value, 1);
            let sync: Flag =
                diesel::sql_query("SELECT synchronous AS value FROM pragma_synchronous")
                    .get_result(sqlite)?;
            assert_eq!(sync.value, 2, "FULL");
            Ok(())
        })
        .unwrap();
}
