//! Fidelity-review rows and queries. A review is written once, with its 25 item scores, and
//! never changed or removed (the database refuses both).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::{fidelity_review_items as fi, fidelity_reviews as fr};
use super::{DbConn, Id, UtcTime, scope};
use crate::authz::{FidelityScope, Permit};
use crate::domain::fidelity::{FidelityReview, Item, ItemScores, NewFidelityReview};
use crate::domain::{FidelityReviewId, OrganisationId, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = fr)]
struct Row {
    id: Id,
    organisation_id: Id,
    team_name: Option<String>,
    review_date: NaiveDate,
    reviewing_body: String,
    total: i32,
    band: String,
    recorded_by_user_id: Id,
    origin_organisation_id: Id,
    created_at: UtcTime,
}

/// Where a page of reviews continues: after this review date and id, the list's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListKey {
    /// The last review's date.
    pub review_date: NaiveDate,
    /// The last review's id.
    pub id: uuid::Uuid,
}

impl fmt::Display for ListKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}~{}", self.review_date.format("%Y-%m-%d"), self.id)
    }
}

impl FromStr for ListKey {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let (date, id) = s.split_once('~').ok_or(())?;
        Ok(Self {
            review_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(drop)?,
            id: id.parse().map_err(drop)?,
        })
    }
}

/// Stores a review and its item scores, with the total and band werkpad computed; returns
/// it as stored.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    new: &NewFidelityReview,
    by: (UserId, OrganisationId),
) -> QueryResult<FidelityReview> {
    let id = FidelityReviewId::new();
    let created_at = UtcTime::now();
    diesel::insert_into(fr::table)
        .values((
            fr::id.eq(Id::from(id)),
            fr::organisation_id.eq(Id::from(new.organisation_id)),
            fr::team_name.eq(&new.team_name),
            fr::review_date.eq(new.review_date),
            fr::reviewing_body.eq(&new.reviewing_body),
            fr::total.eq(i32::from(new.scores.total())),
            fr::band.eq(new.scores.band().as_str()),
            fr::recorded_by_user_id.eq(Id::from(by.0)),
            fr::origin_organisation_id.eq(Id::from(by.1)),
            fr::created_at.eq(created_at),
        ))
        .execute(conn)?;
    for (item, score) in new.scores.iter() {
        diesel::insert_into(fi::table)
            .values((
                fi::review_id.eq(Id::from(id)),
                fi::item.eq(item.as_str()),
                fi::score.eq(i32::from(score)),
            ))
            .execute(conn)?;
    }
    Ok(FidelityReview {
        id,
        organisation_id: new.organisation_id,
        team_name: new.team_name.clone(),
        review_date: new.review_date,
        reviewing_body: new.reviewing_body.clone(),
        scores: new.scores.clone(),
        recorded_by_user_id: by.0,
        origin_organisation_id: by.1,
        created_at: created_at.0,
    })
}

/// The reviews of `rows`, each with its item scores, in the rows' order.
fn with_items(conn: &mut DbConn, rows: Vec<Row>) -> QueryResult<Vec<FidelityReview>> {
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let items: Vec<(Id, String, i32)> = fi::table
        .filter(fi::review_id.eq_any(&ids))
        .select((fi::review_id, fi::item, fi::score))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            let pairs = items
                .iter()
                .filter(|(review, _, _)| *review == r.id)
                .map(|(_, item, score)| {
                    let item = item
                        .parse::<Item>()
                        .map_err(|()| corrupt("fidelity_review_items.item"))?;
                    Ok((item, i64::from(*score)))
                })
                .collect::<QueryResult<Vec<_>>>()?;
            let scores = ItemScores::new(pairs)
                .map_err(|_| corrupt("fidelity_review_items (incomplete)"))?;
            // What was stored is what the scores give, or the row was changed behind our back.
            if i32::from(scores.total()) != r.total || scores.band().as_str() != r.band {
                return Err(corrupt("fidelity_reviews.total"));
            }
            Ok(FidelityReview {
                id: r.id.0.into(),
                organisation_id: r.organisation_id.0.into(),
                team_name: r.team_name,
                review_date: r.review_date,
                reviewing_body: r.reviewing_body,
                scores,
                recorded_by_user_id: r.recorded_by_user_id.0.into(),
                origin_organisation_id: r.origin_organisation_id.0.into(),
                created_at: r.created_at.0,
            })
        })
        .collect()
}

/// One review inside `scope`.
pub fn find(
    conn: &mut DbConn,
    scope: FidelityScope,
    id: FidelityReviewId,
) -> QueryResult<Option<FidelityReview>> {
    let row: Option<Row> = fr::table
        .filter(fr::id.eq(Id::from(id)))
        .filter(scope::fidelity_reviews(scope))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    Ok(with_items(conn, row.into_iter().collect())?.pop())
}

/// A page of the reviews inside `scope`, optionally of one organisation, by review date and
/// then id, so that one organisation's reviews read as its history.
pub fn list(
    conn: &mut DbConn,
    scope: FidelityScope,
    organisation: Option<OrganisationId>,
    page: PageRequest<ListKey>,
) -> QueryResult<(Vec<FidelityReview>, Option<ListKey>)> {
    let mut query = fr::table
        .filter(scope::fidelity_reviews(scope))
        .select(Row::as_select())
        .into_boxed();
    if let Some(organisation) = organisation {
        query = query.filter(fr::organisation_id.eq(Id::from(organisation)));
    }
    if let Some(after) = page.after {
        query = query.filter(
            fr::review_date.gt(after.review_date).or(fr::review_date
                .eq(after.review_date)
                .and(fr::id.gt(Id(after.id)))),
        );
    }
    let rows: Vec<Row> = query
        .order((fr::review_date.asc(), fr::id.asc()))
        .limit(page.fetch())
        .load(conn)?;
    let (rows, next) = page.finish(rows, |r| ListKey {
        review_date: r.review_date,
        id: r.id.0,
    });
    Ok((with_items(conn, rows)?, next))
}
