//! `minutes` keeps the minutes of a recurring teleconference as TOML files in
//! a git repository, and turns them into publishable reports.
//!
//! `ARCHITECTURE.md`, at the root of the project, is the map: the layers and
//! the rule that an import between modules only points down (checked by
//! `tests/architecture.rs`), what each module owns and must never do, and the
//! invariants that hold across them. Data flows one way:
//!
//! ```text
//! arguments (cli) -> archive (config + meetings) -> check -> query / render / history -> output
//! ```
//!
//! - [`config`], [`meeting`], [`translation`]: the file formats, each with its
//!   shape declared for [`schema`] and read through [`source`].
//! - [`archive`]: finding the archive, ids to paths ([`id`]), reading files;
//!   it knows no cache and no repository.
//! - [`check`]: every rule that spans meanings or files, as [`diagnostic`]s.
//! - [`schedule`]: the recurrence of a series; [`clock`]: today.
//! - [`query`]: questions across meetings (actions, topics, decisions,
//!   sources, attendance, search), pure functions over loaded records.
//! - [`edit`]: changes that keep the person's layout, written by [`fsio`].
//! - [`render`]: reports through templates (the only user of minijinja).
//! - [`publish`]: what publishing a meeting does, and the static site of the
//!   published meetings (pages, feeds, calendar) built through [`render`];
//!   [`permalink`], where a published meeting's pages are, for both.
//! - [`git`]: the only user of git2, knowing no cache; [`history`] and
//!   [`changes`] put its commits into meeting terms through [`diff`], the
//!   semantic difference, asking the [`index`] of the history first.
//! - [`index`]: what the read commands need, kept under `.git/minutes/`; the
//!   commands decide whether it is used.
//! - [`lock`]: one writing command at a time, and what a crashed writer
//!   left finished; [`redate`], the move of a meeting as a transaction;
//!   [`intake`], the import of Markdown minutes as one.
//! - [`commands`]: one module per subcommand, composing the parts above;
//!   [`cli`] is the only clap user. [`error`] and [`ui`] serve them all;
//!   [`cores`] spreads work over the machine's cores.
//!
//! The library's surface is what another program may build on: reading an
//! archive and its formats, checking it, editing a meeting, merging two
//! versions of one, rendering. The faces of the binary (`cli`, `commands`,
//! `pager`, `plural`, `ui`) are public only because the binary is a crate
//! of its own, and are hidden from the documentation; everything else is
//! internal to the crate.

// The surface.
pub mod archive;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod edit;
pub mod error;
pub mod escape;
pub mod id;
pub mod index;
pub mod meeting;
pub mod merge;
pub mod render;
pub mod schedule;
pub mod translation;

// The binary's faces.
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod commands;
#[doc(hidden)]
pub mod pager;
#[doc(hidden)]
pub mod plural;
#[doc(hidden)]
pub mod ui;

// Internal.
mod changes;
mod clock;
mod conflict;
mod cores;
mod diff;
mod fsio;
mod git;
mod history;
mod import;
mod intake;
mod lock;
mod permalink;
mod publication;
mod publish;
mod query;
mod redate;
mod schema;
mod source;
mod sync;
mod toml_date;
mod view;
