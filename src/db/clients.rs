//! Client rows and queries. The BSN columns hold only a ciphertext and a keyed hash; the
//! decrypted number never passes through here.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::clients as c;
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::client::{Client, ClientChanges, EmployerDisclosure, RecordRegime};
use crate::domain::{ClientId, OrganisationId, RegionCode, UserId};

#[derive(Queryable)]
struct Row {
    id: Id,
    given_names: String,
    family_name: String,
    birth_date: NaiveDate,
    email: Option<String>,
    phone: Option<String>,
    municipality_code: String,
    municipality_since: Option<NaiveDate>,
    region_code: String,
    employer_disclosure: String,
    disclosure_note: Option<String>,
    has_bsn: bool,
    record_regime: String,
    legal_hold: bool,
    origin_organisation_id: Id,
    created_by_user_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

type Columns = (
    c::id,
    c::given_names,
    c::family_name,
    c::birth_date,
    c::email,
    c::phone,
    c::municipality_code,
    c::municipality_since,
    c::region_code,
    c::employer_disclosure,
    c::disclosure_note,
    diesel::dsl::IsNotNull<c::bsn_lookup>,
    c::record_regime,
    c::legal_hold,
    c::origin_organisation_id,
    c::created_by_user_id,
    c::version,
    c::created_at,
    c::updated_at,
);

fn columns() -> Columns {
    (
        c::id,
        c::given_names,
        c::family_name,
        c::birth_date,
        c::email,
        c::phone,
        c::municipality_code,
        c::municipality_since,
        c::region_code,
        c::employer_disclosure,
        c::disclosure_note,
        c::bsn_lookup.is_not_null(),
        c::record_regime,
        c::legal_hold,
        c::origin_organisation_id,
        c::created_by_user_id,
        c::version,
        c::created_at,
        c::updated_at,
    )
}

impl TryFrom<Row> for Client {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            given_names: r.given_names,
            family_name: r.family_name,
            birth_date: r.birth_date,
            email: r.email,
            phone: r.phone,
            municipality_code: r.municipality_code,
            municipality_since: r.municipality_since,
            region_code: r.region_code,
            employer_disclosure: r
                .employer_disclosure
                .parse::<EmployerDisclosure>()
                .map_err(|()| corrupt("clients.employer_disclosure"))?,
            disclosure_note: r.disclosure_note,
            has_bsn: r.has_bsn,
            record_regime: r
                .record_regime
                .parse::<RecordRegime>()
                .map_err(|()| corrupt("clients.record_regime"))?,
            legal_hold: r.legal_hold,
            origin_organisation_id: r.origin_organisation_id.0.into(),
            created_by_user_id: r.created_by_user_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        })
    }
}

/// A client row to insert.
pub struct NewRow<'a> {
    /// Id to use.
    pub id: ClientId,
    /// The validated input.
    pub client: &'a crate::domain::client::NewClient,
    /// The region, derived or given.
    pub region_code: &'a RegionCode,
    /// Encrypted BSN and its lookup hash.
    pub bsn: Option<(String, String)>,
    /// Retention regime.
    pub record_regime: RecordRegime,
    /// Registering organisation.
    pub origin_organisation_id: OrganisationId,
    /// Registering professional.
    pub created_by_user_id: UserId,
}

/// Inserts a client.
pub fn insert(conn: &mut DbConn, _permit: &Permit, new: &NewRow<'_>) -> QueryResult<()> {
    let now = UtcTime::now();
    let n = new.client;
    let (bsn_ciphertext, bsn_lookup) = new.bsn.clone().unzip();
    diesel::insert_into(c::table)
        .values((
            c::id.eq(Id::from(new.id)),
            c::given_names.eq(&n.given_names),
            c::family_name.eq(&n.family_name),
            c::birth_date.eq(n.birth_date),
            c::email.eq(&n.email),
            c::phone.eq(&n.phone),
            c::municipality_code.eq(n.municipality_code.as_str()),
            c::municipality_since.eq(n.municipality_since),
            c::region_code.eq(new.region_code.as_str()),
            c::employer_disclosure.eq(n.employer_disclosure.as_str()),
            c::disclosure_note.eq(&n.disclosure_note),
            c::bsn_ciphertext.eq(bsn_ciphertext),
            c::bsn_lookup.eq(bsn_lookup),
            c::record_regime.eq(new.record_regime.as_str()),
            c::legal_hold.eq(false),
            c::origin_organisation_id.eq(Id::from(new.origin_organisation_id)),
            c::created_by_user_id.eq(Id::from(new.created_by_user_id)),
            c::version.eq(1_i64),
            c::created_at.eq(now),
            c::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// One client, regardless of scope (the service asks the policy).
pub fn find(conn: &mut DbConn, id: ClientId) -> QueryResult<Option<Client>> {
    let row: Option<Row> = c::table
        .find(Id::from(id))
        .select(columns())
        .first(conn)
        .optional()?;
    row.map(Client::try_from).transpose()
}

/// The organisation that registered a client, if the client exists.
pub fn origin(conn: &mut DbConn, id: ClientId) -> QueryResult<Option<OrganisationId>> {
    let origin: Option<Id> = c::table
        .find(Id::from(id))
        .select(c::origin_organisation_id)
        .first(conn)
        .optional()?;
    Ok(origin.map(|o| o.0.into()))
}

/// List filters.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only clients living in this region.
    pub region_code: Option<RegionCode>,
    /// Only clients changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
    /// Only clients this professional is an active member of the care team of, as far as
    /// the caller may see that membership.
    pub involved: Option<(UserId, RecordScope)>,
    /// Only the client with this BSN lookup hash.
    pub bsn_lookup: Option<String>,
    /// Only clients with this family name (case-insensitive) and birth date.
    pub name_and_birth: Option<(String, NaiveDate)>,
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// A page of clients, each with whether the extra scope covers it, and the next key.
pub type Page = (Vec<(Client, bool)>, Option<uuid::Uuid>);

/// A page of clients inside every one of `scopes`, in registration order, each with whether
/// `extra` (a scope for another category, e.g. the disclosure choice) also covers it.
pub fn list(
    conn: &mut DbConn,
    scopes: &[&RecordScope],
    extra: Option<&RecordScope>,
    filter: &Filter,
    page: PageRequest,
) -> QueryResult<Page> {
    // Every row passes `scopes` (the same caller and day), so the membership holds and the
    // extra column needs only the category's cell.
    let extra_sql = extra.map_or_else(
        || "1 = 0".to_owned(),
        |e| {
            if scopes.is_empty() {
                scope::visible(e, Table::Clients)
            } else {
                scope::readable(e, Table::Clients)
            }
        },
    );
    let mut query = c::table
        .select((columns(), sql::<Bool>(&extra_sql)))
        .into_boxed();
    for scope in scopes {
        query = query.filter(scope::clients_after(scope, page.after));
    }
    if let Some(region) = &filter.region_code {
        query = query.filter(c::region_code.eq(region.as_str().to_owned()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(c::updated_at.ge(UtcTime::from(since)));
    }
    if let Some((user, members_scope)) = &filter.involved {
        query = query.filter(sql::<Bool>(&super::care_team::involves(
            *user,
            members_scope,
            "clients.id",
        )));
    }
    if let Some(lookup) = &filter.bsn_lookup {
        query = query.filter(c::bsn_lookup.eq(lookup.clone()));
    }
    if let Some((family_name, birth_date)) = &filter.name_and_birth {
        query = query
            .filter(lower(c::family_name).eq(family_name.to_lowercase()))
            .filter(c::birth_date.eq(*birth_date));
    }
    if let Some(after) = page.after {
        query = query.filter(c::id.gt(Id(after)));
    }
    let rows: Vec<(Row, bool)> = query.order(c::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |(r, _)| r.id.0);
    let items = rows
        .into_iter()
        .map(|(row, extra)| Ok((Client::try_from(row)?, extra)))
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Column values to change.
#[derive(AsChangeset, Default)]
#[diesel(table_name = c)]
pub struct Changes {
    /// Given names.
    pub given_names: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// E-mail (inner `None` clears it).
    pub email: Option<Option<String>>,
    /// Phone (inner `None` clears it).
    pub phone: Option<Option<String>>,
    /// Municipality.
    pub municipality_code: Option<String>,
    /// Since when (inner `None` clears it).
    pub municipality_since: Option<Option<NaiveDate>>,
    /// Region.
    pub region_code: Option<String>,
    /// Disclosure choice.
    pub employer_disclosure: Option<String>,
    /// Disclosure note (inner `None` clears it).
    pub disclosure_note: Option<Option<String>>,
    /// BSN ciphertext (inner `None` clears it).
    pub bsn_ciphertext: Option<Option<String>>,
    /// BSN lookup (inner `None` clears it).
    pub bsn_lookup: Option<Option<String>>,
}

impl Changes {
    /// The columns a validated change sets (the region as resolved by the service).
    #[must_use]
    pub fn of(changes: ClientChanges, region: Option<RegionCode>) -> Self {
        Self {
            given_names: changes.given_names,
            family_name: changes.family_name,
            birth_date: changes.birth_date,
            email: changes.email,
            phone: changes.phone,
            municipality_code: changes.municipality_code.map(|m| m.as_str().to_owned()),
            municipality_since: changes.municipality_since,
            region_code: region.map(|r| r.as_str().to_owned()),
            employer_disclosure: changes.employer_disclosure.map(|d| d.as_str().to_owned()),
            disclosure_note: changes.disclosure_note,
            bsn_ciphertext: None,
            bsn_lookup: None,
        }
    }
}

/// Applies `changes` if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: ClientId,
    expected_version: i64,
    changes: &Changes,
) -> QueryResult<bool> {
    let updated = diesel::update(
        c::table
            .filter(c::id.eq(Id::from(id)))
            .filter(c::version.eq(expected_version)),
    )
    .set((
        changes,
        c::version.eq(expected_version + 1),
        c::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// The stored BSN ciphertext of a client, if any.
pub fn bsn_ciphertext(conn: &mut DbConn, id: ClientId) -> QueryResult<Option<String>> {
    c::table
        .find(Id::from(id))
        .select(c::bsn_ciphertext)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

/// Whether a client other than `except` has this BSN (by lookup hash).
pub fn bsn_taken(conn: &mut DbConn, lookup: &str, except: Option<ClientId>) -> QueryResult<bool> {
    let holder: Option<Id> = c::table
        .filter(c::bsn_lookup.eq(lookup.to_owned()))
        .select(c::id)
        .first(conn)
        .optional()?;
    Ok(holder.is_some_and(|h| Some(ClientId::from(h.0)) != except))
}
