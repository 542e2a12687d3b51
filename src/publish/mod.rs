//! Publishing: what `minutes publish` does to a meeting, and the static
//! site of the published meetings with its feeds and calendar.
//!
//! Built over `render` (every page goes through the templates) and `query`
//! (tags, decisions, sources); it knows no repository: `crate::publication`
//! makes the commit and the tag, from what `release` decides.

pub mod calendar;
mod feed;
mod output;
pub mod release;
pub mod site;
mod sitemap;
mod vtimezone;
