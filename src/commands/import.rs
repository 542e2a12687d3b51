//! `minutes import`: Markdown minutes in, from files or from a repository
//! with its history.
//!
//! The transaction is the library's (`crate::intake`: reading the source,
//! the refusals, the files or commits, the report file) over the pure
//! reading of `crate::import`; this resolves the arguments, opens the
//! repository when the import records commits, takes the lock unless it is
//! a dry run, and shows the report (`crate::view::import`, or `--json`).

use std::path::Path;

use super::Global;
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::import::HistoryMode;
use crate::import::select::Selection;
use crate::intake::{self, Given, Request, Source};
use crate::ui;

pub fn run(global: &Global, options: ImportArgs) -> Result<()> {
    let archive = global.archive()?;
    let mode = options.history.unwrap_or(match options.from {
        Some(_) => HistoryMode::Replay,
        None => HistoryMode::None,
    });
    if mode == HistoryMode::Replay && options.from.is_none() {
        return Err(Error::usage("--history replay needs a repository to replay")
            .with_help("give the repository with --from REPO, or choose --history squash or --history none"));
    }
    let given = |shown: &Path| Given {
        path: global.dir.join(shown),
        shown: shown.to_path_buf(),
    };
    let source = match (&options.from, &options.source) {
        (Some(from), _) => Source::Repository(given(from)),
        (None, Some(source)) => Source::Files(given(source)),
        (None, None) => {
            return Err(Error::usage("import what?")
                .with_help("give a Markdown file, a folder, or --from REPO"));
        }
    };
    let repo = match mode {
        HistoryMode::None => None,
        _ => Some(Repo::open(&archive.root)?),
    };
    let _lock = match options.dry_run {
        true => None,
        false => Some(global.lock(&archive)?),
    };
    let request = Request {
        source,
        mode,
        selection: Selection {
            paths: options.paths,
            excludes: options.excludes,
        },
        profile: options.profile,
        date_from: options.date_from,
        series: options.series,
        roster: options.roster.as_deref().map(given),
        report: options.report.as_deref().map(given),
        force: options.force,
        dry_run: options.dry_run,
    };
    let report = intake::run(&archive, repo.as_ref(), &request)?;
    if global.json {
        return ui::print_json(&report);
    }
    ui::print(&crate::view::import::render(&report))
}
