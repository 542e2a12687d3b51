//! What `minutes publish` does to a meeting, decided from where it stands:
//! its status, and the tags earlier publications left.
//!
//! A final meeting is published for the first time: its tag is
//! `<prefix><id>`. A published meeting that changed since its last tag is
//! a correction, with the first free `<prefix><id>-N` (N from 2). A
//! published meeting without a tag (published by hand, or a publication
//! whose tagging failed) gets its first tag on the commit it is at. Pure:
//! `crate::publication` reads the repository and does what the plan says.

use crate::error::{Error, Result};
use crate::id::MeetingId;
use crate::meeting::Status;

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The tag to make.
    pub tag: String,
    /// Whether this corrects an earlier publication.
    pub correction: bool,
    /// Whether the file is to be changed and committed (else only tagged).
    pub edit: bool,
}

/// An earlier tag of the prefix: its name, and its message.
pub struct Earlier<'a> {
    pub name: &'a str,
    pub message: &'a str,
}

/// The first line of the message of the tag of `id`: it names the meeting,
/// so that the tags of `2025-01-28` are told from those of `2025-01-28-2`.
pub fn tag_subject(id: &MeetingId, headline: Option<&str>, correction: bool) -> String {
    let what = if correction {
        "correction published"
    } else {
        "published"
    };
    match headline {
        Some(title) => format!("{id}: {what} \"{title}\""),
        None => format!("{id}: {what}"),
    }
}

/// The plan for meeting `id` at `status`, given the tags of the prefix
/// (`earlier`) and whether the meeting file differs from what the last of
/// its own tags holds (`changed_since_tag`; asked only when it has one).
pub fn plan(
    id: &MeetingId,
    status: Status,
    prefix: &str,
    earlier: &[Earlier<'_>],
    changed_since_tag: impl FnOnce(&str) -> Result<bool>,
) -> Result<Plan> {
    let first = format!("{prefix}{id}");
    let mine: Vec<&str> = earlier
        .iter()
        .filter(|t| names_meeting(t, id, prefix))
        .map(|t| t.name)
        .collect();
    let taken = |name: &str| earlier.iter().any(|t| t.name == name);
    match status {
        Status::Final if mine.is_empty() && !taken(&first) => Ok(Plan {
            tag: first,
            correction: false,
            edit: true,
        }),
        Status::Final => Err(Error::failed(format!(
            "{id} was published before (the tag `{}` exists), but its status is \"final\"",
            mine.last().copied().unwrap_or(&first)
        ))
        .with_help(
            "a tag never moves: set status = \"published\" again, commit the correction, and run `minutes publish` to tag it",
        )),
        Status::Published => match mine.last() {
            None if !taken(&first) => Ok(Plan {
                tag: first,
                correction: false,
                edit: false,
            }),
            None => Err(Error::failed(format!(
                "the tag `{first}` exists already, and is not the tag of {id}"
            ))
            .with_help("a tag never moves: rename that tag with git, or change `tag_prefix` under [publication]")),
            Some(last) if !changed_since_tag(last)? => Err(Error::failed(format!(
                "{id} is published as `{last}`, and has not changed since"
            ))
            .with_help("to publish a correction, edit the meeting, commit it (`minutes commit`), and run `minutes publish` again")),
            Some(_) => {
                let tag = (2..)
                    .map(|n| format!("{first}-{n}"))
                    .find(|name| !taken(name))
                    .unwrap_or_default();
                Ok(Plan {
                    tag,
                    correction: true,
                    edit: true,
                })
            }
        },
        other => Err(Error::failed(format!(
            "{id} is at status \"{}\"; only final minutes are published",
            other.as_str()
        ))
        .with_help("once the minutes are reviewed, set status = \"final\", commit, and publish")),
    }
}

/// Whether `tag` is one of `id`'s: named `<prefix><id>` or `<prefix><id>-N`,
/// with a message that names the meeting.
fn names_meeting(tag: &Earlier<'_>, id: &MeetingId, prefix: &str) -> bool {
    let Some(rest) = tag
        .name
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix(id.as_str()))
    else {
        return false;
    };
    let numbered = rest
        .strip_prefix('-')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    (rest.is_empty() || numbered) && tag.message.starts_with(&format!("{id}: "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> MeetingId {
        MeetingId::parse(text).unwrap()
    }

    #[test]
    fn a_final_meeting_gets_its_first_tag_and_a_correction_the_next_free_one() {
        let none: Vec<Earlier> = Vec::new();
        let first = plan(
            &id("2025-01-28"),
            Status::Final,
            "published/",
            &none,
            |_| Ok(true),
        )
        .unwrap();
        assert_eq!(
            (first.tag.as_str(), first.correction, first.edit),
            ("published/2025-01-28", false, true)
        );
        // The tags of another meeting whose id ends like a correction's.
        let tags = [
            Earlier {
                name: "published/2025-01-28",
                message: "2025-01-28: published\n",
            },
            Earlier {
                name: "published/2025-01-28-2",
                message: "2025-01-28-2: published\n",
            },
        ];
        let correction = plan(
            &id("2025-01-28"),
            Status::Published,
            "published/",
            &tags,
            |last| {
                assert_eq!(last, "published/2025-01-28");
                Ok(true)
            },
        )
        .unwrap();
        assert_eq!(correction.tag, "published/2025-01-28-3");
        assert!(correction.correction);
        let again = plan(
            &id("2025-01-28"),
            Status::Published,
            "published/",
            &tags,
            |_| Ok(false),
        );
        assert!(
            again
                .unwrap_err()
                .to_string()
                .contains("has not changed since")
        );
        let moved = plan(
            &id("2025-01-28"),
            Status::Final,
            "published/",
            &tags,
            |_| Ok(true),
        );
        assert!(
            moved
                .unwrap_err()
                .to_string()
                .contains("was published before")
        );
        let draft = plan(
            &id("2025-03-04"),
            Status::Draft,
            "published/",
            &none,
            |_| Ok(true),
        );
        assert!(
            draft
                .unwrap_err()
                .to_string()
                .contains("only final minutes")
        );
        let untagged = plan(
            &id("2025-02-04"),
            Status::Published,
            "published/",
            &none,
            |_| Ok(true),
        )
        .unwrap();
        assert!(!untagged.edit && untagged.tag == "published/2025-02-04");
    }
}
