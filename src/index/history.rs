//! The archive's history, kept between runs: each commit with the archive
//! files it changed, so that the revisions of a meeting are found without
//! walking every tree of the repository.
//!
//! The steps are found by `git` (the only user of git2, [`Repo::steps`]) and
//! kept here as a graph: commits oldest first, each pointing at its first
//! parent, with the files it changed as numbers into one table of paths. The
//! commits' author, date and subject sit in a section of their own and are
//! decoded only for the revisions shown. [`Graph::revisions`] answers "the
//! revisions of this file" with the same rules as the walk in
//! `git::Repo::history` — renames followed the way `git log --follow`
//! follows them, merges never a revision of their own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::store;
use crate::error::Result;
use crate::git::{ChangeKind, CommitInfo, Repo, Revision, Step};

const KIND: &[u8; 8] = b"history\0";
const VERSION: u32 = 2;

#[derive(Clone, Serialize, Deserialize)]
struct Node {
    id: String,
    parents: u32,
    first_parent: Option<u32>,
    changes: Vec<(u32, ChangeKind)>,
    renames: Vec<(u32, u32)>,
    /// Where the commit's description is in the info section.
    info: (u32, u32),
}

#[derive(Default, Serialize, Deserialize)]
struct Topology {
    tip: String,
    paths: Vec<String>,
    /// Oldest first: a parent always comes before its children.
    nodes: Vec<Node>,
}

/// The history from a tip back.
#[derive(Default)]
pub struct Graph {
    topology: Topology,
    infos: Vec<u8>,
}

/// The history of `repo` as the index in `dir` keeps it, brought up to HEAD:
/// extended by the new commits when HEAD has only moved forward without
/// merges, built anew when the stored tip is gone (a rebase, a reset
/// elsewhere). `None` when there is nothing to index yet, the folder cannot
/// be made, or the clone is shallow (its history changes as it deepens; the
/// walk handles it).
pub fn current(repo: &Repo, dir: &Path) -> Result<Option<Graph>> {
    let Some(head) = repo.head_id()? else {
        return Ok(None);
    };
    if repo.is_shallow() || std::fs::create_dir_all(dir).is_err() {
        return Ok(None);
    }
    let mut graph = Graph::load(dir).unwrap_or_default();
    if graph.tip() == head {
        return Ok(Some(graph));
    }
    let tip = Some(graph.tip().to_string()).filter(|tip| repo.is_later(&head, tip));
    let mut steps = match &tip {
        Some(tip) => repo.steps(&head, Some(tip))?,
        None => Vec::new(),
    };
    if tip.is_none() || steps.iter().any(|s| s.parents > 1) {
        graph = Graph::default();
        steps = repo.steps(&head, None)?;
    }
    graph.extend(head, steps)?;
    // The index is a cache: failing to save it costs speed, not results.
    let _ = graph.save(dir);
    Ok(Some(graph))
}

/// Whether the index in `dir` has a history to bring up to date (else the
/// first use builds it from nothing).
pub fn built(dir: &Path) -> bool {
    dir.join("history.bin").is_file()
}

impl Graph {
    /// Reads the stored graph; `None` when there is none usable.
    pub fn load(dir: &Path) -> Option<Graph> {
        let sections = store::read(&dir.join("history.bin"), KIND, VERSION, &[0, 1]).ok()?;
        let topology = store::decode(sections.get(0)).ok()?;
        Some(Graph {
            topology,
            infos: sections.get(1).to_vec(),
        })
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let topology = store::encode(&self.topology)?;
        store::write(
            &dir.join("history.bin"),
            KIND,
            VERSION,
            &[&topology, &self.infos],
        )
    }

    /// The commit the graph goes back from ("" when empty).
    pub fn tip(&self) -> &str {
        &self.topology.tip
    }

    /// Adds `steps` (newer than everything in the graph, newest first) and
    /// makes `tip` the new tip.
    pub fn extend(&mut self, tip: String, steps: Vec<Step>) -> Result<()> {
        let topology = &mut self.topology;
        let mut nodes: HashMap<String, u32> = topology
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i as u32))
            .collect();
        let mut paths: HashMap<String, u32> = topology
            .paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i as u32))
            .collect();
        let mut intern = |path: &Path| -> u32 {
            let key = path.to_string_lossy().into_owned();
            let next = paths.len() as u32;
            *paths.entry(key.clone()).or_insert_with(|| {
                topology.paths.push(key);
                next
            })
        };
        for step in steps.into_iter().rev() {
            let block = store::encode(&step.commit)?;
            let info = (self.infos.len() as u32, block.len() as u32);
            self.infos.extend_from_slice(&block);
            let node = Node {
                id: step.commit.id.clone(),
                parents: step.parents,
                first_parent: step
                    .first_parent
                    .as_ref()
                    .and_then(|p| nodes.get(p).copied()),
                changes: step.changes.iter().map(|(p, k)| (intern(p), *k)).collect(),
                renames: step
                    .renames
                    .iter()
                    .map(|(old, new)| (intern(old), intern(new)))
                    .collect(),
                info,
            };
            nodes.insert(step.commit.id, topology.nodes.len() as u32);
            topology.nodes.push(node);
        }
        topology.tip = tip;
        Ok(())
    }

    /// The commit of node `n`; `None` if its block does not decode.
    pub fn info(&self, n: usize) -> Option<CommitInfo> {
        let (start, len) = self.topology.nodes[n].info;
        let block = self.infos.get(start as usize..(start + len) as usize)?;
        let mut info: CommitInfo = store::decode(block).ok()?;
        info.short = info.id.chars().take(7).collect();
        Some(info)
    }

    /// Every commit that changed an archive file, newest first, with those
    /// files; `None` if a commit's block does not decode.
    pub fn log(&self, limit: Option<usize>) -> Option<Vec<(CommitInfo, Vec<PathBuf>)>> {
        let paths = &self.topology.paths;
        (0..self.topology.nodes.len())
            .rev()
            .filter(|&n| !self.topology.nodes[n].changes.is_empty())
            .take(limit.unwrap_or(usize::MAX))
            .map(|n| {
                let files = self.topology.nodes[n]
                    .changes
                    .iter()
                    .map(|(p, _)| PathBuf::from(&paths[*p as usize]))
                    .collect();
                Some((self.info(n)?, files))
            })
            .collect()
    }

    /// The revisions of `path`, newest first, as `git::Repo::history` finds
    /// them; `None` if a commit's block does not decode.
    pub fn revisions(&self, path: &Path, limit: Option<usize>) -> Option<Vec<Revision>> {
        self.follow(path, limit)
            .into_iter()
            .map(|(n, path)| {
                Some(Revision {
                    commit: self.info(n)?,
                    path,
                })
            })
            .collect()
    }

    /// The revisions of `path`: (the node, the file's path in it), newest first.
    fn follow(&self, path: &Path, limit: Option<usize>) -> Vec<(usize, PathBuf)> {
        let nodes = &self.topology.nodes;
        let find = |path: &Path| {
            self.topology
                .paths
                .iter()
                .position(|p| Path::new(p) == path)
                .map(|i| i as u32)
        };
        let Some(mut current) = find(path) else {
            return Vec::new();
        };
        let mut exists = self.existence(current);
        let mut out = Vec::new();
        for i in (0..nodes.len()).rev() {
            if limit.is_some_and(|n| out.len() >= n) {
                break;
            }
            if !exists[i] {
                continue;
            }
            let node = &nodes[i];
            let changed = node
                .changes
                .iter()
                .any(|(p, kind)| *p == current && *kind != ChangeKind::Deleted);
            // As in `git log --follow`, a merge is never a revision of its own.
            let touched = node.parents == 0 || (node.parents == 1 && changed);
            let in_parent = node.first_parent.is_some_and(|p| exists[p as usize]);
            let renamed_from = (node.parents > 0 && !in_parent)
                .then(|| {
                    node.renames
                        .iter()
                        .find(|(_, new)| *new == current)
                        .map(|(old, _)| *old)
                })
                .flatten();
            if touched {
                out.push((i, PathBuf::from(&self.topology.paths[current as usize])));
            }
            if let Some(old) = renamed_from {
                current = old;
                exists = self.existence(current);
            }
        }
        out
    }

    /// Whether path number `path` is in the tree of each node: its first
    /// parent's answer, changed by the node's own changes.
    fn existence(&self, path: u32) -> Vec<bool> {
        let nodes = &self.topology.nodes;
        let mut exists = vec![false; nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            let mut here = node.first_parent.is_some_and(|p| exists[p as usize]);
            for (changed, kind) in &node.changes {
                if *changed == path {
                    here = *kind != ChangeKind::Deleted;
                }
            }
            exists[i] = here;
        }
        exists
    }
}
