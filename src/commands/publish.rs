//! `minutes publish`: a final meeting becomes published, in a commit with
//! an annotated (and with `--sign`, signed) tag; a correction of a
//! published one gets a tag of its own.
//!
//! Everything that can refuse is asked before anything is written: the
//! status, `check`, uncommitted changes to the meeting or its translations,
//! the tag's name, the signing key. `--json` prints
//! `{meeting, tag, commit, date, correction, signed, dry_run}`.

use super::Global;
use crate::cli::PublishArgs;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::plural::count;
use crate::publish::release::{self, Earlier};
use crate::{edit, ui};

pub fn run(global: &Global, options: PublishArgs) -> Result<()> {
    let archive = global.archive()?;
    let repo = Repo::open(&archive.root)?;
    let lock = global.lock(&archive)?;
    repo.ready_to_commit()?;
    let id = archive.resolve(&options.meeting)?;
    let record = archive.load(&id)?;
    let date = match options.date {
        Some(date) => date,
        None => archive.today()?,
    };
    if date < record.meeting.date {
        return Err(Error::usage(format!(
            "{id} cannot be published on {date}, before the call took place"
        ))
        .with_help("give --date on or after the meeting's date, or leave it out for today"));
    }
    // The commit holds the change of status alone; the tag, what readers see.
    let stem = id.as_str();
    let dirty: Vec<String> = repo
        .changed()?
        .into_iter()
        .filter(|c| {
            c.path.parent() == record.file.parent()
                && c.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(stem))
                    .is_some_and(|rest| {
                        rest == ".toml" || (rest.starts_with('.') && rest.matches('.').count() == 2)
                    })
        })
        .map(|c| c.path.display().to_string())
        .collect();
    if !dirty.is_empty() {
        return Err(Error::failed(format!(
            "{id} has uncommitted changes ({}), so it was not published",
            dirty.join(", ")
        ))
        .with_help(format!(
            "commit them first (`minutes commit {id}`), or undo them"
        )));
    }
    let report = global.check(&archive.root, std::slice::from_ref(&id))?;
    let errors: Vec<_> = report
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    if !errors.is_empty() {
        ui::diagnostics(&errors);
        return Err(Error::failed(format!(
            "`minutes check` found {} in {id}, so it was not published",
            count(errors.len(), "error")
        ))
        .with_help("fix them, commit, and publish again"));
    }
    let prefix = &archive.config.publication.tag_prefix;
    let tags = repo.tags(prefix)?;
    let earlier: Vec<Earlier> = tags
        .iter()
        .map(|t| Earlier {
            name: &t.name,
            message: &t.message,
        })
        .collect();
    let plan = release::plan(&id, record.meeting.status, prefix, &earlier, |last| {
        let tagged = tags
            .iter()
            .find(|t| t.name == last)
            .map(|t| t.commit.as_str());
        let then = match tagged {
            Some(commit) => repo.read_at(commit, &record.file)?,
            None => None,
        };
        Ok(then.as_deref() != Some(record.text.as_str()))
    })?;
    let signer = options.sign.then(|| repo.signer()).transpose()?;
    let headline = record.meeting.headline().map(str::to_string);
    let subject = release::tag_subject(&id, headline.as_deref(), plan.correction);
    let message = format!(
        "{subject}\n\n{} of {}, published on {date}.",
        if plan.correction {
            "A correction of the minutes"
        } else {
            "The minutes"
        },
        record.meeting.date
    );
    let text = if plan.edit {
        edit::set_published(&record.file, &record.text, date, plan.correction)?
    } else {
        record.text.clone()
    };
    // A tagging that failed after its commit left the file as it is to be.
    let commit_needed = text != record.text;
    if options.dry_run {
        return say(
            global,
            &id,
            &plan.tag,
            None,
            date,
            plan.correction,
            options.sign,
            commit_needed,
        );
    }
    let mut commit = None;
    if commit_needed {
        edit::update(
            &archive.root,
            || archive.load(&id),
            |now| {
                if now.text != record.text {
                    return Err(Error::failed(format!(
                        "{} changed while it was being published, so nothing was written",
                        record.file.display()
                    ))
                    .with_help("run `minutes publish` again"));
                }
                Ok((text.clone(), ()))
            },
        )?;
        let pending = lock.commit_pending()?;
        commit = Some(repo.commit(std::slice::from_ref(&record.file), &subject, None)?);
        drop(pending);
    }
    let made = repo
        .tag_head(&plan.tag, &message, signer.as_ref())
        .map_err(|e| {
            if commit.is_none() {
                return e;
            }
            Error::failed(format!(
                "{id} was committed as published, but the tag `{}` was not made: {e}",
                plan.tag
            ))
            .with_help(format!(
                "fix that and run `minutes publish {id}{}` again: it tags the commit",
                if options.sign { " --sign" } else { "" }
            ))
        })?;
    say(
        global,
        &id,
        &made.name,
        Some(&made.commit),
        date,
        plan.correction,
        made.signed,
        true,
    )
}

/// Reports what was done, or with no commit id, what would be.
#[allow(clippy::too_many_arguments)]
fn say(
    global: &Global,
    id: &crate::id::MeetingId,
    tag: &str,
    commit: Option<&str>,
    date: chrono::NaiveDate,
    correction: bool,
    signed: bool,
    committed: bool,
) -> Result<()> {
    if global.json {
        return ui::print_json(&serde_json::json!({
            "meeting": id.to_string(),
            "tag": tag,
            "commit": commit,
            "date": date,
            "correction": correction,
            "signed": signed,
            "dry_run": commit.is_none(),
        }));
    }
    let what = if correction { "a correction of " } else { "" };
    let kind = if signed { "signed tag" } else { "tag" };
    let text = match commit {
        Some(commit) => format!(
            "published {what}{id} on {date}: {kind} {tag} at {}\n",
            &commit[..7.min(commit.len())]
        ),
        None => {
            let commit = if committed {
                "set status = \"published\" and the date, commit, and "
            } else {
                ""
            };
            format!("would publish {what}{id} on {date}: {commit}make the {kind} {tag}\n")
        }
    };
    ui::print(&text)
}
