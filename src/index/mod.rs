//! The archive index under the git directory (`.git/minutes/`, never
//! committed): what the read commands need, kept current incrementally so
//! that they do not re-read and re-parse the whole archive each time.
//!
//! The index is a cache: it can always be deleted, and results are the same
//! with it or without it (`--no-index`, or `MINUTES_NO_INDEX=1`). A missing,
//! damaged or foreign file is rebuilt without a word (unless `-v`).

mod files;
pub mod history;
mod store;

pub use files::{Detail, Meetings, load as meetings};
