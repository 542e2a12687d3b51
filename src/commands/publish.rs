//! `minutes publish`: a final meeting becomes published, in a commit with
//! an annotated (and with `--sign`, signed) tag; a correction of a
//! published one gets a tag of its own.
//!
//! The transaction is `crate::publication`'s; the command runs `check`
//! between its refusals and its plan, so that everything that can refuse
//! is asked before anything is written: the status, `check`, uncommitted
//! changes to the meeting or its translations, the tag's name, the signing
//! key. `--json` prints
//! `{meeting, tag, commit, date, correction, signed, dry_run}`.

use super::Global;
use crate::cli::PublishArgs;
use crate::error::{Error, Result};
use crate::git::{Made, Repo};
use crate::publication::{self, Publication};
use crate::ui;

pub fn run(global: &Global, options: PublishArgs) -> Result<()> {
    let archive = global.archive()?;
    let repo = Repo::open(&archive.root)?;
    let lock = global.lock(&archive)?;
    repo.ready_to_commit()?;
    let id = archive.resolve(&options.meeting)?;
    let candidate = publication::candidate(&archive, &repo, &id, options.date)?;
    global.check_or_refuse(&archive.root, std::slice::from_ref(&id), |errors| {
        Error::failed(format!(
            "`minutes check` found {errors} in {id}, so it was not published"
        ))
        .with_help("fix them, commit, and publish again")
    })?;
    let publication = candidate.plan(&archive, &repo, options.sign)?;
    if options.dry_run {
        return say(global, &publication, None);
    }
    let made = publication.apply(&archive, &repo, &lock)?;
    say(global, &publication, Some(&made))
}

/// Reports what was done (`made`), or without it, what would be.
fn say(global: &Global, publication: &Publication, made: Option<&Made>) -> Result<()> {
    let Publication {
        id,
        date,
        correction,
        ..
    } = publication;
    let tag = made.map_or(&publication.tag, |made| &made.name);
    let signed = made.map_or(publication.sign, |made| made.signed);
    let commit = made.map(|made| made.commit.as_str());
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
    let what = if *correction { "a correction of " } else { "" };
    let kind = if signed { "signed tag" } else { "tag" };
    let text = match commit {
        Some(commit) => format!(
            "published {what}{id} on {date}: {kind} {tag} at {}\n",
            &commit[..7.min(commit.len())]
        ),
        None => {
            let commit = if publication.commit {
                "set status = \"published\" and the date, commit, and "
            } else {
                ""
            };
            format!("would publish {what}{id} on {date}: {commit}make the {kind} {tag}\n")
        }
    };
    ui::print(&text)
}
