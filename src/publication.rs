//! The transaction of `minutes publish`: a final meeting becomes
//! published, in a commit with an annotated (and, given a signer, signed)
//! tag; a correction of a published one gets a tag of its own.
//!
//! Everything that can refuse is asked before anything is written: the
//! date, uncommitted changes to the meeting or its translations
//! ([`candidate`]), the tag's name and the signing key ([`Candidate::plan`]);
//! the caller runs `check` between the two, since the rules across files
//! are a layer above. What to do is `publish::release`'s, which is pure and
//! knows no repository; this module reads the repository for it, and makes
//! the edit, the commit and the tag ([`Publication::apply`]). It knows no
//! command line and prints nothing.

use chrono::NaiveDate;

use crate::archive::{Archive, Record};
use crate::edit;
use crate::error::{Error, Result};
use crate::git::{Made, Repo, Signer};
use crate::id::MeetingId;
use crate::lock::Lock;
use crate::publish::release::{self, Earlier};

/// A meeting that may be published: loaded, with the date of its
/// publication, and no uncommitted change to it or its translations.
pub struct Candidate {
    record: Record,
    date: NaiveDate,
}

/// What a publication does, with everything that could refuse asked.
pub struct Publication {
    pub id: MeetingId,
    pub date: NaiveDate,
    /// The tag to make.
    pub tag: String,
    /// Whether this corrects an earlier publication.
    pub correction: bool,
    /// Whether the file changes, and is committed before it is tagged.
    pub commit: bool,
    /// Whether the tag is to be signed.
    pub sign: bool,
    record: Record,
    text: String,
    subject: String,
    message: String,
    signer: Option<Signer>,
}

/// Loads meeting `id` to be published on `date` (today when `None`), and
/// refuses a date before the call or uncommitted changes to its files.
pub fn candidate(
    archive: &Archive,
    repo: &Repo,
    id: &MeetingId,
    date: Option<NaiveDate>,
) -> Result<Candidate> {
    let record = archive.load(id)?;
    let date = match date {
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
    Ok(Candidate { record, date })
}

impl Candidate {
    /// The publication: the tag from the tags of earlier publications, the
    /// edit of the file, and with `sign`, the signing key.
    pub fn plan(self, archive: &Archive, repo: &Repo, sign: bool) -> Result<Publication> {
        let Candidate { record, date } = self;
        let id = record.id.clone();
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
        let signer = sign.then(|| repo.signer()).transpose()?;
        let subject = release::tag_subject(&id, record.meeting.headline(), plan.correction);
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
        Ok(Publication {
            id,
            date,
            tag: plan.tag,
            correction: plan.correction,
            // A tagging that failed after its commit left the file as it is
            // to be.
            commit: text != record.text,
            sign,
            record,
            text,
            subject,
            message,
            signer,
        })
    }
}

impl Publication {
    /// Writes the file and commits it (when it changes), then tags the
    /// commit. The caller holds `lock`.
    pub fn apply(&self, archive: &Archive, repo: &Repo, lock: &Lock) -> Result<Made> {
        let (id, record) = (&self.id, &self.record);
        let mut commit = None;
        if self.commit {
            edit::update(
                &archive.root,
                || archive.load(id),
                |now| {
                    if now.text != record.text {
                        return Err(Error::failed(format!(
                            "{} changed while it was being published, so nothing was written",
                            record.file.display()
                        ))
                        .with_help("run `minutes publish` again"));
                    }
                    Ok((self.text.clone(), ()))
                },
            )?;
            let pending = lock.commit_pending()?;
            commit = Some(repo.commit(std::slice::from_ref(&record.file), &self.subject, None)?);
            drop(pending);
        }
        repo.tag_head(&self.tag, &self.message, self.signer.as_ref())
            .map_err(|e| {
                if commit.is_none() {
                    return e;
                }
                Error::failed(format!(
                    "{id} was committed as published, but the tag `{}` was not made: {e}",
                    self.tag
                ))
                .with_help(format!(
                    "fix that and run `minutes publish {id}{}` again: it tags the commit",
                    if self.sign { " --sign" } else { "" }
                ))
            })
    }
}
