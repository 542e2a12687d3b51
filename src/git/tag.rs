//! Annotated tags: the mark `publish` leaves on the commit that published a
//! meeting, and the tags made before it.
//!
//! A tag is never moved or replaced: making one whose name exists fails.
//! An unsigned tag is made by libgit2; a signed one is written here as git
//! writes it (the tag object's text with the signature after the message,
//! see `sign`), so that `git verify-tag` accepts it.

use git2::{ObjectType, Oid};

use super::sign::{self, Signer};
use super::{Repo, fail, missing};
use crate::error::{Error, Result};

/// A tag of the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The name without `refs/tags/`: `published/2025-01-28`.
    pub name: String,
    /// The commit it marks.
    pub commit: String,
    /// Its message (empty for a lightweight tag).
    pub message: String,
}

/// A tag just made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    pub name: String,
    pub commit: String,
    pub signed: bool,
}

impl Repo {
    /// The tags whose names start with `prefix`, by name.
    pub fn tags(&self, prefix: &str) -> Result<Vec<Tag>> {
        let pattern = format!("{}*", glob_escaped(prefix));
        let names = self
            .repo
            .tag_names(Some(&pattern))
            .map_err(fail("list the tags"))?;
        let mut tags = Vec::new();
        for name in names.iter().flatten().flatten() {
            let Ok(reference) = self.repo.find_reference(&format!("refs/tags/{name}")) else {
                continue;
            };
            let Ok(object) = reference.peel(ObjectType::Any) else {
                continue;
            };
            let message = reference
                .peel_to_tag()
                .ok()
                .and_then(|t| t.message().ok().flatten().map(str::to_string))
                .unwrap_or_default();
            let Ok(commit) = object.peel_to_commit() else {
                continue;
            };
            tags.push(Tag {
                name: name.to_string(),
                commit: commit.id().to_string(),
                message,
            });
        }
        tags.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(tags)
    }

    /// Whether a tag of this name exists.
    pub fn has_tag(&self, name: &str) -> bool {
        self.repo
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
    }

    /// Makes the annotated tag `name` on HEAD with `message` (a trailing
    /// newline is added), tagged by git's committer identity, and signed
    /// by `signer` when given. Fails, making nothing, when the name is
    /// taken or not a tag name.
    pub fn tag_head(&self, name: &str, message: &str, signer: Option<&Signer>) -> Result<Made> {
        let refname = format!("refs/tags/{name}");
        if !git2::Reference::is_valid_name(&refname) {
            return Err(Error::failed(format!("`{name}` is not a valid tag name"))
                .with_help("change `tag_prefix` under [publication] in minutes.toml"));
        }
        if self.has_tag(name) {
            return Err(taken(name));
        }
        let head = self
            .head_commit()?
            .ok_or_else(|| Error::failed("the branch has no commit to tag yet"))?;
        let tagger = self
            .repo
            .committer_from_env()
            .map_err(|_| super::no_identity())?;
        let mut message = message.trim_end().to_string();
        message.push('\n');
        match signer {
            None => {
                let target = self
                    .repo
                    .find_object(head, Some(ObjectType::Commit))
                    .map_err(missing("the HEAD commit"))?;
                self.repo
                    .tag(name, &target, &tagger, &message, false)
                    .map_err(|e| match e.code() {
                        git2::ErrorCode::Exists => taken(name),
                        _ => fail("make the tag")(e),
                    })?;
            }
            Some(signer) => {
                let mut object = tag_text(head, name, &tagger, &message);
                object.push_str(&signer.sign(&object)?);
                let oid = self
                    .repo
                    .odb()
                    .and_then(|odb| odb.write(ObjectType::Tag, object.as_bytes()))
                    .map_err(fail("write the tag"))?;
                self.repo
                    .reference(&refname, oid, false, "minutes publish")
                    .map_err(|e| match e.code() {
                        git2::ErrorCode::Exists => taken(name),
                        _ => fail("make the tag")(e),
                    })?;
            }
        }
        Ok(Made {
            name: name.to_string(),
            commit: head.to_string(),
            signed: signer.is_some(),
        })
    }

    /// The signer git would use for a signed tag, from its configuration
    /// (`gpg.format`, `user.signingKey`, `gpg.program` ...).
    pub fn signer(&self) -> Result<Signer> {
        let config = self
            .repo
            .config()
            .map_err(fail("read git's configuration"))?;
        let text = |key: &str| config.get_string(key).ok().filter(|v| !v.is_empty());
        let committer = self
            .repo
            .committer_from_env()
            .map_err(|_| super::no_identity())?;
        let identity = format!(
            "{} <{}>",
            committer.name().unwrap_or_default(),
            committer.email().unwrap_or_default()
        );
        sign::Signer::from_config(&text, &identity, self.workdir())
    }
}

/// The text of a tag object before its signature, as git writes it.
fn tag_text(target: Oid, name: &str, tagger: &git2::Signature<'_>, message: &str) -> String {
    let when = tagger.when();
    let offset = when.offset_minutes();
    let sign = if offset < 0 { '-' } else { '+' };
    format!(
        "object {target}\ntype commit\ntag {name}\ntagger {} <{}> {} {sign}{:02}{:02}\n\n{message}",
        tagger.name().unwrap_or_default(),
        tagger.email().unwrap_or_default(),
        when.seconds(),
        offset.abs() / 60,
        offset.abs() % 60,
    )
}

fn taken(name: &str) -> Error {
    Error::failed(format!(
        "the tag `{name}` exists already, and a tag is never moved"
    ))
    .with_help("a correction gets a tag of its own: commit it and run `minutes publish` again")
}

/// `prefix` with the characters of a glob pattern escaped.
fn glob_escaped(prefix: &str) -> String {
    prefix
        .chars()
        .flat_map(|c| {
            let escape = matches!(c, '*' | '?' | '[' | ']' | '\\').then_some('\\');
            escape.into_iter().chain(std::iter::once(c))
        })
        .collect()
}
