//! `minutes import`: Markdown minutes in, from files or from a repository
//! with its history.
//!
//! Reading and planning are the library's (`crate::import`, pure); this
//! reads the source (files, or the repository through `git::Source`),
//! refuses what would mix with the person's work (uncommitted changes, a
//! meeting that differs from what the import would write), and writes:
//! the files (`--history none`), or commits built aside and landed in one
//! step (`squash`, `replay`), so that an import that fails leaves the
//! archive as it was. The report goes to the terminal, and with
//! `--report` to a JSON file. Like `redate`, it carries its own transaction
//! and is longer than the other commands.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::Global;
use crate::archive::Archive;
use crate::cli::ImportArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::git::{NewCommit, Repo, Source, SourceChange, Stamp};
use crate::import::history::{self, Change, SourceCommit};
use crate::import::report::{HistoryReport, Report, RosterReport, Skipped};
use crate::import::select::Selection;
use crate::import::{self, Converted, Done, HistoryMode, Input};
use crate::plural::count;
use crate::{fsio, ui};

/// What was read from the source.
struct Gathered {
    /// How meetings name it in `[origin] source`.
    name: String,
    inputs: Vec<Input>,
    skipped: Vec<Skipped>,
    /// With `--history replay`: the commits, and the files through them.
    history: Option<(Vec<SourceCommit>, history::Revisions)>,
    /// The source's HEAD, named in a squashed commit.
    head: Option<String>,
}

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
    let repo = match mode {
        HistoryMode::None => None,
        _ => Some(Repo::open(&archive.root)?),
    };
    let _lock = match options.dry_run {
        true => None,
        false => Some(global.lock(&archive)?),
    };
    if let (Some(repo), false) = (&repo, options.dry_run) {
        repo.ready_to_commit()?;
        refuse_changes(&archive, repo, options.force)?;
    }
    if let Some(file) = &options.report {
        report_destination(&archive, &global.dir.join(file), file)?;
    }
    let (series, series_in_id) = series(&archive.config, options.series.as_deref())?;
    let (known, settled) = roster_file(global, &archive, options.roster.as_deref())?;
    let selection = Selection {
        paths: options.paths.clone(),
        excludes: options.excludes.clone(),
    };
    let gathered = match (&options.from, &options.source) {
        (Some(from), _) => gather_git(&global.dir.join(from), from, &selection, mode)?,
        (None, Some(source)) => gather_files(&global.dir.join(source), source, &selection)?,
        (None, None) => {
            return Err(Error::usage("import what?")
                .with_help("give a Markdown file, a folder, or --from REPO"));
        }
    };
    let bar = ui::bar(gathered.inputs.len() as u64, "reading files");
    let tick = || bar.inc(1);
    let converted = import::convert(
        &gathered.inputs,
        &import::Options {
            choice: options.profile,
            date_from: options.date_from,
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
    let config_text = crate::fsio::read_text(&config_path, config_shown)?;
    let added: Vec<&import::roster::Person> = converted.roster.new_people().collect();
    let config_new = import::write::add_people(&config_text, &added, &settled)?;
    let last = last_revisions(&gathered, &converted);
    refuse_overwrites(&archive, &last, &gathered.name, options.force)?;
    let mut report = report(&gathered, &converted, &last);
    let roster_change = (config_new != config_text).then_some(config_new);
    match &repo {
        None if !options.dry_run => write_files(&archive, &last, roster_change.as_deref())?,
        None => {}
        Some(repo) => {
            let (commits, history) = commits(
                repo,
                &archive,
                mode,
                &gathered,
                &converted,
                &last,
                roster_change.as_deref(),
            )?;
            report.history = Some(history);
            if !options.dry_run {
                let bar = ui::bar(commits.len() as u64, "recording commits");
                let tick = || bar.inc(1);
                if let Some(tip) = repo.build(&commits, &tick)? {
                    repo.land(&tip)?;
                }
                bar.finish_and_clear();
            }
        }
    }
    report.written = !options.dry_run;
    report.total();
    if let Some(file) = &options.report {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::failed(format!("cannot write the report: {e}")))?;
        fsio::write_output(
            &archive.root,
            &global.dir.join(file),
            file,
            json.as_bytes(),
            true,
        )?;
    }
    if global.json {
        return ui::print_json(&report);
    }
    ui::print(&crate::view::import::render(&report))
}

/// The roster before the import: the archive's, with the people of a
/// `--roster` file over it; and those people, to be written into
/// minutes.toml.
fn roster_file(
    global: &Global,
    archive: &Archive,
    file: Option<&Path>,
) -> Result<(
    BTreeMap<String, crate::config::Person>,
    Vec<import::roster::Person>,
)> {
    let mut known = archive.config.people.clone();
    let mut settled = Vec::new();
    if let Some(file) = file {
        let text = crate::fsio::read_text(&global.dir.join(file), file).map_err(|e| {
            e.with_help(
                "give --roster the path of a TOML file with a [people] table, as in minutes.toml",
            )
        })?;
        for (handle, person) in import::roster::parse_file(file, &text).map_err(Error::Invalid)? {
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

fn gather_files(path: &Path, shown: &Path, selection: &Selection) -> Result<Gathered> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::io("read", shown, e)
            .with_help("give the path of a Markdown file, or of a folder that holds them")
    })?;
    let name = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut gathered = Gathered {
        name: name.display().to_string(),
        inputs: Vec::new(),
        skipped: Vec::new(),
        history: None,
        head: None,
    };
    // Each file: where it is, its path in the source, how messages name it.
    let mut files: Vec<(PathBuf, String, PathBuf)> = Vec::new();
    if meta.is_file() {
        // A file named on the command line is imported whatever its name.
        let file = shown.file_name().map(PathBuf::from).unwrap_or_default();
        files.push((
            path.to_path_buf(),
            file.display().to_string(),
            shown.to_path_buf(),
        ));
        gathered.name = name
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
    } else {
        for relative in walk(path)? {
            match selection.judge(&relative) {
                Ok(()) => files.push((
                    path.join(&relative),
                    relative.clone(),
                    shown.join(&relative),
                )),
                Err(why) => gathered.skipped.push(Skipped {
                    path: relative,
                    why,
                }),
            }
        }
    }
    let mut problems = Vec::new();
    for (full, relative, named) in files {
        // Read as the archive's files are: no link followed, no huge file.
        let bytes = fsio::read_regular(&full, &named)?;
        match import::text_of(bytes, &named) {
            Ok(text) => gathered.inputs.push(Input {
                chain: gathered.inputs.len(),
                path: relative,
                text,
                commit: None,
            }),
            Err(Error::Invalid(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(gathered)
}

/// The files under `dir`, relative and with `/`, in order; hidden folders
/// (`.git`) and links are left out.
fn walk(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(relative) = todo.pop() {
        let here = dir.join(&relative);
        let entries = std::fs::read_dir(&here).map_err(|e| Error::io("list", &here, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("list", &here, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry
                .file_type()
                .map_err(|e| Error::io("read", &entry.path(), e))?;
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            let path = relative.join(&name);
            if kind.is_dir() {
                todo.push(path);
            } else if kind.is_file() {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn gather_git(
    path: &Path,
    shown: &Path,
    selection: &Selection,
    mode: HistoryMode,
) -> Result<Gathered> {
    let source = Source::open(path, shown)?;
    let Some(head) = source.head()? else {
        return Err(Error::failed(format!("{} has no commits to import", shown.display()))
            .with_help("--from takes a repository with history; for files alone, give the folder without --from"));
    };
    let files = source.files()?;
    // Only what lies beside the minutes is worth naming as left out.
    let folders: Vec<&str> = files
        .iter()
        .filter(|(p, _)| selection.judge(p).is_ok())
        .map(|(p, _)| p.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    let mut gathered = Gathered {
        name: source.describe(),
        inputs: Vec::new(),
        skipped: files
            .iter()
            .filter(|(p, _)| folders.contains(&p.rsplit_once('/').map_or("", |(d, _)| d)))
            .filter_map(|(p, _)| {
                selection.judge(p).err().map(|why| Skipped {
                    path: p.clone(),
                    why,
                })
            })
            .collect(),
        history: None,
        head: Some(head.clone()),
    };
    let text = |blob: &str, path: &str, commit: &str| {
        let shown = shown.join(format!("{path}@{}", &commit[..commit.len().min(12)]));
        import::text_of(source.blob(blob)?, &shown)
    };
    if mode == HistoryMode::Replay {
        let wanted = |p: &str| selection.judge(p).is_ok();
        let found = source.commits(&wanted)?;
        let bar = ui::bar(found.len() as u64, "reading history");
        let mut commits = Vec::with_capacity(found.len());
        for c in found {
            let mut changes = Vec::with_capacity(c.changes.len());
            for change in &c.changes {
                changes.push(match change {
                    SourceChange::Write { path, blob } => Change::Write {
                        path: path.clone(),
                        text: text(blob, path, &c.id)?,
                    },
                    SourceChange::Delete { path } => Change::Delete { path: path.clone() },
                    SourceChange::Rename { from, to, blob } => Change::Rename {
                        from: from.clone(),
                        to: to.clone(),
                        text: text(blob, to, &c.id)?,
                    },
                });
            }
            commits.push(SourceCommit {
                id: c.id,
                author: stamp(&c.author),
                committer: stamp(&c.committer),
                message: c.message,
                changes,
            });
            bar.inc(1);
        }
        bar.finish_and_clear();
        let revisions = history::revisions(&commits);
        gathered.inputs = revisions.inputs.clone();
        gathered.history = Some((commits, revisions));
    } else {
        for (path, blob) in files.iter().filter(|(p, _)| selection.judge(p).is_ok()) {
            gathered.inputs.push(Input {
                chain: gathered.inputs.len(),
                path: path.clone(),
                text: text(blob, path, &head)?,
                commit: Some(head.clone()),
            });
        }
    }
    Ok(gathered)
}

fn stamp(s: &Stamp) -> history::Stamp {
    history::Stamp {
        name: s.name.clone(),
        email: s.email.clone(),
        time: s.time,
        offset: s.offset,
    }
}

fn git_stamp(s: &history::Stamp) -> Stamp {
    Stamp {
        name: s.name.clone(),
        email: s.email.clone(),
        time: s.time,
        offset: s.offset,
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

/// `--history none`: the files, each written atomically, the roster first.
fn write_files(
    archive: &Archive,
    last: &BTreeMap<String, &Done>,
    roster: Option<&str>,
) -> Result<()> {
    if let Some(text) = roster {
        let shown = Path::new(crate::config::FILE_NAME);
        fsio::write_atomic(&archive.path(shown), shown, text.as_bytes())?;
    }
    let files: Vec<(PathBuf, PathBuf, Vec<u8>)> = last
        .values()
        .map(|done| {
            (
                archive.path(&done.id.relative_path()),
                done.id.relative_path(),
                done,
            )
        })
        .filter_map(|(path, relative, done)| match current(archive, done) {
            Ok(Some(bytes)) if bytes == done.text.as_bytes() => None,
            Ok(_) => Some(Ok((path, relative, done.text.clone().into_bytes()))),
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_>>()?;
    fsio::write_batch(&files)
}

/// What the archive holds where `done` goes, read safely: none when
/// nothing is there.
fn current(archive: &Archive, done: &Done) -> Result<Option<Vec<u8>>> {
    let relative = done.id.relative_path();
    fsio::read_if_present(&archive.path(&relative), &relative)
}

/// The commits that record the import: the roster first (by the person
/// importing), then one commit with everything (`squash`) or one per
/// source commit (`replay`).
fn commits(
    repo: &Repo,
    archive: &Archive,
    mode: HistoryMode,
    gathered: &Gathered,
    converted: &Converted,
    last: &BTreeMap<String, &Done>,
    roster: Option<&str>,
) -> Result<(Vec<NewCommit>, HistoryReport)> {
    let mut out = Vec::new();
    if let Some(text) = roster {
        out.push(NewCommit {
            author: None,
            committer: None,
            message: format!(
                "Add the people of the minutes of {} to the roster",
                gathered.name
            ),
            files: vec![(
                PathBuf::from(crate::config::FILE_NAME),
                Some(text.as_bytes().to_vec()),
            )],
        });
    }
    let mut report = HistoryReport {
        mode: mode.as_str(),
        ..HistoryReport::default()
    };
    match &gathered.history {
        Some((source_commits, revisions)) => {
            let mut head = HashMap::new();
            let head_id = repo.head_id()?;
            for done in last.values() {
                let path = done.id.relative_path();
                if let Some(text) = head_id
                    .as_deref()
                    .map(|h| repo.read_at(h, &path))
                    .transpose()?
                    .flatten()
                {
                    head.insert(path, text);
                }
            }
            let messages = repo.messages()?;
            let recorded = history::recorded(messages.iter().map(String::as_str));
            let plan = history::plan(
                source_commits,
                revisions,
                converted,
                &head,
                &recorded,
                &gathered.name,
            );
            report.source_commits = source_commits.len();
            report.unchanged = plan.unchanged;
            report.recorded = plan.recorded;
            out.extend(plan.commits.into_iter().map(|p| {
                NewCommit {
                    author: p.author.as_ref().map(git_stamp),
                    committer: p.committer.as_ref().map(git_stamp),
                    message: p.message,
                    files: p
                        .files
                        .into_iter()
                        .map(|(path, text)| (path, text.map(String::into_bytes)))
                        .collect(),
                }
            }));
        }
        None => {
            let mut files: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
            for d in last.values() {
                if current(archive, d)?.as_deref() != Some(d.text.as_bytes()) {
                    files.push((d.id.relative_path(), Some(d.text.clone().into_bytes())));
                }
            }
            if !files.is_empty() {
                let message = format!(
                    "Import {} from {}",
                    count(files.len(), "meeting"),
                    gathered.name
                );
                let message = match &gathered.head {
                    Some(head) => history::with_trailer(&message, &gathered.name, head),
                    None => message + "\n",
                };
                out.push(NewCommit {
                    author: None,
                    committer: None,
                    message,
                    files,
                });
            }
        }
    }
    report.commits = out.len();
    Ok((out, report))
}
