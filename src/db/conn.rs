//! The one connection type: an enum over both backends, and the `MultiBackend` glue for the
//! custom column types of `sql_types.rs`.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::HasSqlType;

use super::sql_types::{DbTimestamptz, DbUuid, Id, UtcTime};

/// A connection to either backend. Build it with `db::connect`, never with the derive's
/// `establish`, which would take a mistyped PostgreSQL URL for a SQLite file name.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// Production.
    Postgres(diesel::PgConnection),
    /// Embedded default.
    Sqlite(diesel::SqliteConnection),
}

impl HasSqlType<DbUuid> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        Self::lookup_sql_type::<DbUuid>(lookup)
    }
}

impl FromSql<DbUuid, MultiBackend> for Id {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, DbUuid>()
    }
}

impl ToSql<DbUuid, MultiBackend> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((DbUuid, self));
        Ok(IsNull::No)
    }
}

impl HasSqlType<DbTimestamptz> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        Self::lookup_sql_type::<DbTimestamptz>(lookup)
    }
}

impl FromSql<DbTimestamptz, MultiBackend> for UtcTime {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, DbTimestamptz>()
    }
}

impl ToSql<DbTimestamptz, MultiBackend> for UtcTime {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((DbTimestamptz, self));
        Ok(IsNull::No)
    }
}
