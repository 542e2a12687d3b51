//! The import's transaction: Markdown minutes, from files or from a
//! repository with its history, into the archive, all or nothing.
//!
//! Reading and planning are `import`'s, which is pure; this module does
//! what `import` must not: it reads the source ([`gather`]: files, or a
//! repository through `git::Source`), refuses what would mix with the
//! person's work (uncommitted changes, a meeting that differs from what the
//! import would write, a `--report` file that could not be written), and
//! records the result ([`record`]: the files with `--history none`, or
//! commits built aside and landed in one step with `squash` and `replay`),
//! so that an import that fails leaves the archive as it was. Everything is
//! refused before the first write.
//!
//! The caller holds the archive lock (unless it only tries, `--dry-run`)
//! and opens the repository when the import records commits. This module
//! knows no command line and prints nothing but progress bars; the report
//! it returns is shown by the command.

mod gather;
mod record;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::archive::Archive;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::import::report::{Report, RosterReport};
use crate::import::select::Selection;
use crate::import::{self, Converted, DateFrom, Done, HistoryMode, ProfileChoice};
use crate::plural::count;
use crate::{fsio, ui};

use gather::Gathered;

/// A path the person gave: where it is, and how messages name it (as
/// typed).
pub struct Given {
    pub path: PathBuf,
    pub shown: PathBuf,
}

/// Where the minutes come from.
pub enum Source {
    /// A Markdown file, or a folder that holds them.
    Files(Given),
    /// A repository, with its history.
    Repository(Given),
}

/// What to import, and how.
pub struct Request {
    pub source: Source,
    /// With `squash` or `replay`, the caller gives the archive's repository.
    pub mode: HistoryMode,
    pub selection: Selection,
    pub profile: ProfileChoice,
    pub date_from: DateFrom,
    pub series: Option<String>,
    /// A TOML file of people, settled before the import.
    pub roster: Option<Given>,
    /// Where the report goes as JSON.
    pub report: Option<Given>,
    /// Import over uncommitted changes and over meetings that differ.
    pub force: bool,
    /// Say what would be imported, and write nothing but the report.
    pub dry_run: bool,
}

/// Imports what `request` names into `archive`, recording it in `repo`
/// when the history mode records commits; returns what was done (or, with
/// `--dry-run`, what would be).
pub fn run(archive: &Archive, repo: Option<&Repo>, request: &Request) -> Result<Report> {
    if let (Some(repo), false) = (repo, request.dry_run) {
        repo.ready_to_commit()?;
        refuse_changes(archive, repo, request.force)?;
    }
    if let Some(file) = &request.report {
        report_destination(archive, &file.path, &file.shown)?;
    }
    let (series, series_in_id) = series(&archive.config, request.series.as_deref())?;
    let (known, settled) = roster_file(archive, request.roster.as_ref())?;
    let gathered = match &request.source {
        Source::Repository(from) => {
            gather::repository(&from.path, &from.shown, &request.selection, request.mode)?
        }
        Source::Files(files) => gather::files(&files.path, &files.shown, &request.selection)?,
    };
    let bar = ui::bar(gathered.inputs.len() as u64, "reading files");
    let tick = || bar.inc(1);
    let converted = import::convert(
        &gathered.inputs,
        &import::Options {
            choice: request.profile,
            date_from: request.date_from,
            series,
            series_in_id,
            known: &known,
            source: gathered.name.clone(),
            on_read: &tick,
        },
    )
    .map_err(Error::Invalid)?;
    bar.finish_and_clear();
    let config_path = archive.path(Path::new(crate::config::FILE_NAME));
    let config_shown = Path::new(crate::config::FILE_NAME);
    let config_text = fsio::read_text(&config_path, config_shown)?;
    let added: Vec<&import::roster::Person> = converted.roster.new_people().collect();
    let config_new = import::write::add_people(&config_text, &added, &settled)?;
    let last = last_revisions(&gathered, &converted);
    refuse_overwrites(archive, &last, &gathered.name, request.force)?;
    let mut report = report(&gathered, &converted, &last);
    let roster_change = (config_new != config_text).then_some(config_new);
    match repo {
        None if !request.dry_run => record::write_files(archive, &last, roster_change.as_deref())?,
        None => {}
        Some(repo) => {
            let (commits, history) = record::commits(
                repo,
                archive,
                request.mode,
                &gathered,
                &converted,
                &last,
                roster_change.as_deref(),
            )?;
            report.history = Some(history);
            if !request.dry_run {
                let bar = ui::bar(commits.len() as u64, "recording commits");
                let tick = || bar.inc(1);
                if let Some(tip) = repo.build(&commits, &tick)? {
                    repo.land(&tip)?;
                }
                bar.finish_and_clear();
            }
        }
    }
    report.written = !request.dry_run;
    report.total();
    if let Some(file) = &request.report {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::failed(format!("cannot write the report: {e}")))?;
        fsio::write_output(
            &archive.root,
            &file.path,
            &file.shown,
            json.as_bytes(),
            true,
        )?;
    }
    Ok(report)
}

/// The roster before the import: the archive's, with the people of a
/// `--roster` file over it; and those people, to be written into
/// minutes.toml.
fn roster_file(
    archive: &Archive,
    file: Option<&Given>,
) -> Result<(
    BTreeMap<String, crate::config::Person>,
    Vec<import::roster::Person>,
)> {
    let mut known = archive.config.people.clone();
    let mut settled = Vec::new();
    if let Some(file) = file {
        let text = fsio::read_text(&file.path, &file.shown).map_err(|e| {
            e.with_help(
                "give --roster the path of a TOML file with a [people] table, as in minutes.toml",
            )
        })?;
        for (handle, person) in
            import::roster::parse_file(&file.shown, &text).map_err(Error::Invalid)?
        {
            settled.push(import::roster::Person {
                handle: handle.clone(),
                name: person.name.clone(),
                aliases: person.aliases.clone(),
                github: person.github.clone(),
                email: person.email.clone(),
                known: true,
            });
            known.insert(handle, person);
        }
    }
    Ok((known, settled))
}

/// Refuses, before anything is written, a `--report` file that could not
/// be written once the import is done: the import would have landed
/// without the report that says what it left out.
fn report_destination(archive: &Archive, path: &Path, shown: &Path) -> Result<()> {
    let help = "give --report the name of a file outside meetings/ in a folder that exists, e.g. --report import.json";
    fsio::check_output(&archive.root, path, shown, true).map_err(|e| e.with_help(help))?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(Error::failed(format!(
            "{}: its folder does not exist, so nothing was imported",
            shown.display()
        ))
        .with_help(help));
    }
    Ok(())
}

/// Refuses to mix an import with uncommitted work on the minutes (what
/// `minutes commit` would record), unless forced.
fn refuse_changes(archive: &Archive, repo: &Repo, force: bool) -> Result<()> {
    let (changed, _) = crate::changes::select(&archive.root, &repo.changed()?, &[]);
    if changed.is_empty() || force {
        return Ok(());
    }
    let list: Vec<String> = changed
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect();
    Err(Error::failed(format!(
        "the archive has uncommitted changes, which the import's commits would mix with:\n{}",
        list.join("\n")
    ))
    .with_help("commit them first (`minutes commit`), or pass --force to import and leave them as they are"))
}

/// The series field of the meetings, and whether its name goes into ids.
fn series(config: &Config, wanted: Option<&str>) -> Result<(Option<String>, bool)> {
    let default = config.default_series();
    match wanted {
        Some(name) => {
            config.series_named(Some(name))?;
            let several = config.series.len() > 1;
            Ok((several.then(|| name.to_string()), default != Some(name)))
        }
        None if config.series.len() > 1 => {
            let names: Vec<&str> = config.series.keys().map(String::as_str).collect();
            Err(Error::usage(
                "this archive has several series; which one do the minutes belong to?",
            )
            .with_help(format!("add --series with one of: {}", names.join(", "))))
        }
        None => Ok((None, false)),
    }
}

/// The last revision of each file, by meeting: what the archive holds
/// once the import is done.
fn last_revisions<'a>(gathered: &Gathered, converted: &'a Converted) -> BTreeMap<String, &'a Done> {
    let mut by_chain: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, input) in gathered.inputs.iter().enumerate() {
        by_chain.insert(input.chain, i);
    }
    // A file the source deleted leaves no meeting behind.
    if let Some((_, revisions)) = &gathered.history {
        by_chain.retain(|chain, _| revisions.alive.contains(chain));
    }
    by_chain
        .values()
        .map(|&i| &converted.done[i])
        .map(|d| (d.id.to_string(), d))
        .collect()
}

/// Refuses to replace meetings that hold something else than what this
/// import would write, unless forced: a meeting of another source, or
/// written by hand.
fn refuse_overwrites(
    archive: &Archive,
    last: &BTreeMap<String, &Done>,
    source: &str,
    force: bool,
) -> Result<()> {
    if force {
        return Ok(());
    }
    let mut differ = Vec::new();
    for done in last.values() {
        let relative = done.id.relative_path();
        let Some(bytes) = current(archive, done)? else {
            continue;
        };
        if bytes == done.text.as_bytes() {
            continue;
        }
        let ours = archive
            .load(&done.id)
            .ok()
            .and_then(|r| r.meeting.origin)
            .is_some_and(|o| {
                o.source == source
                    && o.path.as_deref()
                        == done.meeting.origin.as_ref().and_then(|m| m.path.as_deref())
            });
        if !ours {
            differ.push(format!("  {} ({})", done.id, relative.display()));
        }
    }
    if differ.is_empty() {
        return Ok(());
    }
    Err(Error::failed(format!(
        "{} exist already with other content, so nothing was imported:\n{}",
        count(differ.len(), "meeting"),
        differ.join("\n")
    ))
    .with_help(
        "pass --force to replace them with the imported minutes, or import into another archive",
    ))
}

fn report(gathered: &Gathered, converted: &Converted, last: &BTreeMap<String, &Done>) -> Report {
    let mut revisions: HashMap<String, usize> = HashMap::new();
    for d in &converted.done {
        *revisions.entry(d.id.to_string()).or_default() += 1;
    }
    let files = last
        .values()
        .map(|d| {
            let mut r = d.report.clone();
            r.revisions = revisions.get(&r.id).copied().unwrap_or(1);
            r
        })
        .collect();
    Report {
        source: gathered.name.clone(),
        files,
        skipped: gathered.skipped.clone(),
        roster: RosterReport {
            added: converted
                .roster
                .new_people()
                .map(|p| p.handle.clone())
                .collect(),
            guests: converted.roster.guest_count(),
            proposals: converted.roster.proposals.clone(),
        },
        ..Report::default()
    }
}

/// What the archive holds where `done` goes, read safely: none when
/// nothing is there.
fn current(archive: &Archive, done: &Done) -> Result<Option<Vec<u8>>> {
    let relative = done.id.relative_path();
    fsio::read_if_present(&archive.path(&relative), &relative)
}
