//! The replay of a source repository's history: which meeting file each
//! revision of each source file becomes, and which archive commits record
//! them.
//!
//! A file is followed across renames only by the source's own records of
//! them (a path deleted and another added with the same content in one
//! commit, as git's exact rename detection finds them), never by likeness
//! of content; a path written again after it was deleted is the same file.
//! Each source commit becomes one archive commit with its author, dates and
//! message and a trailer naming it, unless it changes no meeting (then it
//! is counted, not recorded) or an earlier import recorded it (found by
//! the trailer): so a second run changes nothing. What the meetings should
//! be and are not after the replay (a roster fixed since) is brought up to
//! date by one last commit of the person importing.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::assemble::{Converted, Input};

/// The trailer that names the source commit in an archive commit.
pub const TRAILER: &str = "Imported-from";

/// Who and when, as git records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub name: String,
    pub email: String,
    /// Seconds since the epoch, and the offset of the zone in minutes.
    pub time: i64,
    pub offset: i32,
}

/// A source commit, with the changes to the selected files.
#[derive(Clone, Debug)]
pub struct SourceCommit {
    pub id: String,
    pub author: Stamp,
    pub committer: Stamp,
    pub message: String,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug)]
pub enum Change {
    Write {
        path: String,
        text: String,
    },
    Delete {
        path: String,
    },
    Rename {
        from: String,
        to: String,
        text: String,
    },
}

/// The revisions of the files, as inputs to `convert`, and for each change
/// of each commit, its input (or, for a deletion, its chain).
pub struct Revisions {
    pub inputs: Vec<Input>,
    /// `[commit][change]`: the input a change wrote, or the chain it deleted.
    pub at: Vec<Vec<At>>,
    /// The chains that still exist at the last commit.
    pub alive: Vec<usize>,
}

#[derive(Clone, Copy, Debug)]
pub enum At {
    Input(usize),
    Deleted(usize),
    /// A deletion of a path no earlier commit wrote.
    Nothing,
}

/// Follows every file through the commits.
pub fn revisions(commits: &[SourceCommit]) -> Revisions {
    let mut current: HashMap<String, usize> = HashMap::new();
    let mut gone: HashMap<String, usize> = HashMap::new();
    let mut chains = 0;
    let mut inputs = Vec::new();
    let mut at = Vec::with_capacity(commits.len());
    for c in commits {
        let mut here = Vec::with_capacity(c.changes.len());
        for change in &c.changes {
            let (path, text, chain) = match change {
                Change::Write { path, text } => {
                    let chain = current
                        .get(path)
                        .copied()
                        .or_else(|| gone.remove(path))
                        .unwrap_or_else(|| {
                            chains += 1;
                            chains - 1
                        });
                    (path, text, chain)
                }
                Change::Rename { from, to, text } => {
                    let chain = current.remove(from).unwrap_or_else(|| {
                        chains += 1;
                        chains - 1
                    });
                    (to, text, chain)
                }
                Change::Delete { path } => {
                    here.push(match current.remove(path) {
                        Some(chain) => {
                            gone.insert(path.clone(), chain);
                            At::Deleted(chain)
                        }
                        None => At::Nothing,
                    });
                    continue;
                }
            };
            current.insert(path.clone(), chain);
            inputs.push(Input {
                path: path.clone(),
                text: text.clone(),
                commit: Some(c.id.clone()),
                chain,
            });
            here.push(At::Input(inputs.len() - 1));
        }
        at.push(here);
    }
    let mut alive: Vec<usize> = current.into_values().collect();
    alive.sort_unstable();
    Revisions { inputs, at, alive }
}

/// A commit to make in the archive.
#[derive(Clone, Debug)]
pub struct Planned {
    /// The source's author and committer; none for the person importing.
    pub author: Option<Stamp>,
    pub committer: Option<Stamp>,
    pub message: String,
    /// Archive paths, with their new text or none to delete them.
    pub files: Vec<(PathBuf, Option<String>)>,
}

/// What the replay will do, and what it counted.
#[derive(Debug, Default)]
pub struct Plan {
    pub commits: Vec<Planned>,
    pub unchanged: usize,
    pub recorded: usize,
}

/// Plans the archive commits. `head` holds the archive's files as they are
/// (for the paths the import writes); `recorded` the source commits an
/// earlier import recorded.
pub fn plan(
    commits: &[SourceCommit],
    revisions: &Revisions,
    converted: &Converted,
    head: &HashMap<PathBuf, String>,
    recorded: &HashSet<String>,
    source: &str,
) -> Plan {
    let path_of = |chain: usize| -> Option<PathBuf> {
        let last = revisions.inputs.iter().rposition(|i| i.chain == chain)?;
        Some(converted.done[last].id.relative_path())
    };
    let mut state: HashMap<PathBuf, Option<String>> = head
        .iter()
        .map(|(p, t)| (p.clone(), Some(t.clone())))
        .collect();
    let mut plan = Plan::default();
    for (c, changes) in commits.iter().zip(&revisions.at) {
        if recorded.contains(&c.id) {
            plan.recorded += 1;
            continue;
        }
        let mut files: Vec<(PathBuf, Option<String>)> = Vec::new();
        for at in changes {
            let (path, text) = match *at {
                At::Input(i) => {
                    let Some(path) = path_of(revisions.inputs[i].chain) else {
                        continue;
                    };
                    (path, Some(converted.done[i].text.clone()))
                }
                At::Deleted(chain) => {
                    let Some(path) = path_of(chain) else { continue };
                    (path, None)
                }
                At::Nothing => continue,
            };
            let now = state.get(&path).cloned().flatten();
            if now == text {
                continue;
            }
            state.insert(path.clone(), text.clone());
            files.retain(|(p, _)| *p != path);
            files.push((path, text));
        }
        if files.is_empty() {
            plan.unchanged += 1;
            continue;
        }
        plan.commits.push(Planned {
            author: Some(c.author.clone()),
            committer: Some(c.committer.clone()),
            message: with_trailer(&c.message, source, &c.id),
            files,
        });
    }
    // What the last revisions make and the archive does not hold yet.
    let mut update = Vec::new();
    for &chain in &revisions.alive {
        let Some(last) = revisions.inputs.iter().rposition(|i| i.chain == chain) else {
            continue;
        };
        let path = converted.done[last].id.relative_path();
        let text = &converted.done[last].text;
        if state.get(&path).cloned().flatten().as_ref() != Some(text) {
            state.insert(path.clone(), Some(text.clone()));
            update.push((path, Some(text.clone())));
        }
    }
    if !update.is_empty() {
        plan.commits.push(Planned {
            author: None,
            committer: None,
            message: format!(
                "Bring {} imported from {source} up to date",
                crate::plural::count(update.len(), "meeting")
            ),
            files: update,
        });
    }
    plan
}

/// `message` with a trailer naming the source commit.
pub fn with_trailer(message: &str, source: &str, commit: &str) -> String {
    format!("{}\n\n{TRAILER}: {source} {commit}\n", message.trim_end())
}

/// The source commits named by the trailers of `messages`.
pub fn recorded<'a>(messages: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let prefix = format!("{TRAILER}: ");
    messages
        .into_iter()
        .flat_map(|m| m.lines())
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|rest| rest.rsplit(' ').next())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            name: "Ana".into(),
            email: "ana@example.org".into(),
            time: 0,
            offset: 0,
        }
    }

    fn commit(id: &str, changes: Vec<Change>) -> SourceCommit {
        SourceCommit {
            id: id.into(),
            author: stamp(),
            committer: stamp(),
            message: format!("commit {id}"),
            changes,
        }
    }

    fn write(path: &str, text: &str) -> Change {
        Change::Write {
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn renames_chain_revisions_and_deleted_paths_come_back() {
        let commits = vec![
            commit("1", vec![write("m/2016-11-02.md", "a")]),
            commit(
                "2",
                vec![Change::Rename {
                    from: "m/2016-11-02.md".into(),
                    to: "m/2016-11-03.md".into(),
                    text: "a".into(),
                }],
            ),
            commit(
                "3",
                vec![
                    write("m/x.md", "b"),
                    Change::Delete {
                        path: "m/2016-11-03.md".into(),
                    },
                ],
            ),
            commit("4", vec![write("m/2016-11-03.md", "c")]),
        ];
        let r = revisions(&commits);
        let chains: Vec<usize> = r.inputs.iter().map(|i| i.chain).collect();
        assert_eq!(chains, [0, 0, 1, 0]);
        assert_eq!(r.alive, [0, 1]);
        assert!(matches!(r.at[2][1], At::Deleted(0)));
    }

    #[test]
    fn trailers_name_the_source_commit() {
        let message = with_trailer("Add minutes\n", "github:org/repo", "abc123");
        assert_eq!(
            message,
            "Add minutes\n\nImported-from: github:org/repo abc123\n"
        );
        let found = recorded([message.as_str(), "other"]);
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["abc123"]);
    }
}
